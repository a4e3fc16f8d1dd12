#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "appctx.h"
#include "file.h"
#include "attach.h"
#include "docker.h"
#include "ipaddr.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "rebuild.h"

#define MAX_EXIT_STATUS 125  /* above it the shell gives exit codes other meanings */

static int
build_container(struct app_ctx *a, const char *proc, const char *index,
                const struct docker_container_list *running)
{
	struct buf path = BUF_INIT, cid = BUF_INIT, ip = BUF_INIT, err = BUF_INIT;
	struct docker_container c;
	enum docker_lookup found;
	bool owned = false;
	int failed = 0;

	buf_printf(&path, "%s/CONTAINER.%s.%s", a->dir.data, proc, index);
	read_first_line(path.data, &cid);
	if (cid.len == 0)
		goto out;
	found = docker_container_resolve(running, cid.data, &c, &owned, &err);
	if (found == DOCKER_ERROR)
		log_fail("%s", buf_cstr(&err));
	if (found == DOCKER_MISSING || !c.running) {
		log_verbose_quiet("Skipping %s.%s.%s (%.12s): not running", a->name, proc, index, cid.data);
		goto out;
	}
	container_ip_address(a, proc, &c, &ip);
	if (ip.len == 0) {
		log_warn("Unable to determine the IP address of %s.%s.%s (%.12s)", a->name, proc, index, cid.data);
		failed = 1;
	} else if (!listener_file_write(a->dir.data, "IP", proc, index, ip.data, &err)) {
		log_warn("%s", buf_cstr(&err));
		failed = 1;
	}
out:
	if (owned)
		docker_container_free(&c);
	buf_free(&path);
	buf_free(&cid);
	buf_free(&ip);
	buf_free(&err);
	return failed;
}

/* BuildConfig: the IP files of the running containers; the number that could not be written. */
static int
network_build_config(struct app_ctx *a)
{
	struct strlist procs = STRLIST_INIT, counts = STRLIST_INIT;
	struct docker_container_list running;
	struct buf err = BUF_INIT, index = BUF_INIT;
	int failures = 0;
	size_t i;
	long n, k;

	if (!app_ctx_deployed(a) || app_ctx_prop(a, NETPROP_STATIC_WEB_LISTENER)->len)
		return 0;
	if (!app_current_scale(a->name, &procs, &counts, &err))
		log_fail("%s", buf_cstr(&err));
	if (procs.n == 0 || strcmp(app_ctx_scheduler(a), "docker-local") != 0)
		goto out;
	log_info1("Ensuring network configuration is in sync for %s", a->name);
	/* one request for all of the app's running containers */
	if (!docker_app_containers(a->name, &running, &err))
		log_fail("%s", buf_cstr(&err));
	for (i = 0; i < procs.n; i++) {
		n = strtol(counts.v[i], NULL, 10);
		for (k = 1; k <= n; k++) {
			buf_reset(&index);
			buf_printf(&index, "%ld", k);
			failures += build_container(a, procs.v[i], index.data, &running);
		}
	}
	docker_container_list_free(&running);
out:
	strlist_free(&procs);
	strlist_free(&counts);
	buf_free(&err);
	buf_free(&index);
	return failures;
}

/* The networks that exist, and which of them Dokku manages. */
struct network_plan {
	struct docker_network_list all;
};

/*
 * The networks one process type's containers should be on (attach-post-create
 * and attach-post-deploy, the process's own when scoped), and those to keep
 * (wanted and the initial network).
 */
static void
process_networks(struct app_ctx *a, const char *proc, struct strlist *wanted, struct strlist *keep)
{
	size_t i;

	app_ctx_computed_list_for(a, NETPROP_ATTACH_POST_CREATE, proc, wanted);
	app_ctx_computed_list_for(a, NETPROP_ATTACH_POST_DEPLOY, proc, wanted);
	for (i = 0; i < wanted->n; i++)
		strlist_add(keep, wanted->v[i]);
	app_ctx_computed_list_for(a, NETPROP_INITIAL_NETWORK, proc, keep);
}

static bool
network_is_dokku_managed(const struct network_plan *p, const char *net)
{
	size_t i;

	for (i = 0; i < p->all.n; i++)
		if (strcmp(p->all.v[i].name, net) == 0)
			return docker_network_dokku_managed(&p->all.v[i]);
	return false;
}

static bool
network_exists_in(const struct network_plan *p, const char *net)
{
	size_t i;

	for (i = 0; i < p->all.n; i++)
		if (strcmp(p->all.v[i].name, net) == 0)
			return true;
	return false;
}

