/*
 * Unit tests of lib/report.c (network:report and the report trigger) on a
 * throwaway Dokku tree: DOKKU_ROOT and DOKKU_LIB_ROOT point into a mkdtemp
 * directory holding apps, property files and IP/PORT files; every report
 * runs in a child whose stdout and stderr are compared byte for byte.
 * Covers the text table (labels padded to 38 columns, sorted keys), the JSON
 * object (stripped and legacy "network-" keys in byte order, Go's escaping),
 * the info flags, the --global report, the errors and report_parse_args.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "report.h"
#include "tap.h"

static char root[4096], home[4200], lib[4200], empty_home[4200];

static void
mkdir_p(const char *fmt, const char *a, const char *b)
{
	char path[8192];

	snprintf(path, sizeof path, fmt, a, b);
	if (mkdir(path, 0755) != 0)
		tap_die(path);
}

static void
put(const char *dir, const char *name, const char *value)
{
	char path[8192];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	tap_write_file(path, value, strlen(value));
}

/*
 * app1: attach-post-create, bind-all-interfaces, initial-network of its own;
 *       web containers 1, 2 and 10 (2 without a PORT file), worker 1.
 * app2: a static-web-listener, a tld with HTML-sensitive bytes, no IP files.
 * app3: only a directory in place of its tld (unreadable property).
 * --global: attach-post-deploy, initial-network, tld.
 */
static void
make_tree(void)
{
	char d[8192];

	tap_mkdtemp(root, sizeof root, "report_test");
	snprintf(home, sizeof home, "%s/home", root);
	snprintf(lib, sizeof lib, "%s/lib", root);
	snprintf(empty_home, sizeof empty_home, "%s/empty-home", root);
	mkdir_p("%s%s", home, "");
	mkdir_p("%s%s", empty_home, "");
	mkdir_p("%s/%s", home, "app1");
	mkdir_p("%s/%s", home, "app2");
	mkdir_p("%s/%s", home, "app3");
	mkdir_p("%s/%s", home, "ZZ-not-an-app");   /* upper case: skipped, as Dokku does */
	mkdir_p("%s/%s", home, ".hidden");
	put(home, "tls-file", "not a directory");
	mkdir_p("%s%s", lib, "");
	mkdir_p("%s/%s", lib, "config");
	mkdir_p("%s/%s", lib, "config/network");
	mkdir_p("%s/%s", lib, "config/network/app1");
	mkdir_p("%s/%s", lib, "config/network/app2");
	mkdir_p("%s/%s", lib, "config/network/app3");
	mkdir_p("%s/%s", lib, "config/network/app3/tld");
	mkdir_p("%s/%s", lib, "config/network/--global");

	snprintf(d, sizeof d, "%s/app1", home);
	put(d, "IP.web.1", "172.17.0.5\n");
	put(d, "PORT.web.1", "5000\n");
	put(d, "IP.web.10", "172.17.0.7");
	put(d, "PORT.web.10", "8080");
	put(d, "IP.web.2", "  172.17.0.6  \n\n");
	put(d, "IP.worker.1", "172.17.0.9");
	snprintf(d, sizeof d, "%s/config/network/app1", lib);
	put(d, "attach-post-create", "net-a,net-b");
	put(d, "bind-all-interfaces", "true");
	put(d, "initial-network", "my-net");
	snprintf(d, sizeof d, "%s/config/network/app2", lib);
	put(d, "static-web-listener", "10.0.0.5:8080");
	put(d, "tld", "a<b>&c");
	snprintf(d, sizeof d, "%s/config/network/--global", lib);
	put(d, "attach-post-deploy", "g-net");
	put(d, "initial-network", "global-net");
	put(d, "tld", "svc.local");
}

/* One text line: 7 spaces, the label padded to 38 columns, the value. */
static void
line(struct buf *b, const char *label, const char *value)
{
	buf_printf(b, "       %-38s%s\n", label, value);
}

static const char *
app1_text(struct buf *b, bool header)
{
	buf_reset(b);
	if (header)
		buf_puts(b, "=====> app1 network information\n");
	line(b, "Network attach post create:", "net-a,net-b");
	line(b, "Network attach post deploy:", "");
	line(b, "Network bind all interfaces:", "true");
	line(b, "Network computed attach post create:", "net-a,net-b");
	line(b, "Network computed attach post deploy:", "g-net");
	line(b, "Network computed bind all interfaces:", "true");
	line(b, "Network computed initial network:", "my-net");
	line(b, "Network computed tld:", "svc.local");
	line(b, "Network global attach post create:", "");
	line(b, "Network global attach post deploy:", "g-net");
	line(b, "Network global bind all interfaces:", "");
	line(b, "Network global initial network:", "global-net");
	line(b, "Network global tld:", "svc.local");
	line(b, "Network initial network:", "my-net");
	line(b, "Network static web listener:", "");
	line(b, "Network tld:", "");
	line(b, "Network web listeners:", "172.17.0.5:5000 172.17.0.6:5000 172.17.0.7:8080");
	return b->data;
}

