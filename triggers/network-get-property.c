/* The network-get-property trigger: a computed property. */
#include "args.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_network_get_property(args_pos(&a, 0), args_pos(&a, 1));
}