/* Brings one running container's networks in line with the plan. */
static int
sync_container(struct app_ctx *a, const struct docker_container *c, const struct network_plan *p,
               bool prune, bool dry_run)
{
	struct strlist wanted = STRLIST_INIT, keep = STRLIST_INIT;
	struct buf err = BUF_INIT;
	int failures = 0;
	size_t i;

	process_networks(a, c->proc, &wanted, &keep);
	for (i = 0; i < wanted.n; i++) {
		const char *net = wanted.v[i];
		struct strlist aliases = STRLIST_INIT;
		if (strlist_contains(&c->networks, net))
			continue;
		if (!network_exists_in(p, net)) {
			log_warn("Network %s does not exist: %s cannot join it", net, c->name);
			failures++;
			continue;
		}
		if (dry_run) {
			log_verbose("Would attach %s to %s", c->name, net);
			continue;
		}
		log_verbose("Attaching %s to %s", c->name, net);
		if (*c->proc)
			network_aliases(a, c->proc, c->hostname, &aliases);
		buf_reset(&err);
		if (!docker_network_connect(net, c->id, &aliases, &err)) {
			log_warn("Unable to attach %s to %s: %s", c->name, net, buf_cstr(&err));
			failures++;
		}
		strlist_free(&aliases);
	}
	/* only networks Dokku created: never bridge, host or someone else's */
	for (i = 0; prune && i < c->networks.n; i++) {
		const char *net = c->networks.v[i];
		/* nor the network it was created on: it could end up on none */
		if (strlist_contains(&keep, net) || !network_is_dokku_managed(p, net) ||
		    strcmp(net, c->network_mode) == 0)
			continue;
		if (dry_run) {
			log_verbose("Would detach %s from %s", c->name, net);
			continue;
		}
		log_verbose("Detaching %s from %s", c->name, net);
		buf_reset(&err);
		if (!docker_network_disconnect(net, c->id, &err)) {
			log_warn("Unable to detach %s from %s: %s", c->name, net, buf_cstr(&err));
			failures++;
		}
	}
	strlist_free(&wanted);
	strlist_free(&keep);
	buf_free(&err);
	return failures;
}

static int
sync_networks(struct app_ctx *a, bool prune, bool dry_run)
{
	struct network_plan p = { { NULL, 0 } };
	struct strlist ids = STRLIST_INIT, wanted = STRLIST_INIT;
	struct buf err = BUF_INIT;
	int failures = 0;
	size_t i;

	network_union_for_processes(a, NETPROP_ATTACH_POST_CREATE, &wanted);
	network_union_for_processes(a, NETPROP_ATTACH_POST_DEPLOY, &wanted);
	if (wanted.n == 0 && !prune)
		goto out;
	if (strcmp(app_ctx_scheduler(a), "docker-local") != 0)
		goto out;
	if (!docker_networks_list(&p.all, &err))
		log_fail("%s", buf_cstr(&err));
	app_container_ids(a->name, &ids);
	for (i = 0; i < ids.n; i++) {
		struct docker_container c;
		buf_reset(&err);
		switch (docker_container_inspect(ids.v[i], &c, &err)) {
		case DOCKER_ERROR:
			log_fail("%s", buf_cstr(&err));
		case DOCKER_MISSING:
			continue;
		case DOCKER_FOUND:
			break;
		}
		if (c.running && network_mode_allows_attach(c.network_mode))
			failures += sync_container(a, &c, &p, prune, dry_run);
		docker_container_free(&c);
	}
	docker_network_list_free(&p.all);
out:
	strlist_free(&wanted);
	strlist_free(&ids);
	buf_free(&err);
	return failures;
}

int
command_rebuild(const char *app, bool prune, bool dry_run)
{
	struct app_ctx a;
	int failures = 0;

	app_ctx_verify(&a, app);
	if (dry_run)
		log_info1("Planning the network configuration of %s (dry run: nothing changes)", app);
	else
		failures = network_build_config(&a);
	if (app_ctx_deployed(&a))
		failures += sync_networks(&a, prune, dry_run);
	app_ctx_close(&a);
	return failures > MAX_EXIT_STATUS ? MAX_EXIT_STATUS : failures;
}

int
command_rebuildall(void)
{
	struct strlist apps = STRLIST_INIT;
	int failures = 0;
	size_t i;

	if (!app_list(&apps)) {
		log_warn("You haven't deployed any applications yet");
		return 0;
	}
	for (i = 0; i < apps.n; i++) {
		struct app_ctx a;
		if (app_name_error(apps.v[i]))
			continue;  /* a directory that cannot be an app */
		app_ctx_open(&a, apps.v[i]);
		if (app_ctx_deployed(&a))
			failures += network_build_config(&a);
		else
			log_debug("Skipping %s: not deployed", apps.v[i]);  /* the original is silent */
		app_ctx_close(&a);
	}
	strlist_free(&apps);
	return failures > MAX_EXIT_STATUS ? MAX_EXIT_STATUS : failures;
}

int
trigger_network_build_config(const char *app)
{
	struct app_ctx a;

	app_ctx_open(&a, app);
	/* per-container failures are warnings here: the proxy build goes on */
	network_build_config(&a);
	app_ctx_close(&a);
	return 0;
}
