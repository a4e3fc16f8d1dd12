/*
 * netspec_json: a network's spec as JSON and its checks. Nothing here
 * touches the disk or the daemon, and nothing exits: the import parser
 * (netdoc.c) and its fuzz target use it as they find it. The comparison
 * with the daemon's view is in netspec.c.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cidr.h"
#include "docker.h"
#include "json.h"
#include "jsonwrite.h"
#include "netspec.h"
#include "util.h"

static const char *const drivers[] = { "bridge", "overlay", "macvlan", "ipvlan" };

void
netspec_init(struct netspec *s)
{
	memset(s, 0, sizeof(*s));
}

void
netspec_free(struct netspec *s)
{
	free(s->name);
	free(s->driver);
	strlist_free(&s->subnets);
	strlist_free(&s->gateways);
	strlist_free(&s->ip_ranges);
	strlist_free(&s->opt_keys);
	strlist_free(&s->opt_values);
	strlist_free(&s->label_keys);
	strlist_free(&s->label_values);
	memset(s, 0, sizeof(*s));
}

bool
netspec_driver_known(const char *driver)
{
	size_t i;

	for (i = 0; i < NELEM(drivers); i++)
		if (strcmp(driver, drivers[i]) == 0)
			return true;
	return false;
}

bool
netspec_text_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, need, k;
	unsigned long cp, min;

	while (i < n) {
		if (p[i] == 0)
			return false;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xE0) == 0xC0)
			need = 1, cp = p[i] & 0x1Fu, min = 0x80;
		else if ((p[i] & 0xF0) == 0xE0)
			need = 2, cp = p[i] & 0x0Fu, min = 0x800;
		else if ((p[i] & 0xF8) == 0xF0)
			need = 3, cp = p[i] & 0x07u, min = 0x10000;
		else
			return false;
		if (n - i <= need)
			return false;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3Fu);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += need + 1;
	}
	return true;
}

/* s as it is when it is printable ASCII, else Go-quoted: an error stays one line. */
static void
put_shown(struct buf *b, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			break;
	if (*p || !*s)
		buf_quote_go(b, s);
	else
		buf_puts(b, s);
}

static bool
fail(struct buf *why, const char *msg)
{
	buf_puts(why, msg);
	return false;
}

/*
 * Whether key i repeats an earlier key; *sorted says whether keys[0..i) are
 * in strictly increasing order. They are kept sorted by key (get_map,
 * doc_string_map), and then a key above the last one is above all of them:
 * one comparison. Once a key is out of order (a caller that did not sort),
 * each later key is compared with every earlier one, so no repeat goes unseen.
 */
static bool
key_repeated(const struct strlist *keys, size_t i, bool *sorted)
{
	size_t j;

	if (i == 0 || (*sorted && strcmp(keys->v[i - 1], keys->v[i]) < 0))
		return false;
	*sorted = false;
	for (j = 0; j < i; j++)
		if (strcmp(keys->v[j], keys->v[i]) == 0)
			return true;
	return false;
}

/* Keys non-empty and unique. */
static bool
keys_valid(const char *what, const struct strlist *keys, struct buf *why)
{
	bool sorted = true;
	size_t i;

	for (i = 0; i < keys->n; i++) {
		if (!*keys->v[i]) {
			buf_printf(why, "an empty %s key", what);
			return false;
		}
		if (key_repeated(keys, i, &sorted)) {
			buf_printf(why, "%s ", what);
			put_shown(why, keys->v[i]);
			buf_puts(why, " given twice");
			return false;
		}
	}
	return true;
}

