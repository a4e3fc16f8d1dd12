/*
 * netexport: network:export and network:import (netexport.h): the recorded
 * networks and every app's and the global network properties, as one
 * document (netdoc.h), and back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "appctx.h"
#include "log.h"
#include "netdoc.h"
#include "netexport.h"
#include "netprop.h"
#include "netspec.h"
#include "prop.h"
#include "set.h"
#include "util.h"

static const char *const props[] = {
	NETPROP_ATTACH_POST_CREATE, NETPROP_ATTACH_POST_DEPLOY, NETPROP_BIND_ALL_INTERFACES,
	NETPROP_INITIAL_NETWORK, NETPROP_STATIC_WEB_LISTENER, NETPROP_TLD,
};

/* The owner's properties that are on disk with a value: their names (app-wide and scoped). */
static void
stored_props(const char *owner, struct strlist *out)
{
	bool global = strcmp(owner, PROP_GLOBAL) == 0;
	struct buf v = BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(props); i++)
		if (!global || netprop_global_allowed(props[i]))
			strlist_add(out, props[i]);
	if (!global)
		netprop_scoped_list(owner, out);
	/* keep those with a value */
	for (i = 0; i < out->n;) {
		buf_reset(&v);
		if (prop_get(owner, out->v[i], &v) && v.len) {
			i++;
		} else {
			free(out->v[i]);
			memmove(&out->v[i], &out->v[i + 1], (out->n - i - 1) * sizeof(*out->v));
			out->n--;
		}
	}
	buf_free(&v);
}

static void
export_owner(const char *owner, struct netdoc_owner *o)
{
	struct strlist names = STRLIST_INIT;
	struct buf v = BUF_INIT;
	size_t i;

	stored_props(owner, &names);
	for (i = 0; i < names.n; i++) {
		buf_reset(&v);
		prop_get(owner, names.v[i], &v);
		netdoc_add_prop(o, names.v[i], buf_cstr(&v));
	}
	strlist_free(&names);
	buf_free(&v);
}

int
command_export(void)
{
	struct strlist nets = STRLIST_INIT, apps = STRLIST_INIT;
	struct netdoc d;
	struct netspec s;
	struct buf why = BUF_INIT, out = BUF_INIT;
	size_t i;

	netdoc_init(&d);
	netspec_recorded(&nets);
	for (i = 0; i < nets.n; i++) {
		buf_reset(&why);
		if (netspec_read(nets.v[i], &s, &why) != NETSPEC_READ)
			log_fail("The record of network %s is invalid (%s): dokku network:create --adopt %s records "
			         "the network again, dokku network:destroy %s forgets it", nets.v[i], buf_cstr(&why),
			         nets.v[i], nets.v[i]);
		netdoc_add_network(&d, &s);
	}
	d.has_global = true;
	export_owner(PROP_GLOBAL, &d.global);
	app_list_unfiltered(&apps);
	for (i = 0; i < apps.n; i++) {
		struct netdoc_owner tmp = { NULL, STRLIST_INIT, STRLIST_INIT };
		export_owner(apps.v[i], &tmp);
		/* an app without network properties has nothing to bring back */
		if (tmp.props.n) {
			struct netdoc_owner *o = netdoc_add_app(&d, apps.v[i]);
			o->props = tmp.props;
			o->values = tmp.values;
		}
	}
	netdoc_write(&d, &out);
	write_all(STDOUT_FILENO, out.data, out.len);
	netdoc_free(&d);
	strlist_free(&nets);
	strlist_free(&apps);
	buf_free(&why);
	buf_free(&out);
	return 0;
}

/* ---- import --------------------------------------------------------------------------- */

/* Standard input, at most NETDOC_MAX_BYTES (one byte more tells that it is bigger). */
static void
read_document(struct buf *out)
{
	char chunk[65536];

	if (isatty(STDIN_FILENO))
		log_fail("network:import reads the document on its standard input: dokku network:import < FILE");
	for (;;) {
		ssize_t n = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			log_fail("Unable to read the document: %s", go_strerror(errno));
		if (n == 0)
			break;
		buf_append(out, chunk, (size_t)n);
		if (out->len > NETDOC_MAX_BYTES)
			log_fail("Invalid document: it is larger than %zu bytes; nothing was imported", NETDOC_MAX_BYTES);
	}
	if (out->len == 0)
		log_fail("Invalid document: standard input is empty; nothing was imported");
}

static bool
app_exists(const char *app)
{
	struct buf dir = BUF_INIT;
	struct stat st;
	bool ok;

	app_dir(app, &dir);
	ok = stat(dir.data, &st) == 0 && S_ISDIR(st.st_mode);
	buf_free(&dir);
	return ok;
}

/* "<property>.<process>" into its property and process ("" when not scoped). */
static void
split_prop(const char *name, struct buf *prop, struct buf *proc)
{
	const char *dot = strchr(name, '.');

	buf_reset(prop);
	buf_reset(proc);
	buf_append(prop, name, dot ? (size_t)(dot - name) : strlen(name));
	if (dot)
		buf_puts(proc, dot + 1);
}

