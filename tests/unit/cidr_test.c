/*
 * Unit tests of lib/cidr.c (addresses and subnets) and of network:create's
 * option checks (command_create in lib/network.c), which all run before the
 * daemon is asked: each invalid set of options is run in a child and must
 * fail with exactly its message. A valid set gets past the checks and fails
 * only at the (missing) daemon socket; a few valid sets are sent to a small
 * stand-in daemon on a unix socket (in this file) that records the body of
 * POST /networks/create, to see where each --gateway and --ip-range went.
 * TAP output; exit 1 on any failure.
 */
#include <arpa/inet.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cidr.h"
#include "buf.h"
#include "network.h"
#include "strlist.h"
#include "tap.h"
#include "util.h"

static char tmpdir[4096];

/* ---- cidr_parse ---- */

static void
parse_ok(const char *s, int family, const char *addr, int prefix)
{
	struct cidr c, want;
	const char *why = NULL;
	bool ok = cidr_parse(s, &c, &why);

	memset(&want, 0, sizeof want);
	inet_pton(family, addr, want.addr);
	CHECK(ok && c.family == family && c.prefix == prefix &&
	      memcmp(c.addr, want.addr, sizeof c.addr) == 0,
	      "cidr_parse %s -> %s/%d", s, addr, prefix);
}

#define GENERIC "must be an address and a prefix length, like 10.10.0.0/16"
#define TOO_LONG "has a prefix length longer than the address"
#define HOST_BITS "has host bits set (use the network address)"

static void
parse_bad(const char *s, const char *want_why)
{
	struct cidr c;
	const char *why = NULL;
	bool ok = cidr_parse(s, &c, &why);

	CHECK(!ok && tap_streq(why, want_why), "cidr_parse refuses \"%s\": %s", tap_shows(s), want_why);
}

static void
test_cidr_parse(void)
{
	char longer[200];

	parse_ok("10.1.0.0/16", AF_INET, "10.1.0.0", 16);
	parse_ok("0.0.0.0/0", AF_INET, "0.0.0.0", 0);
	parse_ok("192.168.1.128/25", AF_INET, "192.168.1.128", 25);
	parse_ok("172.30.7.9/32", AF_INET, "172.30.7.9", 32);
	parse_ok("10.0.0.0/8", AF_INET, "10.0.0.0", 8);
	parse_ok("fd00::/64", AF_INET6, "fd00::", 64);
	parse_ok("::/0", AF_INET6, "::", 0);
	parse_ok("2001:db8::/32", AF_INET6, "2001:db8::", 32);
	parse_ok("fd00:1::1/128", AF_INET6, "fd00:1::1", 128);
	parse_ok("fd00:0:0:12::/63", AF_INET6, "fd00:0:0:12::", 63);
	/* IPv4-mapped: Go and Docker take it as the IPv4 network, the prefix counted from bit 96 */
	parse_ok("::ffff:10.0.0.0/104", AF_INET, "10.0.0.0", 8);
	parse_ok("::ffff:192.168.1.0/120", AF_INET, "192.168.1.0", 24);
	parse_bad("::ffff:10.0.0.0/64", "is an IPv4-mapped address with a prefix shorter than /96");
	parse_bad("::ffff:10.0.0.0/129", TOO_LONG);

	parse_bad("10.1.0.0", GENERIC);
	parse_bad("", GENERIC);
	parse_bad("/16", GENERIC);
	parse_bad("10.1.0.0/", GENERIC);
	parse_bad("10.1.0.0/abc", GENERIC);
	parse_bad("10.1.0.0/-1", GENERIC);
	parse_bad("10.1.0.0/+8", GENERIC);
	parse_bad("10.1.0.0/ 8", GENERIC);
	parse_bad("10.1.0.0/16 ", GENERIC);
	parse_bad(" 10.1.0.0/16", GENERIC);
	parse_bad("10.1.0.0/1000", GENERIC);
	parse_bad("10.1.0/16", GENERIC);
	parse_bad("10.1.0.0.0/16", GENERIC);
	parse_bad("256.1.0.0/16", GENERIC);
	parse_bad("10.1.0.0/16/8", GENERIC);
	parse_bad("fd00::/64x", GENERIC);
	parse_bad("fe80::%eth0/64", GENERIC);
	parse_bad("example.com/24", GENERIC);
	memset(longer, '1', sizeof longer);
	strcpy(longer + 150, "/8");
	parse_bad(longer, GENERIC);
	parse_bad("10.1.0.0/33", TOO_LONG);
	parse_bad("10.1.0.0/999", TOO_LONG);
	parse_bad("fd00::/129", TOO_LONG);
	parse_bad("10.1.2.3/16", HOST_BITS);
	parse_bad("10.1.0.0/15", HOST_BITS);
	parse_bad("192.168.1.129/25", HOST_BITS);
	parse_bad("0.0.0.1/0", HOST_BITS);
	parse_bad("fd00::1/64", HOST_BITS);
	parse_bad("fd00:0:0:13::/63", HOST_BITS);
}

