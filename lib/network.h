/*
 * network: the network:* subcommands that manage Docker networks
 * (create, destroy, exists, info, list). Each returns the exit status.
 */
#ifndef NETWORK_H
#define NETWORK_H

#include <stdbool.h>

int network_create(const char *name);
int network_destroy(const char *name, bool force);
int network_exists(const char *name);
int network_info(const char *name, const char *format);
int network_list(const char *format, bool dokku_managed_only);

#endif