static bool
ipam_valid(const struct netspec *s, struct buf *why)
{
	struct cidr subnets[NETSPEC_MAX_SUBNETS];
	const char *err;
	size_t i, j;
	bool v6 = false;

	if (s->subnets.n > NETSPEC_MAX_SUBNETS) {
		buf_printf(why, "more than %d subnets", NETSPEC_MAX_SUBNETS);
		return false;
	}
	if (s->gateways.n != s->subnets.n || s->ip_ranges.n != s->subnets.n)
		return fail(why, "a gateway or IP range without its subnet");
	for (i = 0; i < s->subnets.n; i++) {
		struct cidr c;
		if (!cidr_parse(s->subnets.v[i], &subnets[i], &err)) {
			buf_puts(why, "subnet ");
			put_shown(why, s->subnets.v[i]);
			buf_printf(why, " %s", err);
			return false;
		}
		v6 = v6 || subnets[i].family == AF_INET6;
		for (j = 0; j < i; j++)
			if (cidr_contains(&subnets[j], &subnets[i]) || cidr_contains(&subnets[i], &subnets[j])) {
				buf_printf(why, "subnet %s overlaps %s", s->subnets.v[i], s->subnets.v[j]);
				return false;
			}
		if (*s->gateways.v[i]) {
			if (!ip_parse(s->gateways.v[i], &c)) {
				buf_puts(why, "gateway ");
				put_shown(why, s->gateways.v[i]);
				buf_puts(why, " is not an IP address");
				return false;
			}
			if (!cidr_contains(&subnets[i], &c) || cidr_is_network_or_broadcast(&subnets[i], &c)) {
				buf_printf(why, "gateway %s is not a host address of subnet %s", s->gateways.v[i],
				           s->subnets.v[i]);
				return false;
			}
		}
		if (*s->ip_ranges.v[i]) {
			if (!cidr_parse(s->ip_ranges.v[i], &c, &err)) {
				buf_puts(why, "IP range ");
				put_shown(why, s->ip_ranges.v[i]);
				buf_printf(why, " %s", err);
				return false;
			}
			if (!cidr_contains(&subnets[i], &c)) {
				buf_printf(why, "IP range %s is not inside subnet %s", s->ip_ranges.v[i], s->subnets.v[i]);
				return false;
			}
		}
	}
	if (s->ipv6 && !v6)
		return fail(why, "IPv6 needs an IPv6 subnet");
	return true;
}

static bool
spec_valid(const struct netspec *s, struct buf *why)
{
	const char *err = docker_network_name_error(s->name);

	if (err)
		return fail(why, err);
	if (!s->driver || !netspec_driver_known(s->driver)) {
		buf_printf(why, "network %s: unknown driver ", s->name);
		put_shown(why, s->driver ? s->driver : "");
		buf_puts(why, " (bridge, overlay, macvlan or ipvlan)");
		return false;
	}
	buf_printf(why, "network %s: ", s->name);
	if (!ipam_valid(s, why) || !keys_valid("option", &s->opt_keys, why) ||
	    !keys_valid("label", &s->label_keys, why))
		return false;
	if (strlist_contains(&s->label_keys, DOKKU_NETWORK_LABEL)) {
		buf_printf(why, "label %s is Dokku's own", DOKKU_NETWORK_LABEL);
		return false;
	}
	return true;
}

bool
netspec_valid(const struct netspec *s, struct buf *why)
{
	struct buf w = BUF_INIT;
	bool ok = spec_valid(s, &w);

	if (!ok)
		buf_append(why, buf_cstr(&w), w.len);
	buf_free(&w);
	return ok;
}

void
netspec_write_subnets(struct buf *out, const struct strlist *subnets, const struct strlist *gateways,
                      const struct strlist *ip_ranges)
{
	size_t i;

	jw_array_begin(out);
	for (i = 0; i < subnets->n; i++) {
		jw_object_begin(out);
		jw_key(out, "Subnet");
		jw_string(out, subnets->v[i]);
		jw_key(out, "Gateway");
		jw_string(out, gateways->v[i]);
		jw_key(out, "IPRange");
		jw_string(out, ip_ranges->v[i]);
		jw_object_end(out);
	}
	jw_array_end(out);
}

void
netspec_write_json(const struct netspec *s, struct buf *out)
{
	jw_object_begin(out);
	jw_key(out, "Name");
	jw_string(out, s->name);
	jw_key(out, "Driver");
	jw_string(out, s->driver);
	jw_key(out, "Internal");
	jw_bool(out, s->internal);
	jw_key(out, "IPv6");
	jw_bool(out, s->ipv6);
	jw_key(out, "Subnets");
	netspec_write_subnets(out, &s->subnets, &s->gateways, &s->ip_ranges);
	jw_key(out, "Options");
	jw_string_map(out, &s->opt_keys, &s->opt_values);
	jw_key(out, "Labels");
	jw_string_map(out, &s->label_keys, &s->label_values);
	jw_object_end(out);
}