/* ---- ip_parse, cidr_contains, cidr_is_network_or_broadcast ---- */

static struct cidr
net(const char *s)
{
	struct cidr c;
	const char *why;

	if (!cidr_parse(s, &c, &why) && !ip_parse(s, &c)) {
		printf("Bail out! test subnet %s: %s\n", s, why);
		exit(2);
	}
	return c;
}

static void
test_ip(void)
{
	struct cidr c;

	CHECK(ip_parse("10.0.0.1", &c) && c.family == AF_INET && c.prefix == 32 &&
	      c.addr[0] == 10 && c.addr[3] == 1 && c.addr[4] == 0, "ip_parse 10.0.0.1");
	CHECK(ip_parse("::1", &c) && c.family == AF_INET6 && c.prefix == 128 && c.addr[15] == 1,
	      "ip_parse ::1");
	CHECK(ip_parse("::ffff:10.0.0.1", &c) && c.family == AF_INET && c.addr[0] == 10 &&
	      c.addr[3] == 1 && c.prefix == 32, "ip_parse ::ffff:10.0.0.1 is IPv4");
	CHECK(ip_parse("fd00:1::ffff", &c) && c.family == AF_INET6 && c.addr[0] == 0xfd &&
	      c.addr[3] == 1 && c.addr[14] == 0xff, "ip_parse fd00:1::ffff");
	CHECK(!ip_parse("", &c) && c.family == 0, "ip_parse refuses \"\" (and clears the result)");
	CHECK(!ip_parse("1.2.3", &c), "ip_parse refuses 1.2.3");
	CHECK(!ip_parse("1.2.3.4 ", &c), "ip_parse refuses a trailing space");
	CHECK(!ip_parse("10.0.0.0/8", &c), "ip_parse refuses a subnet");
	CHECK(!ip_parse("fe80::1%eth0", &c), "ip_parse refuses a zone");
	CHECK(!ip_parse("localhost", &c), "ip_parse refuses a host name");
	CHECK(!ip_parse("1.2.3.256", &c), "ip_parse refuses an octet past 255");
}

static void
test_contains(void)
{
	struct cidr a = net("10.0.0.0/8"), b = net("10.1.0.0/16"), c = net("11.0.0.0/8");
	struct cidr all = net("0.0.0.0/0"), v6 = net("fd00::/64"), v6all = net("::/0");
	struct cidr lo = net("10.1.0.0/17"), hi = net("10.1.128.0/17");
	struct cidr p25 = net("192.168.1.128/25");

	CHECK(cidr_contains(&a, &b), "10.0.0.0/8 contains 10.1.0.0/16");
	CHECK(!cidr_contains(&b, &a), "10.1.0.0/16 does not contain 10.0.0.0/8");
	CHECK(cidr_contains(&a, &a), "a subnet contains itself");
	CHECK(!cidr_contains(&a, &c), "10.0.0.0/8 does not contain 11.0.0.0/8");
	CHECK(cidr_contains(&all, &c) && cidr_contains(&all, &b), "0.0.0.0/0 contains every IPv4 subnet");
	CHECK(!cidr_contains(&all, &v6), "0.0.0.0/0 does not contain an IPv6 subnet");
	CHECK(!cidr_contains(&v6all, &a), "::/0 does not contain an IPv4 subnet");
	CHECK(cidr_contains(&v6all, &v6), "::/0 contains fd00::/64");
	CHECK(!cidr_contains(&lo, &hi) && !cidr_contains(&hi, &lo), "two halves of a /16 are disjoint");
	CHECK(cidr_contains(&b, &lo) && cidr_contains(&b, &hi), "a /16 contains both its /17s");
	{
		struct cidr in = net("192.168.1.200"), out = net("192.168.1.100"), edge = net("192.168.1.128");
		CHECK(cidr_contains(&p25, &in), "192.168.1.128/25 contains 192.168.1.200");
		CHECK(!cidr_contains(&p25, &out), "192.168.1.128/25 does not contain 192.168.1.100");
		CHECK(cidr_contains(&p25, &edge), "192.168.1.128/25 contains its network address");
	}
	{
		struct cidr ip = net("fd00::abcd"), other = net("fd00:0:0:1::1");
		CHECK(cidr_contains(&v6, &ip), "fd00::/64 contains fd00::abcd");
		CHECK(!cidr_contains(&v6, &other), "fd00::/64 does not contain fd00:0:0:1::1");
	}
}

