/* The network-config-exists trigger: true when the proxy has listeners to use. */
#include "args.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_network_config_exists(args_pos(&a, 0));
}
