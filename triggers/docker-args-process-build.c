/* The docker-args-process-build trigger: --network for build containers. */
#include "trigger.h"
#include "dockerargs.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_docker_args(DOCKER_ARGS_BUILD, args_pos(&a, 0), args_pos(&a, 1), "");
	args_free(&a);
	return rc;
}