static void
nb(const char *subnet, const char *ip, bool want)
{
	struct cidr s = net(subnet), i = net(ip);

	CHECK(cidr_is_network_or_broadcast(&s, &i) == want, "%s is %sthe network or broadcast address of %s",
	      ip, want ? "" : "not ", subnet);
}

static void
test_network_or_broadcast(void)
{
	nb("10.1.0.0/16", "10.1.0.0", true);
	nb("10.1.0.0/16", "10.1.255.255", true);
	nb("10.1.0.0/16", "10.1.0.1", false);
	nb("10.1.0.0/16", "10.1.255.254", false);
	nb("10.1.0.0/16", "10.2.0.0", false);
	nb("192.168.1.128/25", "192.168.1.128", true);
	nb("192.168.1.128/25", "192.168.1.255", true);
	nb("192.168.1.128/25", "192.168.1.127", false);
	nb("10.0.0.0/31", "10.0.0.0", false);  /* RFC 3021: both usable */
	nb("10.0.0.0/31", "10.0.0.1", false);
	nb("10.0.0.7/32", "10.0.0.7", false);
	nb("fd00::/64", "fd00::", true);
	nb("fd00::/64", "fd00::ffff:ffff:ffff:ffff", false);  /* IPv6 has no broadcast */
	nb("fd00::/64", "fd00::1", false);
	nb("fd00::/127", "fd00::", false);
}

/* ---- network:create's checks ---- */

struct create_case {
	const char *name;
	const char *driver;
	bool internal, ipv6;
	const char *subnets[40], *gateways[4], *ranges[4], *opts[4], *labels[4];
};

static void
fill(struct strlist *l, const char *const *v, size_t max)
{
	size_t i;

	for (i = 0; i < max && v[i]; i++)
		strlist_add(l, v[i]);
}

/* command_create in a child, with DOCKER_HOST at host (NULL: a socket that does not exist). */
static int
create_with(const struct create_case *c, const char *host)
{
	struct network_create_options o;
	char sock[4200];
	int rc;

	/* no daemon: a valid spec fails there and nowhere else */
	snprintf(sock, sizeof sock, "unix://%s/no-daemon.sock", tmpdir);
	setenv("DOCKER_HOST", host ? host : sock, 1);
	unsetenv("DOCKER_API_VERSION");
	unsetenv("DOKKU_QUIET_OUTPUT");
	unsetenv("DOKKU_TRACE");
	/* where a created network's record goes (lib/netspec.h), owned by whoever runs this */
	snprintf(sock, sizeof sock, "%s/lib", tmpdir);
	setenv("DOKKU_LIB_ROOT", sock, 1);
	if (getpwuid(geteuid()) && getgrgid(getegid())) {
		setenv("DOKKU_SYSTEM_USER", getpwuid(geteuid())->pw_name, 1);
		setenv("DOKKU_SYSTEM_GROUP", getgrgid(getegid())->gr_name, 1);
	}
	memset(&o, 0, sizeof o);
	o.driver = c->driver ? c->driver : "bridge";
	o.internal = c->internal;
	o.ipv6 = c->ipv6;
	fill(&o.subnets, c->subnets, NELEM(c->subnets));
	fill(&o.gateways, c->gateways, NELEM(c->gateways));
	fill(&o.ip_ranges, c->ranges, NELEM(c->ranges));
	fill(&o.opts, c->opts, NELEM(c->opts));
	fill(&o.labels, c->labels, NELEM(c->labels));
	rc = command_create(c->name, &o);
	strlist_free(&o.subnets);
	strlist_free(&o.gateways);
	strlist_free(&o.ip_ranges);
	strlist_free(&o.opts);
	strlist_free(&o.labels);
	return rc;
}

