/*
 * Unit tests of lib/args.c: spf13/pflag's parsing for the subcommands
 * (args_parse_try, args_parse, args_usage) and Go's flag package for the
 * triggers (goflag_parse, trigger_args). The expected messages, positional
 * arguments and values are what pflag v1.0.10 and Go's flag package give for
 * the same arguments (checked against them with a Go program); the usage
 * block is pflag's PrintDefaults byte for byte. TAP output.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "buf.h"
#include "strlist.h"
#include "tap.h"
#include "util.h"

/* network:create's flags, sorted by name as pflag prints them. */
enum { F_DRIVER, F_GATEWAY, F_INTERNAL, F_IP_RANGE, F_IPV6, F_LABEL, F_OPT, F_SUBNET, NFLAGS };

static struct flag flags[NFLAGS] = {
	[F_DRIVER] = { .name = "driver", .kind = FLAG_STRING, .usage = "driver: [ bridge | overlay | macvlan | ipvlan ]", .def = "bridge" },
	[F_GATEWAY] = { .name = "gateway", .kind = FLAG_STRING_ARRAY, .usage = "gateway of a subnet (repeatable)" },
	[F_INTERNAL] = { .name = "internal", .kind = FLAG_BOOL, .usage = "restrict external access to the network" },
	[F_IP_RANGE] = { .name = "ip-range", .kind = FLAG_STRING_ARRAY, .usage = "allocate container IPs from a sub-range of a subnet (repeatable)" },
	[F_IPV6] = { .name = "ipv6", .kind = FLAG_BOOL, .usage = "enable IPv6 (needs an IPv6 --subnet)" },
	[F_LABEL] = { .name = "label", .kind = FLAG_STRING_ARRAY, .usage = "key=value label (repeatable)" },
	[F_OPT] = { .name = "opt", .kind = FLAG_STRING_ARRAY, .usage = "key=value driver option (repeatable)" },
	[F_SUBNET] = { .name = "subnet", .kind = FLAG_STRING_ARRAY, .usage = "subnet in CIDR form (repeatable)" },
};

static const char usage_create[] =
	"Usage of network:create:\n"
	"      --driver string          driver: [ bridge | overlay | macvlan | ipvlan ] (default \"bridge\")\n"
	"      --gateway stringArray    gateway of a subnet (repeatable)\n"
	"      --internal               restrict external access to the network\n"
	"      --ip-range stringArray   allocate container IPs from a sub-range of a subnet (repeatable)\n"
	"      --ipv6                   enable IPv6 (needs an IPv6 --subnet)\n"
	"      --label stringArray      key=value label (repeatable)\n"
	"      --opt stringArray        key=value driver option (repeatable)\n"
	"      --subnet stringArray     subnet in CIDR form (repeatable)\n";

/* argv = { "subcommands/create", "network:create", args... } */
struct argv {
	int argc;
	char *argv[32];
};

static struct argv
mkargv(const char *const *args)
{
	struct argv a;

	a.argc = 0;
	a.argv[a.argc++] = (char *)"subcommands/create";
	a.argv[a.argc++] = (char *)"network:create";
	while (*args && a.argc < 31)
		a.argv[a.argc++] = (char *)*args++;
	a.argv[a.argc] = NULL;
	return a;
}

/* "a b c" of a strlist or of positionals, with '|' between: empty is "". */
static const char *
joined(char **v, size_t n)
{
	static char out[4][1024];
	static int slot;
	char *o = out[slot++ % 4];
	size_t i;

	o[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(o, "|");
		strncat(o, v[i], 100);
	}
	return o;
}

