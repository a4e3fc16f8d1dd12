/* dokku network:exists <network> */
#include "args.h"
#include "network.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	args_parse("network:exists", NULL, 0, argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 1, "network:exists <network>");
	rc = command_exists(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
