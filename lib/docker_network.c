/* docker_network: networks through the Engine API (list, find, create, remove, connect). */
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "docker_json.h"
#include "util.h"
#include "jsonwrite.h"

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
	doc_string_map(d, obj, "Labels", &n->label_keys, &n->label_values);
	doc_string_map(d, obj, "Options", &n->option_keys, &n->option_values);
	parse_ipam(d, obj, n);
}

static int
compare_networks(const void *a, const void *b)
{
	return strcmp(((const struct docker_network *)a)->name,
	              ((const struct docker_network *)b)->name);
}

/* GET /networks with an optional filters JSON: the networks, sorted by name. */
static bool
list_networks(const char *filters, struct docker_network_list *out, struct buf *err)
{
	struct docker_answer a;
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
	if (docker_get_json(path.data, JSON_ARRAY, false, "Unable to list networks: ", "Unable to list networks", &a,
	                    err) == DOCKER_FOUND) {
		const struct json_doc *d = &a.doc;
		out->v = xcalloc((size_t)d->t[0].size + 1, sizeof(*out->v));
		for (c = 0, i = 1; c < d->t[0].size; c++) {
			if (d->t[i].type == JSON_OBJECT)
				parse_network(d, i, &out->v[out->n++]);
			i = json_skip(d->t, d->n, i);
		}
		qsort(out->v, out->n, sizeof(*out->v), compare_networks);
		ok = true;
	}
	docker_answer_free(&a);
	buf_free(&path);
	return ok;
}

bool
docker_networks_list(struct docker_network_list *out, struct buf *err)
{
	return list_networks(NULL, out, err);
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
	ok = list_networks(filter.data, &l, err);
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

bool
docker_network_create(const struct network_spec *spec, struct buf *err)
{
	struct buf body = BUF_INIT;
	int version = engine_api_version(), status;
	size_t i;
	bool ok;

	if (version < 0) {
		buf_puts(err, engine_error());
		return false;
	}
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
	ok = docker_send("POST", "/networks/create", body.data, &status, err);
	buf_free(&body);
	return ok;
}

int
docker_swarm_manager(struct buf *err)
{
	struct docker_answer a;
	int swarm, manager = -1;

	if (docker_get_json("/info", JSON_OBJECT, false, "", "Unable to read the daemon's swarm state", &a,
	                    err) == DOCKER_FOUND) {
		manager = 0;
		swarm = doc_object(&a.doc, 0, "Swarm");
		if (swarm >= 0) {
			char *state = doc_string(&a.doc, swarm, "LocalNodeState");
			manager = strcmp(state, "active") == 0 && doc_bool(&a.doc, swarm, "ControlAvailable");
			free(state);
		}
	}
	docker_answer_free(&a);
	return manager;
}

bool
docker_network_remove(const char *id, struct buf *err)
{
	struct buf path = BUF_INIT;
	int status;
	bool ok;

	buf_puts(&path, "/networks/");
	url_encode(&path, id);
	ok = docker_send("DELETE", path.data, NULL, &status, err);
	buf_free(&path);
	return ok;
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

bool
docker_network_connect(const char *network, const char *container,
                       const struct strlist *aliases, struct buf *err)
{
	struct buf path = BUF_INIT, body = BUF_INIT;
	size_t i;
	int status;
	bool ok;

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
	ok = docker_send("POST", path.data, body.data, &status, err);
	/* a running container already on the network: nothing to do */
	if (!ok && status == 403 && strstr(buf_cstr(err), "already exists in network")) {
		buf_reset(err);
		ok = true;
	}
	buf_free(&path);
	buf_free(&body);
	return ok;
}

bool
docker_network_disconnect(const char *network, const char *container, struct buf *err)
{
	struct buf path = BUF_INIT, body = BUF_INIT;
	int status;
	bool ok;

	buf_puts(&path, "/networks/");
	url_encode(&path, network);
	buf_puts(&path, "/disconnect");
	jw_object_begin(&body);
	jw_key(&body, "Container");
	jw_string(&body, container);
	jw_key(&body, "Force");
	jw_bool(&body, false);
	jw_object_end(&body);
	ok = docker_send("POST", path.data, body.data, &status, err);
	buf_free(&path);
	buf_free(&body);
	return ok;
}

/* ---- a swarm-scoped network across the swarm (network:info) ---- */

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
compare_endpoints(const void *a, const void *b)
{
	const struct docker_swarm_endpoint *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->host, y->host);
}

/* One of Tasks[]: this host's own endpoints only give this host's address (the caller lists them). */
static void
add_task(const struct json_doc *d, int task, const struct strlist *local, struct docker_swarm_view *out,
         size_t *cap)
{
	char *ep = doc_string(d, task, "EndpointID");
	char *host = doc_string(d, doc_object(d, task, "Info"), "Host IP");
	struct docker_swarm_endpoint *e;

	if (*ep && local->n && bsearch(&ep, local->v, local->n, sizeof(*local->v), compare_strings)) {
		if (!*out->local_host) {
			free(out->local_host);
			out->local_host = host;
			host = NULL;
		}
	} else if (d->t[task].type == JSON_OBJECT) {
		if (out->n == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			out->v = xreallocarray(out->v, *cap, sizeof(*out->v));
		}
		e = &out->v[out->n++];
		e->name = doc_string(d, task, "Name");
		e->ip = doc_string(d, task, "EndpointIP");
		e->ip[strcspn(e->ip, "/")] = '\0';
		e->host = host;
		host = NULL;
	}
	free(host);
	free(ep);
}

static void
empty_view(struct docker_swarm_view *out)
{
	memset(out, 0, sizeof(*out));
	out->local_host = xstrdup("");
}

static void
parse_swarm_view(const struct json_doc *d, struct docker_swarm_view *out)
{
	struct strlist local = STRLIST_INIT, peers = STRLIST_INIT;
	struct buf pair = BUF_INIT;
	int obj, i, c, t, k;
	size_t cap = 0, p;

	empty_view(out);
	/* Containers{} holds this host's endpoints: Tasks lists them too */
	obj = doc_object(d, 0, "Containers");
	for (c = 0, i = obj + 1; obj >= 0 && c < d->t[obj].size; c++) {
		char *ep = doc_string(d, i + 1, "EndpointID");
		if (*ep)
			strlist_add(&local, ep);
		free(ep);
		i = json_skip(d->t, d->n, i + 1);
	}
	strlist_sort(&local);
	/* Services[""] holds the attached containers, Services[<name>] a service's tasks */
	obj = doc_object(d, 0, "Services");
	for (c = 0, i = obj + 1; obj >= 0 && c < d->t[obj].size; c++) {
		int tasks = json_object_get(d->js, d->t, d->n, i + 1, "Tasks");
		if (tasks >= 0 && d->t[tasks].type == JSON_ARRAY)
			for (t = 0, k = tasks + 1; t < d->t[tasks].size; t++) {
				add_task(d, k, &local, out, &cap);
				k = json_skip(d->t, d->n, k);
			}
		i = json_skip(d->t, d->n, i + 1);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), compare_endpoints);
	/* "IP\0Name" so that sorting by address keeps each pair together */
	obj = json_object_get(d->js, d->t, d->n, 0, "Peers");
	for (c = 0, i = obj + 1; obj >= 0 && d->t[obj].type == JSON_ARRAY && c < d->t[obj].size; c++) {
		char *ip = doc_string(d, i, "IP"), *name = doc_string(d, i, "Name");
		if (*ip) {
			buf_reset(&pair);
			buf_puts(&pair, ip);
			buf_putc(&pair, '\0');
			buf_puts(&pair, name);
			strlist_add_n(&peers, pair.data, pair.len);
		}
		free(ip);
		free(name);
		i = json_skip(d->t, d->n, i);
	}
	strlist_sort(&peers);
	for (p = 0; p < peers.n; p++) {
		strlist_add(&out->peer_ips, peers.v[p]);
		strlist_add(&out->peer_names, peers.v[p] + strlen(peers.v[p]) + 1);
	}
	strlist_free(&local);
	strlist_free(&peers);
	buf_free(&pair);
}

