/* cidr: IP addresses and subnets, for validating network:create's options locally. */
#ifndef CIDR_H
#define CIDR_H

#include <stdbool.h>

struct cidr {
	int family;               /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int prefix;
};

/* Parses "10.1.0.0/16" or "fd00::/64" (host bits must be zero, as Docker wants). */
bool cidr_parse(const char *s, struct cidr *out, const char **why);

/* Parses a bare IPv4 or IPv6 address into c (prefix = full length). */
bool ip_parse(const char *s, struct cidr *out);

/* Whether the address (or the whole subnet) `inner` lies inside `outer`. */
bool cidr_contains(const struct cidr *outer, const struct cidr *inner);

/* Whether ip is the subnet's first address or (IPv4) its last one. */
bool cidr_is_network_or_broadcast(const struct cidr *subnet, const struct cidr *ip);

#endif
