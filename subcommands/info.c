/* dokku network:info <network> [--format text|json] */
#include "args.h"
#include "network.h"
#include "util.h"

enum { F_FORMAT };

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		[F_FORMAT] = { .name = "format", .kind = FLAG_STRING, .usage = "format: [ text | json ]", .def = "text" },
	};
	struct args a;
	int rc;

	args_parse("network:info", flags, NELEM(flags), argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 1, "network:info <network> [--format text|json]");
	rc = command_info(args_pos(&a, 0), flags[F_FORMAT].value);
	args_free(&a);
	return rc;
}
