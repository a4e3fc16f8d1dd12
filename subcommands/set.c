/* dokku network:set [--global] <app> <property> (<value>...) */
#include "args.h"
#include "netprop.h"
#include "prop.h"

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		{ .name = "global", .kind = FLAG_BOOL, .usage = "--global: set a global property" },
	};
	struct args a;
	int rc, first;

	args_parse("network:set", flags, 1, argc, argv, 2, &a);
	/* with --global (anywhere) there is no app among the positionals */
	first = flags[0].on ? 0 : 1;
	rc = network_set(flags[0].on ? PROP_GLOBAL : args_pos(&a, 0), args_pos(&a, first),
	                 a.pos + (a.npos > first + 1 ? first + 1 : a.npos),
	                 a.npos > first + 1 ? a.npos - first - 1 : 0);
	args_free(&a);
	return rc;
}
