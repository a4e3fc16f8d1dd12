/* The post-delete trigger: remove the properties. */
#include "trigger.h"
#include "lifecycle.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_post_delete(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
