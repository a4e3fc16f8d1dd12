/* dokku network:rebuild <app> */
#include "args.h"
#include "rebuild.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	args_parse("network:rebuild", NULL, 0, argc, argv, 2, &a);
	args_max(&a, 1, "network:rebuild <app>");
	rc = network_rebuild(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
