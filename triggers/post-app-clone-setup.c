/* The post-app-clone-setup trigger: copy the properties to the clone. */
#include "args.h"
#include "lifecycle.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_post_app_clone_setup(args_pos(&a, 0), args_pos(&a, 1));
}