struct expect {
	enum args_result result;
	const char *msg;      /* ARGS_ERROR's message */
	const char *pos;      /* positionals joined with '|' (ARGS_OK only) */
	const char *driver;   /* NULL: "bridge" */
	const char *subnets;  /* joined, NULL: "" */
	const char *labels;
	int internal, ipv6;   /* 0/1 */
};

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void
parses(const char *const *args, struct expect e)
{
	struct argv a = mkargv(args);
	struct args out;
	struct buf msg = BUF_INIT, desc = BUF_INIT;
	enum args_result r;
	bool ok;
	int i;

	for (i = 2; i < a.argc; i++)
		buf_printf(&desc, "%s%s", i > 2 ? " " : "", tap_shows(a.argv[i]));
	r = args_parse_try(flags, NFLAGS, a.argc, a.argv, ARGS_SUBCOMMAND_FIRST, &out, &msg);
	ok = r == e.result;
	if (!ok)
		printf("# result %d, want %d (%s)\n", r, e.result, buf_cstr(&msg));
	if (e.result == ARGS_ERROR)
		ok = tap_streq(buf_cstr(&msg), e.msg) && ok;
	if (e.result == ARGS_OK) {
		ok = tap_streq(joined(out.pos, (size_t)out.npos), e.pos ? e.pos : "") && ok;
		ok = tap_streq(flags[F_DRIVER].value, e.driver ? e.driver : "bridge") && ok;
		ok = tap_streq(joined(flags[F_SUBNET].values.v, flags[F_SUBNET].values.n),
		               e.subnets ? e.subnets : "") && ok;
		ok = tap_streq(joined(flags[F_LABEL].values.v, flags[F_LABEL].values.n),
		               e.labels ? e.labels : "") && ok;
		ok = flags[F_INTERNAL].on == (e.internal == 1) && flags[F_IPV6].on == (e.ipv6 == 1) && ok;
	}
	CHECK(ok, "pflag: [%s] -> %s", buf_cstr(&desc),
	      e.result == ARGS_OK ? "ok" : e.result == ARGS_HELP ? "help" : tap_shows(e.msg));
	args_free(&out);
	args_flags_free(flags, NFLAGS);
	buf_free(&msg);
	buf_free(&desc);
}

#define OK_(...) ((struct expect){ .result = ARGS_OK, __VA_ARGS__ })
#define HELP ((struct expect){ .result = ARGS_HELP })
#define ERR(m) ((struct expect){ .result = ARGS_ERROR, .msg = (m) })