static int
run_create(void *ctx)
{
	return create_with(ctx, NULL);
}

static void
create_fails(const struct create_case *c, const char *msg)
{
	struct tap_run r;
	char want[1024];

	snprintf(want, sizeof want, " !     %s\n", msg);
	tap_run(run_create, (void *)c, NULL, &r);
	CHECK(tap_run_is(&r, 1, "", want), "network:create refuses: %s", msg);
	tap_run_free(&r);
}

/* Gets past every check: asks the daemon, whose socket does not exist. */
static void
create_passes(const struct create_case *c, const char *what)
{
	struct tap_run r;
	char out[512], err[4400];

	snprintf(out, sizeof out, "-----> Creating network %s\n", c->name);
	snprintf(err, sizeof err, " !     Unable to create network: Cannot connect to the Docker daemon at "
	         "unix://%s/no-daemon.sock: the socket does not exist. Is the docker daemon running?\n", tmpdir);
	tap_run(run_create, (void *)c, NULL, &r);
	CHECK(tap_run_is(&r, 1, out, err), "network:create passes the checks: %s", what);
	tap_run_free(&r);
}

static void
test_create(void)
{
	static struct create_case many = { .name = "n" };
	static char many_subnets[40][32];
	int i;

	create_fails(&(struct create_case){ .name = "" }, "No network name specified");
	create_fails(&(struct create_case){ .name = "-bad" },
	             "Invalid network name: it must start with a letter or digit and contain "
	             "only letters, digits, '_', '.' and '-'");
	create_fails(&(struct create_case){ .name = "n", .driver = "host" },
	             "Invalid --driver host: use bridge, overlay, macvlan or ipvlan");
	create_fails(&(struct create_case){ .name = "n", .driver = "" },
	             "Invalid --driver : use bridge, overlay, macvlan or ipvlan");
	create_fails(&(struct create_case){ .name = "n", .driver = "Bridge" },
	             "Invalid --driver Bridge: use bridge, overlay, macvlan or ipvlan");
	create_fails(&(struct create_case){ .name = "n", .gateways = { "10.0.0.1" } },
	             "--gateway and --ip-range need a --subnet");
	create_fails(&(struct create_case){ .name = "n", .ranges = { "10.0.0.0/24" } },
	             "--gateway and --ip-range need a --subnet");
	for (i = 0; i < 33; i++) {
		snprintf(many_subnets[i], sizeof many_subnets[i], "10.%d.0.0/16", i);
		many.subnets[i] = many_subnets[i];
	}
	create_fails(&many, "Invalid --subnet: at most 32 subnets");
	many.subnets[32] = NULL;
	create_passes(&many, "32 subnets are allowed");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.2.3/16" } },
	             "Invalid --subnet 10.1.2.3/16: it has host bits set (use the network address)");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0" } },
	             "Invalid --subnet 10.1.0.0: it must be an address and a prefix length, like 10.10.0.0/16");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.0.0.0/33" } },
	             "Invalid --subnet 10.0.0.0/33: it has a prefix length longer than the address");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.0.0.0/8", "10.1.0.0/16" } },
	             "Invalid --subnet 10.1.0.0/16: it overlaps 10.0.0.0/8");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16", "10.0.0.0/8" } },
	             "Invalid --subnet 10.0.0.0/8: it overlaps 10.1.0.0/16");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16", "10.1.0.0/16" } },
	             "Invalid --subnet 10.1.0.0/16: it overlaps 10.1.0.0/16");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" }, .gateways = { "gw" } },
	             "Invalid --gateway gw: not an IP address");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" },
	                                    .gateways = { "10.1.0.1/32" } },
	             "Invalid --gateway 10.1.0.1/32: not an IP address");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" },
	                                    .gateways = { "192.168.0.1" } },
	             "Invalid --gateway 192.168.0.1: it is in none of the subnets");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" },
	                                    .gateways = { "10.1.0.1", "10.1.0.2" } },
	             "Invalid --gateway 10.1.0.2: subnet 10.1.0.0/16 already has a gateway");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" },
	                                    .gateways = { "10.1.0.0" } },
	             "Invalid --gateway 10.1.0.0: it is the network or broadcast address of 10.1.0.0/16");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" },
	                                    .gateways = { "10.1.255.255" } },
	             "Invalid --gateway 10.1.255.255: it is the network or broadcast address of 10.1.0.0/16");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "fd00:1::/64" },
	                                    .gateways = { "fd00:1::" } },
	             "Invalid --gateway fd00:1::: it is the network or broadcast address of fd00:1::/64");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" },
	                                    .ranges = { "10.1.0.1/24" } },
	             "Invalid --ip-range 10.1.0.1/24: it has host bits set (use the network address)");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" },
	                                    .ranges = { "10.2.0.0/24" } },
	             "Invalid --ip-range 10.2.0.0/24: it is in none of the subnets");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/24" },
	                                    .ranges = { "10.1.0.0/16" } },
	             "Invalid --ip-range 10.1.0.0/16: it is in none of the subnets");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" },
	                                    .ranges = { "10.1.1.0/24", "10.1.2.0/24" } },
	             "Invalid --ip-range 10.1.2.0/24: subnet 10.1.0.0/16 already has an IP range");
	create_fails(&(struct create_case){ .name = "n", .ipv6 = true },
	             "--ipv6 needs an IPv6 --subnet, e.g. --subnet fd00:1::/64");
	create_fails(&(struct create_case){ .name = "n", .ipv6 = true, .subnets = { "10.1.0.0/16" } },
	             "--ipv6 needs an IPv6 --subnet, e.g. --subnet fd00:1::/64");
	create_fails(&(struct create_case){ .name = "n", .opts = { "mtu" } },
	             "Invalid --opt mtu: expected key=value");
	create_fails(&(struct create_case){ .name = "n", .opts = { "=1500" } },
	             "Invalid --opt =1500: expected key=value");
	create_fails(&(struct create_case){ .name = "n", .labels = { "a=1", "b=2", "a=3" } },
	             "Duplicate --label a");
	create_fails(&(struct create_case){ .name = "n", .opts = { "k=", "k=v" } },
	             "Duplicate --opt k");
	create_fails(&(struct create_case){ .name = "n", .labels = { "com.dokku.network-name=x" } },
	             "Invalid --label com.dokku.network-name: Dokku sets it itself");
	/* the checks come in this order: name, driver, subnets, gateways, ranges, --ipv6, opts, labels */
	create_fails(&(struct create_case){ .name = "", .driver = "x", .subnets = { "bad" } },
	             "No network name specified");
	create_fails(&(struct create_case){ .name = "n", .driver = "x", .subnets = { "bad" } },
	             "Invalid --driver x: use bridge, overlay, macvlan or ipvlan");
	create_fails(&(struct create_case){ .name = "n", .subnets = { "10.1.0.0/16" }, .gateways = { "x" },
	                                    .ranges = { "y" } },
	             "Invalid --gateway x: not an IP address");
	create_fails(&(struct create_case){ .name = "n", .ipv6 = true, .opts = { "x" } },
	             "--ipv6 needs an IPv6 --subnet, e.g. --subnet fd00:1::/64");
	create_fails(&(struct create_case){ .name = "n", .opts = { "x" }, .labels = { "y" } },
	             "Invalid --opt x: expected key=value");

	create_passes(&(struct create_case){ .name = "plain-net" }, "no options");
	create_passes(&(struct create_case){ .name = "n.1_x", .driver = "macvlan", .internal = true },
	              "macvlan, internal");
	create_passes(&(struct create_case){ .name = "ipvlan-net", .driver = "ipvlan" }, "ipvlan");
	create_passes(&(struct create_case){ .name = "n",
	                                     .subnets = { "10.1.0.0/16", "10.2.0.0/16" },
	                                     .gateways = { "10.2.0.1", "10.1.0.1" },
	                                     .ranges = { "10.2.1.0/24", "10.1.1.0/24" } },
	              "gateways and ranges each find their own subnet, in any order");
	create_passes(&(struct create_case){ .name = "n", .ipv6 = true,
	                                     .subnets = { "10.1.0.0/16", "fd00:1::/64" },
	                                     .gateways = { "fd00:1::1" } },
	              "--ipv6 with an IPv6 subnet beside an IPv4 one");
	create_passes(&(struct create_case){ .name = "n", .subnets = { "10.0.0.0/31" },
	                                     .gateways = { "10.0.0.0" } },
	              "a /31 has no network or broadcast address");
	create_passes(&(struct create_case){ .name = "n", .opts = { "com.docker.network.driver.mtu=1400", "k=a=b" },
	                                     .labels = { "a=", "b=2,3" } },
	              "options and labels: empty values, '=' and ',' inside values");
}


