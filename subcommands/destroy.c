/* dokku network:destroy [--force] <network> */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "network.h"

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		{ .name = "force", .kind = FLAG_BOOL, .usage = "--force: force destroy without confirmation" },
	};
	const char *env_force = getenv("DOKKU_APPS_FORCE_DELETE");
	struct args a;
	int rc;

	args_parse("network:destroy", flags, 1, argc, argv, 2, &a);
	args_max(&a, 1, "network:destroy <network>");
	rc = network_destroy(args_pos(&a, 0),
	                     flags[0].on || (env_force && strcmp(env_force, "1") == 0));
	args_free(&a);
	return rc;
}
