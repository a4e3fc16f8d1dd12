/* The post-app-clone-setup trigger: copy the properties to the clone. */
#include "trigger.h"
#include "lifecycle.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_post_app_clone_setup(args_pos(&a, 0), args_pos(&a, 1));
	args_free(&a);
	return rc;
}
