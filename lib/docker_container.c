/* docker_container: containers through the Engine API (list, inspect). */
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "docker_json.h"
#include "util.h"
#include "jsonwrite.h"
#include "jsonsplit.h"

const char *
docker_container_ref_error(const char *ref)
{
	if (!ref || !*ref)
		return "No container specified";
	/* the same rule as network names, Docker's [a-zA-Z0-9][a-zA-Z0-9_.-]*, at most 255 characters */
	if (docker_network_name_error(ref))
		return "Invalid container ID or name";
	return NULL;
}

/* Parses either a container list entry or a container inspect document. */
static void
parse_container(const struct json_doc *d, int obj, struct docker_container *c)
{
	int state, config, labels, host, policy, settings, nets, i, k;
	char *name;

	memset(c, 0, sizeof(*c));
	c->id = doc_string(d, obj, "Id");
	state = doc_object(d, obj, "State");
	if (state >= 0) {  /* inspect */
		c->state = doc_string(d, state, "Status");
		c->running = doc_bool(d, state, "Running");
		name = doc_string(d, obj, "Name");
	} else {           /* list: State is a string, Names an array */
		int names = json_object_get(d->js, d->t, d->n, obj, "Names");
		struct buf b = BUF_INIT;
		c->state = doc_string(d, obj, "State");
		/* as inspect's State.Running: true while paused or restarting too */
		c->running = strcmp(c->state, "running") == 0 || strcmp(c->state, "paused") == 0 ||
		             strcmp(c->state, "restarting") == 0;
		if (names >= 0 && d->t[names].type == JSON_ARRAY && d->t[names].size > 0)
			json_string_decode(d->js, d->t, names + 1, &b);
		name = xstrdup(buf_cstr(&b));
		buf_free(&b);
	}
	c->name = xstrdup(name[0] == '/' ? name + 1 : name);
	free(name);
	config = doc_object(d, obj, "Config");
	labels = doc_object(d, config >= 0 ? config : obj, "Labels");
	c->hostname = config >= 0 ? doc_string(d, config, "Hostname") : xstrdup("");
	c->app = doc_string(d, labels, "com.dokku.app-name");
	c->proc = doc_string(d, labels, "com.dokku.process-type");
	host = doc_object(d, obj, "HostConfig");
	c->network_mode = host >= 0 ? doc_string(d, host, "NetworkMode") : xstrdup("");
	policy = doc_object(d, host, "RestartPolicy");  /* inspect only */
	c->restart_policy = policy >= 0 ? doc_string(d, policy, "Name") : xstrdup("");
	c->restart_max = doc_int(d, policy, "MaximumRetryCount");
	c->restart_count = doc_int(d, obj, "RestartCount");
	settings = doc_object(d, obj, "NetworkSettings");
	nets = doc_object(d, settings, "Networks");
	if (nets < 0)
		return;
	for (k = 0, i = nets + 1; k < d->t[nets].size; k++) {
		struct buf netname = BUF_INIT;
		char *ip;
		json_string_decode(d->js, d->t, i, &netname);
		ip = d->t[i + 1].type == JSON_OBJECT ? doc_string(d, i + 1, "IPAddress") : xstrdup("");
		strlist_add(&c->networks, buf_cstr(&netname));
		strlist_add(&c->network_ips, ip);
		free(ip);
		buf_free(&netname);
		i = json_skip(d->t, d->n, i + 1);
	}
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(((const struct docker_container *)a)->name, ((const struct docker_container *)b)->name);
}

bool
docker_network_containers(const char *network, struct docker_container_list *out, struct buf *err)
{
	struct buf filter = BUF_INIT;
	bool ok;

	jw_object_begin(&filter);
	jw_key(&filter, "network");
	jw_array_begin(&filter);
	jw_string(&filter, network);
	jw_array_end(&filter);
	jw_object_end(&filter);
	ok = docker_containers_list(filter.data, true, out, err);
	if (ok && out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), compare_names);
	buf_free(&filter);
	return ok;
}

bool
docker_containers_list(const char *filters, bool all, struct docker_container_list *out,
                       struct buf *err)
{
	struct docker_answer a;
	struct buf path = BUF_INIT;
	bool ok = false;
	int i, c;

	out->v = NULL;
	out->n = 0;
	buf_printf(&path, "/containers/json?all=%d", all ? 1 : 0);
	if (filters) {
		buf_puts(&path, "&filters=");
		url_encode(&path, filters);
	}
	if (docker_get_json(path.data, JSON_ARRAY, false, "Unable to list containers: ", "Unable to list containers",
	                    &a, err) == DOCKER_FOUND) {
		const struct json_doc *d = &a.doc;
		out->v = xcalloc((size_t)d->t[0].size + 1, sizeof(*out->v));
		for (c = 0, i = 1; c < d->t[0].size; c++) {
			if (d->t[i].type == JSON_OBJECT)
				parse_container(d, i, &out->v[out->n++]);
			i = json_skip(d->t, d->n, i);
		}
		ok = true;
	}
	docker_answer_free(&a);
	buf_free(&path);
	return ok;
}

#define READ_TIMEOUT_MS 30000  /* as engine.c's for one request */

