/* The post-container-create trigger: attach to attach-post-create (doc/design.md §8.1). */
#include "args.h"
#include "attach.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_post_container_create(args_pos(&a, 0), args_pos(&a, 1), args_pos(&a, 2), args_pos(&a, 3), args_pos(&a, 4));
}
