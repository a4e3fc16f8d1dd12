/* The network-get-listeners trigger: ip:port of each container of a process type. */
#include "args.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_network_get_listeners(args_pos(&a, 0), args_pos(&a, 1));
}
