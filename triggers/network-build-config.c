/* The network-build-config trigger: rewrite the IP files of the running containers. */
#include "trigger.h"
#include "rebuild.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_build_config_trigger(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
