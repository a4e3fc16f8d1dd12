/* The network-write-port trigger: write PORT.<proc>.<index>. */
#include "trigger.h"
#include "proxyinfo.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_write_port(args_pos(&a, 0), args_pos(&a, 1), args_pos(&a, 2), args_pos(&a, 3));
	args_free(&a);
	return rc;
}
