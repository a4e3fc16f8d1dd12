/* The network-clear-config trigger: remove the IP and PORT files. */
#include "trigger.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_clear_config(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
