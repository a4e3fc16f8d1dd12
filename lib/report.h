/*
 * report: network:report and the report trigger (doc/design.md §5), byte for byte:
 * the text table (38-column labels, sorted keys), one info flag, and JSON with
 * both the stripped and the legacy keys.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>

struct report_request {
	const char *app;       /* "" for every app */
	bool global;
	const char *format;    /* stdout (or its synonym text), json */
	const char *info_flag; /* NULL, or one --network-... key */
};

/*
 * Dokku's ParseReportArgs with the original's bugs fixed: --format as the
 * last argument and --format=json work, more than one info flag is an error.
 */
void report_parse_args(int argc, char **argv, struct report_request *req);

/* Reports one app, --global, or (app "") every app. Returns the exit status. */
int command_report(const struct report_request *req);

/* The report trigger: the full text report of one app. */
int trigger_report(const char *app);

#endif
