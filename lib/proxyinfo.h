/*
 * proxyinfo: the triggers through which the scheduler writes, and the proxy
 * reads, where an app's containers listen: network-write-ipaddr/port,
 * network-get-ipaddr, network-get-listeners, network-get-static-listeners,
 * network-config-exists, network-clear-config.
 */
#ifndef PROXYINFO_H
#define PROXYINFO_H

int network_write_ipaddr(const char *app, const char *proc, const char *index, const char *ip);
int network_write_port(const char *app, const char *proc, const char *index, const char *port);
int network_get_ipaddr(const char *app, const char *proc, const char *cid);
int network_get_listeners(const char *app, const char *proc);
int network_get_static_listeners(const char *app);
int network_config_exists(const char *app);
int network_clear_config(const char *app);

#endif
