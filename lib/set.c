/*
 * set: the network:set command. Each property's values are checked before
 * anything is written (network names, the attach lists against each other,
 * the single-valued properties' formats), the networks to attach to are
 * looked up once, and the value is written or, empty, removed.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "appctx.h"
#include "docker.h"
#include "engine.h"
#include "log.h"
#include "netprop.h"
#include "prop.h"
#include "set.h"

/* How long network:set may wait for the daemon: the check only helps. */
#define NETWORK_CHECK_MS 1000

/*
 * Warns about the networks that do not exist (yet); the value is stored
 * anyway, as the original (which never asks the daemon) does. One request
 * for all of them, bounded, so that a slow or missing daemon costs a second
 * and one line, not a deadline per network.
 */
static void
warn_missing_networks(const struct strlist *nets)
{
	struct docker_network_list found;
	struct buf err = BUF_INIT, list = BUF_INIT;
	size_t i, j;

	if (nets->n == 0)
		return;
	engine_limit_total(NETWORK_CHECK_MS);
	if (!docker_networks_named(nets, &found, &err)) {
		for (i = 0; i < nets->n; i++)
			buf_printf(&list, "%s%s", i ? ", " : "", nets->v[i]);
		log_warn("Unable to check that %s %s exist%s (%s); stored anyway", nets->n > 1 ? "networks" : "network",
		         list.data, nets->n > 1 ? "" : "s", buf_cstr(&err));
	}
	for (i = 0; i < nets->n && err.len == 0; i++) {
		for (j = 0; j < found.n; j++)
			if (strcmp(found.v[j].name, nets->v[i]) == 0)
				break;
		if (j == found.n)
			log_warn("Network %s does not exist yet: create it before the next deploy", nets->v[i]);
	}
	docker_network_list_free(&found);
	buf_free(&err);
	buf_free(&list);
}

/*
 * Validates each network of an attach property against the other attach
 * list of the same containers (taken; NULL: as stored, the process's own
 * when scoped); fills joined with "a,b".
 */
static void
check_attach(struct app_ctx *a, const char *prop, const char *proc, char **values, int nvalues,
             const struct strlist *given, struct buf *joined)
{
	const char *other = strcmp(prop, NETPROP_ATTACH_POST_CREATE) == 0
	                    ? NETPROP_ATTACH_POST_DEPLOY : NETPROP_ATTACH_POST_CREATE;
	struct strlist stored = STRLIST_INIT, seen = STRLIST_INIT;
	const struct strlist *taken = given ? given : &stored;
	const char *err;
	int i;

	if (!given)
		app_ctx_computed_list_for(a, other, proc, &stored);
	for (i = 0; i < nvalues; i++) {
		const char *v = values[i];
		if (strcmp(v, "host") == 0 || strcmp(v, "bridge") == 0 || strcmp(v, "none") == 0)
			log_fail("Invalid network name specified for attach: %s", v);
		if ((err = docker_network_name_error(v)))
			log_fail("%s", err);
		/* element by element, not against the whole joined value (doc/design.md §10, bug 9) */
		if (strlist_contains(taken, v))
			log_fail("Network name already associated with this app: %s", v);
		if (strlist_contains(&seen, v))
			log_fail("Network specified more than once: %s", v);
		strlist_add(&seen, v);
		if (i)
			buf_putc(joined, ',');
		buf_puts(joined, v);
		/* a longer value could not be read back: attach would silently stop */
		if (joined->len > PROP_MAX_VALUE)
			log_fail("Too many networks: the value of %s may be at most %zu bytes", prop, PROP_MAX_VALUE);
	}
	strlist_free(&stored);
	strlist_free(&seen);
}

static void
check_single(const char *prop, const char *v)
{
	const char *err;

	if (strcmp(prop, NETPROP_BIND_ALL_INTERFACES) == 0) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			log_fail("Invalid value for bind-all-interfaces: must be true or false");
	} else if (strcmp(prop, NETPROP_INITIAL_NETWORK) == 0) {
		log_fail_if(netprop_initial_network_error(v));
	} else if (strcmp(prop, NETPROP_STATIC_WEB_LISTENER) == 0) {
		if ((err = netprop_listener_error(v)))
			log_fail("Invalid static-web-listener: %s", err);
	} else if (strcmp(prop, NETPROP_TLD) == 0) {
		if ((err = netprop_tld_error(v)))
			log_fail("Invalid tld: it %s", err);
	}
}

void
set_property_check(const char *prop, bool global, bool scoped)
{
	/* the original checked global-ability first, hiding a missing property
	 * (doc/design.md §10, bug 11) */
	if (!*prop)
		log_fail("No property specified");
	if (!netprop_known(prop))
		log_fail("Invalid property specified, valid properties include: attach-post-create, "
		         "attach-post-deploy, bind-all-interfaces, initial-network, static-web-listener, tld");
	if (global && scoped)
		log_fail("--process cannot be combined with --global: a process type belongs to one app");
	if (global && !netprop_global_allowed(prop))
		log_fail("Property cannot be specified globally");
	if (scoped && !netprop_process_scopable(prop))
		log_fail("Property %s cannot be scoped to a process type: only attach-post-create, "
		         "attach-post-deploy and initial-network can", prop);
}

