#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cidr.h"

/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d), which Go and Docker take as IPv4. */
static bool
v4_mapped(const struct cidr *c)
{
	static const unsigned char prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return c->family == AF_INET6 && memcmp(c->addr, prefix, sizeof(prefix)) == 0;
}

static void
to_v4(struct cidr *c)
{
	memmove(c->addr, c->addr + 12, 4);
	memset(c->addr + 4, 0, sizeof(c->addr) - 4);
	c->family = AF_INET;
	c->prefix = c->prefix >= 96 ? c->prefix - 96 : 0;
}

bool
ip_parse(const char *s, struct cidr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, out->addr) == 1) {
		out->family = AF_INET;
		out->prefix = 32;
		return true;
	}
	if (inet_pton(AF_INET6, s, out->addr) == 1) {
		out->family = AF_INET6;
		out->prefix = 128;
		if (v4_mapped(out))
			to_v4(out);
		return true;
	}
	return false;
}

/* Whether the first `prefix` bits of a and b agree. */
static bool
same_prefix(const unsigned char *a, const unsigned char *b, int prefix)
{
	int full = prefix / 8, rest = prefix % 8;

	if (memcmp(a, b, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a[full] ^ b[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

bool
cidr_parse(const char *s, struct cidr *out, const char **why)
{
	const char *slash = strchr(s, '/');
	char ip[64];
	size_t n;
	int bits, max, i;
	struct cidr net;

	*why = "must be an address and a prefix length, like 10.10.0.0/16";
	if (!slash || (n = (size_t)(slash - s)) == 0 || n >= sizeof(ip))
		return false;
	memcpy(ip, s, n);
	ip[n] = '\0';
	if (!ip_parse(ip, out))
		return false;
	/* the prefix applies to the address as written: ::ffff:10.0.0.0/104 is 10.0.0.0/8 */
	max = strchr(ip, ':') ? 128 : 32;
	if (!slash[1] || strspn(slash + 1, "0123456789") != strlen(slash + 1) || strlen(slash + 1) > 3)
		return false;
	bits = atoi(slash + 1);
	if (bits > max) {
		*why = "has a prefix length longer than the address";
		return false;
	}
	if (out->family == AF_INET && max == 128) {
		if (bits < 96) {
			*why = "is an IPv4-mapped address with a prefix shorter than /96";
			return false;
		}
		bits -= 96;
		max = 32;
	}
	out->prefix = bits;
	/* the host part must be zero: 10.1.2.3/16 is a typo for 10.1.0.0/16 */
	net = *out;
	for (i = bits; i < max; i++)
		net.addr[i / 8] &= (unsigned char)~(0x80 >> (i % 8));
	if (memcmp(net.addr, out->addr, sizeof(net.addr)) != 0) {
		*why = "has host bits set (use the network address)";
		return false;
	}
	return true;
}

bool
cidr_contains(const struct cidr *outer, const struct cidr *inner)
{
	return outer->family == inner->family && inner->prefix >= outer->prefix &&
	       same_prefix(outer->addr, inner->addr, outer->prefix);
}

bool
cidr_is_network_or_broadcast(const struct cidr *subnet, const struct cidr *ip)
{
	int max = subnet->family == AF_INET ? 32 : 128, i;
	bool all_zero = true, all_one = true;

	if (!cidr_contains(subnet, ip) || subnet->prefix >= max - 1)
		return false;
	for (i = subnet->prefix; i < max; i++) {
		bool bit = ip->addr[i / 8] & (0x80 >> (i % 8));
		all_zero &= !bit;
		all_one &= bit;
	}
	return all_zero || (all_one && subnet->family == AF_INET);
}