/* ---- what network:create sends: a stand-in daemon records the request ---- */

/* Reads one request (head and Content-Length body) from c into req: false at EOF. */
static bool
read_request(int c, struct buf *req, size_t *head_len, size_t *body_len)
{
	char chunk[4096];
	const char *end, *cl;
	ssize_t n;

	buf_reset(req);
	for (;;) {
		end = req->len ? strstr(req->data, "\r\n\r\n") : NULL;
		if (end) {
			*head_len = (size_t)(end - req->data) + 4;
			*body_len = 0;
			for (cl = req->data; (cl = strchr(cl, '\n')) && cl < end; cl++)
				if (strncasecmp(cl + 1, "Content-Length:", 15) == 0)
					*body_len = (size_t)strtoul(cl + 16, NULL, 10);
			if (req->len >= *head_len + *body_len)
				return true;
		}
		n = read(c, chunk, sizeof chunk);
		if (n <= 0)
			return false;
		buf_append(req, chunk, (size_t)n);
	}
}

static void
reply(int c, const char *status, const char *body, bool head)
{
	struct buf r = BUF_INIT;

	buf_printf(&r, "HTTP/1.1 %s\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
	           "Server: Docker/20.10.24 (linux)\r\nContent-Length: %zu\r\n\r\n%s",
	           status, strlen(body), head ? "" : body);
	if (write(c, r.data, r.len) != (ssize_t)r.len)
		_exit(3);
	buf_free(&r);
}

