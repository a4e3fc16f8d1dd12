/* The report trigger: the full network report of an app. */
#include "trigger.h"
#include "report.h"

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	trigger_args(argc, argv, &a);
	rc = network_report_trigger(args_pos(&a, 0));
	args_free(&a);
	return rc;
}
