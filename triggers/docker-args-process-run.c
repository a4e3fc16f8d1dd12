/* The docker-args-process-run trigger: --network for `dokku run` containers. */
#include "trigger.h"
#include "dockerargs.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_docker_args(DOCKER_ARGS_RUN, args_pos(&a, 0), args_pos(&a, 1), "");
	args_free(&a);
	return rc;
}
