/* dokku network:report [<app>|--global] [<flag>] [--format stdout|json] */
#include "report.h"

int
main(int argc, char **argv)
{
	struct report_request req;

	report_parse_args(argc, argv, &req);
	return command_report(&req);
}