static const char *
app2_text(struct buf *b)
{
	buf_reset(b);
	buf_puts(b, "=====> app2 network information\n");
	line(b, "Network attach post create:", "");
	line(b, "Network attach post deploy:", "");
	line(b, "Network bind all interfaces:", "");
	line(b, "Network computed attach post create:", "");
	line(b, "Network computed attach post deploy:", "g-net");
	line(b, "Network computed bind all interfaces:", "false");
	line(b, "Network computed initial network:", "global-net");
	line(b, "Network computed tld:", "a<b>&c");
	line(b, "Network global attach post create:", "");
	line(b, "Network global attach post deploy:", "g-net");
	line(b, "Network global bind all interfaces:", "");
	line(b, "Network global initial network:", "global-net");
	line(b, "Network global tld:", "svc.local");
	line(b, "Network initial network:", "");
	line(b, "Network static web listener:", "10.0.0.5:8080");
	line(b, "Network tld:", "a<b>&c");
	line(b, "Network web listeners:", "10.0.0.5:8080");
	return b->data;
}

struct report_ctx {
	struct report_request req;
	const char *trigger_app;  /* run trigger_report instead */
	const char *dokku_root;   /* NULL: home */
	bool quiet;
	int argc;                 /* report_parse_args instead, with argv */
	char *argv[12];
};

static int
run_report(void *p)
{
	struct report_ctx *c = p;

	setenv("DOKKU_ROOT", c->dokku_root ? c->dokku_root : home, 1);
	setenv("DOKKU_LIB_ROOT", lib, 1);
	unsetenv("PLUGIN_PATH");
	if (c->quiet)
		setenv("DOKKU_QUIET_OUTPUT", "1", 1);
	else
		unsetenv("DOKKU_QUIET_OUTPUT");
	if (c->argc) {
		struct report_request req;
		report_parse_args(c->argc, c->argv, &req);
		printf("app=%s global=%d format=%s flag=%s\n", req.app, req.global, req.format,
		       req.info_flag ? req.info_flag : "(none)");
		return 0;
	}
	if (c->trigger_app)
		return trigger_report(c->trigger_app);
	if (!c->req.app)
		c->req.app = "";
	if (!c->req.format)
		c->req.format = "stdout";
	return command_report(&c->req);
}

static void
report_is(struct report_ctx c, int status, const char *out, const char *err, const char *what)
{
	struct tap_run r;

	tap_run(run_report, &c, NULL, &r);
	CHECK(tap_run_is(&r, status, out, err), "%s", what);
	tap_run_free(&r);
}

/* unset app and format are "" and "stdout" (run_report fills them in) */
#define REQ(...) ((struct report_ctx){ .req = { __VA_ARGS__ } })

static const char app1_json[] =
	"{\"attach-post-create\":\"net-a,net-b\",\"attach-post-deploy\":\"\",\"bind-all-interfaces\":\"true\","
	"\"computed-attach-post-create\":\"net-a,net-b\",\"computed-attach-post-deploy\":\"g-net\","
	"\"computed-bind-all-interfaces\":\"true\",\"computed-initial-network\":\"my-net\","
	"\"computed-tld\":\"svc.local\",\"global-attach-post-create\":\"\","
	"\"global-attach-post-deploy\":\"g-net\",\"global-bind-all-interfaces\":\"\","
	"\"global-initial-network\":\"global-net\",\"global-tld\":\"svc.local\","
	"\"initial-network\":\"my-net\",\"network-attach-post-create\":\"net-a,net-b\","
	"\"network-attach-post-deploy\":\"\",\"network-bind-all-interfaces\":\"true\","
	"\"network-computed-attach-post-create\":\"net-a,net-b\",\"network-computed-attach-post-deploy\":\"g-net\","
	"\"network-computed-bind-all-interfaces\":\"true\",\"network-computed-initial-network\":\"my-net\","
	"\"network-computed-tld\":\"svc.local\",\"network-global-attach-post-create\":\"\","
	"\"network-global-attach-post-deploy\":\"g-net\",\"network-global-bind-all-interfaces\":\"\","
	"\"network-global-initial-network\":\"global-net\",\"network-global-tld\":\"svc.local\","
	"\"network-initial-network\":\"my-net\",\"network-static-web-listener\":\"\",\"network-tld\":\"\","
	"\"network-web-listeners\":\"172.17.0.5:5000 172.17.0.6:5000 172.17.0.7:8080\","
	"\"static-web-listener\":\"\",\"tld\":\"\","
	"\"web-listeners\":\"172.17.0.5:5000 172.17.0.6:5000 172.17.0.7:8080\"}\n";

