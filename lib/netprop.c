#include <arpa/inet.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "docker.h"
#include "env.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "prop.h"
#include "util.h"

static const char *const app_properties[] = {
	NETPROP_ATTACH_POST_CREATE, NETPROP_ATTACH_POST_DEPLOY, NETPROP_BIND_ALL_INTERFACES,
	NETPROP_INITIAL_NETWORK, NETPROP_STATIC_WEB_LISTENER, NETPROP_TLD,
};
#define NPROPS NELEM(app_properties)
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
		buf_init_in(&vals->v[i], vals->small[i], sizeof(vals->small[i]));
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

bool
netprop_process_scopable(const char *prop)
{
	return netprop_is_attach(prop) || strcmp(prop, NETPROP_INITIAL_NETWORK) == 0;
}

const char *
netprop_process_error(const char *proc)
{
	/* docker-options' name for the app-wide scope, refused there too */
	if (strcmp(proc, "_default_") == 0)
		return "Invalid process type: _default_ is reserved";
	return proc_type_error(proc);
}

void
netprop_scoped_name(const char *prop, const char *proc, struct buf *out)
{
	buf_reset(out);
	buf_printf(out, "%s.%s", prop, proc);
}

void
netprop_scoped_list(const char *app, struct strlist *out)
{
	struct buf dir = BUF_INIT;
	struct dirent *e;
	DIR *d;

	if (strcmp(app, PROP_GLOBAL) == 0)
		return;
	prop_app_dir(app, &dir);
	d = opendir(dir.data);
	while (d && (e = readdir(d))) {
		const char *dot = strchr(e->d_name, '.');
		char prop[65];
		size_t n;
		if (!dot || dot == e->d_name || !prop_name_valid(e->d_name))
			continue;
		n = (size_t)(dot - e->d_name);
		memcpy(prop, e->d_name, n);  /* n <= 64: prop_name_valid */
		prop[n] = '\0';
		if (netprop_process_scopable(prop) && !netprop_process_error(dot + 1))
			strlist_add(out, e->d_name);
	}
	if (d)
		closedir(d);
	strlist_sort(out);
	buf_free(&dir);
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
	for (i = 0; i < owners.n; i++) {
		struct strlist names = STRLIST_INIT;
		for (p = 0; p < NELEM(props); p++)
			strlist_add(&names, props[p]);
		netprop_scoped_list(owners.v[i], &names);  /* <property>.<process> too */
		for (p = 0; p < names.n; p++) {
			struct strlist nets = STRLIST_INIT;
			buf_reset(&v);
			prop_get(owners.v[i], names.v[p], &v);
			strlist_split(&nets, buf_cstr(&v), ',', true);
			if (strlist_contains(&nets, net)) {
				buf_reset(&line);
				buf_printf(&line, "%s (%s)", owners.v[i], names.v[p]);
				strlist_add(out, line.data);
			}
			strlist_free(&nets);
		}
		strlist_free(&names);
	}
	strlist_free(&owners);
	buf_free(&dir);
	buf_free(&v);
	buf_free(&line);
}