/* What docker_containers_each hands each element of the list to. */
struct each_container {
	bool (*fn)(struct docker_container *c, void *ctx);
	void *ctx;
	bool stop;  /* fn asked to stop, or an element was not JSON */
	bool bad;
};

static void
each_element(const char *element, size_t len, void *arg)
{
	struct each_container *ec = arg;
	struct json_doc d = { NULL, 0, NULL, 0 };
	struct buf b = BUF_INIT;
	struct docker_container c;

	if (ec->stop)
		return;
	buf_append(&b, element, len);
	if (!doc_parse(&d, &b) || d.t[0].type != JSON_OBJECT) {
		ec->bad = ec->stop = true;
	} else {
		parse_container(&d, 0, &c);
		if (!ec->fn(&c, ec->ctx))
			ec->stop = true;
	}
	doc_free(&d);
	buf_free(&b);
}

bool
docker_containers_each(const char *filters, bool all,
                       bool (*fn)(struct docker_container *c, void *ctx), void *ctx, struct buf *err)
{
	struct each_container ec = { fn, ctx, false, false };
	struct engine_stream s;
	struct json_elements el;
	struct buf path = BUF_INIT, body = BUF_INIT;
	int rc, fed = 0;
	bool ok = false;

	buf_printf(&path, "/containers/json?all=%d", all ? 1 : 0);
	if (filters) {
		buf_puts(&path, "&filters=");
		url_encode(&path, filters);
	}
	json_elements_init(&el);
	if (!engine_stream_open(&s, path.data)) {
		buf_printf(err, "Unable to list containers: %s", engine_error());
		goto out;
	}
	/* one element at a time: a list of a thousand containers is never held whole */
	for (;;) {
		buf_reset(&body);
		rc = engine_stream_next(&s, &body, READ_TIMEOUT_MS);
		if (rc == ENGINE_STREAM_ERROR || rc == ENGINE_STREAM_WAIT)
			break;
		fed = json_elements_feed(&el, buf_cstr(&body), body.len, each_element, &ec);
		if (fed != 0 || ec.stop || rc == ENGINE_STREAM_END)
			break;
	}
	if (rc == ENGINE_STREAM_ERROR || rc == ENGINE_STREAM_WAIT)
		buf_printf(err, "Unable to list containers: %s",
		           rc == ENGINE_STREAM_WAIT ? "timed out waiting for the Docker daemon" : engine_error());
	else if (fed < 0 || ec.bad || (fed == 0 && !ec.stop))
		buf_puts(err, "Unable to list containers: the Docker daemon sent invalid JSON");
	else
		ok = true;
	engine_stream_close(&s);
out:
	json_elements_free(&el);
	buf_free(&path);
	buf_free(&body);
	return ok;
}

enum docker_lookup
docker_container_inspect(const char *id, struct docker_container *out, struct buf *err)
{
	struct docker_answer a;
	struct buf path = BUF_INIT;
	enum docker_lookup result;

	buf_puts(&path, "/containers/");
	url_encode(&path, id[0] == '/' ? id + 1 : id);
	buf_puts(&path, "/json");
	result = docker_get_json(path.data, JSON_OBJECT, true, "", "Unable to inspect container", &a, err);
	if (result == DOCKER_FOUND)
		parse_container(&a.doc, 0, out);
	docker_answer_free(&a);
	buf_free(&path);
	return result;
}

const char *
docker_container_ip(const struct docker_container *c, const char *network)
{
	size_t i;

	for (i = 0; i < c->networks.n; i++)
		if (strcmp(c->networks.v[i], network) == 0)
			return c->network_ips.v[i];
	return "";
}

bool
docker_app_containers(const char *app, struct docker_container_list *out, struct buf *err)
{
	struct buf filter = BUF_INIT, label = BUF_INIT;
	bool ok;

	buf_printf(&label, "com.dokku.app-name=%s", app);
	jw_object_begin(&filter);
	jw_key(&filter, "label");
	jw_array_begin(&filter);
	jw_string(&filter, label.data);
	jw_array_end(&filter);
	jw_object_end(&filter);
	ok = docker_containers_list(filter.data, false, out, err);
	buf_free(&filter);
	buf_free(&label);
	return ok;
}

void
docker_container_free(struct docker_container *c)
{
	free(c->id);
	free(c->name);
	free(c->hostname);
	free(c->network_mode);
	free(c->app);
	free(c->proc);
	free(c->state);
	free(c->restart_policy);
	strlist_free(&c->networks);
	strlist_free(&c->network_ips);
	memset(c, 0, sizeof(*c));
}

void
docker_container_list_free(struct docker_container_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		docker_container_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

enum docker_lookup
docker_container_resolve(const struct docker_container_list *list, const char *id,
                         struct docker_container *out, bool *owned, struct buf *err)
{
	enum docker_lookup r;
	size_t i;

	*owned = false;
	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].id, id) == 0) {
			*out = list->v[i];
			return DOCKER_FOUND;
		}
	/* not in the list (not running, or not labelled as the app's): ask about it alone */
	r = docker_container_inspect(id, out, err);
	*owned = r == DOCKER_FOUND;
	return r;
}