static const char global_json[] =
	"{\"computed-attach-post-create\":\"\",\"computed-attach-post-deploy\":\"g-net\","
	"\"computed-bind-all-interfaces\":\"false\",\"computed-initial-network\":\"global-net\","
	"\"computed-tld\":\"svc.local\",\"global-attach-post-create\":\"\","
	"\"global-attach-post-deploy\":\"g-net\",\"global-bind-all-interfaces\":\"\","
	"\"global-initial-network\":\"global-net\",\"global-tld\":\"svc.local\","
	"\"network-computed-attach-post-create\":\"\",\"network-computed-attach-post-deploy\":\"g-net\","
	"\"network-computed-bind-all-interfaces\":\"false\",\"network-computed-initial-network\":\"global-net\","
	"\"network-computed-tld\":\"svc.local\",\"network-global-attach-post-create\":\"\","
	"\"network-global-attach-post-deploy\":\"g-net\",\"network-global-bind-all-interfaces\":\"\","
	"\"network-global-initial-network\":\"global-net\",\"network-global-tld\":\"svc.local\"}\n";

#define APP_FLAGS "--network-attach-post-create, --network-attach-post-deploy, --network-bind-all-interfaces, " \
	"--network-computed-attach-post-create, --network-computed-attach-post-deploy, " \
	"--network-computed-bind-all-interfaces, --network-computed-initial-network, --network-computed-tld, " \
	"--network-global-attach-post-create, --network-global-attach-post-deploy, " \
	"--network-global-bind-all-interfaces, --network-global-initial-network, --network-global-tld, " \
	"--network-initial-network, --network-static-web-listener, --network-tld, --network-web-listeners"
#define GLOBAL_FLAGS "--network-computed-attach-post-create, --network-computed-attach-post-deploy, " \
	"--network-computed-bind-all-interfaces, --network-computed-initial-network, --network-computed-tld, " \
	"--network-global-attach-post-create, --network-global-attach-post-deploy, " \
	"--network-global-bind-all-interfaces, --network-global-initial-network, --network-global-tld"

static void
test_text(void)
{
	struct buf want = BUF_INIT, two = BUF_INIT, g = BUF_INIT;

	/* one line pinned literally: the longest label leaves one space */
	app1_text(&want, true);
	CHECK(strstr(want.data, "\n       Network computed bind all interfaces: true\n") &&
	      strstr(want.data, "\n       Network tld:                          \n"),
	      "the expected table itself: 38-column labels");

	report_is(REQ(.app = "app1"), 0, app1_text(&want, true), "", "text report of an app");
	report_is((struct report_ctx){ .trigger_app = "app1" }, 0, app1_text(&want, true), "",
	          "the report trigger prints the same");
	report_is(REQ(.app = "app1", .format = "text"), 0, app1_text(&want, true), "", "--format text is stdout");
	report_is(REQ(.app = "app1", .format = ""), 0, app1_text(&want, true), "", "an empty --format is stdout");
	{
		struct report_ctx c = REQ(.app = "app1");
		c.quiet = true;
		report_is(c, 0, app1_text(&want, false), "", "DOKKU_QUIET_OUTPUT drops the header line");
	}
	report_is(REQ(.app = "app2"), 0, app2_text(&want), "",
	          "a static-web-listener is web's listener; values are printed raw");

	/* every app: sorted, hidden and upper-case directories and files skipped */
	app1_text(&two, true);
	buf_puts(&two, app2_text(&want));
	buf_puts(&two, "=====> app3 network information\n");
	report_is(REQ(.app = ""), 0, NULL, " !     Unable to read network property app3.tld\n",
	          "a report of every app warns once about app3's unreadable tld");
	{
		struct tap_run r;
		struct report_ctx c = REQ(.app = "");
		tap_run(run_report, &c, NULL, &r);
		CHECK(r.status == 0 && r.outn > two.len && memcmp(r.out, two.data, two.len) == 0 &&
		      strstr(r.out + two.len, "       Network computed tld:                 svc.local\n") &&
		      strstr(r.out + two.len, "       Network tld:                          \n") &&
		      strstr(r.out, "ZZ") == NULL && strstr(r.out, "hidden") == NULL && strstr(r.out, "tls-file") == NULL,
		      "every app: app1, app2, app3 in order; app3's unreadable tld is \"\"");
		tap_run_free(&r);
	}
	{
		struct report_ctx c = REQ(.app = "");
		c.dokku_root = empty_home;
		report_is(c, 0, "", " !     You haven't deployed any applications yet\n", "no apps at all");
	}

	buf_reset(&g);
	buf_puts(&g, "=====> --global network information\n");
	line(&g, "Network computed attach post create:", "");
	line(&g, "Network computed attach post deploy:", "g-net");
	line(&g, "Network computed bind all interfaces:", "false");
	line(&g, "Network computed initial network:", "global-net");
	line(&g, "Network computed tld:", "svc.local");
	line(&g, "Network global attach post create:", "");
	line(&g, "Network global attach post deploy:", "g-net");
	line(&g, "Network global bind all interfaces:", "");
	line(&g, "Network global initial network:", "global-net");
	line(&g, "Network global tld:", "svc.local");
	report_is(REQ(.global = true), 0, g.data, "", "the --global report: only the computed and global keys");
	buf_free(&want);
	buf_free(&two);
	buf_free(&g);
}

