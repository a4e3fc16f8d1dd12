#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "appctx.h"
#include "attach.h"
#include "docker.h"
#include "listener.h"
#include "log.h"
#include "netspec.h"
#include "netprop.h"
#include "util.h"

void
network_aliases(struct app_ctx *a, const char *proc, const char *hostname, struct strlist *out)
{
	struct buf alias = BUF_INIT, tld = BUF_INIT, full = BUF_INIT;
	const char *err;

	app_ctx_computed(a, NETPROP_TLD, &tld);
	/* a hand-edited file: aliases become docker run arguments too */
	if (tld.len && (err = strlen(tld.data) != tld.len ? "holds a NUL byte" : netprop_tld_error(tld.data)))
		log_fail("Invalid network property %s.%s: it %s", a->name, NETPROP_TLD, err);
	buf_printf(&alias, "%s.%s", a->name, proc);
	if (tld.len)
		buf_printf(&alias, ".%s", tld.data);
	strlist_add(out, alias.data);
	if (hostname && *hostname) {
		buf_printf(&full, "%s.%s", hostname, alias.data);
		strlist_add(out, full.data);
	}
	buf_free(&alias);
	buf_free(&tld);
	buf_free(&full);
}

/* Docker refuses to connect these to further networks. */
bool
network_mode_allows_attach(const char *mode)
{
	return strcmp(mode, "host") != 0 && strcmp(mode, "none") != 0 &&
	       strncmp(mode, "container:", 10) != 0;
}

/*
 * Fails unless every network exists; one request for all of them. A missing
 * network that network:create recorded is created again from its record
 * first (netspec.h). The swarm-scoped ones are added to `swarm` when it is
 * given.
 */
static void
require_networks_exist(const struct strlist *nets, struct strlist *swarm)
{
	struct docker_network_list all;
	struct buf err = BUF_INIT;
	bool recreated = false;
	size_t i, j;

	if (nets->n == 0)
		return;
	if (!docker_networks_list(&all, &err))
		log_fail("%s", buf_cstr(&err));
	for (i = 0; i < nets->n; i++) {
		for (j = 0; j < all.n; j++)
			if (strcmp(all.v[j].name, nets->v[i]) == 0)
				break;
		if (j < all.n)
			continue;
		switch (netspec_recreate(nets->v[i], &err)) {
		case NETSPEC_NOT_RECORDED:
			docker_network_list_free(&all);
			log_fail("Network %s does not exist", nets->v[i]);
		case NETSPEC_RECREATE_FAILED:
			docker_network_list_free(&all);
			log_fail("%s", buf_cstr(&err));
		case NETSPEC_RECREATED:
			recreated = true;
			break;
		}
	}
	/* the recreated ones' scope is the daemon's to say */
	if (recreated) {
		docker_network_list_free(&all);
		if (!docker_networks_list(&all, &err))
			log_fail("%s", buf_cstr(&err));
	}
	for (i = 0; swarm && i < nets->n; i++)
		for (j = 0; j < all.n; j++)
			if (strcmp(all.v[j].name, nets->v[i]) == 0 && strcmp(all.v[j].scope, "swarm") == 0)
				strlist_add(swarm, nets->v[i]);
	docker_network_list_free(&all);
	buf_free(&err);
}

/*
 * Connects c to net unless it is already there; deploy containers get the
 * aliases. On failure, returns false with the message in err.
 */
static bool
attach_container(struct app_ctx *a, const char *proc, bool with_aliases,
                 const struct docker_container *c, const char *net, struct buf *err)
{
	struct strlist aliases = STRLIST_INIT;
	bool ok;

	if (strlist_contains(&c->networks, net))
		return true;  /* attaching twice is what broke redeploys (original test 15) */
	if (with_aliases)
		network_aliases(a, proc, c->hostname, &aliases);
	ok = docker_network_connect(net, c->id, &aliases, err);
	strlist_free(&aliases);
	return ok;
}

static void
wants_free(struct strlist *wants, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strlist_free(&wants[i]);
	free(wants);
}

/* Frees the first n containers of cs and cs: before exiting too, so that nothing leaks. */
static void
containers_free(struct docker_container *cs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		docker_container_free(&cs[i]);
	free(cs);
}

int
trigger_post_container_create(const char *type, const char *cid, const char *app,
                              const char *phase, const char *proc)
{
	struct strlist nets = STRLIST_INIT, all = STRLIST_INIT;
	struct docker_container c;
	struct buf err = BUF_INIT;
	struct app_ctx a;
	bool deploy;
	size_t i;

	if (strcmp(type, "app") != 0)
		return 0;
	log_fail_if(docker_container_ref_error(cid));
	app_ctx_open(&a, app);
	if (*proc)
		log_fail_if(proc_type_error(proc));
	/* Any phase is accepted, as the original does, so that a phase Dokku adds
	 * later (cron, ...) does not break every deploy: only deploy containers get
	 * aliases; every other phase is attached like build and run. */
	deploy = strcmp(phase, "deploy") == 0;

	/* only deploy containers have a process type to scope values to */
	app_ctx_computed_list_for(&a, NETPROP_ATTACH_POST_CREATE, deploy ? proc : "", &nets);
	for (i = 0; i < nets.n; i++)
		strlist_add(&all, nets.v[i]);
	/* a deploy fails here, before the container starts, rather than after
	 * the old containers are gone when an attach-post-deploy network is missing */
	if (deploy)
		app_ctx_computed_list_for(&a, NETPROP_ATTACH_POST_DEPLOY, proc, &all);
	require_networks_exist(&all, NULL);
	if (nets.n == 0)
		goto out;

	switch (docker_container_inspect(cid, &c, &err)) {
	case DOCKER_ERROR:
		log_fail("Unable to attach container to network: %s", buf_cstr(&err));
	case DOCKER_MISSING:  /* the daemon's words, as the original printed them */
		log_fail("Unable to attach container to network: Error response from daemon: No such container: %s", cid);
	case DOCKER_FOUND:
		break;
	}
	if (!network_mode_allows_attach(c.network_mode)) {
		struct buf list = BUF_INIT;
		for (i = 0; i < nets.n; i++)
			buf_printf(&list, "%s%s", i ? ", " : "", nets.v[i]);
		log_warn("Not attaching container %.12s to %s: it uses network mode %s", cid, list.data,
		         c.network_mode);
		buf_free(&list);
	} else {
		/* every network of the list, not only the first (doc/design.md §10, bug 1) */
		for (i = 0; i < nets.n; i++) {
			if (!attach_container(&a, *proc ? proc : c.proc, deploy && (*proc || *c.proc), &c,
			                      nets.v[i], &err)) {
				docker_container_free(&c);
				log_fail("Unable to attach container to network: %s", buf_cstr(&err));
			}
		}
	}
	docker_container_free(&c);
out:
	app_ctx_close(&a);
	strlist_free(&nets);
	strlist_free(&all);
	buf_free(&err);
	return 0;
}

