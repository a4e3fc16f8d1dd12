/* The post-app-rename-setup trigger: move the properties to the new name. */
#include "args.h"
#include "lifecycle.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_post_app_rename_setup(args_pos(&a, 0), args_pos(&a, 1));
}
