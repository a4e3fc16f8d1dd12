/* The report trigger: the full network report of an app. */
#include "args.h"
#include "report.h"

int
main(int argc, char **argv)
{
	struct args a;

	trigger_args(argc, argv, &a);
	return trigger_report(args_pos(&a, 0));
}
