/* The docker-args-process-deploy trigger: --network and aliases for deploy containers. */
#include "trigger.h"
#include "dockerargs.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_docker_args(DOCKER_ARGS_DEPLOY, args_pos(&a, 0), args_pos(&a, 1), args_pos(&a, 3));
	args_free(&a);
	return rc;
}
