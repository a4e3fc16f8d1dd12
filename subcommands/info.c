/* dokku network:info <network> [--format text|json] */
#include "args.h"
#include "network.h"

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		{ .name = "format", .kind = FLAG_STRING, .usage = "format: [ text | json ]", .def = "text" },
	};
	struct args a;
	int rc;

	args_parse("network:info", flags, 1, argc, argv, 2, &a);
	args_max(&a, 1, "network:info <network> [--format text|json]");
	rc = network_info(args_pos(&a, 0), flags[0].value);
	args_free(&a);
	return rc;
}