static void
test_pflag(void)
{
	parses(ARGS("net"), OK_(.pos = "net"));
	parses(ARGS("net", "--driver", "overlay"), OK_(.pos = "net", .driver = "overlay"));
	parses(ARGS("--driver=macvlan", "net"), OK_(.pos = "net", .driver = "macvlan"));
	parses(ARGS("--subnet", "10.1.0.0/16", "net", "--subnet=10.2.0.0/16", "--internal"),
	       OK_(.pos = "net", .subnets = "10.1.0.0/16|10.2.0.0/16", .internal = 1));
	parses(ARGS("a", "--ipv6", "b", "--", "c", "--internal"),
	       OK_(.pos = "a|b|c|--internal", .ipv6 = 1));
	parses(ARGS("--internal=false", "net"), OK_(.pos = "net"));
	parses(ARGS("--internal=true", "--ipv6=1", "net"), OK_(.pos = "net", .internal = 1, .ipv6 = 1));
	parses(ARGS("--internal=T", "--ipv6=F", "net"), OK_(.pos = "net", .internal = 1));
	parses(ARGS("--internal=TRUE", "--ipv6=True"), OK_(.internal = 1, .ipv6 = 1));
	parses(ARGS("--internal=0", "--ipv6=FALSE"), OK_(.internal = 0));
	parses(ARGS("--internal", "--internal=false"), OK_(.internal = 0));
	parses(ARGS("--internal", "false", "net"), OK_(.pos = "false|net", .internal = 1));
	parses(ARGS("--", "--driver", "x"), OK_(.pos = "--driver|x"));
	parses(ARGS("net", "--", "-h"), OK_(.pos = "net|-h"));
	parses(ARGS("--", "--"), OK_(.pos = "--"));
	parses(ARGS("--driver", "-x", "net"), OK_(.pos = "net", .driver = "-x"));
	parses(ARGS("--driver", "--internal"), OK_(.driver = "--internal"));
	parses(ARGS("--driver="), OK_(.driver = ""));
	parses(ARGS("--driver=a=b"), OK_(.driver = "a=b"));
	parses(ARGS("--driver", "a", "--driver", "b"), OK_(.driver = "b"));
	parses(ARGS("-", "net"), OK_(.pos = "-|net"));
	parses(ARGS("", "net"), OK_(.pos = "|net"));
	parses(ARGS("--label", "a=1,b=2", "--label", "c=", "--label="),
	       OK_(.labels = "a=1,b=2|c=|"));
	parses(ARGS("--subnet", "--subnet"), OK_(.subnets = "--subnet"));

	parses(ARGS("-h"), HELP);
	parses(ARGS("--help"), HELP);
	parses(ARGS("--help=1"), HELP);
	parses(ARGS("-hx"), HELP);
	parses(ARGS("net", "--driver", "x", "-h"), HELP);
	parses(ARGS("-h", "--nope"), HELP);

	parses(ARGS("--internal=maybe"),
	       ERR("invalid argument \"maybe\" for \"--internal\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"));
	parses(ARGS("--internal="),
	       ERR("invalid argument \"\" for \"--internal\" flag: strconv.ParseBool: parsing \"\": invalid syntax"));
	parses(ARGS("--internal=yes"),
	       ERR("invalid argument \"yes\" for \"--internal\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax"));
	parses(ARGS("--ipv6", "--internal=bad", "--nope"),
	       ERR("invalid argument \"bad\" for \"--internal\" flag: strconv.ParseBool: parsing \"bad\": invalid syntax"));
	parses(ARGS("--internal=\x01"),
	       ERR("invalid argument \"\\x01\" for \"--internal\" flag: strconv.ParseBool: parsing \"\\x01\": invalid syntax"));
	parses(ARGS("--ipv6=\"q\""),
	       ERR("invalid argument \"\\\"q\\\"\" for \"--ipv6\" flag: strconv.ParseBool: parsing \"\\\"q\\\"\": invalid syntax"));
	parses(ARGS("-x"), ERR("unknown shorthand flag: 'x' in -x"));
	parses(ARGS("-xh"), ERR("unknown shorthand flag: 'x' in -xh"));
	parses(ARGS("-1"), ERR("unknown shorthand flag: '1' in -1"));
	parses(ARGS("--nope"), ERR("unknown flag: --nope"));
	parses(ARGS("--nope=1"), ERR("unknown flag: --nope"));
	parses(ARGS("--nope", "-h"), ERR("unknown flag: --nope"));
	parses(ARGS("--DRIVER", "x"), ERR("unknown flag: --DRIVER"));
	parses(ARGS("--int"), ERR("unknown flag: --int"));
	parses(ARGS("--drivers"), ERR("unknown flag: --drivers"));
	parses(ARGS("---x"), ERR("bad flag syntax: ---x"));
	parses(ARGS("--=x"), ERR("bad flag syntax: --=x"));
	parses(ARGS("--driver"), ERR("flag needs an argument: --driver"));
	parses(ARGS("net", "--subnet"), ERR("flag needs an argument: --subnet"));
	/* pflag quotes the shorthand byte with %q */
	parses(ARGS("-'"), ERR("unknown shorthand flag: '\\'' in -'"));
	parses(ARGS("-\\"), ERR("unknown shorthand flag: '\\\\' in -\\"));
	parses(ARGS("-\t"), ERR("unknown shorthand flag: '\\t' in -\t"));
	parses(ARGS("-\x01"), ERR("unknown shorthand flag: '\\x01' in -\x01"));
	parses(ARGS("-\xc3\xa9"), ERR("unknown shorthand flag: '\xc3\x83' in -\xc3\xa9"));
}

