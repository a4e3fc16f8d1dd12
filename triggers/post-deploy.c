/* The post-deploy trigger: attach-post-deploy's swarm-scoped networks, after the rename. */
#include "args.h"
#include "attach.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_post_deploy(args_pos(&a, 0));
}
