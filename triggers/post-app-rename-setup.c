/* The post-app-rename-setup trigger: move the properties to the new name. */
#include "trigger.h"
#include "lifecycle.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_post_app_rename_setup(args_pos(&a, 0), args_pos(&a, 1));
	args_free(&a);
	return rc;
}
