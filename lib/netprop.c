#include <arpa/inet.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "docker.h"
#include "engine.h"
#include "env.h"
#include "log.h"
#include "netprop.h"
#include "prop.h"

static const char *const app_properties[] = {
	NETPROP_ATTACH_POST_CREATE, NETPROP_ATTACH_POST_DEPLOY, NETPROP_BIND_ALL_INTERFACES,
	NETPROP_INITIAL_NETWORK, NETPROP_STATIC_WEB_LISTENER, NETPROP_TLD,
};
#define NPROPS (sizeof(app_properties) / sizeof(*app_properties))
_Static_assert(NPROPS == NETPROP_COUNT, "NETPROP_COUNT is the number of properties");

static size_t
prop_index(const char *prop)
{
	size_t i;

	for (i = 0; i < NPROPS; i++)
		if (strcmp(prop, app_properties[i]) == 0)
			return i;
	log_fail("Invalid network property specified: %s", prop);
}

void
netprop_values_init(struct netprop_values *vals, const char *app)
{
	size_t i;

	vals->app = app;
	vals->loaded = 0;
	for (i = 0; i < NPROPS; i++)
		vals->v[i] = (struct buf)BUF_INIT;
}

void
netprop_values_free(struct netprop_values *vals)
{
	size_t i;

	for (i = 0; i < NPROPS; i++)
		buf_free(&vals->v[i]);
}

const struct buf *
netprop_values_get(struct netprop_values *vals, const char *prop)
{
	size_t i = prop_index(prop);

	if (!(vals->loaded & (1u << i))) {
		prop_get(vals->app, app_properties[i], &vals->v[i]);
		vals->loaded |= 1u << i;
	}
	return &vals->v[i];
}

void
netprop_values_computed(struct netprop_values *app_vals, struct netprop_values *global_vals,
                        const char *prop, struct buf *out)
{
	const struct buf *v = netprop_values_get(app_vals, prop);

	if (v->len == 0)
		v = netprop_values_get(global_vals, prop);
	buf_reset(out);
	buf_append(out, buf_cstr(v), v->len);
	if (out->len == 0 && strcmp(prop, NETPROP_BIND_ALL_INTERFACES) == 0)
		buf_puts(out, "false");
}

bool
netprop_known(const char *prop)
{
	size_t i;

	for (i = 0; i < NPROPS; i++)
		if (strcmp(prop, app_properties[i]) == 0)
			return true;
	return false;
}

bool
netprop_global_allowed(const char *prop)
{
	return netprop_known(prop) && strcmp(prop, NETPROP_STATIC_WEB_LISTENER) != 0;
}

bool
netprop_is_attach(const char *prop)
{
	return strcmp(prop, NETPROP_ATTACH_POST_CREATE) == 0 ||
	       strcmp(prop, NETPROP_ATTACH_POST_DEPLOY) == 0;
}

void
netprop_raw(const char *app, const char *prop, struct buf *out)
{
	buf_reset(out);
	prop_get(app, prop, out);
}

void
netprop_computed(const char *app, const char *prop, struct buf *out)
{
	struct netprop_values app_vals, global_vals;

	netprop_values_init(&app_vals, app);
	netprop_values_init(&global_vals, PROP_GLOBAL);
	netprop_values_computed(&app_vals, strcmp(app, PROP_GLOBAL) == 0 ? &app_vals : &global_vals,
	                        prop, out);
	netprop_values_free(&app_vals);
	netprop_values_free(&global_vals);
}

void
netprop_computed_list(const char *app, const char *prop, struct strlist *out)
{
	struct buf v = BUF_INIT;

	netprop_computed(app, prop, &v);
	if (v.len)
		strlist_split(out, v.data, ',', true);
	buf_free(&v);
}

const char *
netprop_tld_error(const char *tld)
{
	const char *p = tld, *label = tld;

	if (strlen(tld) > 253)
		return "is longer than 253 characters";
	for (;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t n = (size_t)(p - label);
			if (n == 0)
				return "has an empty label";
			if (n > 63)
				return "has a label longer than 63 characters";
			if (label[0] == '-' || p[-1] == '-')
				return "has a label that starts or ends with '-'";
			if (!*p)
				return NULL;
			label = p + 1;
		} else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
			return "may only contain lowercase letters, digits, '-' and '.'";
		}
	}
}

static bool
is_ip(const char *s)
{
	unsigned char addr[16];

	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}

