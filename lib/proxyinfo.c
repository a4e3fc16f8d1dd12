#include <arpa/inet.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "appctx.h"
#include "docker.h"
#include "ipaddr.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "proxyinfo.h"

static long
atoi_port(const char *s)
{
	long v = 0;

	for (; *s; s++)
		v = v * 10 + (*s - '0');
	return v;
}

/* App, process type and index become a path: validate all three first. */
static void
require_state_file_args(const char *app, const char *proc, const char *index)
{
	log_fail_if(app_name_error(app));
	log_fail_if(proc_type_error(proc));
	log_fail_if(container_index_error(index));
}

static int
write_state_file(const char *kind, const char *app, const char *proc, const char *index,
                 const char *value)
{
	struct buf err = BUF_INIT, dir = BUF_INIT;

	app_dir(app, &dir);
	if (!listener_file_write(dir.data, kind, proc, index, value, &err))
		log_fail("%s", buf_cstr(&err));
	buf_free(&err);
	buf_free(&dir);
	return 0;
}

int
trigger_network_write_ipaddr(const char *app, const char *proc, const char *index, const char *ip)
{
	unsigned char addr[16];

	require_state_file_args(app, proc, index);
	if (inet_pton(AF_INET, ip, addr) != 1 && inet_pton(AF_INET6, ip, addr) != 1)
		log_fail("Invalid IP address: %s", ip);
	return write_state_file("IP", app, proc, index, ip);
}

int
trigger_network_write_port(const char *app, const char *proc, const char *index, const char *port)
{
	size_t n = strlen(port);

	require_state_file_args(app, proc, index);
	if (n == 0 || n > 5 || port[0] == '0' || strspn(port, "0123456789") != n || atoi_port(port) > 65535)
		log_fail("Invalid port: %s", port);
	return write_state_file("PORT", app, proc, index, port);
}

int
trigger_network_get_ipaddr(const char *app, const char *proc, const char *cid)
{
	struct buf ip = BUF_INIT, err = BUF_INIT;
	struct docker_container c;
	struct app_ctx a;

	app_ctx_open(&a, app);
	log_fail_if(proc_type_error(proc));
	log_fail_if(docker_container_ref_error(cid));
	/* a static listener needs no daemon round trip */
	if (!static_listener_address(&a, proc, &ip)) {
		switch (docker_container_inspect(cid, &c, &err)) {
		case DOCKER_ERROR:
			log_fail("%s", buf_cstr(&err));
		case DOCKER_MISSING:
			break;  /* the original printed an empty line */
		case DOCKER_FOUND:
			container_ip_address(&a, proc, &c, &ip);
			docker_container_free(&c);
			break;
		}
	}
	log_plain("%s", buf_cstr(&ip));
	app_ctx_close(&a);
	buf_free(&ip);
	buf_free(&err);
	return 0;
}

int
trigger_network_get_listeners(const char *app, const char *proc)
{
	struct buf out = BUF_INIT;
	struct app_ctx a;

	app_ctx_open(&a, app);
	if (!*proc) {
		log_warn("Deprecated: Please specify a processType argument for the network-get-listeners plugin trigger");
		proc = "web";
	}
	log_fail_if(proc_type_error(proc));
	listeners_get(&a, proc, &out);
	log_plain_buf(&out);
	app_ctx_close(&a);
	buf_free(&out);
	return 0;
}

int
trigger_network_get_static_listeners(const char *app)
{
	struct app_ctx a;
	struct buf v = BUF_INIT;
	const struct buf *listener;

	app_ctx_open(&a, app);
	listener = app_ctx_prop(&a, NETPROP_STATIC_WEB_LISTENER);
	buf_append(&v, buf_cstr(listener), listener->len);  /* raw, NULs too */
	log_plain_buf(&v);
	app_ctx_close(&a);
	buf_free(&v);
	return 0;
}

static bool
is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
trigger_network_config_exists(const char *app)
{
	char ip_small[512], port_small[512];  /* no heap: see buf_init_in */
	struct buf ip, port;
	struct app_ctx a;
	bool exists;

	buf_init_in(&ip, ip_small, sizeof(ip_small));
	buf_init_in(&port, port_small, sizeof(port_small));
	app_ctx_open(&a, app);
	buf_printf(&ip, "%s/IP.web.1", a.dir.data);
	buf_printf(&port, "%s/PORT.web.1", a.dir.data);
	exists = (is_regular(ip.data) && is_regular(port.data)) ||
	         app_ctx_prop(&a, NETPROP_STATIC_WEB_LISTENER)->len > 0;
	log_plain("%s", exists ? "true" : "false");
	app_ctx_close(&a);
	buf_free(&ip);
	buf_free(&port);
	return 0;
}

int
trigger_network_clear_config(const char *app)
{
	log_fail_if(app_name_error(app));
	if (!listener_files_remove(app))
		log_fail("Unable to clear the network configuration of %s", app);
	return 0;
}

int
trigger_network_get_property(const char *app, const char *prop)
{
	char small[NETPROP_SMALL_VALUE];
	struct buf v;
	struct app_ctx a;

	buf_init_in(&v, small, sizeof(small));
	app_ctx_open(&a, app);
	if (!netprop_global_allowed(prop))
		log_fail("Invalid network property specified: %s", prop);
	app_ctx_computed(&a, prop, &v);
	log_plain_buf(&v);
	app_ctx_close(&a);
	buf_free(&v);
	return 0;
}

