/* The install trigger: set up the config directory and bind-all-interfaces. */
#include "args.h"
#include "lifecycle.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_install();
}
