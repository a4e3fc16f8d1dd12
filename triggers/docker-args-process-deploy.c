/* The docker-args-process-deploy trigger: --network and aliases for deploy containers. */
#include "args.h"
#include "dockerargs.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_docker_args_process(DOCKER_ARGS_DEPLOY, args_pos(&a, 0), args_pos(&a, 1), args_pos(&a, 3));
}
