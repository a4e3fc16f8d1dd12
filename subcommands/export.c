/* dokku network:export */
#include "args.h"
#include "netexport.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	args_parse("network:export", NULL, 0, argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 0, "network:export");
	rc = command_export();
	args_free(&a);
	return rc;
}
