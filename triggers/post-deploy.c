/* The post-deploy trigger: attach-post-deploy's swarm-scoped networks, after the rename. */
#include "trigger.h"
#include "attach.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_post_deploy(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
