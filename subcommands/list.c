/* dokku network:list [--format text|json] [--dokku-managed] */
#include "args.h"
#include "network.h"

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		{ .name = "dokku-managed", .kind = FLAG_BOOL, .usage = "show only dokku-managed networks" },
		{ .name = "format", .kind = FLAG_STRING, .usage = "format: [ text | json ]", .def = "text" },
	};
	struct args a;
	int rc;

	args_parse("network:list", flags, 2, argc, argv, 2, &a);
	args_max(&a, 0, "network:list [--format text|json] [--dokku-managed]");
	rc = network_list(flags[1].value, flags[0].on);
	args_free(&a);
	return rc;
}
