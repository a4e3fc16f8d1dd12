/* dokku network:import < FILE */
#include "args.h"
#include "netexport.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	args_parse("network:import", NULL, 0, argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 0, "network:import < FILE");
	rc = command_import();
	args_free(&a);
	return rc;
}
