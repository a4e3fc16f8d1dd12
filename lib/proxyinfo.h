/*
 * proxyinfo: the triggers through which the scheduler writes, and the proxy
 * reads, where an app's containers listen: network-write-ipaddr/port,
 * network-get-ipaddr, network-get-listeners, network-get-static-listeners,
 * network-config-exists, network-clear-config; and network-get-property,
 * through which they read the computed properties.
 */
#ifndef PROXYINFO_H
#define PROXYINFO_H

int trigger_network_write_ipaddr(const char *app, const char *proc, const char *index, const char *ip);
int trigger_network_write_port(const char *app, const char *proc, const char *index, const char *port);
int trigger_network_get_ipaddr(const char *app, const char *proc, const char *cid);
int trigger_network_get_listeners(const char *app, const char *proc);
int trigger_network_get_static_listeners(const char *app);
int trigger_network_config_exists(const char *app);
int trigger_network_clear_config(const char *app);
/* The computed value of a property (app, else global) and a newline. */
int trigger_network_get_property(const char *app, const char *prop);

#endif
