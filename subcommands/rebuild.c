/* dokku network:rebuild [--prune] [--dry-run] <app> */
#include "args.h"
#include "rebuild.h"
#include "util.h"

enum { F_DRY_RUN, F_PRUNE };

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		[F_DRY_RUN] = { .name = "dry-run", .kind = FLAG_BOOL, .usage = "print what would change, change nothing" },
		[F_PRUNE] = { .name = "prune", .kind = FLAG_BOOL, .usage = "also detach from Dokku-managed networks no longer configured" },
	};
	struct args a;
	int rc;

	args_parse("network:rebuild", flags, NELEM(flags), argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 1, "network:rebuild <app>");
	rc = command_rebuild(args_pos(&a, 0), flags[F_PRUNE].on, flags[F_DRY_RUN].on);
	args_free(&a);
	return rc;
}