/* Parsing again starts from the defaults: nothing of the last parse is left. */
static void
test_reset(void)
{
	struct argv a = mkargv(ARGS("--driver", "ipvlan", "--internal", "--subnet", "10.0.0.0/8", "x", "y"));
	struct argv b = mkargv(ARGS("z"));
	struct args out;
	struct buf msg = BUF_INIT;

	args_parse_try(flags, NFLAGS, a.argc, a.argv, ARGS_SUBCOMMAND_FIRST, &out, &msg);
	CHECK(out.npos == 2 && flags[F_INTERNAL].given && flags[F_DRIVER].given && !flags[F_IPV6].given &&
	      flags[F_SUBNET].values.n == 1 && tap_streq(flags[F_SUBNET].value, "10.0.0.0/8"),
	      "given, on, value and values after a parse");
	args_free(&out);
	CHECK(out.pos == NULL && out.npos == 0, "args_free clears the positionals");
	args_parse_try(flags, NFLAGS, b.argc, b.argv, ARGS_SUBCOMMAND_FIRST, &out, &msg);
	CHECK(out.npos == 1 && !flags[F_INTERNAL].given && !flags[F_INTERNAL].on && !flags[F_DRIVER].given &&
	      tap_streq(flags[F_DRIVER].value, "bridge") && flags[F_SUBNET].values.n == 0 &&
	      tap_streq(flags[F_SUBNET].value, ""), "a second parse starts from the defaults");
	CHECK(msg.len == 0, "no message on success");

	CHECK(tap_streq(args_pos(&out, 0), "z") && tap_streq(args_pos(&out, 1), "") &&
	      tap_streq(args_pos(&out, 99), ""), "args_pos past the end is \"\"");
	args_free(&out);
	args_flags_free(flags, NFLAGS);

	/* the positionals point into argv */
	b = mkargv(ARGS("p0", "p1", "p2"));
	args_parse_try(flags, NFLAGS, b.argc, b.argv, ARGS_SUBCOMMAND_FIRST, &out, &msg);
	{
		int n = -1;
		char **from = args_from(&out, 1, &n);
		CHECK(n == 2 && from[0] == b.argv[3] && from[1] == b.argv[4], "args_from(1): p1 p2, borrowed");
		from = args_from(&out, 3, &n);
		CHECK(n == 0, "args_from past the end: none");
		from = args_from(&out, 7, &n);
		CHECK(n == 0 && from == out.pos + 3, "args_from far past the end: none, no pointer past the array");
	}
	args_free(&out);
	buf_free(&msg);
}

/* ---- the exiting forms ---- */

struct parse_ctx {
	struct argv a;
	int max;
};

static int
run_args_parse(void *p)
{
	struct parse_ctx *c = p;
	struct args out;

	args_parse("network:create", flags, NFLAGS, c->a.argc, c->a.argv, ARGS_SUBCOMMAND_FIRST, &out);
	if (c->max >= 0)
		args_max(&out, c->max, "network:create <network>");
	printf("parsed %d\n", out.npos);
	args_free(&out);
	args_flags_free(flags, NFLAGS);
	return 0;
}

static void
exits(const char *const *args, int max, int status, const char *out, const char *err, const char *what)
{
	struct parse_ctx c = { mkargv(args), max };
	struct tap_run r;

	tap_run(run_args_parse, &c, NULL, &r);
	CHECK(tap_run_is(&r, status, out, err), "args_parse: %s", what);
	tap_run_free(&r);
}

