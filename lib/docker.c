#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "engine.h"
#include "json.h"
#include "log.h"

/* A parsed JSON document: the text and its tokens. */
struct json_doc {
	const char *js;
	size_t len;
	struct json_token *t;
	int n;
};

static bool
doc_parse(struct json_doc *d, const struct buf *b)
{
	d->js = b->data ? b->data : "";
	d->len = b->len;
	d->t = NULL;
	d->n = json_parse(d->js, d->len, NULL, 0);
	if (d->n <= 0)
		return false;
	d->t = calloc((size_t)d->n, sizeof(*d->t));
	if (!d->t)
		log_fail("out of memory");
	return json_parse(d->js, d->len, d->t, (unsigned)d->n) == d->n;
}

static void
doc_free(struct json_doc *d)
{
	free(d->t);
	d->t = NULL;
}

/* The decoded string value of obj[key], malloc'd; "" when absent. */
static char *
doc_string(const struct json_doc *d, int obj, const char *key)
{
	struct buf v = BUF_INIT;
	int i = json_object_get(d->js, d->t, d->n, obj, key);
	char *s;

	if (i >= 0 && d->t[i].type == JSON_STRING)
		json_string_decode(d->js, d->t, i, &v);
	s = strdup(buf_cstr(&v));
	if (!s)
		log_fail("out of memory");
	buf_free(&v);
	return s;
}

static bool
doc_bool(const struct json_doc *d, int obj, const char *key)
{
	int i = json_object_get(d->js, d->t, d->n, obj, key);

	return i >= 0 && json_is_true(d->js, d->t, i);
}

/* Fails with "<prefix>Error response from daemon: <message>". */
NORETURN static void
fail_reply(const char *prefix, const struct engine_reply *r)
{
	struct buf msg = BUF_INIT;

	engine_reply_message(r, &msg);
	log_fail("%sError response from daemon: %s", prefix, buf_cstr(&msg));
}

static void
request_or_fail(const char *method, const char *path, const char *body,
                struct engine_reply *r, const char *prefix)
{
	if (!engine_request(method, path, body, r))
		log_fail("%s%s", prefix, engine_error());
}

const char *
docker_network_name_error(const char *name)
{
	const char *p;

	if (!name || !*name)
		return "No network name specified";
	if (strlen(name) > 255)
		return "Invalid network name: at most 255 characters are allowed";
	for (p = name; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
		if (!alnum && (p == name || (*p != '_' && *p != '.' && *p != '-')))
			return "Invalid network name: it must start with a letter or digit and contain "
			       "only letters, digits, '_', '.' and '-'";
	}
	return NULL;
}

static void
parse_labels(const struct json_doc *d, int obj, struct docker_network *n)
{
	int labels = json_object_get(d->js, d->t, d->n, obj, "Labels");
	struct strlist keys = STRLIST_INIT;
	struct buf k = BUF_INIT, v = BUF_INIT;
	int i, c;
	size_t a;

	if (labels < 0 || d->t[labels].type != JSON_OBJECT)
		return;
	for (c = 0, i = labels + 1; c < d->t[labels].size; c++) {
		buf_reset(&k);
		buf_reset(&v);
		json_string_decode(d->js, d->t, i, &k);
		json_string_decode(d->js, d->t, i + 1, &v);
		/* "key\0value" so that sorting by key keeps pairs together */
		buf_putc(&k, '\0');
		buf_append(&k, buf_cstr(&v), v.len);
		strlist_add_n(&keys, k.data, k.len);
		i = json_skip(d->t, d->n, i + 1);
	}
	strlist_sort(&keys);
	for (a = 0; a < keys.n; a++) {
		strlist_add(&n->label_keys, keys.v[a]);
		strlist_add(&n->label_values, keys.v[a] + strlen(keys.v[a]) + 1);
	}
	strlist_free(&keys);
	buf_free(&k);
	buf_free(&v);
}

static void
parse_network(const struct json_doc *d, int obj, struct docker_network *n)
{
	memset(n, 0, sizeof(*n));
	n->name = doc_string(d, obj, "Name");
	n->id = doc_string(d, obj, "Id");
	n->created = doc_string(d, obj, "Created");
	n->driver = doc_string(d, obj, "Driver");
	n->scope = doc_string(d, obj, "Scope");
	n->internal = doc_bool(d, obj, "Internal");
	n->ipv6 = doc_bool(d, obj, "EnableIPv6");
	n->attachable = doc_bool(d, obj, "Attachable");
	parse_labels(d, obj, n);
}

static int
compare_networks(const void *a, const void *b)
{
	return strcmp(((const struct docker_network *)a)->name,
	              ((const struct docker_network *)b)->name);
}

/*
 * GET /networks with an optional filters JSON; fills and sorts out. On
 * failure returns false with the reason in err.
 */
