/*
 * netdoc: network:export's document, written and parsed (netdoc.h). Nothing
 * here touches the disk or the daemon.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "json.h"
#include "jsonwrite.h"
#include "netdoc.h"
#include "netprop.h"
#include "prop.h"
#include "util.h"

void
netdoc_init(struct netdoc *d)
{
	memset(d, 0, sizeof(*d));
	d->global.name = xstrdup(PROP_GLOBAL);
}

static void
owner_free(struct netdoc_owner *o)
{
	free(o->name);
	strlist_free(&o->props);
	strlist_free(&o->values);
}

void
netdoc_free(struct netdoc *d)
{
	size_t i;

	for (i = 0; i < d->nnetworks; i++)
		netspec_free(&d->networks[i]);
	free(d->networks);
	for (i = 0; i < d->napps; i++)
		owner_free(&d->apps[i]);
	free(d->apps);
	owner_free(&d->global);
	memset(d, 0, sizeof(*d));
}

void
netdoc_add_network(struct netdoc *d, struct netspec *s)
{
	d->networks = xreallocarray(d->networks, d->nnetworks + 1, sizeof(*d->networks));
	d->networks[d->nnetworks++] = *s;
	netspec_init(s);
}

void
netdoc_add_prop(struct netdoc_owner *o, const char *prop, const char *value)
{
	strlist_add(&o->props, prop);
	strlist_add(&o->values, value);
}

struct netdoc_owner *
netdoc_add_app(struct netdoc *d, const char *name)
{
	struct netdoc_owner *o;

	d->apps = xreallocarray(d->apps, d->napps + 1, sizeof(*d->apps));
	o = &d->apps[d->napps++];
	memset(o, 0, sizeof(*o));
	o->name = xstrdup(name);
	return o;
}

/* ---- writing ---------------------------------------------------------------------- */

struct pair {
	char *k, *v;
};

static int
compare_pairs(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->k, ((const struct pair *)b)->k);
}

/* Sorts an owner's properties by name, keeping each value with its property. */
static void
sort_owner(struct netdoc_owner *o)
{
	struct pair *p;
	size_t i;

	if (o->props.n < 2)
		return;
	p = xcalloc(o->props.n, sizeof(*p));
	for (i = 0; i < o->props.n; i++)
		p[i] = (struct pair){ o->props.v[i], o->values.v[i] };
	qsort(p, o->props.n, sizeof(*p), compare_pairs);
	for (i = 0; i < o->props.n; i++) {
		o->props.v[i] = p[i].k;
		o->values.v[i] = p[i].v;
	}
	free(p);
}

static int
compare_networks(const void *a, const void *b)
{
	return strcmp(((const struct netspec *)a)->name, ((const struct netspec *)b)->name);
}

static int
compare_owners(const void *a, const void *b)
{
	return strcmp(((const struct netdoc_owner *)a)->name, ((const struct netdoc_owner *)b)->name);
}

static void
write_owner(struct buf *out, const struct netdoc_owner *o)
{
	size_t i;

	jw_object_begin(out);
	for (i = 0; i < o->props.n; i++) {
		jw_key(out, o->props.v[i]);
		jw_string(out, o->values.v[i]);
	}
	jw_object_end(out);
}

static void
newline(struct buf *out, int depth)
{
	buf_putc(out, '\n');
	while (depth-- > 0)
		buf_puts(out, "  ");
}

/* Compact JSON (as jsonwrite writes it: no blanks outside strings) indented by two spaces. */
static void
indent(const char *js, size_t len, struct buf *out)
{
	bool in_string = false;
	int depth = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = js[i];
		if (in_string) {
			buf_putc(out, c);
			if (c == '\\' && i + 1 < len)
				buf_putc(out, js[++i]);
			else if (c == '"')
				in_string = false;
			continue;
		}
		switch (c) {
		case '"':
			in_string = true;
			buf_putc(out, c);
			break;
		case '{':
		case '[':
			buf_putc(out, c);
			if (i + 1 < len && (js[i + 1] == '}' || js[i + 1] == ']'))
				buf_putc(out, js[++i]);
			else
				newline(out, ++depth);
			break;
		case '}':
		case ']':
			newline(out, --depth);
			buf_putc(out, c);
			break;
		case ',':
			buf_putc(out, c);
			newline(out, depth);
			break;
		case ':':
			buf_puts(out, ": ");
			break;
		default:
			buf_putc(out, c);
		}
	}
	buf_putc(out, '\n');
}

