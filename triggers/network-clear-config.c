/* The network-clear-config trigger: remove the IP and PORT files. */
#include "args.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_network_clear_config(args_pos(&a, 0));
}
