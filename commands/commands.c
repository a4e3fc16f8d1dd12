/*
 * The plugin's `commands` program (doc/design.md §2.3): `dokku network`,
 * `network:help`, the lines for `dokku help [--all]`, and exit
 * DOKKU_NOT_IMPLEMENTED_EXIT for every other command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "args.h"
#include "util.h"

static const char *const help_rows[][2] = {
	{ "network:create <network>", "Creates an attachable docker network" },
	{ "network:destroy <network>", "Destroys a docker network" },
	{ "network:ensure [<network>...]", "Recreates recorded networks that are missing" },
	{ "network:exists <network>", "Checks if a docker network exists" },
	{ "network:export", "Exports recorded networks and network properties as JSON" },
	{ "network:import", "Imports network:export's JSON from stdin" },
	{ "network:info <network> [--format text|json]", "Outputs information about a docker network" },
	{ "network:list [--format text|json] [--dokku-managed]", "Lists all docker networks" },
	{ "network:rebuild <app>", "Rebuilds network settings for an app" },
	{ "network:rebuildall", "Rebuild network settings for all apps" },
	{ "network:report [<app>] [<flag>]", "Displays a network report for one or more apps" },
	{ "network:set <app> <property> (<value>...)", "Set or clear a network property for an app" },
	{ "network:watch [--once]", "Keeps every app's listener IPs in line with its containers" },
};
#define NROWS NELEM(help_rows)

static void
print_usage(void)
{
	struct buf out = BUF_INIT;
	size_t i, width = 0;

	buf_puts(&out, "Usage: dokku network[:COMMAND]\n\nManage network settings for an app\n\n"
	               "Additional commands:\n");
	for (i = 0; i < NROWS; i++)
		if (strlen(help_rows[i][0]) > width)
			width = strlen(help_rows[i][0]);
	for (i = 0; i < NROWS; i++)
		buf_printf(&out, "    %-*s  %s\n", (int)width, help_rows[i][0], help_rows[i][1]);
	write_all(STDOUT_FILENO, out.data, out.len);
	buf_free(&out);
}

/* Whether the parent's command line (the dokku script) contains --all. */
static int
parent_asked_for_all(void)
{
	char path[64], data[8192];
	size_t n = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)getppid());
	f = fopen(path, "r");
	if (f) {
		n = fread(data, 1, sizeof(data) - 1, f);
		fclose(f);
		for (i = 0; i < n; i++)
			if (data[i] == '\0')
				data[i] = ' ';
	} else {
		/* no /proc: ask ps, as the original does */
		snprintf(path, sizeof(path), "ps -o command= -p %ld", (long)getppid());
		f = popen(path, "r");
		if (f) {
			n = fread(data, 1, sizeof(data) - 1, f);
			pclose(f);
		}
	}
	data[n] = '\0';
	return strstr(data, "--all") != NULL;
}

static void
print_help(void)
{
	struct buf out = BUF_INIT;
	size_t i;

	if (parent_asked_for_all()) {
		buf_putc(&out, '\n');
		for (i = 0; i < NROWS; i++)
			buf_printf(&out, "    %s, %s\n", help_rows[i][0], help_rows[i][1]);
	} else {
		buf_puts(&out, "\n    network, Manage network settings for an app\n");
	}
	write_all(STDOUT_FILENO, out.data, out.len);
	buf_free(&out);
}

/* strconv.Atoi */
static int
not_implemented_exit(void)
{
	const char *v = getenv("DOKKU_NOT_IMPLEMENTED_EXIT");
	const char *p;
	long code;

	if (!v || !*v)
		goto bad;
	p = (*v == '+' || *v == '-') ? v + 1 : v;
	if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 9)
		goto bad;
	code = strtol(v, NULL, 10);
	return (int)code;
bad:
	log_plain("failed to retrieve DOKKU_NOT_IMPLEMENTED_EXIT environment variable");
	return 10;
}

int
main(int argc, char **argv)
{
	int i = 1;
	enum goflag_result r = goflag_parse(argc, argv, &i);  /* flags before the command */
	const char *cmd;

	if (r != GOFLAG_NONE) {
		print_usage();
		return r == GOFLAG_HELP ? 0 : 2;
	}
	cmd = i < argc ? argv[i] : "";
	if (strcmp(cmd, "network") == 0 || strcmp(cmd, "network:help") == 0) {
		print_usage();
		return 0;
	}
	if (strcmp(cmd, "help") == 0) {
		print_help();
		return 0;
	}
	return not_implemented_exit();
}