static void
test_json(void)
{
	report_is(REQ(.app = "app1", .format = "json"), 0, app1_json, "",
	          "JSON of an app: 34 keys in byte order, stripped and legacy");
	report_is(REQ(.global = true, .format = "json"), 0, global_json, "", "JSON of --global: 20 keys");
	{
		struct tap_run r;
		struct report_ctx c = REQ(.app = "app2", .format = "json");
		tap_run(run_report, &c, NULL, &r);
		CHECK(r.status == 0 && strstr(r.out, ",\"tld\":\"a\\u003cb\\u003e\\u0026c\",") &&
		      strstr(r.out, "\"computed-tld\":\"a\\u003cb\\u003e\\u0026c\",") &&
		      strstr(r.out, "\"web-listeners\":\"10.0.0.5:8080\"}\n") && r.errn == 0,
		      "JSON escapes < > & as Go does");
		tap_run_free(&r);
	}
	{
		struct tap_run r;
		struct report_ctx c = REQ(.app = "", .format = "json");
		size_t lines = 0, i;
		tap_run(run_report, &c, NULL, &r);
		for (i = 0; i < r.outn; i++)
			lines += r.out[i] == '\n';
		CHECK(r.status == 0 && lines == 3 && strncmp(r.out, app1_json, strlen(app1_json)) == 0 &&
		      strstr(r.out, "=====>") == NULL, "JSON of every app: one object per line, no headers");
		tap_run_free(&r);
	}
}

static void
test_info_flags(void)
{
	report_is(REQ(.app = "app1", .info_flag = "--network-web-listeners"), 0,
	          "172.17.0.5:5000 172.17.0.6:5000 172.17.0.7:8080\n", "",
	          "--network-web-listeners: IP files in numeric order, port 5000 by default");
	report_is(REQ(.app = "app1", .info_flag = "--network-computed-tld"), 0, "svc.local\n", "",
	          "--network-computed-tld falls back to the global value");
	report_is(REQ(.app = "app1", .info_flag = "--network-tld"), 0, "\n", "", "an unset value is an empty line");
	report_is(REQ(.app = "app2", .info_flag = "--network-computed-bind-all-interfaces"), 0, "false\n", "",
	          "computed bind-all-interfaces defaults to false");
	report_is(REQ(.app = "app2", .info_flag = "--network-global-bind-all-interfaces"), 0, "\n", "",
	          "the global raw bind-all-interfaces has no default");
	report_is(REQ(.global = true, .info_flag = "--network-global-tld"), 0, "svc.local\n", "",
	          "an info flag of the --global report");
	report_is(REQ(.app = "app1", .info_flag = "--network-nope"), 1, "",
	          " !     Invalid flag passed, valid flags: " APP_FLAGS "\n", "an unknown info flag lists the app's flags");
	report_is(REQ(.global = true, .info_flag = "--network-tld"), 1, "",
	          " !     Invalid flag passed, valid flags: " GLOBAL_FLAGS "\n",
	          "an app-only flag with --global lists the global flags");
	report_is(REQ(.app = "app1", .format = "json", .info_flag = "--network-tld"), 1, "",
	          " !     --format flag cannot be specified when specifying an info flag\n", "--format json with an info flag");
	report_is(REQ(.app = "app1", .format = "xml"), 1, "",
	          " !     Format must be \"stdout\" or \"json\": \"xml\"\n", "an unknown format");
	report_is(REQ(.app = "app1", .format = "a\"b"), 1, "",
	          " !     Format must be \"stdout\" or \"json\": \"a\\\"b\"\n", "the format is quoted as Go's %q");
	report_is(REQ(.app = "nope"), 20, "", " !     App nope does not exist\n", "a missing app: exit 20");
	report_is(REQ(.app = "Bad_App"), 1, "",
	          " !     App name must begin with lowercase alphanumeric character, and may only contain "
	          "lowercase alphanumerics, dots, and hyphens\n", "an invalid app name");
	report_is((struct report_ctx){ .trigger_app = "" }, 1, "",
	          " !     Please specify an app to run the command on\n", "the report trigger without an app");
}

