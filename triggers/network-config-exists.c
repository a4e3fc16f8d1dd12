/* The network-config-exists trigger: true when the proxy has listeners to use. */
#include "trigger.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_config_exists(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
