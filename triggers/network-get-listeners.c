/* The network-get-listeners trigger: ip:port of each container of a process type. */
#include "trigger.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_get_listeners(args_pos(&a, 0), args_pos(&a, 1));
	args_free(&a);
	return rc;
}
