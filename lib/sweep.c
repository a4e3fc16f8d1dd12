/* sweep: see sweep.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include "app.h"
#include "appctx.h"
#include "docker.h"
#include "file.h"
#include "ipaddr.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "sweep.h"
#include "util.h"

static bool
collect_running(struct docker_container *c, void *ctx)
{
	struct sweep *sw = ctx;
	struct running *r;
	size_t i;

	if (sw->n == sw->cap) {
		sw->cap = sw->cap ? sw->cap * 2 : 64;
		sw->v = xreallocarray(sw->v, sw->cap, sizeof(*sw->v));
	}
	r = &sw->v[sw->n++];
	snprintf(r->id, sizeof(r->id), "%s", c->id ? c->id : "");
	r->host = c->network_mode && strcmp(c->network_mode, "host") == 0;
	r->nnets = (unsigned)c->networks.n;
	r->off = sw->arena.len;
	for (i = 0; i < c->networks.n; i++) {
		buf_append(&sw->arena, c->networks.v[i], strlen(c->networks.v[i]) + 1);
		buf_append(&sw->arena, c->network_ips.v[i], strlen(c->network_ips.v[i]) + 1);
	}
	buf_append(&sw->arena, c->app ? c->app : "", strlen(c->app ? c->app : "") + 1);
	docker_container_free(c);
	return true;
}

/* The app label of a running container. */
static const char *
running_app(const struct sweep *sw, const struct running *r)
{
	const char *p = sw->arena.data + r->off;
	unsigned i;

	for (i = 0; i < 2 * r->nnets; i++)
		p += strlen(p) + 1;
	return p;
}

/* A docker_container view of r for container_ip_address (running_view_free after). */
static void
running_view(const struct sweep *sw, const struct running *r, struct docker_container *c)
{
	const char *p = sw->arena.data + r->off;
	unsigned i;

	memset(c, 0, sizeof(*c));
	c->id = (char *)r->id;
	c->network_mode = (char *)(r->host ? "host" : "");
	for (i = 0; i < r->nnets; i++) {
		strlist_add(&c->networks, p);
		p += strlen(p) + 1;
		strlist_add(&c->network_ips, p);
		p += strlen(p) + 1;
	}
}

static void
running_view_free(struct docker_container *c)
{
	strlist_free(&c->networks);
	strlist_free(&c->network_ips);
}

static int
compare_containers(const void *a, const void *b)
{
	return strcmp(((const struct running *)a)->id, ((const struct running *)b)->id);
}

static int
compare_addresses(const void *a, const void *b)
{
	return strcmp(((const struct address *)a)->ip, ((const struct address *)b)->ip);
}

void
sweep_end(struct sweep *sw)
{
	free(sw->v);
	buf_free(&sw->arena);
	free(sw->addrs);
	strlist_free(&sw->changed);
	strlist_free(&sw->owners);
	memset(sw, 0, sizeof(*sw));
}

bool
sweep_begin(struct sweep *sw, struct buf *err)
{
	size_t i, j, k = 0;

	memset(sw, 0, sizeof(*sw));
	app_ctx_forget_globals();  /* an operator may have changed them since the last sweep */
	if (!docker_containers_each(NULL, false, collect_running, sw, err))
		return false;
	if (sw->n > 1)  /* (no list at all when nothing runs) */
		qsort(sw->v, sw->n, sizeof(*sw->v), compare_containers);
	for (i = 0; i < sw->n; i++)
		sw->naddrs += sw->v[i].nnets;
	sw->addrs = xcalloc(sw->naddrs + 1, sizeof(*sw->addrs));
	for (i = 0; i < sw->n; i++) {
		const char *p = sw->arena.data + sw->v[i].off;
		for (j = 0; j < sw->v[i].nnets; j++) {
			const char *ip = p + strlen(p) + 1;
			if (*ip) {
				sw->addrs[k].ip = ip;
				sw->addrs[k++].owner = i;
			}
			p = ip + strlen(ip) + 1;
		}
	}
	sw->naddrs = k;
	qsort(sw->addrs, sw->naddrs, sizeof(*sw->addrs), compare_addresses);
	return true;
}

