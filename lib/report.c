#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "appctx.h"
#include "args.h"
#include "buf.h"
#include "jsonwrite.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "prop.h"
#include "report.h"
#include "util.h"

#define LABEL_WIDTH 38  /* max(31, longest key): --network-computed-bind-all-interfaces */

enum source { RAW, COMPUTED, GLOBAL, WEB_LISTENERS, SCOPED };

struct report_key {
	const char *key;   /* the info flag */
	enum source source;
	const char *prop;  /* for SCOPED: "<property>.<process>" */
	bool app_only;     /* not part of the --global report */
};

/* Sorted as Go's sort.Strings sorts the full keys. */
static const struct report_key report_keys[] = {
	{ "--network-attach-post-create", RAW, NETPROP_ATTACH_POST_CREATE, true },
	{ "--network-attach-post-deploy", RAW, NETPROP_ATTACH_POST_DEPLOY, true },
	{ "--network-bind-all-interfaces", RAW, NETPROP_BIND_ALL_INTERFACES, true },
	{ "--network-computed-attach-post-create", COMPUTED, NETPROP_ATTACH_POST_CREATE, false },
	{ "--network-computed-attach-post-deploy", COMPUTED, NETPROP_ATTACH_POST_DEPLOY, false },
	{ "--network-computed-bind-all-interfaces", COMPUTED, NETPROP_BIND_ALL_INTERFACES, false },
	{ "--network-computed-initial-network", COMPUTED, NETPROP_INITIAL_NETWORK, false },
	{ "--network-computed-tld", COMPUTED, NETPROP_TLD, false },
	{ "--network-global-attach-post-create", GLOBAL, NETPROP_ATTACH_POST_CREATE, false },
	{ "--network-global-attach-post-deploy", GLOBAL, NETPROP_ATTACH_POST_DEPLOY, false },
	{ "--network-global-bind-all-interfaces", GLOBAL, NETPROP_BIND_ALL_INTERFACES, false },
	{ "--network-global-initial-network", GLOBAL, NETPROP_INITIAL_NETWORK, false },
	{ "--network-global-tld", GLOBAL, NETPROP_TLD, false },
	{ "--network-initial-network", RAW, NETPROP_INITIAL_NETWORK, true },
	{ "--network-static-web-listener", RAW, NETPROP_STATIC_WEB_LISTENER, true },
	{ "--network-tld", RAW, NETPROP_TLD, true },
	{ "--network-web-listeners", WEB_LISTENERS, NULL, true },
};
#define NKEYS NELEM(report_keys)

static const struct flag report_usage_flags[] = {
	{ .name = "format", .kind = FLAG_STRING, .usage = "format: [ stdout | json ]", .def = "stdout" },
};

NORETURN static void
usage_error(const char *msg)
{
	args_usage("network:report", report_usage_flags, 1);
	log_stderr("%s", msg);
	exit(2);
}

void
report_parse_args(int argc, char **argv, struct report_request *req)
{
	int i, npos = 0;

	req->app = "";
	req->global = false;
	req->format = "stdout";
	req->info_flag = NULL;
	/* As common.ParseReportArgs walks them: every other "--..." (--help and a
	 * bare "--" too) is an info flag, so that this report answers like every
	 * other Dokku report; only -h prints the usage. */
	for (i = ARGS_SUBCOMMAND_FIRST; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--format") == 0) {
			if (i + 1 >= argc)
				usage_error("flag needs an argument: --format");
			req->format = argv[++i];
		} else if (strncmp(a, "--format=", 9) == 0) {
			req->format = a + 9;
		} else if (strcmp(a, "--global") == 0) {
			req->global = true;
		} else if (strncmp(a, "-h", 2) == 0) {
			args_usage("network:report", report_usage_flags, 1);
			exit(0);
		} else if (strncmp(a, "--", 2) == 0) {
			if (req->info_flag)
				log_fail("network:report command allows only a single flag");
			req->info_flag = a;
		} else if (a[0] == '-' && a[1]) {
			struct buf msg = BUF_INIT;
			/* pflag quotes the byte with %q */
			buf_puts(&msg, "unknown shorthand flag: ");
			buf_quote_go_byte(&msg, (unsigned char)a[1]);
			buf_printf(&msg, " in %s", a);
			usage_error(msg.data);
		} else {
			if (npos++ == 0)
				req->app = a;
		}
	}
	if (npos > 1)
		log_fail("Too many arguments, usage: dokku network:report [<app>|--global] [<flag>] [--format stdout|json]");
	if (req->global && npos > 0)
		log_fail("Specify either an app or --global, not both");
}

static bool
key_applies(const struct report_key *k, bool global)
{
	return !global || !k->app_only;
}