static void
parse_is(const char *const *args, int status, const char *out, const char *err, const char *what)
{
	struct report_ctx c;
	struct tap_run r;

	memset(&c, 0, sizeof c);
	c.argv[c.argc++] = (char *)"subcommands/report";
	c.argv[c.argc++] = (char *)"network:report";
	while (*args)
		c.argv[c.argc++] = (char *)*args++;
	tap_run(run_report, &c, NULL, &r);
	CHECK(tap_run_is(&r, status, out, err), "report_parse_args: %s", what);
	tap_run_free(&r);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NOARGS ((const char *const[]){ NULL })
#define REPORT_USAGE "Usage of network:report:\n" \
	"      --format string   format: [ stdout | json ] (default \"stdout\")\n"

static void
test_parse_args(void)
{
	parse_is(NOARGS, 0, "app= global=0 format=stdout flag=(none)\n", "", "no arguments: every app");
	parse_is(ARGS("app1"), 0, "app=app1 global=0 format=stdout flag=(none)\n", "", "an app");
	parse_is(ARGS("app1", "--format", "json"), 0, "app=app1 global=0 format=json flag=(none)\n", "",
	         "--format json as the last arguments");
	parse_is(ARGS("--format=json", "app1"), 0, "app=app1 global=0 format=json flag=(none)\n", "", "--format=json");
	parse_is(ARGS("--global", "--format", "json"), 0, "app= global=1 format=json flag=(none)\n", "", "--global");
	parse_is(ARGS("app1", "--network-tld"), 0, "app=app1 global=0 format=stdout flag=--network-tld\n", "",
	         "an info flag");
	parse_is(ARGS("--network-tld", "app1"), 0, "app=app1 global=0 format=stdout flag=--network-tld\n", "",
	         "an info flag before the app");
	parse_is(ARGS("app1", "--help"), 0, "app=app1 global=0 format=stdout flag=--help\n", "",
	         "--help is an info flag, as in Dokku's ParseReportArgs");
	parse_is(ARGS("app1", "--"), 0, "app=app1 global=0 format=stdout flag=--\n", "", "so is a bare --");
	parse_is(ARGS("app1", "--network-tld", "--network-computed-tld"), 1, "",
	         " !     network:report command allows only a single flag\n", "two info flags");
	parse_is(ARGS("app1", "--format"), 2, "", REPORT_USAGE "flag needs an argument: --format\n",
	         "--format without a value");
	parse_is(ARGS("-h"), 0, "", REPORT_USAGE, "-h prints the usage");
	parse_is(ARGS("app1", "-x"), 2, "", REPORT_USAGE "unknown shorthand flag: 'x' in -x\n", "-x");
	parse_is(ARGS("app1", "app2"), 1, "",
	         " !     Too many arguments, usage: dokku network:report [<app>|--global] [<flag>] [--format stdout|json]\n",
	         "two apps");
	parse_is(ARGS("--global", "app1"), 1, "", " !     Specify either an app or --global, not both\n",
	         "an app and --global");
	parse_is(ARGS("-"), 0, "app=- global=0 format=stdout flag=(none)\n", "", "\"-\" is an app name (refused later)");
}

int
main(void)
{
	make_tree();
	test_text();
	test_json();
	test_info_flags();
	test_parse_args();
	tap_rm_rf(root);
	return tap_done();
}
