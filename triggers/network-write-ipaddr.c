/* The network-write-ipaddr trigger: write IP.<proc>.<index>. */
#include "args.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_network_write_ipaddr(args_pos(&a, 0), args_pos(&a, 1), args_pos(&a, 2), args_pos(&a, 3));
}
