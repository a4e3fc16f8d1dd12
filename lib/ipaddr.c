#include <arpa/inet.h>
#include <string.h>

#include "appctx.h"
#include "ipaddr.h"
#include "netprop.h"

/* Canonical text of an IP address, or false. */
static bool
canonical_ip(const char *s, struct buf *out)
{
	unsigned char addr[16];
	char text[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET, s, addr) == 1 && inet_ntop(AF_INET, addr, text, sizeof(text))) {
		buf_puts(out, text);
		return true;
	}
	if (inet_pton(AF_INET6, s, addr) == 1 && inet_ntop(AF_INET6, addr, text, sizeof(text))) {
		buf_puts(out, text);
		return true;
	}
	return false;
}

bool
static_listener_address(struct app_ctx *a, const char *proc, struct buf *out)
{
	const struct buf *listener;
	const char *l, *colon;

	buf_reset(out);
	if (strcmp(proc, "web") != 0)
		return false;
	listener = app_ctx_prop(a, NETPROP_STATIC_WEB_LISTENER);
	if (listener->len == 0)
		return false;
	l = listener->data;
	/* Go's net.SplitHostPort, then a bare IP, then 127.0.0.1 */
	if (l[0] == '[' && (colon = strstr(l, "]:")) && !strchr(colon + 2, ':')) {
		buf_append(out, l + 1, (size_t)(colon - l - 1));
	} else if ((colon = strchr(l, ':')) && !strchr(colon + 1, ':') && l[0] != '[') {
		buf_append(out, l, (size_t)(colon - l));
	} else if (!canonical_ip(l, out)) {
		buf_puts(out, "127.0.0.1");
	}
	return true;
}

void
container_ip_address(struct app_ctx *a, const char *proc, const struct docker_container *c,
                     struct buf *out)
{
	struct buf net = BUF_INIT;
	const char *ip;

	if (static_listener_address(a, proc, out))
		return;
	buf_reset(out);
	if (strcmp(c->network_mode, "host") == 0) {
		buf_puts(out, "127.0.0.1");
		return;
	}
	app_ctx_computed_for(a, NETPROP_INITIAL_NETWORK, proc, &net);
	ip = docker_container_ip(c, net.len ? net.data : "bridge");
	if (!*ip)
		ip = docker_container_ip(c, "bridge");
	buf_puts(out, ip);
	buf_free(&net);
}
