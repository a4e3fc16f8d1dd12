/* The network-build-config trigger: rewrite the IP files of the running containers. */
#include "args.h"
#include "rebuild.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_network_build_config(args_pos(&a, 0));
}