bool
docker_swarm_view_parse(const char *js, size_t len, struct docker_swarm_view *out)
{
	struct buf body = BUF_INIT;
	struct json_doc d;
	bool ok;

	buf_append(&body, js, len);
	ok = doc_parse(&d, &body) && d.t[0].type == JSON_OBJECT;
	if (ok)
		parse_swarm_view(&d, out);
	else
		empty_view(out);
	doc_free(&d);
	buf_free(&body);
	return ok;
}

bool
docker_network_swarm_view(const char *id, struct docker_swarm_view *out, struct buf *err)
{
	struct docker_answer a;
	struct buf path = BUF_INIT, ignored = BUF_INIT;
	bool ok;

	/* verbose=true (API 1.28 and later) adds what the swarm's gossip knows: Services and Peers */
	buf_puts(&path, "/networks/");
	url_encode(&path, id);
	buf_puts(&path, "?verbose=true");
	ok = docker_get_json(path.data, JSON_OBJECT, false, "Unable to inspect the network: ",
	                     "Unable to inspect the network", &a, err) == DOCKER_FOUND;
	if (ok)
		parse_swarm_view(&a.doc, out);
	else
		empty_view(out);
	docker_answer_free(&a);
	/* no container of its own on it here: the swarm's address for this host, best effort */
	if (ok && !*out->local_host) {
		if (docker_get_json("/info", JSON_OBJECT, false, "", "", &a, &ignored) == DOCKER_FOUND) {
			free(out->local_host);
			out->local_host = doc_string(&a.doc, doc_object(&a.doc, 0, "Swarm"), "NodeAddr");
		}
		docker_answer_free(&a);
	}
	buf_free(&path);
	buf_free(&ignored);
	return ok;
}

void
docker_swarm_view_free(struct docker_swarm_view *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->v[i].name);
		free(v->v[i].ip);
		free(v->v[i].host);
	}
	free(v->v);
	free(v->local_host);
	strlist_free(&v->peer_ips);
	strlist_free(&v->peer_names);
	memset(v, 0, sizeof(*v));
}