const char *
netprop_listener_error(const char *listener)
{
	const char *colon, *port;
	char host[64];
	size_t hl;
	long p;
	char *end;

	if (is_ip(listener))
		return NULL;
	if (listener[0] == '[') {  /* [v6]:port */
		colon = strstr(listener, "]:");
		if (!colon)
			return "must be an IP address or IP:PORT";
		hl = (size_t)(colon - listener - 1);
		if (hl >= sizeof(host))
			return "must be an IP address or IP:PORT";
		memcpy(host, listener + 1, hl);
		host[hl] = '\0';
		port = colon + 2;
		if (!strchr(host, ':'))
			return "must be an IP address or IP:PORT";
	} else {
		colon = strrchr(listener, ':');
		if (!colon || (size_t)(colon - listener) >= sizeof(host) || memchr(listener, ':', (size_t)(colon - listener)))
			return "must be an IP address or IP:PORT (write IPv6 as [ADDRESS]:PORT)";
		hl = (size_t)(colon - listener);
		memcpy(host, listener, hl);
		host[hl] = '\0';
		port = colon + 1;
	}
	if (!is_ip(host))
		return "must be an IP address or IP:PORT";
	if (!*port || strspn(port, "0123456789") != strlen(port) || strlen(port) > 5)
		return "has an invalid port";
	p = strtol(port, &end, 10);
	if (p < 1 || p > 65535)
		return "has a port outside 1-65535";
	return NULL;
}

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
validate_attach(const char *app, const char *prop, char **values, int nvalues, struct buf *joined)
{
	const char *other = strcmp(prop, NETPROP_ATTACH_POST_CREATE) == 0
	                    ? NETPROP_ATTACH_POST_DEPLOY : NETPROP_ATTACH_POST_CREATE;
	struct strlist taken = STRLIST_INIT, seen = STRLIST_INIT;
	const char *err;
	int i;

	netprop_computed_list(app, other, &taken);
	for (i = 0; i < nvalues; i++) {
		const char *v = values[i];
		if (strcmp(v, "host") == 0 || strcmp(v, "bridge") == 0 || strcmp(v, "none") == 0)
			log_fail("Invalid network name specified for attach: %s", v);
		if ((err = docker_network_name_error(v)))
			log_fail("%s", err);
		/* element by element, not against the whole joined value (bug 9) */
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

const char *
netprop_initial_network_error(const char *v)
{
	if (strcmp(v, "bridge") == 0 || strcmp(v, "host") == 0 || strcmp(v, "none") == 0)
		return NULL;
	if (strncmp(v, "container:", 10) == 0)
		return docker_container_ref_error(v + 10)
		       ? "Invalid initial network: container:<name> needs a valid container name" : NULL;
	return docker_network_name_error(v);
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
network_set(const char *app, const char *prop, char **values, int nvalues)
{
	struct buf value = BUF_INIT;
	bool global = strcmp(app, PROP_GLOBAL) == 0;

	if (!global)
		app_verify(app);
	/* an empty value unsets, as in Dokku (`network:set app tld "$EMPTY"`) */
	while (nvalues > 0 && !*values[nvalues - 1])
		nvalues--;
	/* the original checked global-ability first, hiding a missing property (bug 11) */
	if (!*prop)
		log_fail("No property specified");
	if (!netprop_known(prop))
		log_fail("Invalid property specified, valid properties include: attach-post-create, "
		         "attach-post-deploy, bind-all-interfaces, initial-network, static-web-listener, tld");
	if (global && !netprop_global_allowed(prop))
		log_fail("Property cannot be specified globally");

	if (netprop_is_attach(prop)) {
		validate_attach(app, prop, values, nvalues, &value);
	} else if (nvalues > 1) {
		/* the original silently kept the first value (bug 10) */
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
	buf_free(&value);
	return 0;
}

int
network_get_property(const char *app, const char *prop)
{
	struct buf v = BUF_INIT;
	const char *err = app_name_error(app);

	if (err)
		log_fail("%s", err);
	if (!netprop_global_allowed(prop))
		log_fail("Invalid network property specified: %s", prop);
	netprop_computed(app, prop, &v);
	log_plain_buf(&v);
	buf_free(&v);
	return 0;
}

void
netprop_network_users(const char *net, struct strlist *out)
{
	static const char *const props[] = {
		NETPROP_ATTACH_POST_CREATE, NETPROP_ATTACH_POST_DEPLOY, NETPROP_INITIAL_NETWORK,
	};
	struct buf dir = BUF_INIT, v = BUF_INIT, line = BUF_INIT;
	struct strlist owners = STRLIST_INIT;
	struct dirent *e;
	size_t i, p;
	DIR *d;

	buf_printf(&dir, "%s/config/%s", env_required("DOKKU_LIB_ROOT"), PROP_PLUGIN);
	d = opendir(dir.data);
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, PROP_GLOBAL) == 0 || (e->d_name[0] != '.' && !app_name_error(e->d_name)))
			strlist_add(&owners, e->d_name);
	if (d)
		closedir(d);
	strlist_sort(&owners);
	for (i = 0; i < owners.n; i++)
		for (p = 0; p < sizeof(props) / sizeof(*props); p++) {
			struct strlist nets = STRLIST_INIT;
			netprop_raw(owners.v[i], props[p], &v);
			strlist_split(&nets, buf_cstr(&v), ',', true);
			if (strlist_contains(&nets, net)) {
				buf_reset(&line);
				buf_printf(&line, "%s (%s)", owners.v[i], props[p]);
				strlist_add(out, line.data);
			}
			strlist_free(&nets);
		}
	strlist_free(&owners);
	buf_free(&dir);
	buf_free(&v);
	buf_free(&line);
}
