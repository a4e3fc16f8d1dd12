/* The network-get-static-listeners trigger: the static-web-listener. */
#include "args.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_network_get_static_listeners(args_pos(&a, 0));
}
