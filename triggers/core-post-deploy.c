/* The core-post-deploy trigger: attach the running containers to attach-post-deploy (doc/design.md §8.1). */
#include "args.h"
#include "attach.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_core_post_deploy(args_pos(&a, 0));
}
