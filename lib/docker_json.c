#include <stdlib.h>
#include <string.h>

#include "docker_json.h"
#include "util.h"

bool
doc_parse(struct json_doc *d, const struct buf *b)
{
	d->js = b->data ? b->data : "";
	d->len = b->len;
	d->t = NULL;
	d->n = json_parse(d->js, d->len, NULL, 0);
	if (d->n <= 0)
		return false;
	d->t = xcalloc((size_t)d->n, sizeof(*d->t));
	return json_parse(d->js, d->len, d->t, (unsigned)d->n) == d->n;
}

void
doc_free(struct json_doc *d)
{
	free(d->t);
	d->t = NULL;
	d->n = 0;
}

char *
doc_string(const struct json_doc *d, int obj, const char *key)
{
	struct buf v = BUF_INIT;
	int i = obj < 0 ? -1 : json_object_get(d->js, d->t, d->n, obj, key);
	char *s;

	if (i >= 0 && d->t[i].type == JSON_STRING)
		json_string_decode(d->js, d->t, i, &v);
	s = xstrdup(buf_cstr(&v));
	buf_free(&v);
	return s;
}

bool
doc_bool(const struct json_doc *d, int obj, const char *key)
{
	int i = obj < 0 ? -1 : json_object_get(d->js, d->t, d->n, obj, key);

	return i >= 0 && json_is_true(d->js, d->t, i);
}

int
doc_int(const struct json_doc *d, int obj, const char *key)
{
	int i = obj < 0 ? -1 : json_object_get(d->js, d->t, d->n, obj, key), p, v = 0;

	if (i < 0 || d->t[i].type != JSON_PRIMITIVE || d->t[i].end - d->t[i].start > 9)
		return 0;
	for (p = d->t[i].start; p < d->t[i].end; p++) {
		if (d->js[p] < '0' || d->js[p] > '9')
			return 0;
		v = v * 10 + (d->js[p] - '0');
	}
	return v;
}

int
doc_object(const struct json_doc *d, int obj, const char *key)
{
	int i = obj < 0 ? -1 : json_object_get(d->js, d->t, d->n, obj, key);

	return i >= 0 && d->t[i].type == JSON_OBJECT ? i : -1;
}

void
doc_string_map(const struct json_doc *d, int obj, const char *field,
               struct strlist *out_keys, struct strlist *out_values)
{
	int map = obj < 0 ? -1 : json_object_get(d->js, d->t, d->n, obj, field);
	struct strlist pairs = STRLIST_INIT;
	struct buf k = BUF_INIT, v = BUF_INIT;
	int i, c;
	size_t a;

	if (map < 0 || d->t[map].type != JSON_OBJECT)
		return;
	for (c = 0, i = map + 1; c < d->t[map].size; c++) {
		buf_reset(&k);
		buf_reset(&v);
		json_string_decode(d->js, d->t, i, &k);
		json_string_decode(d->js, d->t, i + 1, &v);
		/* "key\0value" so that sorting by key keeps pairs together */
		buf_putc(&k, '\0');
		buf_append(&k, buf_cstr(&v), v.len);
		strlist_add_n(&pairs, k.data, k.len);
		i = json_skip(d->t, d->n, i + 1);
	}
	strlist_sort(&pairs);
	for (a = 0; a < pairs.n; a++) {
		strlist_add(out_keys, pairs.v[a]);
		strlist_add(out_values, pairs.v[a] + strlen(pairs.v[a]) + 1);
	}
	strlist_free(&pairs);
	buf_free(&k);
	buf_free(&v);
}

void
docker_answer_free(struct docker_answer *a)
{
	doc_free(&a->doc);
	engine_reply_free(&a->reply);
}

/* "<prefix>Error response from daemon: <message>" of a reply, into err. */
static void
daemon_error(const struct engine_reply *r, const char *prefix, struct buf *err)
{
	struct buf msg = BUF_INIT;

	engine_reply_message(r, &msg);
	buf_printf(err, "%sError response from daemon: %s", prefix, buf_cstr(&msg));
	buf_free(&msg);
}

enum docker_lookup
docker_get_json(const char *path, enum json_type type, bool missing_ok, const char *status_prefix,
                const char *json_what, struct docker_answer *a, struct buf *err)
{
	memset(&a->doc, 0, sizeof(a->doc));
	engine_reply_init(&a->reply);
	if (!engine_request("GET", path, NULL, &a->reply)) {
		buf_puts(err, engine_error());
		return DOCKER_ERROR;
	}
	if (a->reply.status == 404 && missing_ok)
		return DOCKER_MISSING;
	if (a->reply.status != 200) {
		daemon_error(&a->reply, status_prefix, err);
		return DOCKER_ERROR;
	}
	if (!doc_parse(&a->doc, &a->reply.body) || a->doc.t[0].type != type) {
		buf_printf(err, "%s: the Docker daemon sent invalid JSON", json_what);
		return DOCKER_ERROR;
	}
	return DOCKER_FOUND;
}

bool
docker_send(const char *method, const char *path, const char *body, int *status, struct buf *err)
{
	struct engine_reply r;
	bool ok = false;

	*status = 0;
	engine_reply_init(&r);
	if (!engine_request(method, path, body, &r)) {
		buf_puts(err, engine_error());
	} else if (r.status == 200 || r.status == 201 || r.status == 204) {
		*status = r.status;
		ok = true;
	} else {
		*status = r.status;
		daemon_error(&r, "", err);
	}
	engine_reply_free(&r);
	return ok;
}