/* Serves connections until killed; appends "METHOD PATH\nBODY\n" of each create to log. */
static void
serve(int fd, const char *log)
{
	struct buf req = BUF_INIT;
	size_t hl, bl;
	int c;

	while ((c = accept(fd, NULL, NULL)) >= 0) {
		while (read_request(c, &req, &hl, &bl)) {
			bool head = strncmp(req.data, "HEAD ", 5) == 0;
			if (strstr(req.data, " /_ping ")) {
				reply(c, "200 OK", "OK", head);
			} else if (strncmp(req.data, "POST /v1.41/networks/create ", 28) == 0) {
				FILE *f = fopen(log, "a");
				if (f) {
					fprintf(f, "%.*s\n", (int)bl, req.data + hl);
					fclose(f);
				}
				reply(c, "201 Created", "{\"Id\":\"0123456789abcdef\",\"Warning\":\"\"}", false);
			} else if (strncmp(req.data, "GET /v1.41/networks?", 20) == 0) {
				/* the read-back for the record: not found, so the spec asked for is recorded */
				reply(c, "200 OK", "[]", head);
			} else {
				FILE *f = fopen(log, "a");
				if (f) {
					fprintf(f, "unexpected: %.*s\n", (int)strcspn(req.data, "\r"), req.data);
					fclose(f);
				}
				reply(c, "404 Not Found", "{\"message\":\"page not found\"}", head);
			}
		}
		close(c);
	}
	_exit(0);
}

struct daemon_run {
	const struct create_case *c;
	const char *sock;
};

static int
run_create_on(void *p)
{
	struct daemon_run *d = p;

	return create_with(d->c, d->sock);
}

