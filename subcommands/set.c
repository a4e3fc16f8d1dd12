/* dokku network:set [--global] [--process <proc>]... <app> <property> (<value>...) */
#include "args.h"
#include "prop.h"
#include "set.h"
#include "util.h"

/* sorted by name: pflag prints them in this order */
enum { F_GLOBAL, F_PROCESS };

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		[F_GLOBAL] = { .name = "global", .kind = FLAG_BOOL, .usage = "--global: set a global property" },
		[F_PROCESS] = { .name = "process", .kind = FLAG_STRING_ARRAY,
		                .usage = "--process: scope the value to a process type (repeatable)" },
	};
	struct args a;
	char **values;
	int rc, nvalues;
	/* with --global (anywhere) there is no app among the positionals */
	int prop_at;

	args_parse("network:set", flags, NELEM(flags), argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	prop_at = flags[F_GLOBAL].on ? 0 : 1;
	values = args_from(&a, prop_at + 1, &nvalues);
	rc = command_set(flags[F_GLOBAL].on ? PROP_GLOBAL : args_pos(&a, 0), &flags[F_PROCESS].values,
	                 args_pos(&a, prop_at), values, nvalues);
	args_flags_free(flags, NELEM(flags));
	args_free(&a);
	return rc;
}