static void
test_args_parse(void)
{
	char want[4096];

	exits(ARGS("-h"), -1, 0, "", usage_create, "-h prints pflag's usage block on stderr, exit 0");
	exits(ARGS("net", "--help"), -1, 0, "", usage_create, "--help too");
	snprintf(want, sizeof want, "%sunknown flag: --nope\n", usage_create);
	exits(ARGS("--nope"), -1, 2, "", want, "an unknown flag: usage, then the error, exit 2");
	snprintf(want, sizeof want, "%sflag needs an argument: --subnet\n", usage_create);
	exits(ARGS("--subnet"), -1, 2, "", want, "a missing value: usage, then the error, exit 2");
	exits(ARGS("a", "--internal"), 1, 0, "parsed 1\n", "", "one positional where one is allowed");
	exits(ARGS("a", "b"), 1, 1, "",
	      " !     Too many arguments, usage: dokku network:create <network>\n",
	      "args_max: one positional too many");
	exits(ARGS("--", "a", "-b"), 1, 1, "",
	      " !     Too many arguments, usage: dokku network:create <network>\n",
	      "args_max counts what follows --");
}

static int
run_usage(void *p)
{
	const struct flag *fl = p;
	size_t n = 0;

	while (fl[n].name)
		n++;
	args_usage("t", fl, n);
	return 0;
}

static void
test_usage(void)
{
	static const struct flag other[] = {
		{ .name = "b", .kind = FLAG_BOOL, .usage = "a bool" },
		{ .name = "empty", .kind = FLAG_STRING, .usage = "no default shown", .def = "" },
		{ .name = "q", .kind = FLAG_STRING, .usage = "quoted default", .def = "a\"b\tc\xc3\xa9" },
		{ .name = "n", .kind = FLAG_INT, .usage = "an int", .def = "250" },
		{ .name = "z", .kind = FLAG_INT, .usage = "zero default not shown", .def = "0" },
		{ .name = NULL },
	};
	static const struct flag format[] = {
		{ .name = "format", .kind = FLAG_STRING, .usage = "format: [ stdout | json ]", .def = "stdout" },
		{ .name = NULL },
	};
	static const struct flag none[] = { { .name = NULL } };
	struct tap_run r;

	tap_run(run_usage, (void *)other, NULL, &r);
	CHECK(tap_run_is(&r, 0, "",
	                 "Usage of t:\n"
	                 "      --b              a bool\n"
	                 "      --empty string   no default shown\n"
	                 "      --q string       quoted default (default \"a\\\"b\\tc\xc3\xa9\")\n"
	                 "      --n int          an int (default 250)\n"
	                 "      --z int          zero default not shown\n"),
	      "args_usage: widths, no default for \"\", a Go-quoted default, int flags");
	tap_run_free(&r);
	tap_run(run_usage, (void *)format, NULL, &r);
	CHECK(tap_run_is(&r, 0, "",
	                 "Usage of t:\n"
	                 "      --format string   format: [ stdout | json ] (default \"stdout\")\n"),
	      "args_usage: one flag");
	tap_run_free(&r);
	tap_run(run_usage, (void *)none, NULL, &r);
	CHECK(tap_run_is(&r, 0, "", "Usage of t:\n"), "args_usage: no flags");
	tap_run_free(&r);
}

/* ---- Go's flag package ---- */

static void
goflag_none(const char *const *args, int want_i, const char *what)
{
	char *argv[8];
	int argc = 0, i = 1;

	argv[argc++] = (char *)"trigger";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	CHECK(goflag_parse(argc, argv, &i) == GOFLAG_NONE && i == want_i, "goflag_parse: %s (i = %d)", what, i);
}

struct goflag_ctx {
	const char *arg;
	bool via_trigger_args;
};

static int
run_goflag(void *p)
{
	struct goflag_ctx *c = p;
	char *argv[] = { (char *)"/plugins/network/post-deploy", (char *)c->arg, (char *)"app", NULL };
	int i = 1;
	struct args out;

	if (c->via_trigger_args) {
		trigger_args(3, argv, &out);
		printf("%d %s\n", out.npos, args_pos(&out, 0));
		return 0;
	}
	return 10 + (int)goflag_parse(3, argv, &i);
}

