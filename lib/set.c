/*
 * set: the network:set command. Each property's values are checked before
 * anything is written (network names, the attach lists against each other,
 * the single-valued properties' formats), the networks to attach to are
 * looked up once, and the value is written or, empty, removed.
 */
#include <stdlib.h>
#include <string.h>

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

/* Validates each network of an attach property; fills joined with "a,b". */
static void
validate_attach(struct app_ctx *a, const char *prop, char **values, int nvalues, struct buf *joined)
{
	const char *other = strcmp(prop, NETPROP_ATTACH_POST_CREATE) == 0
	                    ? NETPROP_ATTACH_POST_DEPLOY : NETPROP_ATTACH_POST_CREATE;
	struct strlist taken = STRLIST_INIT, seen = STRLIST_INIT;
	const char *err;
	int i;

	app_ctx_computed_list(a, other, &taken);
	for (i = 0; i < nvalues; i++) {
		const char *v = values[i];
		if (strcmp(v, "host") == 0 || strcmp(v, "bridge") == 0 || strcmp(v, "none") == 0)
			log_fail("Invalid network name specified for attach: %s", v);
		if ((err = docker_network_name_error(v)))
			log_fail("%s", err);
		/* element by element, not against the whole joined value (doc/design.md §10, bug 9) */
		if (strlist_contains(&taken, v))
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
	warn_missing_networks(&seen);
	strlist_free(&taken);
	strlist_free(&seen);
}

static void
validate_initial_network(const char *v)
{
	struct strlist net = STRLIST_INIT;

	log_fail_if(netprop_initial_network_error(v));
	if (strcmp(v, "bridge") != 0 && strcmp(v, "host") != 0 && strcmp(v, "none") != 0 &&
	    strncmp(v, "container:", 10) != 0)
		strlist_add(&net, v);
	warn_missing_networks(&net);
	strlist_free(&net);
}

static void
validate_single(const char *prop, const char *v)
{
	const char *err;

	if (strcmp(prop, NETPROP_BIND_ALL_INTERFACES) == 0) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			log_fail("Invalid value for bind-all-interfaces: must be true or false");
	} else if (strcmp(prop, NETPROP_INITIAL_NETWORK) == 0) {
		validate_initial_network(v);
	} else if (strcmp(prop, NETPROP_STATIC_WEB_LISTENER) == 0) {
		if ((err = netprop_listener_error(v)))
			log_fail("Invalid static-web-listener: %s", err);
	} else if (strcmp(prop, NETPROP_TLD) == 0) {
		if ((err = netprop_tld_error(v)))
			log_fail("Invalid tld: it %s", err);
	}
}

int
command_set(const char *app, const char *prop, char **values, int nvalues)
{
	struct buf value = BUF_INIT;
	bool global = strcmp(app, PROP_GLOBAL) == 0;
	struct app_ctx a;

	if (global)
		app_ctx_init(&a, app);
	else
		app_ctx_verify(&a, app);
	/* an empty value unsets, as in Dokku (`network:set app tld "$EMPTY"`) */
	while (nvalues > 0 && !*values[nvalues - 1])
		nvalues--;
	/* the original checked global-ability first, hiding a missing property
	 * (doc/design.md §10, bug 11) */
	if (!*prop)
		log_fail("No property specified");
	if (!netprop_known(prop))
		log_fail("Invalid property specified, valid properties include: attach-post-create, "
		         "attach-post-deploy, bind-all-interfaces, initial-network, static-web-listener, tld");
	if (global && !netprop_global_allowed(prop))
		log_fail("Property cannot be specified globally");

	if (netprop_is_attach(prop)) {
		validate_attach(&a, prop, values, nvalues, &value);
	} else if (nvalues > 1) {
		/* the original silently kept the first value (doc/design.md §10, bug 10) */
		log_fail("Property %s takes a single value, %d given", prop, nvalues);
	} else if (nvalues == 1) {
		validate_single(prop, values[0]);
		buf_puts(&value, values[0]);
	}

	if (value.len) {
		log_info2_quiet("Setting %s to %s", prop, value.data);
		prop_write(app, prop, value.data);
	} else {
		log_info2_quiet("Unsetting %s", prop);
		prop_delete(app, prop);
	}
	app_ctx_close(&a);
	buf_free(&value);
	return 0;
}