/* One key's value; each property is read once per report, the global ones once per process. */
static void
key_value(const struct report_key *k, struct app_ctx *a, struct buf *out)
{
	const struct buf *v;

	buf_reset(out);
	switch (k->source) {
	case RAW:
	case GLOBAL:
		v = k->source == RAW ? app_ctx_prop(a, k->prop) : netprop_values_get(a->globals, k->prop);
		buf_append(out, buf_cstr(v), v->len);
		break;
	case COMPUTED:
		app_ctx_computed(a, k->prop, out);
		break;
	case WEB_LISTENERS:
		listeners_get(a, "web", out);
		break;
	case SCOPED:
		prop_get(a->name, k->prop, out);
		break;
	}
}

/*
 * The keys of one report, sorted as Go sorts them: the fixed ones that
 * apply, and (as docker-options reports deploy.<process>) one
 * "--network-<property>.<process>" per process-scoped value, so that a
 * report without any is byte for byte the original's.
 */
struct report_keyset {
	struct report_key *v;
	size_t n;
	struct strlist owned;  /* the scoped keys' strings */
	size_t width;          /* label width: max(31, longest key), as Dokku pads */
};

static void
report_keyset(struct app_ctx *a, bool global, struct report_keyset *ks)
{
	const struct strlist *scoped = global ? NULL : app_ctx_scoped(a);
	size_t nscoped = scoped ? scoped->n : 0, i, j;
	struct buf key = BUF_INIT;

	ks->v = xcalloc(NKEYS + nscoped, sizeof(*ks->v));
	ks->n = 0;
	ks->owned = (struct strlist)STRLIST_INIT;
	ks->width = LABEL_WIDTH;
	for (i = 0; i < NKEYS; i++)
		if (key_applies(&report_keys[i], global))
			ks->v[ks->n++] = report_keys[i];
	for (i = 0; i < nscoped; i++) {
		buf_reset(&key);
		buf_printf(&key, "--network-%s", scoped->v[i]);
		strlist_add(&ks->owned, key.data);
		if (key.len > ks->width)
			ks->width = key.len;
	}
	for (i = 0; i < nscoped; i++) {
		struct report_key k = { ks->owned.v[i], SCOPED, scoped->v[i], true };
		/* insert in order: both lists are short and sorted */
		for (j = ks->n; j > 0 && strcmp(ks->v[j - 1].key, k.key) > 0; j--)
			ks->v[j] = ks->v[j - 1];
		ks->v[j] = k;
		ks->n++;
	}
	buf_free(&key);
}

static void
report_keyset_free(struct report_keyset *ks)
{
	free(ks->v);
	strlist_free(&ks->owned);
}

/* Appends "--network-computed-tld" as "Network computed tld:". */
static void
key_label(const char *key, struct buf *out)
{
	const char *p;

	for (p = key + 2; *p; p++) {
		char c = *p;

		if (c == '-' || c == '.')
			c = ' ';
		if (p == key + 2 && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf_putc(out, c);
	}
	buf_putc(out, ':');
}

/* Fails, freeing the keys first (nothing may leak on the way out). */
NORETURN static void
invalid_flag(struct report_keyset *ks)
{
	struct buf msg = BUF_INIT;
	size_t i;

	buf_puts(&msg, "Invalid flag passed, valid flags: ");
	for (i = 0; i < ks->n; i++) {
		if (i)
			buf_puts(&msg, ", ");
		buf_puts(&msg, ks->v[i].key);
	}
	report_keyset_free(ks);
	log_fail("%s", msg.data);
}

struct json_entry {
	const char *name;
	size_t key;
};

/* JSON keys in byte order: the stripped ones sort apart from the legacy "network-..." ones. */
static void
write_json(struct app_ctx *a, const struct report_keyset *ks, struct buf *out)
{
	struct buf value = BUF_INIT;
	struct json_entry *entries = xcalloc(2 * ks->n, sizeof(*entries));
	size_t n = 0, i, j;

	for (i = 0; i < ks->n; i++) {
		entries[n].name = ks->v[i].key + strlen("--network-");
		entries[n++].key = i;
		entries[n].name = ks->v[i].key + strlen("--");
		entries[n++].key = i;
	}
	/* insertion sort: 34 entries, and two per process-scoped value */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(entries[j - 1].name, entries[j].name) > 0; j--) {
			struct json_entry t = entries[j];
			entries[j] = entries[j - 1];
			entries[j - 1] = t;
		}
	jw_object_begin(out);
	for (i = 0; i < n; i++) {
		key_value(&ks->v[entries[i].key], a, &value);
		jw_key(out, entries[i].name);
		jw_string_n(out, buf_cstr(&value), value.len);
	}
	jw_object_end(out);
	free(entries);
	buf_free(&value);
}