static bool
list_networks_try(const char *filters, struct docker_network_list *out, struct buf *err)
{
	struct engine_reply r;
	struct json_doc d = { NULL, 0, NULL, 0 };
	struct buf path = BUF_INIT;
	bool ok = false;
	int i, c;

	out->v = NULL;
	out->n = 0;
	buf_puts(&path, "/networks");
	if (filters) {
		buf_puts(&path, "?filters=");
		url_encode(&path, filters);
	}
	engine_reply_init(&r);
	if (!engine_request("GET", path.data, NULL, &r)) {
		buf_puts(err, engine_error());
	} else if (r.status != 200) {
		struct buf msg = BUF_INIT;
		engine_reply_message(&r, &msg);
		buf_printf(err, "Unable to list networks: Error response from daemon: %s", buf_cstr(&msg));
		buf_free(&msg);
	} else if (!doc_parse(&d, &r.body) || d.t[0].type != JSON_ARRAY) {
		buf_puts(err, "Unable to list networks: the Docker daemon sent invalid JSON");
	} else {
		out->v = calloc((size_t)d.t[0].size + 1, sizeof(*out->v));
		if (!out->v)
			log_fail("out of memory");
		for (c = 0, i = 1; c < d.t[0].size; c++) {
			if (d.t[i].type == JSON_OBJECT)
				parse_network(&d, i, &out->v[out->n++]);
			i = json_skip(d.t, d.n, i);
		}
		qsort(out->v, out->n, sizeof(*out->v), compare_networks);
		ok = true;
	}
	doc_free(&d);
	engine_reply_free(&r);
	buf_free(&path);
	return ok;
}

static void
list_networks(const char *filters, struct docker_network_list *out)
{
	struct buf err = BUF_INIT;

	if (!list_networks_try(filters, out, &err))
		log_fail("%s", buf_cstr(&err));
	buf_free(&err);
}

void
docker_networks_list(struct docker_network_list *out)
{
	list_networks(NULL, out);
}

enum docker_lookup
docker_network_lookup(const char *name, struct docker_network *out, struct buf *err)
{
	struct docker_network_list l;
	struct buf filter = BUF_INIT, re = BUF_INIT;
	enum docker_lookup found = DOCKER_MISSING;
	const char *p;
	size_t i;

	/* the name filter is an unanchored regexp: anchor it, escape it, compare exactly */
	buf_putc(&re, '^');
	for (p = name; *p; p++) {
		if (strchr("\\.+*?()|[]{}^$", *p))
			buf_putc(&re, '\\');
		buf_putc(&re, *p);
	}
	buf_putc(&re, '$');
	jw_object_begin(&filter);
	jw_key(&filter, "name");
	jw_array_begin(&filter);
	jw_string(&filter, re.data);
	jw_array_end(&filter);
	jw_object_end(&filter);
	if (!list_networks_try(filter.data, &l, err))
		found = DOCKER_ERROR;
	for (i = 0; i < l.n; i++) {
		if (found == DOCKER_MISSING && strcmp(l.v[i].name, name) == 0) {
			*out = l.v[i];
			found = DOCKER_FOUND;
		} else {
			docker_network_free(&l.v[i]);
		}
	}
	free(l.v);
	buf_free(&filter);
	buf_free(&re);
	return found;
}

bool
docker_network_find(const char *name, struct docker_network *out)
{
	struct buf err = BUF_INIT;
	enum docker_lookup r = docker_network_lookup(name, out, &err);

	if (r == DOCKER_ERROR)
		log_fail("%s", buf_cstr(&err));
	buf_free(&err);
	return r == DOCKER_FOUND;
}

bool
docker_network_dokku_managed(const struct docker_network *n)
{
	return strlist_contains(&n->label_keys, DOKKU_NETWORK_LABEL);
}

void
docker_network_create(const char *name, const char *fail_prefix)
{
	struct engine_reply r;
	struct buf body = BUF_INIT;
	int version = engine_api_version();

	if (version < 0)
		log_fail("%s%s", fail_prefix, engine_error());
	jw_object_begin(&body);
	jw_key(&body, "Name");
	jw_string(&body, name);
	/* before API 1.44 the daemon silently creates duplicates without it */
	if (version > 0 && version < 1044) {
		jw_key(&body, "CheckDuplicate");
		jw_bool(&body, true);
	}
	jw_key(&body, "Driver");
	jw_string(&body, "bridge");
	jw_key(&body, "Attachable");
	jw_bool(&body, true);
	jw_key(&body, "Labels");
	jw_object_begin(&body);
	jw_key(&body, DOKKU_NETWORK_LABEL);
	jw_string(&body, name);
	jw_object_end(&body);
	jw_object_end(&body);
	engine_reply_init(&r);
	request_or_fail("POST", "/networks/create", body.data, &r, fail_prefix);
	if (r.status != 201 && r.status != 200)
		fail_reply(fail_prefix, &r);
	engine_reply_free(&r);
	buf_free(&body);
}

void
docker_network_remove(const char *id, const char *fail_prefix)
{
	struct engine_reply r;
	struct buf path = BUF_INIT;

	buf_puts(&path, "/networks/");
	url_encode(&path, id);
	engine_reply_init(&r);
	request_or_fail("DELETE", path.data, NULL, &r, fail_prefix);
	if (r.status != 204 && r.status != 200)
		fail_reply(fail_prefix, &r);
	engine_reply_free(&r);
	buf_free(&path);
}

void
docker_network_free(struct docker_network *n)
{
	free(n->name);
	free(n->id);
	free(n->created);
	free(n->driver);
	free(n->scope);
	strlist_free(&n->label_keys);
	strlist_free(&n->label_values);
	memset(n, 0, sizeof(*n));
}

void
docker_network_list_free(struct docker_network_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		docker_network_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
