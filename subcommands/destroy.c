/* dokku network:destroy [--force] <network> */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "network.h"
#include "util.h"

enum { F_FORCE };

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		[F_FORCE] = { .name = "force", .kind = FLAG_BOOL, .usage = "--force: force destroy without confirmation" },
	};
	/* `dokku --force network:destroy` exports it, as for apps:destroy */
	const char *env_force = getenv("DOKKU_APPS_FORCE_DELETE");
	struct args a;
	int rc;

	args_parse("network:destroy", flags, NELEM(flags), argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 1, "network:destroy <network>");
	rc = command_destroy(args_pos(&a, 0), flags[F_FORCE].on || (env_force && strcmp(env_force, "1") == 0));
	args_free(&a);
	return rc;
}
