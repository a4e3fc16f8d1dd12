/* dokku network:create <network> */
#include "args.h"
#include "network.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	args_parse("network:create", NULL, 0, argc, argv, 2, &a);
	args_max(&a, 1, "network:create <network>");
	rc = network_create(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
