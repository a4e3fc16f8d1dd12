/*
 * network: the network:* subcommands that manage Docker networks
 * (create, destroy, exists, info, list). Each returns the exit status.
 * create records the network's spec and destroy forgets it (netspec.h).
 */
#ifndef NETWORK_H
#define NETWORK_H

#include <stdbool.h>

#include "strlist.h"

/* network:create's options (flags of the same names). */
struct network_create_options {
	const char *driver;  /* bridge, overlay, macvlan or ipvlan */
	bool internal;
	bool ipv6;
	struct strlist subnets, gateways, ip_ranges;
	struct strlist opts, labels;  /* key=value */
	bool adopt;   /* --adopt: record the existing network as it is (netspec.h) */
	bool shaped;  /* any of the flags above given (not with --adopt) */
};

int command_create(const char *name, const struct network_create_options *o);
int command_destroy(const char *name, bool force);
int command_exists(const char *name);
int command_info(const char *name, const char *format);
int command_list(const char *format, bool dokku_managed_only);

#endif
