/* The core-post-deploy trigger: attach the running containers to attach-post-deploy (8.1). */
#include "trigger.h"
#include "attach.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_core_post_deploy(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
