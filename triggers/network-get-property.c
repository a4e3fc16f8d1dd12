/* The network-get-property trigger: a computed property. */
#include "trigger.h"
#include "netprop.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_get_property(args_pos(&a, 0), args_pos(&a, 1));
	args_free(&a);
	return rc;
}
