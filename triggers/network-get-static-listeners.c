/* The network-get-static-listeners trigger: the static-web-listener. */
#include "trigger.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_get_static_listeners(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
