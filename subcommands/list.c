/* dokku network:list [--format text|json] [--dokku-managed] */
#include "args.h"
#include "network.h"
#include "util.h"

enum { F_DOKKU_MANAGED, F_FORMAT };

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		[F_DOKKU_MANAGED] = { .name = "dokku-managed", .kind = FLAG_BOOL, .usage = "show only dokku-managed networks" },
		[F_FORMAT] = { .name = "format", .kind = FLAG_STRING, .usage = "format: [ text | json ]", .def = "text" },
	};
	struct args a;
	int rc;

	args_parse("network:list", flags, NELEM(flags), argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 0, "network:list [--format text|json] [--dokku-managed]");
	rc = command_list(flags[F_FORMAT].value, flags[F_DOKKU_MANAGED].on);
	args_free(&a);
	return rc;
}
