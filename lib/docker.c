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

static int doc_object(const struct json_doc *d, int obj, const char *key);

/* A small non-negative integer obj[key]; 0 when absent or not one. */
static int
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

const char *
docker_container_ref_error(const char *ref)
{
	if (!ref || !*ref)
		return "No container specified";
	/* the same rule as network names: Docker's [a-zA-Z0-9][a-zA-Z0-9_.-]+ */
	if (docker_network_name_error(ref))
		return "Invalid container ID or name";
	return NULL;
}

/* A string map (Labels, Options) into sorted key and value lists. */
static void
parse_string_map(const struct json_doc *d, int obj, const char *field,
                 struct strlist *out_keys, struct strlist *out_values)
{
	int labels = json_object_get(d->js, d->t, d->n, obj, field);
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
		strlist_add(out_keys, keys.v[a]);
		strlist_add(out_values, keys.v[a] + strlen(keys.v[a]) + 1);
	}
	strlist_free(&keys);
	buf_free(&k);
	buf_free(&v);
}

static void
parse_ipam(const struct json_doc *d, int obj, struct docker_network *n)
{
	int ipam = json_object_get(d->js, d->t, d->n, obj, "IPAM"), config, i, c;

	if (ipam < 0 || d->t[ipam].type != JSON_OBJECT)
		return;
	config = json_object_get(d->js, d->t, d->n, ipam, "Config");
	if (config < 0 || d->t[config].type != JSON_ARRAY)
		return;
	for (c = 0, i = config + 1; c < d->t[config].size; c++) {
		if (d->t[i].type == JSON_OBJECT) {
			char *subnet = doc_string(d, i, "Subnet"), *gw = doc_string(d, i, "Gateway");
			char *range = doc_string(d, i, "IPRange");
			strlist_add(&n->subnets, subnet);
			strlist_add(&n->gateways, gw);
			strlist_add(&n->ip_ranges, range);
			free(subnet);
			free(gw);
			free(range);
		}
		i = json_skip(d->t, d->n, i);
	}
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
	parse_string_map(d, obj, "Labels", &n->label_keys, &n->label_values);
	parse_string_map(d, obj, "Options", &n->option_keys, &n->option_values);
	parse_ipam(d, obj, n);
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

bool
docker_networks_named(const struct strlist *names, struct docker_network_list *out, struct buf *err)
{
	struct docker_network_list l;
	struct buf filter = BUF_INIT, re = BUF_INIT;
	const char *p;
	size_t i, j;
	bool ok;

	/* the name filter is an unanchored regexp: anchor it, escape it, compare exactly */
	jw_object_begin(&filter);
	jw_key(&filter, "name");
	jw_array_begin(&filter);
	for (i = 0; i < names->n; i++) {
		buf_reset(&re);
		buf_putc(&re, '^');
		for (p = names->v[i]; *p; p++) {
			if (strchr("\\.+*?()|[]{}^$", *p))
				buf_putc(&re, '\\');
			buf_putc(&re, *p);
		}
		buf_putc(&re, '$');
		jw_string(&filter, re.data);
		/* swarm-scoped networks match names exactly, never as a pattern */
		jw_string(&filter, names->v[i]);
	}
	jw_array_end(&filter);
	jw_object_end(&filter);
	out->v = NULL;
	out->n = 0;
	ok = list_networks_try(filter.data, &l, err);
	for (i = j = 0; i < l.n; i++) {
		if (strlist_contains(names, l.v[i].name) && (j == 0 || strcmp(l.v[j - 1].name, l.v[i].name) != 0))
			l.v[j++] = l.v[i];  /* sorted: a name the daemon lists twice is kept once */
		else
			docker_network_free(&l.v[i]);
	}
	out->v = l.v;
	out->n = j;
	buf_free(&filter);
	buf_free(&re);
	return ok;
}

enum docker_lookup
docker_network_lookup(const char *name, struct docker_network *out, struct buf *err)
{
	struct strlist names = STRLIST_INIT;
	struct docker_network_list l;
	enum docker_lookup found = DOCKER_MISSING;

	strlist_add(&names, name);
	if (!docker_networks_named(&names, &l, err))
		found = DOCKER_ERROR;
	else if (l.n > 0) {
		*out = l.v[0];
		found = DOCKER_FOUND;
	}
	free(l.v);
	strlist_free(&names);
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

static void
write_string_map(struct buf *body, const struct strlist *keys, const struct strlist *values)
{
	size_t i;

	for (i = 0; i < keys->n; i++) {
		jw_key(body, keys->v[i]);
		jw_string(body, values->v[i]);
	}
}

void
docker_network_create(const struct network_spec *spec, const char *fail_prefix)
{
	struct engine_reply r;
	struct buf body = BUF_INIT;
	int version = engine_api_version();
	size_t i;

	if (version < 0)
		log_fail("%s%s", fail_prefix, engine_error());
	jw_object_begin(&body);
	jw_key(&body, "Name");
	jw_string(&body, spec->name);
	/* before API 1.44 the daemon silently creates duplicates without it */
	if (version > 0 && version < 1044) {
		jw_key(&body, "CheckDuplicate");
		jw_bool(&body, true);
	}
	jw_key(&body, "Driver");
	jw_string(&body, spec->driver);
	jw_key(&body, "Attachable");
	jw_bool(&body, true);
	jw_key(&body, "Internal");
	jw_bool(&body, spec->internal);
	jw_key(&body, "EnableIPv6");
	jw_bool(&body, spec->ipv6);
	if (spec->subnets.n) {
		jw_key(&body, "IPAM");
		jw_object_begin(&body);
		jw_key(&body, "Driver");
		jw_string(&body, "default");
		jw_key(&body, "Config");
		jw_array_begin(&body);
		for (i = 0; i < spec->subnets.n; i++) {
			jw_object_begin(&body);
			jw_key(&body, "Subnet");
			jw_string(&body, spec->subnets.v[i]);
			if (*spec->ip_ranges.v[i]) {
				jw_key(&body, "IPRange");
				jw_string(&body, spec->ip_ranges.v[i]);
			}
			if (*spec->gateways.v[i]) {
				jw_key(&body, "Gateway");
				jw_string(&body, spec->gateways.v[i]);
			}
			jw_object_end(&body);
		}
		jw_array_end(&body);
		jw_object_end(&body);
	}
	jw_key(&body, "Options");
	jw_object_begin(&body);
	write_string_map(&body, &spec->opt_keys, &spec->opt_values);
	jw_object_end(&body);
	jw_key(&body, "Labels");
	jw_object_begin(&body);
	write_string_map(&body, &spec->label_keys, &spec->label_values);
	jw_key(&body, DOKKU_NETWORK_LABEL);
	jw_string(&body, spec->name);
	jw_object_end(&body);
	jw_object_end(&body);
	engine_reply_init(&r);
	request_or_fail("POST", "/networks/create", body.data, &r, fail_prefix);
	if (r.status != 201 && r.status != 200)
		fail_reply(fail_prefix, &r);
	engine_reply_free(&r);
	buf_free(&body);
}

bool
docker_swarm_manager(void)
{
	struct engine_reply r;
	struct json_doc d = { NULL, 0, NULL, 0 };
	bool manager = false;
	int swarm;

	engine_reply_init(&r);
	request_or_fail("GET", "/info", NULL, &r, "Unable to create network: ");
	if (r.status != 200)
		fail_reply("Unable to read the daemon's swarm state: ", &r);
	if (doc_parse(&d, &r.body) && d.t[0].type == JSON_OBJECT) {
		swarm = doc_object(&d, 0, "Swarm");
		if (swarm >= 0) {
			char *state = doc_string(&d, swarm, "LocalNodeState");
			manager = strcmp(state, "active") == 0 && doc_bool(&d, swarm, "ControlAvailable");
			free(state);
		}
	}
	doc_free(&d);
	engine_reply_free(&r);
	return manager;
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
	strlist_free(&n->option_keys);
	strlist_free(&n->option_values);
	strlist_free(&n->subnets);
	strlist_free(&n->gateways);
	strlist_free(&n->ip_ranges);
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

/* The object at obj[key] (or -1). */
static int
doc_object(const struct json_doc *d, int obj, const char *key)
{
	int i = obj < 0 ? -1 : json_object_get(d->js, d->t, d->n, obj, key);

	return i >= 0 && d->t[i].type == JSON_OBJECT ? i : -1;
}

static char *
doc_label(const struct json_doc *d, int labels, const char *key)
{
	if (labels < 0) {
		char *s = strdup("");
		if (!s)
			log_fail("out of memory");
		return s;
	}
	return doc_string(d, labels, key);
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
		name = strdup(buf_cstr(&b));
		buf_free(&b);
		if (!name)
			log_fail("out of memory");
	}
	c->name = strdup(name[0] == '/' ? name + 1 : name);
	free(name);
	if (!c->name)
		log_fail("out of memory");
	config = doc_object(d, obj, "Config");
	labels = doc_object(d, config >= 0 ? config : obj, "Labels");
	c->hostname = config >= 0 ? doc_string(d, config, "Hostname") : strdup("");
	c->app = doc_label(d, labels, "com.dokku.app-name");
	c->proc = doc_label(d, labels, "com.dokku.process-type");
	host = doc_object(d, obj, "HostConfig");
	c->network_mode = host >= 0 ? doc_string(d, host, "NetworkMode") : strdup("");
	policy = doc_object(d, host, "RestartPolicy");  /* inspect only */
	c->restart_policy = policy >= 0 ? doc_string(d, policy, "Name") : strdup("");
	c->restart_max = doc_int(d, policy, "MaximumRetryCount");
	c->restart_count = doc_int(d, obj, "RestartCount");
	if (!c->restart_policy)
		log_fail("out of memory");
	if (!c->hostname || !c->network_mode)
		log_fail("out of memory");
	settings = doc_object(d, obj, "NetworkSettings");
	nets = doc_object(d, settings, "Networks");
	if (nets < 0)
		return;
	for (k = 0, i = nets + 1; k < d->t[nets].size; k++) {
		struct buf netname = BUF_INIT;
		char *ip;
		json_string_decode(d->js, d->t, i, &netname);
		ip = d->t[i + 1].type == JSON_OBJECT ? doc_string(d, i + 1, "IPAddress") : strdup("");
		if (!ip)
			log_fail("out of memory");
		strlist_add(&c->networks, buf_cstr(&netname));
		strlist_add(&c->network_ips, ip);
		free(ip);
		buf_free(&netname);
		i = json_skip(d->t, d->n, i + 1);
	}
}

bool
docker_containers_list(const char *filters, bool all, struct docker_container_list *out,
                       struct buf *err)
{
	struct engine_reply r;
	struct json_doc d = { NULL, 0, NULL, 0 };
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
	engine_reply_init(&r);
	if (!engine_request("GET", path.data, NULL, &r)) {
		buf_puts(err, engine_error());
	} else if (r.status != 200) {
		struct buf msg = BUF_INIT;
		engine_reply_message(&r, &msg);
		buf_printf(err, "Unable to list containers: Error response from daemon: %s", buf_cstr(&msg));
		buf_free(&msg);
	} else if (!doc_parse(&d, &r.body) || d.t[0].type != JSON_ARRAY) {
		buf_puts(err, "Unable to list containers: the Docker daemon sent invalid JSON");
	} else {
		out->v = calloc((size_t)d.t[0].size + 1, sizeof(*out->v));
		if (!out->v)
			log_fail("out of memory");
		for (c = 0, i = 1; c < d.t[0].size; c++) {
			if (d.t[i].type == JSON_OBJECT)
				parse_container(&d, i, &out->v[out->n++]);
			i = json_skip(d.t, d.n, i);
		}
		ok = true;
	}
	doc_free(&d);
	engine_reply_free(&r);
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
	struct engine_reply r;
	struct json_doc d = { NULL, 0, NULL, 0 };
	struct buf path = BUF_INIT;
	enum docker_lookup result = DOCKER_ERROR;

	buf_puts(&path, "/containers/");
	url_encode(&path, id[0] == '/' ? id + 1 : id);
	buf_puts(&path, "/json");
	engine_reply_init(&r);
	if (!engine_request("GET", path.data, NULL, &r)) {
		buf_puts(err, engine_error());
	} else if (r.status == 404) {
		result = DOCKER_MISSING;
	} else if (r.status != 200) {
		struct buf msg = BUF_INIT;
		engine_reply_message(&r, &msg);
		buf_printf(err, "Error response from daemon: %s", buf_cstr(&msg));
		buf_free(&msg);
	} else if (!doc_parse(&d, &r.body) || d.t[0].type != JSON_OBJECT) {
		buf_puts(err, "Unable to inspect container: the Docker daemon sent invalid JSON");
	} else {
		parse_container(&d, 0, out);
		result = DOCKER_FOUND;
	}
	doc_free(&d);
	engine_reply_free(&r);
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

bool
docker_container_resolve(const struct docker_container_list *list, const char *id,
                         struct docker_container *out, bool *owned)
{
	struct buf err = BUF_INIT;
	enum docker_lookup r;
	size_t i;

	*owned = false;
	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].id, id) == 0) {
			*out = list->v[i];
			return true;
		}
	/* not in the list (not running, or not labelled as the app's): ask about it alone */
	r = docker_container_inspect(id, out, &err);
	if (r == DOCKER_ERROR)
		log_fail("%s", buf_cstr(&err));
	buf_free(&err);
	*owned = r == DOCKER_FOUND;
	return r == DOCKER_FOUND;
}