static void
goflag_flag(const char *arg, enum goflag_result want, const char *err)
{
	struct goflag_ctx c = { arg, false };
	struct tap_run r;

	tap_run(run_goflag, &c, NULL, &r);
	CHECK(tap_run_is(&r, 10 + (int)want, "", err), "goflag_parse \"%s\" -> %s", tap_shows(arg),
	      want == GOFLAG_HELP ? "help" : tap_show(err, strlen(err) - 1));
	tap_run_free(&r);
}

static void
trigger(const char *arg, int status, const char *out, const char *err)
{
	struct goflag_ctx c = { arg, true };
	struct tap_run r;

	tap_run(run_goflag, &c, NULL, &r);
	CHECK(tap_run_is(&r, status, out, err), "trigger_args \"%s\" -> exit %d", tap_shows(arg), status);
	tap_run_free(&r);
}

static void
test_goflag(void)
{
	goflag_none(ARGS("app"), 1, "a non-flag stops the flags");
	goflag_none(ARGS("-"), 1, "\"-\" is not a flag");
	goflag_none(ARGS(""), 1, "\"\" is not a flag");
	goflag_none(ARGS("--", "-x"), 2, "\"--\" is skipped and ends the flags");
	goflag_none(ARGS("--", "--"), 2, "only the first \"--\" is skipped");
	goflag_none(ARGS("app", "-x"), 1, "a flag after a non-flag is an argument");
	{
		char *argv[] = { (char *)"t", NULL };
		int i = 1;
		CHECK(goflag_parse(1, argv, &i) == GOFLAG_NONE && i == 1, "goflag_parse: no arguments");
	}
	goflag_flag("-h", GOFLAG_HELP, "");
	goflag_flag("-help", GOFLAG_HELP, "");
	goflag_flag("--help", GOFLAG_HELP, "");
	goflag_flag("--h", GOFLAG_HELP, "");
	goflag_flag("-h=1", GOFLAG_HELP, "");
	goflag_flag("--help=x", GOFLAG_HELP, "");
	goflag_flag("-help=", GOFLAG_HELP, "");
	goflag_flag("-x", GOFLAG_ERROR, "flag provided but not defined: -x\n");
	goflag_flag("--x=1", GOFLAG_ERROR, "flag provided but not defined: -x\n");
	goflag_flag("-x=y", GOFLAG_ERROR, "flag provided but not defined: -x\n");
	goflag_flag("-hx", GOFLAG_ERROR, "flag provided but not defined: -hx\n");
	goflag_flag("-H", GOFLAG_ERROR, "flag provided but not defined: -H\n");
	goflag_flag("-helpme", GOFLAG_ERROR, "flag provided but not defined: -helpme\n");
	goflag_flag("---", GOFLAG_ERROR, "bad flag syntax: ---\n");
	goflag_flag("--=x", GOFLAG_ERROR, "bad flag syntax: --=x\n");
	goflag_flag("-=x", GOFLAG_ERROR, "bad flag syntax: -=x\n");

	trigger("app", 0, "2 app\n", "");
	trigger("--", 0, "1 app\n", "");
	trigger("-h", 0, "", "Usage of /plugins/network/post-deploy:\n");
	trigger("--help", 0, "", "Usage of /plugins/network/post-deploy:\n");
	trigger("-x", 2, "", "flag provided but not defined: -x\nUsage of /plugins/network/post-deploy:\n");
	trigger("---", 2, "", "bad flag syntax: ---\nUsage of /plugins/network/post-deploy:\n");
	{
		char *argv[] = { (char *)"t", (char *)"a", (char *)"-b", NULL };
		struct args out;
		trigger_args(3, argv, &out);
		CHECK(out.npos == 2 && out.pos == argv + 1, "trigger_args borrows argv (a -b)");
	}
	{
		char *argv[] = { (char *)"t", NULL };
		struct args out;
		trigger_args(1, argv, &out);
		CHECK(out.npos == 0 && tap_streq(args_pos(&out, 0), ""), "trigger_args with no arguments");
	}
}

int
main(void)
{
	test_pflag();
	test_reset();
	test_args_parse();
	test_usage();
	test_goflag();
	return tap_done();
}