/* The running container with this ID (full, or an unambiguous prefix), or NULL. */
static const struct running *
running_container(const struct sweep *sw, const char *id)
{
	size_t lo = 0, hi = sw->n, n = strlen(id);

	while (lo < hi) {  /* the first ID >= id */
		size_t mid = (lo + hi) / 2;
		if (strcmp(sw->v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sw->n && strncmp(sw->v[lo].id, id, n) == 0 &&
	    (lo + 1 == sw->n || strncmp(sw->v[lo + 1].id, id, n) != 0))
		return &sw->v[lo];
	return NULL;
}

/* The running container that has this address, or NULL. */
static const struct running *
address_owner(const struct sweep *sw, const char *ip)
{
	struct address key = { ip, 0 }, *a;

	a = bsearch(&key, sw->addrs, sw->naddrs, sizeof(*sw->addrs), compare_addresses);
	return a ? &sw->v[a->owner] : NULL;
}

bool
is_container_id(const char *s)
{
	size_t n = strlen(s);

	return n >= 12 && n <= 64 && strspn(s, "0123456789abcdef") == n;
}

static void
changed(struct sweep *sw, const char *app)
{
	if (!strlist_contains(&sw->changed, app))
		strlist_add(&sw->changed, app);
}

/*
 * One CONTAINER.<proc>.<index> of an app: a running container's IP file
 * gets the address network-get-ipaddr would print; the file of one that is
 * not running loses an address another container has taken since.
 */
static void
sweep_container(struct sweep *sw, struct app_ctx *a, const char *proc, const char *index,
                const char *cid)
{
	const struct running *c = running_container(sw, cid), *owner;
	struct buf path = BUF_INIT, current = BUF_INIT, expected = BUF_INIT, err = BUF_INIT;
	const char *app = a->name;
	bool static_web = app_ctx_prop(a, NETPROP_STATIC_WEB_LISTENER)->len > 0;

	buf_printf(&path, "%s/IP.%s.%s", a->dir.data, proc, index);
	read_first_line(path.data, &current);
	if (c) {
		struct docker_container view;
		running_view(sw, c, &view);
		container_ip_address(a, proc, &view, &expected);
		running_view_free(&view);
		if (expected.len == 0 || strcmp(expected.data, buf_cstr(&current)) == 0)
			goto out;
		if (!listener_file_write(a->dir.data, "IP", proc, index, expected.data, &err)) {
			log_warn("Unable to repair %s %s.%s: %s", app, proc, index, buf_cstr(&err));
			sw->failures++;
			goto out;
		}
		log_verbose("%s %s.%s: %s -> %s", app, proc, index, current.len ? current.data : "(none)",
		            expected.data);
		changed(sw, app);
		goto out;
	}
	/* not running: its old address may be someone else's now (a proxy would
	 * then serve another app under this one's name) */
	if (current.len == 0 || (static_web && strcmp(proc, "web") == 0) ||
	    !(owner = address_owner(sw, current.data)) || strncmp(owner->id, cid, strlen(cid)) == 0)
		goto out;
	if (unlink(path.data) != 0 && errno != ENOENT) {
		log_warn("Unable to remove %s: %s", path.data, go_strerror(errno));
		sw->failures++;
		goto out;
	}
	log_verbose("%s %s.%s: %s is now %.12s's (%s), and %.12s is not running: IP file removed",
	            app, proc, index, current.data, owner->id,
	            *running_app(sw, owner) ? running_app(sw, owner) : "not a Dokku app",
	            cid);
	changed(sw, app);
out:
	buf_free(&path);
	buf_free(&current);
	buf_free(&expected);
	buf_free(&err);
}

void
sweep_app(struct sweep *sw, const char *app)
{
	struct strlist names = STRLIST_INIT;
	struct buf file = BUF_INIT, cid = BUF_INIT;
	struct app_ctx a;
	struct dirent *e;
	size_t i;
	DIR *d;

	app_ctx_init(&a, app);  /* from the app list */
	if (!(d = opendir(a.dir.data)))
		goto out;  /* destroyed since it was listed */
	while ((e = readdir(d)))
		if (strncmp(e->d_name, "CONTAINER.", 10) == 0)
			strlist_add(&names, e->d_name);
	closedir(d);
	if (names.n == 0)
		goto out;  /* not deployed */
	strlist_sort(&names);
	for (i = 0; i < names.n; i++) {
		char *proc = names.v[i] + 10, *index = strrchr(proc, '.');
		if (!index || index == proc)
			continue;
		*index++ = '\0';
		if (proc_type_error(proc) || container_index_error(index))
			continue;
		buf_reset(&file);
		buf_printf(&file, "%s/CONTAINER.%s.%s", a.dir.data, proc, index);
		read_first_line(file.data, &cid);
		if (!is_container_id(buf_cstr(&cid))) {
			log_debug("watch: %s: not a container ID, skipped", file.data);
			continue;
		}
		buf_reset(&file);
		buf_printf(&file, "%s %s", cid.data, app);
		strlist_add(&sw->owners, file.data);
		sweep_container(sw, &a, proc, index, cid.data);
	}
out:
	app_ctx_close(&a);
	strlist_free(&names);
	buf_free(&file);
	buf_free(&cid);
}

