/* ipaddr: the address the proxy should use for a container (doc/design.md §8.3). */
#ifndef IPADDR_H
#define IPADDR_H

#include "appctx.h"
#include "buf.h"
#include "docker.h"

/*
 * GetContainerIpaddress: the static-web-listener's host for web, 127.0.0.1
 * in host network mode, else the IP on the computed initial network (or
 * bridge), falling back to the default bridge. Empty when none is known.
 */
void container_ip_address(struct app_ctx *a, const char *proc, const struct docker_container *c,
                          struct buf *out);

/* The host part of the static-web-listener (for web), or false when unset. */
bool static_listener_address(struct app_ctx *a, const char *proc, struct buf *out);

#endif