/* ---- reading ----------------------------------------------------------------------- */

/* A reading position: the document and its tokens. */
struct rd {
	const char *js;
	const struct json_token *t;
	int n;
	struct buf *why;
};

/* The decoded string at token i, malloc'd; NULL (why set) when it is none or holds a NUL. */
static char *
get_string(const struct rd *r, int i, const char *what)
{
	struct buf b = BUF_INIT;
	char *s;

	if (r->t[i].type != JSON_STRING || !json_string_decode(r->js, r->t, i, &b) ||
	    !netspec_text_valid(buf_cstr(&b), b.len)) {
		buf_printf(r->why, "%s must be a string of UTF-8 text without NUL characters", what);
		buf_free(&b);
		return NULL;
	}
	s = xstrndup(buf_cstr(&b), b.len);
	buf_free(&b);
	return s;
}

static bool
get_bool(const struct rd *r, int i, const char *what, bool *out)
{
	const struct json_token *t = &r->t[i];

	if (t->type == JSON_PRIMITIVE && t->end - t->start == 4 && memcmp(r->js + t->start, "true", 4) == 0)
		*out = true;
	else if (t->type == JSON_PRIMITIVE && t->end - t->start == 5 && memcmp(r->js + t->start, "false", 5) == 0)
		*out = false;
	else {
		buf_printf(r->why, "%s must be true or false", what);
		return false;
	}
	return true;
}

/* Whether key token k is one of the keys seen (bit i for keys[i]); marks it. */
static int
key_index(const struct rd *r, int k, const char *const *keys, size_t nkeys, unsigned *seen)
{
	struct buf name = BUF_INIT;
	size_t i;

	for (i = 0; i < nkeys; i++)
		if (json_string_eq(r->js, r->t, k, keys[i]))
			break;
	if (i == nkeys) {
		json_string_decode(r->js, r->t, k, &name);
		buf_puts(r->why, "unknown key ");
		buf_quote_go(r->why, buf_cstr(&name));
		buf_free(&name);
		return -1;
	}
	if (*seen & (1u << i)) {
		buf_printf(r->why, "key %s given twice", keys[i]);
		return -1;
	}
	*seen |= 1u << i;
	return (int)i;
}

struct pair {
	char *k, *v;
};

static int
compare_pairs(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->k, ((const struct pair *)b)->k);
}

/* An object of strings at token obj into key and value lists sorted by key. */
static bool
get_map(const struct rd *r, int obj, const char *what, struct strlist *keys, struct strlist *values)
{
	struct pair *pairs;
	int c, i, n = 0;
	bool ok = true;

	if (r->t[obj].type != JSON_OBJECT) {
		buf_printf(r->why, "%s must be an object of strings", what);
		return false;
	}
	pairs = xcalloc((size_t)r->t[obj].size + 1, sizeof(*pairs));
	for (c = 0, i = obj + 1; ok && c < r->t[obj].size; c++, i = json_skip(r->t, r->n, i + 1)) {
		pairs[n].k = get_string(r, i, what);
		pairs[n].v = pairs[n].k ? get_string(r, i + 1, what) : NULL;
		ok = pairs[n].v != NULL;
		n++;
	}
	if (ok && n > 1)
		qsort(pairs, (size_t)n, sizeof(*pairs), compare_pairs);
	for (i = 0; i < n; i++) {
		if (ok) {
			strlist_add(keys, pairs[i].k);
			strlist_add(values, pairs[i].v);
		}
		free(pairs[i].k);
		free(pairs[i].v);
	}
	free(pairs);
	return ok;
}