void
set_value_check(struct app_ctx *a, const char *prop, const char *proc, char **values, int nvalues,
                struct buf *joined)
{
	set_value_check_against(a, prop, proc, values, nvalues, NULL, joined);
}

void
set_value_check_against(struct app_ctx *a, const char *prop, const char *proc, char **values, int nvalues,
                        const struct strlist *taken, struct buf *joined)
{
	set_property_check(prop, strcmp(a->name, PROP_GLOBAL) == 0, *proc != '\0');
	if (*proc)
		log_fail_if(netprop_process_error(proc));
	buf_reset(joined);
	if (netprop_is_attach(prop)) {
		check_attach(a, prop, proc, values, nvalues, taken, joined);
	} else if (nvalues > 1) {
		/* the original silently kept the first value (doc/design.md §10, bug 10) */
		log_fail("Property %s takes a single value, %d given", prop, nvalues);
	} else if (nvalues == 1) {
		check_single(prop, values[0]);
		buf_puts(joined, values[0]);
	}
}

/* The networks a checked value names (Docker's own modes are not networks). */
static void
named_networks(const char *prop, const char *value, struct strlist *out)
{
	if (netprop_is_attach(prop))
		strlist_split(out, value, ',', true);
	else if (strcmp(prop, NETPROP_INITIAL_NETWORK) == 0 && *value && strcmp(value, "bridge") != 0 &&
	         strcmp(value, "host") != 0 && strcmp(value, "none") != 0 && strncmp(value, "container:", 10) != 0)
		strlist_add(out, value);
}

/* Configuring ahead of a deploy is fine, but say so: a typo would otherwise go unnoticed. */
static void
warn_unscaled(const char *app, const struct strlist *procs)
{
	struct strlist scaled = STRLIST_INIT, counts = STRLIST_INIT;
	struct buf err = BUF_INIT;
	size_t i;

	if (procs->n == 0)
		return;
	if (!app_current_scale(app, &scaled, &counts, &err))
		log_warn("%s: the process types were not checked", buf_cstr(&err));
	else
		for (i = 0; i < procs->n; i++)
			if (!strlist_contains(&scaled, procs->v[i]))
				log_warn("Process type %s is not in the current scale of %s: stored for a later deploy",
				         procs->v[i], app);
	strlist_free(&scaled);
	strlist_free(&counts);
	buf_free(&err);
}

int
command_set(const char *app, const struct strlist *procs, const char *prop, char **values, int nvalues)
{
	struct buf value = BUF_INIT, name = BUF_INIT;
	struct strlist nets = STRLIST_INIT, scopes = STRLIST_INIT;
	bool global = strcmp(app, PROP_GLOBAL) == 0;
	struct app_ctx a;
	size_t i;

	if (global)
		app_ctx_init(&a, app);
	else
		app_ctx_verify(&a, app);
	/* an empty value unsets, as in Dokku (`network:set app tld "$EMPTY"`) */
	while (nvalues > 0 && !*values[nvalues - 1])
		nvalues--;
	set_property_check(prop, global, procs->n > 0);
	for (i = 0; i < procs->n; i++) {
		log_fail_if(netprop_process_error(procs->v[i]));
		if (!strlist_contains(&scopes, procs->v[i]))
			strlist_add(&scopes, procs->v[i]);
	}
	if (scopes.n == 0)
		strlist_add(&scopes, "");
	/* every scope is checked before anything is written */
	for (i = 0; i < scopes.n; i++)
		set_value_check(&a, prop, scopes.v[i], values, nvalues, &value);
	named_networks(prop, buf_cstr(&value), &nets);
	warn_missing_networks(&nets);
	warn_unscaled(app, procs);

	for (i = 0; i < scopes.n; i++) {
		const char *proc = scopes.v[i];
		if (*proc)
			netprop_scoped_name(prop, proc, &name);
		else
			buf_puts(&name, prop);
		if (value.len) {
			if (*proc)
				log_info2_quiet("Setting %s for process %s to %s", prop, proc, value.data);
			else
				log_info2_quiet("Setting %s to %s", prop, value.data);
			prop_write(app, name.data, value.data);
		} else {
			if (*proc)
				log_info2_quiet("Unsetting %s for process %s", prop, proc);
			else
				log_info2_quiet("Unsetting %s", prop);
			prop_delete(app, name.data);
		}
		buf_reset(&name);
	}
	app_ctx_close(&a);
	strlist_free(&nets);
	strlist_free(&scopes);
	buf_free(&value);
	buf_free(&name);
	return 0;
}
