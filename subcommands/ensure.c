/* dokku network:ensure [<network>...] */
#include "args.h"
#include "netspec.h"

int
main(int argc, char **argv)
{
	struct args a;
	char **names;
	int n, rc;

	args_parse("network:ensure", NULL, 0, argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	names = args_from(&a, 0, &n);
	rc = command_ensure(names, n);
	args_free(&a);
	return rc;
}