void
netdoc_write(struct netdoc *d, struct buf *out)
{
	struct buf compact = BUF_INIT;
	size_t i;

	if (d->nnetworks > 1)
		qsort(d->networks, d->nnetworks, sizeof(*d->networks), compare_networks);
	if (d->napps > 1)
		qsort(d->apps, d->napps, sizeof(*d->apps), compare_owners);
	jw_object_begin(&compact);
	jw_key(&compact, "Version");
	jw_int(&compact, NETDOC_VERSION);
	jw_key(&compact, "Networks");
	jw_array_begin(&compact);
	for (i = 0; i < d->nnetworks; i++)
		netspec_write_json(&d->networks[i], &compact);
	jw_array_end(&compact);
	jw_key(&compact, "Global");
	sort_owner(&d->global);
	write_owner(&compact, &d->global);
	jw_key(&compact, "Apps");
	jw_object_begin(&compact);
	for (i = 0; i < d->napps; i++) {
		sort_owner(&d->apps[i]);
		jw_key(&compact, d->apps[i].name);
		write_owner(&compact, &d->apps[i]);
	}
	jw_object_end(&compact);
	jw_object_end(&compact);
	indent(compact.data, compact.len, out);
	buf_free(&compact);
}

/* ---- parsing ---------------------------------------------------------------------- */

struct rd {
	const char *js;
	const struct json_token *t;
	int n;
	struct buf *why;
};

/* The decoded string at token i into out (reset first); false (why set) when none or it holds a NUL. */
static bool
get_string(const struct rd *r, int i, const char *where, struct buf *out)
{
	buf_reset(out);
	if (r->t[i].type == JSON_STRING && json_string_decode(r->js, r->t, i, out) &&
	    netspec_text_valid(buf_cstr(out), out->len))
		return true;
	buf_printf(r->why, "%s must be a string of UTF-8 text without NUL characters", where);
	return false;
}

/* Why a property name may not be stored for this owner, or NULL. */
static const char *
prop_error(const char *prop, bool global)
{
	const char *dot = strchr(prop, '.');
	char base[65];
	size_t n = dot ? (size_t)(dot - prop) : strlen(prop);

	if (!prop_name_valid(prop) || n >= sizeof(base))
		return "is not a network property";
	memcpy(base, prop, n);
	base[n] = '\0';
	if (!netprop_known(base))
		return "is not a network property";
	if (global && dot)
		return "cannot be scoped to a process type globally";
	if (global && !netprop_global_allowed(base))
		return "cannot be set globally";
	if (dot && !netprop_process_scopable(base))
		return "cannot be scoped to a process type";
	if (dot && netprop_process_error(dot + 1))
		return "names an invalid process type";
	return NULL;
}

static bool
get_owner(const struct rd *r, int obj, struct netdoc_owner *o, bool global)
{
	struct buf key = BUF_INIT, value = BUF_INIT;
	const char *err;
	int c, i;
	bool ok = true;

	if (r->t[obj].type != JSON_OBJECT) {
		buf_printf(r->why, "%s must be an object of properties", global ? "Global" : o->name);
		return false;
	}
	for (c = 0, i = obj + 1; ok && c < r->t[obj].size; c++, i = json_skip(r->t, r->n, i + 1)) {
		ok = get_string(r, i, "a property name", &key);
		if (ok && (err = prop_error(key.data, global))) {
			buf_printf(r->why, "%s: ", o->name);
			buf_quote_go(r->why, key.data);
			buf_printf(r->why, " %s", err);
			ok = false;
		}
		if (ok)
			ok = get_string(r, i + 1, "a property value", &value);
		if (ok && value.len > PROP_MAX_VALUE) {
			buf_printf(r->why, "%s: the value of %s is longer than %zu bytes", o->name, key.data, PROP_MAX_VALUE);
			ok = false;
		}
		if (ok && value.len)  /* "" is no value: as network:set, it unsets */
			netdoc_add_prop(o, key.data, value.data);
	}
	buf_free(&key);
	buf_free(&value);
	return ok;
}

static bool
get_apps(const struct rd *r, int obj, struct netdoc *d)
{
	struct buf name = BUF_INIT;
	const char *err;
	int c, i;
	bool ok = true;

	if (r->t[obj].type != JSON_OBJECT) {
		buf_puts(r->why, "Apps must be an object");
		return false;
	}
	for (c = 0, i = obj + 1; ok && c < r->t[obj].size; c++, i = json_skip(r->t, r->n, i + 1)) {
		ok = get_string(r, i, "an app name", &name);
		if (ok && (err = app_name_error(name.data))) {
			buf_puts(r->why, "app ");
			buf_quote_go(r->why, name.data);
			buf_printf(r->why, ": %s", err);
			ok = false;
		}
		if (ok)
			ok = get_owner(r, i + 1, netdoc_add_app(d, name.data), false);
	}
	buf_free(&name);
	return ok;
}

static bool
get_networks(const struct rd *r, int arr, struct netdoc *d)
{
	struct netspec s;
	int c, i;

	if (r->t[arr].type != JSON_ARRAY) {
		buf_puts(r->why, "Networks must be an array");
		return false;
	}
	for (c = 0, i = arr + 1; c < r->t[arr].size; c++, i = json_skip(r->t, r->n, i)) {
		buf_printf(r->why, "Networks[%d]: ", c);
		if (!netspec_from_json(r->js, r->t, r->n, i, &s, r->why))
			return false;
		buf_reset(r->why);
		netdoc_add_network(d, &s);
	}
	return true;
}

