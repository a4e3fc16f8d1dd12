/* dokku network:rebuild [--prune] [--dry-run] <app> */
#include "args.h"
#include "rebuild.h"

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		{ .name = "dry-run", .kind = FLAG_BOOL, .usage = "print what would change, change nothing" },
		{ .name = "prune", .kind = FLAG_BOOL, .usage = "also detach from Dokku-managed networks no longer configured" },
	};
	struct args a;
	int rc;

	args_parse("network:rebuild", flags, 2, argc, argv, 2, &a);
	args_max(&a, 1, "network:rebuild <app>");
	rc = network_rebuild(args_pos(&a, 0), flags[1].on, flags[0].on);
	args_free(&a);
	return rc;
}
