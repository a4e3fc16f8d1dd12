/* The install trigger: set up the config directory and bind-all-interfaces. */
#include "trigger.h"
#include "lifecycle.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_install();
	args_free(&a);
	return rc;
}