static void
create_sends(const struct create_case *c, const char *want_body, const char *what)
{
	char path[4200], log[4200], host[4300], want[4096];
	struct sockaddr_un sa;
	struct daemon_run d;
	struct tap_run r;
	size_t n = 0;
	char *got = NULL;
	FILE *f;
	pid_t pid;
	int fd;

	snprintf(path, sizeof path, "%s/d.sock", tmpdir);
	snprintf(log, sizeof log, "%s/requests", tmpdir);
	snprintf(host, sizeof host, "unix://%s", path);
	unlink(path);
	unlink(log);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path)
		tap_die("socket path too long");
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 4) != 0)
		tap_die("listen");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		tap_die("fork");
	if (pid == 0)
		serve(fd, log);
	close(fd);
	d.c = c;
	d.sock = host;
	tap_run(run_create_on, &d, NULL, &r);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	if ((f = fopen(log, "rb")))
		got = tap_slurp(f, &n);
	snprintf(want, sizeof want, "%s\n", want_body);
	CHECK(r.status == 0 && r.errn == 0 && got && tap_same(got, n, want, strlen(want)),
	      "network:create sends: %s", what);
	snprintf(path, sizeof path, "%s/lib/config/network/--networks/%s", tmpdir, c->name);
	CHECK(access(path, R_OK) == 0, "network:create records %s", c->name);
	if (r.status != 0 || r.errn)
		printf("# status %d, stderr \"%s\"\n", r.status, tap_show(r.err, r.errn));
	free(got);
	tap_run_free(&r);
}

static void
test_create_body(void)
{
	create_sends(&(struct create_case){ .name = "plain-net" },
	             "{\"Name\":\"plain-net\",\"CheckDuplicate\":true,\"Driver\":\"bridge\",\"Attachable\":true,"
	             "\"Internal\":false,\"EnableIPv6\":false,\"Options\":{},"
	             "\"Labels\":{\"com.dokku.network-name\":\"plain-net\"}}",
	             "no options: an attachable bridge labelled as Dokku's, CheckDuplicate below API 1.44");
	create_sends(&(struct create_case){ .name = "n", .driver = "macvlan", .internal = true,
	                                    .subnets = { "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16" },
	                                    .gateways = { "10.2.0.1", "10.1.0.1" },
	                                    .ranges = { "10.3.4.0/24", "10.2.1.0/24" } },
	             "{\"Name\":\"n\",\"CheckDuplicate\":true,\"Driver\":\"macvlan\",\"Attachable\":true,"
	             "\"Internal\":true,\"EnableIPv6\":false,\"IPAM\":{\"Driver\":\"default\",\"Config\":["
	             "{\"Subnet\":\"10.1.0.0/16\",\"Gateway\":\"10.1.0.1\"},"
	             "{\"Subnet\":\"10.2.0.0/16\",\"IPRange\":\"10.2.1.0/24\",\"Gateway\":\"10.2.0.1\"},"
	             "{\"Subnet\":\"10.3.0.0/16\",\"IPRange\":\"10.3.4.0/24\"}]},"
	             "\"Options\":{},\"Labels\":{\"com.dokku.network-name\":\"n\"}}",
	             "each gateway and range with the subnet that contains it, subnets in the given order");
	create_sends(&(struct create_case){ .name = "v6", .ipv6 = true, .subnets = { "fd00:1::/64" },
	                                    .gateways = { "fd00:1::1" },
	                                    .opts = { "com.docker.network.driver.mtu=1400", "a=x=y" },
	                                    .labels = { "team=web", "env=", "<b>=&" } },
	             "{\"Name\":\"v6\",\"CheckDuplicate\":true,\"Driver\":\"bridge\",\"Attachable\":true,"
	             "\"Internal\":false,\"EnableIPv6\":true,\"IPAM\":{\"Driver\":\"default\",\"Config\":["
	             "{\"Subnet\":\"fd00:1::/64\",\"Gateway\":\"fd00:1::1\"}]},"
	             "\"Options\":{\"a\":\"x=y\",\"com.docker.network.driver.mtu\":\"1400\"},"
	             "\"Labels\":{\"\\u003cb\\u003e\":\"\\u0026\",\"env\":\"\",\"team\":\"web\","
	             "\"com.dokku.network-name\":\"v6\"}}",
	             "IPv6; options and labels sorted by key, split at the first '=', escaped as Go does");
}

int
main(void)
{
	char lib[4200];

	tap_mkdtemp(tmpdir, sizeof tmpdir, "cidr_test");
	snprintf(lib, sizeof lib, "%s/lib", tmpdir);
	if (mkdir(lib, 0755) != 0)
		tap_die("mkdir");
	test_cidr_parse();
	test_ip();
	test_contains();
	test_network_or_broadcast();
	test_create();
	test_create_body();
	tap_rm_rf(tmpdir);
	return tap_done();
}
