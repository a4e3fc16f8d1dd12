/* The docker-args-process-build trigger: --network for build containers. */
#include "args.h"
#include "dockerargs.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_docker_args_process(DOCKER_ARGS_BUILD, args_pos(&a, 0), args_pos(&a, 1), "");
}