bool
docker_network_connect(const char *network, const char *container,
                       const struct strlist *aliases, struct buf *err)
{
	struct engine_reply r;
	struct buf path = BUF_INIT, body = BUF_INIT, msg = BUF_INIT;
	bool ok = false;
	size_t i;

	buf_puts(&path, "/networks/");
	url_encode(&path, network);
	buf_puts(&path, "/connect");
	jw_object_begin(&body);
	jw_key(&body, "Container");
	jw_string(&body, container);
	jw_key(&body, "EndpointConfig");
	jw_object_begin(&body);
	if (aliases && aliases->n) {
		jw_key(&body, "Aliases");
		jw_array_begin(&body);
		for (i = 0; i < aliases->n; i++)
			jw_string(&body, aliases->v[i]);
		jw_array_end(&body);
	}
	jw_object_end(&body);
	jw_object_end(&body);
	engine_reply_init(&r);
	if (!engine_request("POST", path.data, body.data, &r)) {
		buf_puts(err, engine_error());
	} else if (r.status == 200 || r.status == 204) {
		ok = true;
	} else {
		engine_reply_message(&r, &msg);
		/* a running container already on the network: nothing to do */
		if (r.status == 403 && strstr(buf_cstr(&msg), "already exists in network"))
			ok = true;
		else
			buf_printf(err, "Error response from daemon: %s", buf_cstr(&msg));
	}
	engine_reply_free(&r);
	buf_free(&path);
	buf_free(&body);
	buf_free(&msg);
	return ok;
}

bool
docker_network_disconnect(const char *network, const char *container, struct buf *err)
{
	struct engine_reply r;
	struct buf path = BUF_INIT, body = BUF_INIT, msg = BUF_INIT;
	bool ok = false;

	buf_puts(&path, "/networks/");
	url_encode(&path, network);
	buf_puts(&path, "/disconnect");
	jw_object_begin(&body);
	jw_key(&body, "Container");
	jw_string(&body, container);
	jw_key(&body, "Force");
	jw_bool(&body, false);
	jw_object_end(&body);
	engine_reply_init(&r);
	if (!engine_request("POST", path.data, body.data, &r)) {
		buf_puts(err, engine_error());
	} else if (r.status == 200 || r.status == 204) {
		ok = true;
	} else {
		engine_reply_message(&r, &msg);
		buf_printf(err, "Error response from daemon: %s", buf_cstr(&msg));
	}
	engine_reply_free(&r);
	buf_free(&path);
	buf_free(&body);
	buf_free(&msg);
	return ok;
}
