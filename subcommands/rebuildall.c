/* dokku network:rebuildall */
#include "args.h"
#include "rebuild.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	args_parse("network:rebuildall", NULL, 0, argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 0, "network:rebuildall");
	rc = command_rebuildall();
	args_free(&a);
	return rc;
}
