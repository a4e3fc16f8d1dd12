/* The post-delete trigger: remove the properties. */
#include "args.h"
#include "lifecycle.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_post_delete(args_pos(&a, 0));
}