enum { K_VERSION, K_NETWORKS, K_GLOBAL, K_APPS };

static bool
get_doc(const struct rd *r, struct netdoc *d)
{
	static const char *const keys[] = {
		[K_VERSION] = "Version", [K_NETWORKS] = "Networks", [K_GLOBAL] = "Global", [K_APPS] = "Apps",
	};
	struct buf key = BUF_INIT;
	unsigned seen = 0;
	size_t w;
	int c, i;
	bool ok = true;

	if (r->t[0].type != JSON_OBJECT) {
		buf_puts(r->why, "the document must be a JSON object");
		return false;
	}
	for (c = 0, i = 1; ok && c < r->t[0].size; c++, i = json_skip(r->t, r->n, i + 1)) {
		for (w = 0; w < NELEM(keys) && !json_string_eq(r->js, r->t, i, keys[w]); w++)
			;
		if (w == NELEM(keys) || (seen & (1u << w))) {
			json_string_decode(r->js, r->t, i, &key);
			buf_puts(r->why, w == NELEM(keys) ? "unknown key " : "repeated key ");
			buf_quote_go(r->why, buf_cstr(&key));
			ok = false;
			break;
		}
		seen |= 1u << w;
		switch (w) {
		case K_VERSION:
			ok = r->t[i + 1].type == JSON_PRIMITIVE && r->t[i + 1].end - r->t[i + 1].start == 1 &&
			     r->js[r->t[i + 1].start] == '0' + NETDOC_VERSION;
			if (!ok)
				buf_printf(r->why, "Version must be %d", NETDOC_VERSION);
			break;
		case K_NETWORKS:
			ok = get_networks(r, i + 1, d);
			break;
		case K_GLOBAL:
			d->has_global = true;
			ok = get_owner(r, i + 1, &d->global, true);
			break;
		case K_APPS:
			ok = get_apps(r, i + 1, d);
			break;
		}
	}
	if (ok && !(seen & (1u << K_VERSION))) {
		buf_printf(r->why, "no Version (network:export writes \"Version\": %d)", NETDOC_VERSION);
		ok = false;
	}
	buf_free(&key);
	return ok;
}

/* Whether an owner's (sorted) properties are all different; why set when not. */
static bool
owner_unique(const struct netdoc_owner *o, struct buf *why)
{
	size_t i;

	for (i = 1; i < o->props.n; i++)
		if (strcmp(o->props.v[i - 1], o->props.v[i]) == 0) {
			buf_printf(why, "%s: property %s given twice", o->name, o->props.v[i]);
			return false;
		}
	return true;
}

/*
 * Sorts the document, then looks for a name given twice among neighbours:
 * O(n log n), where a search of everything read so far made a document of
 * 100 000 properties take minutes.
 */
static bool
sort_unique(struct netdoc *d, struct buf *why)
{
	size_t i;

	if (d->nnetworks > 1)
		qsort(d->networks, d->nnetworks, sizeof(*d->networks), compare_networks);
	for (i = 1; i < d->nnetworks; i++)
		if (strcmp(d->networks[i - 1].name, d->networks[i].name) == 0) {
			buf_printf(why, "network %s given twice", d->networks[i].name);
			return false;
		}
	if (d->napps > 1)
		qsort(d->apps, d->napps, sizeof(*d->apps), compare_owners);
	for (i = 1; i < d->napps; i++)
		if (strcmp(d->apps[i - 1].name, d->apps[i].name) == 0) {
			buf_printf(why, "app %s given twice", d->apps[i].name);
			return false;
		}
	sort_owner(&d->global);
	if (!owner_unique(&d->global, why))
		return false;
	for (i = 0; i < d->napps; i++) {
		sort_owner(&d->apps[i]);
		if (!owner_unique(&d->apps[i], why))
			return false;
	}
	return true;
}

bool
netdoc_parse(const char *js, size_t len, struct netdoc *out, struct buf *why)
{
	struct buf w = BUF_INIT;
	struct json_token *t;
	struct rd r;
	int n;
	bool ok;

	netdoc_init(out);
	if (len > NETDOC_MAX_BYTES) {
		buf_printf(why, "the document is larger than %zu bytes", NETDOC_MAX_BYTES);
		return false;
	}
	n = json_parse(js, len, NULL, 0);
	if (n < 0) {
		buf_puts(why, n == JSON_ERROR_PART ? "the JSON is truncated" : "it is not valid JSON");
		return false;
	}
	if (n > NETDOC_MAX_TOKENS) {
		buf_printf(why, "the document holds more than %d JSON values", NETDOC_MAX_TOKENS);
		return false;
	}
	t = xreallocarray(NULL, (size_t)n, sizeof(*t));
	json_parse(js, len, t, (unsigned)n);
	r = (struct rd){ js, t, n, &w };
	ok = get_doc(&r, out) && sort_unique(out, &w);
	if (!ok)
		buf_append(why, buf_cstr(&w), w.len);
	free(t);
	buf_free(&w);
	return ok;
}