/* "       Label:<padding>" for a key, padded to the report's label width. */
static void
key_prefix(const char *key, size_t width, struct buf *out)
{
	buf_puts(out, "       ");
	key_label(key, out);
	while (out->len < 7 + width)
		buf_putc(out, ' ');
}

static void
write_text(struct app_ctx *a, const struct report_keyset *ks, struct buf *out)
{
	/* the fixed keys' prefixes at the usual width, made once: a report of every app repeats them */
	static struct buf prefix[NKEYS];
	struct buf value = BUF_INIT, own = BUF_INIT;
	size_t i;

	for (i = 0; i < ks->n; i++) {
		const struct report_key *k = &ks->v[i];
		const struct buf *p = &own;
		size_t fixed = (size_t)(k->source == SCOPED ? NKEYS : 0);
		if (k->source != SCOPED)
			while (fixed < NKEYS && report_keys[fixed].key != k->key)
				fixed++;
		if (fixed < NKEYS && ks->width == LABEL_WIDTH) {
			if (!prefix[fixed].len)
				key_prefix(k->key, LABEL_WIDTH, &prefix[fixed]);
			p = &prefix[fixed];
		} else {
			buf_reset(&own);
			key_prefix(k->key, ks->width, &own);
		}
		key_value(k, a, &value);
		buf_append(out, p->data, p->len);
		buf_append(out, buf_cstr(&value), value.len);
		buf_putc(out, '\n');
	}
	buf_free(&value);
	buf_free(&own);
}

/*
 * Appends one app's report (or --global's) to out; verify is false for the
 * apps app_list gave.
 */
static void
report_one(const char *app, bool verify, const char *format, const char *info_flag, struct buf *out)
{
	bool global = strcmp(app, PROP_GLOBAL) == 0;
	bool json = strcmp(format, "json") == 0;
	struct buf msg = BUF_INIT;
	struct report_keyset ks;
	struct app_ctx a;
	size_t i = 0;

	if (!global && verify)
		app_verify(app);
	/* "text" is accepted as well, as network:list and network:info use it (doc/design.md §10, bug 7);
	 * an empty format is stdout, as in the original */
	if (!json && *format && strcmp(format, "stdout") != 0 && strcmp(format, "text") != 0) {
		buf_puts(&msg, "Format must be \"stdout\" or \"json\": ");
		buf_quote_go(&msg, format);
		log_fail("%s", msg.data);
	}
	if (json && info_flag)
		log_fail("--format flag cannot be specified when specifying an info flag");
	app_ctx_init(&a, app);  /* verified above, or from the app list */
	report_keyset(&a, global, &ks);
	if (info_flag) {
		for (i = 0; i < ks.n; i++)
			if (strcmp(ks.v[i].key, info_flag) == 0)
				break;
		if (i == ks.n)
			invalid_flag(&ks);
		key_value(&ks.v[i], &a, &msg);
		buf_append(out, buf_cstr(&msg), msg.len);
		buf_putc(out, '\n');
	} else if (json) {
		write_json(&a, &ks, out);
		buf_putc(out, '\n');
	} else {
		if (!log_is_quiet())  /* log_info2_quiet's line, kept in order with the rest */
			buf_printf(out, "=====> %s network information\n", app);
		write_text(&a, &ks, out);
	}
	report_keyset_free(&ks);
	buf_free(&msg);
	app_ctx_close(&a);
}

/* One report, in one write(2): warnings on stderr stay between the reports they belong to. */
static int
report_write(const char *app, bool verify, const char *format, const char *info_flag)
{
	struct buf out = BUF_INIT;

	report_one(app, verify, format, info_flag, &out);
	write_all(STDOUT_FILENO, buf_cstr(&out), out.len);
	buf_free(&out);
	return 0;
}

int
command_report(const struct report_request *req)
{
	struct strlist apps = STRLIST_INIT;
	size_t i;

	if (req->global)
		return report_write(PROP_GLOBAL, false, req->format, req->info_flag);
	if (*req->app)
		return report_write(req->app, true, req->format, req->info_flag);
	if (!app_list(&apps)) {
		log_warn("You haven't deployed any applications yet");
		return 0;
	}
	for (i = 0; i < apps.n; i++)
		report_write(apps.v[i], false, req->format, req->info_flag);
	strlist_free(&apps);
	return 0;
}

int
trigger_report(const char *app)
{
	if (!*app)
		log_fail("Please specify an app to run the command on");
	return report_write(app, true, "stdout", NULL);
}