/* The document's value of prop for an owner, or NULL (netdoc_parse sorted the properties). */
static const char *
doc_value(const struct netdoc_owner *o, const char *prop)
{
	size_t lo = 0, hi = o->props.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(o->props.v[mid], prop);
		if (c == 0)
			return o->values.v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The networks the other attach list gives the containers of prop's scope,
 * once the document is imported: the document's value of the other list
 * for that process type, else the app's, else the global one (the
 * document's when it has one, else the one stored).
 */
static void
doc_taken(const struct netdoc *d, const struct netdoc_owner *o, const char *prop, const char *proc,
          struct strlist *out)
{
	const char *other = strcmp(prop, NETPROP_ATTACH_POST_CREATE) == 0
	                    ? NETPROP_ATTACH_POST_DEPLOY : NETPROP_ATTACH_POST_CREATE;
	struct buf name = BUF_INIT, stored = BUF_INIT;
	const char *v = NULL;

	if (*proc) {
		netprop_scoped_name(other, proc, &name);
		v = doc_value(o, name.data);
	}
	if (!v || !*v)
		v = doc_value(o, other);
	if ((!v || !*v) && o != &d->global) {
		if (d->has_global) {
			v = doc_value(&d->global, other);
		} else {
			prop_get(PROP_GLOBAL, other, &stored);
			v = buf_cstr(&stored);
		}
	}
	strlist_split(out, v ? v : "", ',', true);
	buf_free(&name);
	buf_free(&stored);
}

/*
 * Checks every value of an owner as network:set would (set_value_check:
 * fails on the first bad one, naming the owner), against the document
 * rather than what is stored, replacing each with the value to store.
 */
static void
check_owner(const struct netdoc *d, struct netdoc_owner *o)
{
	struct buf prop = BUF_INIT, proc = BUF_INIT, joined = BUF_INIT;
	struct app_ctx a;
	size_t i;

	log_fail_context(o->name);
	app_ctx_init(&a, o->name);
	for (i = 0; i < o->props.n; i++) {
		struct strlist values = STRLIST_INIT, taken = STRLIST_INIT;
		split_prop(o->props.v[i], &prop, &proc);
		if (netprop_is_attach(prop.data)) {
			strlist_split(&values, o->values.v[i], ',', false);
			doc_taken(d, o, prop.data, buf_cstr(&proc), &taken);
		} else {
			strlist_add(&values, o->values.v[i]);
		}
		set_value_check_against(&a, prop.data, buf_cstr(&proc), values.v, (int)values.n, &taken, &joined);
		free(o->values.v[i]);
		o->values.v[i] = xstrdup(buf_cstr(&joined));
		strlist_free(&values);
		strlist_free(&taken);
	}
	app_ctx_close(&a);
	log_fail_context(NULL);
	buf_free(&prop);
	buf_free(&proc);
	buf_free(&joined);
}

/* The owner's properties become exactly the document's. */
static void
write_owner(const struct netdoc_owner *o)
{
	struct strlist stored = STRLIST_INIT;
	size_t i;

	stored_props(o->name, &stored);
	for (i = 0; i < stored.n; i++)
		if (!doc_value(o, stored.v[i]))
			prop_delete(o->name, stored.v[i]);
	for (i = 0; i < o->props.n; i++)
		if (*o->values.v[i])
			prop_write(o->name, o->props.v[i], o->values.v[i]);
		else
			prop_delete(o->name, o->props.v[i]);
	strlist_free(&stored);
}

/* How many of the missing apps the error names. */
#define MISSING_APPS_NAMED 10

int
command_import(void)
{
	struct buf in = BUF_INIT, why = BUF_INIT, missing = BUF_INIT;
	struct netdoc d;
	size_t i, nmissing = 0;

	read_document(&in);
	if (!netdoc_parse(buf_cstr(&in), in.len, &d, &why))
		log_fail("Invalid document: %s; nothing was imported", buf_cstr(&why));
	for (i = 0; i < d.napps; i++)
		if (!app_exists(d.apps[i].name)) {
			/* one line, of a readable length, however many there are */
			if (nmissing < MISSING_APPS_NAMED)
				buf_printf(&missing, "%s%s", nmissing ? ", " : "", d.apps[i].name);
			nmissing++;
		}
	if (nmissing > MISSING_APPS_NAMED)
		buf_printf(&missing, " and %zu more", nmissing - MISSING_APPS_NAMED);
	if (nmissing)
		log_fail_code(EXIT_APP_MISSING, "%s %s %s not exist: nothing was imported (create %s first, "
		              "or leave %s out of the document)", nmissing > 1 ? "Apps" : "App", missing.data,
		              nmissing > 1 ? "do" : "does", nmissing > 1 ? "them" : "it", nmissing > 1 ? "them" : "it");
	/* every value checked before anything is written */
	if (d.has_global)
		check_owner(&d, &d.global);
	for (i = 0; i < d.napps; i++)
		check_owner(&d, &d.apps[i]);

	for (i = 0; i < d.nnetworks; i++) {
		log_info1_quiet("Recording network %s", d.networks[i].name);
		netspec_record(&d.networks[i]);
	}
	if (d.has_global) {
		log_info1_quiet("Importing the global network properties");
		write_owner(&d.global);
	}
	for (i = 0; i < d.napps; i++) {
		log_info1_quiet("Importing the network properties of %s", d.apps[i].name);
		write_owner(&d.apps[i]);
	}
	if (d.nnetworks)
		log_verbose_quiet("dokku network:ensure creates the recorded networks that are missing");
	netdoc_free(&d);
	buf_free(&in);
	buf_free(&why);
	buf_free(&missing);
	return 0;
}