static bool
get_subnets(const struct rd *r, int arr, struct netspec *s)
{
	static const char *const keys[] = { "Subnet", "Gateway", "IPRange" };
	int c, i, m, k;

	if (r->t[arr].type != JSON_ARRAY)
		return fail(r->why, "Subnets must be an array of objects");
	for (c = 0, i = arr + 1; c < r->t[arr].size; c++, i = json_skip(r->t, r->n, i)) {
		char *v[3] = { NULL, NULL, NULL };
		unsigned seen = 0;
		bool ok = true;
		if (r->t[i].type != JSON_OBJECT)
			return fail(r->why, "Subnets must be an array of objects");
		for (m = 0, k = i + 1; ok && m < r->t[i].size; m++, k = json_skip(r->t, r->n, k + 1)) {
			int which = key_index(r, k, keys, NELEM(keys), &seen);
			ok = which >= 0 && (v[which] = get_string(r, k + 1, keys[which])) != NULL;
		}
		if (ok && !v[0])
			ok = fail(r->why, "a Subnets entry without its Subnet");
		if (ok) {
			strlist_add(&s->subnets, v[0]);
			strlist_add(&s->gateways, v[1] ? v[1] : "");
			strlist_add(&s->ip_ranges, v[2] ? v[2] : "");
		}
		free(v[0]);
		free(v[1]);
		free(v[2]);
		if (!ok)
			return false;
	}
	return true;
}

enum { K_NAME, K_DRIVER, K_INTERNAL, K_IPV6, K_SUBNETS, K_OPTIONS, K_LABELS };

bool
netspec_from_json(const char *js, const struct json_token *t, int ntoks, int obj, struct netspec *out,
                  struct buf *why)
{
	static const char *const keys[] = {
		[K_NAME] = "Name", [K_DRIVER] = "Driver", [K_INTERNAL] = "Internal", [K_IPV6] = "IPv6",
		[K_SUBNETS] = "Subnets", [K_OPTIONS] = "Options", [K_LABELS] = "Labels",
	};
	struct rd r = { js, t, ntoks, why };
	unsigned seen = 0;
	bool ok = true;
	int m, k;

	netspec_init(out);
	if (t[obj].type != JSON_OBJECT) {
		buf_puts(why, "a network must be an object");
		return false;
	}
	for (m = 0, k = obj + 1; ok && m < t[obj].size; m++, k = json_skip(t, ntoks, k + 1)) {
		switch (key_index(&r, k, keys, NELEM(keys), &seen)) {
		case K_NAME: ok = (out->name = get_string(&r, k + 1, "Name")) != NULL; break;
		case K_DRIVER: ok = (out->driver = get_string(&r, k + 1, "Driver")) != NULL; break;
		case K_INTERNAL: ok = get_bool(&r, k + 1, "Internal", &out->internal); break;
		case K_IPV6: ok = get_bool(&r, k + 1, "IPv6", &out->ipv6); break;
		case K_SUBNETS: ok = get_subnets(&r, k + 1, out); break;
		case K_OPTIONS: ok = get_map(&r, k + 1, "Options", &out->opt_keys, &out->opt_values); break;
		case K_LABELS: ok = get_map(&r, k + 1, "Labels", &out->label_keys, &out->label_values); break;
		default: ok = false; break;
		}
	}
	if (ok && !out->name)
		ok = fail(why, "a network without its Name");
	if (ok && !out->driver)
		out->driver = xstrdup("bridge");
	if (ok)
		ok = netspec_valid(out, why);
	if (!ok)
		netspec_free(out);
	return ok;
}

/* Tokens beyond any record's needs: a record is small. */
#define MAX_RECORD_TOKENS 100000

bool
netspec_parse(const char *js, size_t len, struct netspec *out, struct buf *why)
{
	struct json_token *t;
	int n;
	bool ok;

	netspec_init(out);
	n = json_parse(js, len, NULL, 0);
	if (n < 1 || n > MAX_RECORD_TOKENS) {
		buf_puts(why, n < 1 ? "not JSON" : "too big");
		return false;
	}
	t = xreallocarray(NULL, (size_t)n, sizeof(*t));
	json_parse(js, len, t, (unsigned)n);
	ok = netspec_from_json(js, t, n, 0, out, why);
	free(t);
	return ok;
}
