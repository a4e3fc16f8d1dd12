/* The network-get-ipaddr trigger: the address the proxy should use for a container. */
#include "args.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_network_get_ipaddr(args_pos(&a, 0), args_pos(&a, 1), args_pos(&a, 2));
}