void
network_union_for_processes(struct app_ctx *a, const char *prop, struct strlist *out)
{
	const struct strlist *scoped = app_ctx_scoped(a);
	struct strlist nets = STRLIST_INIT;
	size_t plen = strlen(prop), i, j;

	app_ctx_computed_list(a, prop, &nets);
	for (i = 0; i < scoped->n; i++)
		if (strncmp(scoped->v[i], prop, plen) == 0 && scoped->v[i][plen] == '.')
			app_ctx_computed_list_for(a, prop, scoped->v[i] + plen + 1, &nets);
	for (j = 0; j < nets.n; j++)
		if (!strlist_contains(out, nets.v[j]))
			strlist_add(out, nets.v[j]);
	strlist_free(&nets);
}

/*
 * Attaches the app's running deploy containers to its attach-post-deploy
 * networks of one kind: local ones (core-post-deploy) or swarm-scoped ones
 * (post-deploy). Docker 20.10 cannot rename a container that is on an overlay
 * network (moby/moby#42351), and Dokku renames the new containers after
 * core-post-deploy, so those wait for post-deploy.
 */
static int
attach_post_deploy(const char *app, bool swarm_scoped)
{
	struct strlist configured = STRLIST_INIT, nets = STRLIST_INIT, ids = STRLIST_INIT;
	struct strlist swarm = STRLIST_INIT;
	struct docker_container *cs = NULL;
	struct strlist *wants;
	struct buf err = BUF_INIT;
	struct app_ctx a;
	size_t i, j, n = 0;

	app_ctx_open(&a, app);
	network_union_for_processes(&a, NETPROP_ATTACH_POST_DEPLOY, &configured);
	if (configured.n == 0)
		goto out;
	/* the original attached even for other schedulers (doc/design.md §10, bug 19) */
	if (strcmp(app_ctx_scheduler(&a), "docker-local") != 0)
		goto out;
	if (!app_ctx_deployed(&a)) {
		/* post-deploy is this plugin's own: what core-post-deploy said stands */
		if (swarm_scoped)
			goto out;
		log_fail("App %s has not been deployed", app);
	}
	require_networks_exist(&configured, &swarm);
	for (i = 0; i < configured.n; i++)
		if (strlist_contains(&swarm, configured.v[i]) == swarm_scoped)
			strlist_add(&nets, configured.v[i]);
	if (nets.n == 0)
		goto out;

	app_container_ids(app, &ids);
	cs = xcalloc(ids.n + 1, sizeof(*cs));
	for (i = 0; i < ids.n; i++) {
		buf_reset(&err);
		switch (docker_container_inspect(ids.v[i], &cs[n], &err)) {
		case DOCKER_ERROR:
			containers_free(cs, n);
			log_fail("%s", buf_cstr(&err));
		case DOCKER_MISSING:
			continue;
		case DOCKER_FOUND:
			break;
		}
		if (!cs[n].running) {
			docker_container_free(&cs[n]);
			continue;
		}
		if (!network_mode_allows_attach(cs[n].network_mode)) {
			log_verbose_quiet("Skipping container %s: it uses network mode %s", cs[n].name,
			                  cs[n].network_mode);
			docker_container_free(&cs[n]);
			continue;
		}
		n++;
	}
	/* each container's own list: its process type's, else the app's */
	wants = xcalloc(n + 1, sizeof(*wants));
	for (j = 0; j < n; j++)
		app_ctx_computed_list_for(&a, NETPROP_ATTACH_POST_DEPLOY, cs[j].proc, &wants[j]);
	for (i = 0; i < nets.n; i++) {
		log_info1_quiet("Associating app with network %s", nets.v[i]);
		for (j = 0; j < n; j++) {
			if (!strlist_contains(&wants[j], nets.v[i]))
				continue;
			if (!attach_container(&a, cs[j].proc, *cs[j].proc != '\0', &cs[j], nets.v[i], &err)) {
				wants_free(wants, n);
				containers_free(cs, n);
				log_fail("Unable to attach container to network: %s", buf_cstr(&err));
			}
		}
	}
	wants_free(wants, n);
	containers_free(cs, n);
	cs = NULL;
out:
	free(cs);
	strlist_free(&configured);
	strlist_free(&swarm);
	strlist_free(&nets);
	strlist_free(&ids);
	app_ctx_close(&a);
	buf_free(&err);
	return 0;
}

int
trigger_core_post_deploy(const char *app)
{
	return attach_post_deploy(app, false);
}

int
trigger_post_deploy(const char *app)
{
	return attach_post_deploy(app, true);
}
