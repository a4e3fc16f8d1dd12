/*
 * Unit tests of network:export's document and the network records, the
 * parts that touch neither the disk nor the daemon: lib/netspec_json.c
 * (netspec_driver_known, netspec_valid, netspec_write_json, netspec_parse),
 * netspec_differs (lib/netspec.c, against a docker_network built by hand)
 * and lib/netdoc.c (netdoc_add_*, netdoc_write, netdoc_parse).
 *
 * Covers a round trip (a document written, parsed back and written again is
 * the same bytes, keys in their stable order), every refusal of
 * netspec_valid and netdoc_parse with its exact message, and what
 * netspec_differs reports (and what it leaves to the daemon).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "docker.h"
#include "netdoc.h"
#include "netspec.h"
#include "prop.h"
#include "strlist.h"
#include "tap.h"
#include "util.h"

#define NAME_RULE "App name must begin with lowercase alphanumeric character, " \
                  "and may only contain lowercase alphanumerics, dots, and hyphens"
#define NET_NAME_RULE "Invalid network name: it must start with a letter or digit and contain " \
                      "only letters, digits, '_', '.' and '-'"

/* ---- building specs by hand ---------------------------------------------------- */

static void
spec(struct netspec *s, const char *name, const char *driver)
{
	netspec_init(s);
	s->name = name ? xstrdup(name) : NULL;
	s->driver = driver ? xstrdup(driver) : NULL;
}

static void
subnet(struct netspec *s, const char *cidr, const char *gateway, const char *range)
{
	strlist_add(&s->subnets, cidr);
	strlist_add(&s->gateways, gateway);
	strlist_add(&s->ip_ranges, range);
}

/* Keys must be added in order: the lists are kept sorted by key. */
static void
opt(struct netspec *s, const char *k, const char *v)
{
	strlist_add(&s->opt_keys, k);
	strlist_add(&s->opt_values, v);
}

static void
label(struct netspec *s, const char *k, const char *v)
{
	strlist_add(&s->label_keys, k);
	strlist_add(&s->label_values, v);
}

/* netspec_valid refuses s with exactly want (NULL: accepts it); frees s. */
static void
valid_is(struct netspec *s, const char *want, const char *what)
{
	struct buf why = BUF_INIT;
	bool ok = netspec_valid(s, &why);

	if (!want)
		CHECK(ok && why.len == 0, "netspec_valid accepts %s%s%s", what, ok ? "" : ": ",
		      ok ? "" : buf_cstr(&why));
	else
		CHECK(!ok && tap_streq(buf_cstr(&why), want), "netspec_valid refuses %s: %s", what, want);
	buf_free(&why);
	netspec_free(s);
}

/* ---- netspec_driver_known ------------------------------------------------------ */

static void
test_drivers(void)
{
	static const char *const known[] = { "bridge", "overlay", "macvlan", "ipvlan" };
	static const char *const unknown[] = { "", "host", "null", "Bridge", "bridge ", "bridg", "bridgex" };
	size_t i;

	for (i = 0; i < NELEM(known); i++)
		CHECK(netspec_driver_known(known[i]), "netspec_driver_known(\"%s\")", known[i]);
	for (i = 0; i < NELEM(unknown); i++)
		CHECK(!netspec_driver_known(unknown[i]), "netspec_driver_known(\"%s\") is false", unknown[i]);
}

/* ---- netspec_valid ------------------------------------------------------------- */

static void
test_valid(void)
{
	struct netspec s;
	char longname[300];

	spec(&s, "n1", "bridge");
	valid_is(&s, NULL, "a bare bridge network");

	spec(&s, "My_net.2-x", "overlay");
	subnet(&s, "10.0.0.0/16", "10.0.0.1", "10.0.1.0/24");
	subnet(&s, "fd00:1::/64", "fd00:1::1", "");
	subnet(&s, "192.168.5.0/24", "", "192.168.5.128/25");
	s.ipv6 = true;
	s.internal = true;
	opt(&s, "com.docker.network.bridge.name", "br-x");
	opt(&s, "mtu", "1400");
	label(&s, "a", "");
	label(&s, "b", "2");
	valid_is(&s, NULL, "three subnets, IPv6, options and labels");

	spec(&s, "n1", "macvlan");
	subnet(&s, "10.0.0.0/31", "10.0.0.0", "");
	valid_is(&s, NULL, "a /31 with its first address as gateway (no network address there)");

	spec(&s, "n1", "ipvlan");
	subnet(&s, "fd00::/64", "fd00::ffff:ffff:ffff:ffff", "");
	valid_is(&s, NULL, "an IPv6 gateway at the top of its subnet (no broadcast in IPv6)");

	/* names */
	spec(&s, "", "bridge");
	valid_is(&s, "No network name specified", "an empty name");
	spec(&s, NULL, "bridge");
	valid_is(&s, "No network name specified", "no name");
	spec(&s, "-n1", "bridge");
	valid_is(&s, NET_NAME_RULE, "a name starting with '-'");
	spec(&s, "n/1", "bridge");
	valid_is(&s, NET_NAME_RULE, "a name with '/'");
	spec(&s, "n 1", "bridge");
	valid_is(&s, NET_NAME_RULE, "a name with a space");
	memset(longname, 'a', 256);
	longname[256] = '\0';
	spec(&s, longname, "bridge");
	valid_is(&s, "Invalid network name: at most 255 characters are allowed", "a 256-byte name");
	longname[255] = '\0';
	spec(&s, longname, "bridge");
	valid_is(&s, NULL, "a 255-byte name");

	/* drivers */
	spec(&s, "n1", "host");
	valid_is(&s, "network n1: unknown driver host (bridge, overlay, macvlan or ipvlan)", "driver host");
	spec(&s, "n1", "");
	valid_is(&s, "network n1: unknown driver \"\" (bridge, overlay, macvlan or ipvlan)", "an empty driver");
	spec(&s, "n1", NULL);
	valid_is(&s, "network n1: unknown driver \"\" (bridge, overlay, macvlan or ipvlan)", "no driver");
	spec(&s, "n1", "br\nidge");
	valid_is(&s, "network n1: unknown driver \"br\\nidge\" (bridge, overlay, macvlan or ipvlan)",
	         "a driver with a newline (Go-quoted: the message stays one line)");

	/* subnets */
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "", "");
	subnet(&s, "10.0.1.0/24", "", "");
	valid_is(&s, "network n1: subnet 10.0.1.0/24 overlaps 10.0.0.0/16", "a subnet inside an earlier one");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.1.0/24", "", "");
	subnet(&s, "10.0.0.0/16", "", "");
	valid_is(&s, "network n1: subnet 10.0.0.0/16 overlaps 10.0.1.0/24", "a subnet around an earlier one");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/24", "", "");
	subnet(&s, "10.0.0.0/24", "", "");
	valid_is(&s, "network n1: subnet 10.0.0.0/24 overlaps 10.0.0.0/24", "the same subnet twice");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/24", "", "");
	subnet(&s, "10.0.1.0/24", "", "");
	valid_is(&s, NULL, "two neighbouring subnets");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.1/16", "", "");
	valid_is(&s, "network n1: subnet 10.0.0.1/16 has host bits set (use the network address)",
	         "a subnet with host bits");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0", "", "");
	valid_is(&s, "network n1: subnet 10.0.0.0 must be an address and a prefix length, like 10.10.0.0/16",
	         "a subnet without a prefix length");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/\t16", "", "");
	valid_is(&s, "network n1: subnet \"10.0.0.0/\\t16\" must be an address and a prefix length, like 10.10.0.0/16",
	         "a subnet with a tab (Go-quoted)");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "", "");
	strlist_add(&s.gateways, "10.0.0.1");
	valid_is(&s, "network n1: a gateway or IP range without its subnet", "more gateways than subnets");

	/* gateways */
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "10.1.0.1", "");
	valid_is(&s, "network n1: gateway 10.1.0.1 is not a host address of subnet 10.0.0.0/16",
	         "a gateway outside its subnet");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "10.0.0.0", "");
	valid_is(&s, "network n1: gateway 10.0.0.0 is not a host address of subnet 10.0.0.0/16",
	         "the network address as gateway");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "10.0.255.255", "");
	valid_is(&s, "network n1: gateway 10.0.255.255 is not a host address of subnet 10.0.0.0/16",
	         "the broadcast address as gateway");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "fd00::1", "");
	valid_is(&s, "network n1: gateway fd00::1 is not a host address of subnet 10.0.0.0/16",
	         "an IPv6 gateway in an IPv4 subnet");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/24", "10.0.0.1", "");
	subnet(&s, "10.0.1.0/24", "10.0.0.2", "");
	valid_is(&s, "network n1: gateway 10.0.0.2 is not a host address of subnet 10.0.1.0/24",
	         "a gateway in another entry's subnet");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "gw", "");
	valid_is(&s, "network n1: gateway gw is not an IP address", "a gateway that is no address");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "10.0.0.1/16", "");
	valid_is(&s, "network n1: gateway 10.0.0.1/16 is not an IP address", "a gateway with a prefix length");

	/* IP ranges */
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "", "10.1.0.0/24");
	valid_is(&s, "network n1: IP range 10.1.0.0/24 is not inside subnet 10.0.0.0/16", "a range outside its subnet");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "", "10.0.0.0/8");
	valid_is(&s, "network n1: IP range 10.0.0.0/8 is not inside subnet 10.0.0.0/16", "a range around its subnet");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "", "10.0.0.0/16");
	valid_is(&s, NULL, "a range equal to its subnet");
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "", "10.0.0.5/24");
	valid_is(&s, "network n1: IP range 10.0.0.5/24 has host bits set (use the network address)",
	         "a range with host bits");

	/* IPv6 */
	spec(&s, "n1", "bridge");
	s.ipv6 = true;
	subnet(&s, "10.0.0.0/16", "", "");
	valid_is(&s, "network n1: IPv6 needs an IPv6 subnet", "IPv6 with only an IPv4 subnet");
	spec(&s, "n1", "bridge");
	subnet(&s, "fd00::/64", "", "");
	valid_is(&s, NULL, "an IPv6 subnet without IPv6 (as network:create allows)");
	spec(&s, "n1", "bridge");
	s.ipv6 = true;
	subnet(&s, "fd00::/64", "", "");
	valid_is(&s, NULL, "IPv6 with an IPv6 subnet");

	/* options and labels */
	spec(&s, "n1", "bridge");
	opt(&s, "", "x");
	valid_is(&s, "network n1: an empty option key", "an empty option key");
	spec(&s, "n1", "bridge");
	opt(&s, "mtu", "1400");
	opt(&s, "mtu", "1500");
	valid_is(&s, "network n1: option mtu given twice", "an option twice");
	spec(&s, "n1", "bridge");
	opt(&s, "a\x01", "1");
	opt(&s, "a\x01", "2");
	valid_is(&s, "network n1: option \"a\\x01\" given twice", "an option with a control byte twice (Go-quoted)");
	spec(&s, "n1", "bridge");
	label(&s, "", "x");
	valid_is(&s, "network n1: an empty label key", "an empty label key");
	spec(&s, "n1", "bridge");
	label(&s, "k", "1");
	label(&s, "k", "1");
	valid_is(&s, "network n1: label k given twice", "a label twice");
	/* out of order, as a caller that did not sort might give them: a repeat far apart is still one */
	spec(&s, "n1", "bridge");
	opt(&s, "mtu", "1400");
	opt(&s, "com.docker.network.bridge.name", "br0");
	opt(&s, "mtu", "1500");
	valid_is(&s, "network n1: option mtu given twice", "an option twice, not adjacent, keys out of order");
	spec(&s, "n1", "bridge");
	label(&s, "team", "ops");
	label(&s, "tier", "1");
	label(&s, "app", "x");
	label(&s, "team", "dev");
	valid_is(&s, "network n1: label team given twice", "a label twice, not adjacent, keys out of order");
	spec(&s, "n1", "bridge");
	label(&s, "zone", "a");
	label(&s, "team", "ops");
	valid_is(&s, NULL, "unique label keys out of order");
	spec(&s, "n1", "bridge");
	label(&s, "a", "1");
	label(&s, DOKKU_NETWORK_LABEL, "n1");
	valid_is(&s, "network n1: label com.dokku.network-name is Dokku's own", "Dokku's own label");
	spec(&s, "n1", "bridge");
	opt(&s, DOKKU_NETWORK_LABEL, "n1");
	valid_is(&s, NULL, "Dokku's label name as a driver option");

	/* the first problem is the one named */
	spec(&s, "n1", "bridge");
	subnet(&s, "10.0.0.0/16", "10.9.0.1", "");
	opt(&s, "", "x");
	label(&s, DOKKU_NETWORK_LABEL, "n1");
	valid_is(&s, "network n1: gateway 10.9.0.1 is not a host address of subnet 10.0.0.0/16",
	         "a spec with three problems (the subnets first)");

	/* why is appended to, not replaced */
	{
		struct buf why = BUF_INIT;
		spec(&s, "n1", "x");
		buf_puts(&why, "before: ");
		CHECK(!netspec_valid(&s, &why) &&
		      tap_streq(buf_cstr(&why), "before: network n1: unknown driver x (bridge, overlay, macvlan or ipvlan)"),
		      "netspec_valid appends to why");
		netspec_free(&s);
		buf_free(&why);
	}
}

/* ---- netspec_write_json and netspec_parse ----------------------------------------- */

static void
parse_is(const char *js, const char *want, const char *what)
{
	struct netspec s;
	struct buf why = BUF_INIT;
	bool ok = netspec_parse(js, strlen(js), &s, &why);

	CHECK(!ok && tap_streq(buf_cstr(&why), want), "netspec_parse refuses %s: %s", what, want);
	CHECK(s.name == NULL && s.driver == NULL && s.subnets.n == 0, "netspec_parse leaves nothing behind (%s)", what);
	netspec_free(&s);
	buf_free(&why);
}

static void
test_record_json(void)
{
	static const char full[] =
		"{\"Name\":\"n1\",\"Driver\":\"macvlan\",\"Internal\":true,\"IPv6\":true,\"Subnets\":["
		"{\"Subnet\":\"10.0.0.0/16\",\"Gateway\":\"10.0.0.1\",\"IPRange\":\"10.0.1.0/24\"},"
		"{\"Subnet\":\"fd00::/64\",\"Gateway\":\"\",\"IPRange\":\"\"}],"
		"\"Options\":{\"mtu\":\"1400\",\"parent\":\"eth0\"},\"Labels\":{\"a\":\"x\\\"y\",\"b\":\"\"}}";
	struct netspec s, back;
	struct buf out = BUF_INIT, again = BUF_INIT, why = BUF_INIT;
	bool ok;

	spec(&s, "n1", "macvlan");
	s.internal = s.ipv6 = true;
	subnet(&s, "10.0.0.0/16", "10.0.0.1", "10.0.1.0/24");
	subnet(&s, "fd00::/64", "", "");
	opt(&s, "mtu", "1400");
	opt(&s, "parent", "eth0");
	label(&s, "a", "x\"y");
	label(&s, "b", "");
	netspec_write_json(&s, &out);
	CHECK(tap_streq(buf_cstr(&out), full), "netspec_write_json: keys in order, every subnet with Gateway and IPRange");

	ok = netspec_parse(out.data, out.len, &back, &why);
	CHECK(ok && why.len == 0, "netspec_parse reads what netspec_write_json wrote%s%s", ok ? "" : ": ",
	      buf_cstr(&why));
	if (ok) {
		netspec_write_json(&back, &again);
		CHECK(tap_same(again.data, again.len, out.data, out.len), "a record written, parsed, written: the same bytes");
		CHECK(back.internal && back.ipv6 && back.subnets.n == 2 && strcmp(back.ip_ranges.v[0], "10.0.1.0/24") == 0 &&
		      strcmp(back.label_values.v[0], "x\"y") == 0,
		      "the parsed record has its flags, subnets and decoded labels");
	} else {
		CHECK(0, "a record written, parsed, written: the same bytes");
		CHECK(0, "the parsed record has its flags, subnets and decoded labels");
	}
	netspec_free(&back);
	netspec_free(&s);

	/* what may be left out; maps come back sorted */
	buf_reset(&why);
	ok = netspec_parse("{\"Name\":\"n2\",\"Subnets\":[{\"Subnet\":\"10.2.0.0/16\"}],\"Labels\":{\"z\":\"1\",\"a\":\"2\"}}",
	                   strlen("{\"Name\":\"n2\",\"Subnets\":[{\"Subnet\":\"10.2.0.0/16\"}],\"Labels\":{\"z\":\"1\",\"a\":\"2\"}}"),
	                   &back, &why);
	CHECK(ok, "netspec_parse: Driver, Internal, IPv6, Options, Gateway and IPRange may be left out%s%s",
	      ok ? "" : ": ", buf_cstr(&why));
	buf_reset(&again);
	if (ok)
		netspec_write_json(&back, &again);
	CHECK_STR(buf_cstr(&again),
	          "{\"Name\":\"n2\",\"Driver\":\"bridge\",\"Internal\":false,\"IPv6\":false,\"Subnets\":["
	          "{\"Subnet\":\"10.2.0.0/16\",\"Gateway\":\"\",\"IPRange\":\"\"}],\"Options\":{},"
	          "\"Labels\":{\"a\":\"2\",\"z\":\"1\"}}",
	          "... and come back as bridge, false, \"\" and {}; labels sorted by key");
	netspec_free(&back);

	parse_is("", "not JSON", "an empty record");
	parse_is("{\"Name\":", "not JSON", "a truncated record");
	parse_is("[]", "a network must be an object", "an array");
	parse_is("{}", "a network without its Name", "an empty object");
	parse_is("{\"Name\":\"n1\",\"Colour\":\"red\"}", "unknown key \"Colour\"", "an unknown key");
	parse_is("{\"Name\":\"n1\",\"Name\":\"n1\"}", "key Name given twice", "Name twice");
	parse_is("{\"Name\":1}", "Name must be a string of UTF-8 text without NUL characters", "a numeric Name");
	parse_is("{\"Name\":\"n\\u00001\"}", "Name must be a string of UTF-8 text without NUL characters",
	         "a Name with a NUL");
	parse_is("{\"Name\":\"n1\",\"Internal\":\"yes\"}", "Internal must be true or false", "Internal \"yes\"");
	parse_is("{\"Name\":\"n1\",\"IPv6\":1}", "IPv6 must be true or false", "IPv6 1");
	parse_is("{\"Name\":\"n1\",\"Subnets\":{}}", "Subnets must be an array of objects", "Subnets an object");
	parse_is("{\"Name\":\"n1\",\"Subnets\":[\"10.0.0.0/16\"]}", "Subnets must be an array of objects",
	         "Subnets of strings");
	parse_is("{\"Name\":\"n1\",\"Subnets\":[{\"Gateway\":\"10.0.0.1\"}]}", "a Subnets entry without its Subnet",
	         "a Subnets entry without Subnet");
	parse_is("{\"Name\":\"n1\",\"Subnets\":[{\"Subnet\":\"10.0.0.0/16\",\"Mask\":\"x\"}]}", "unknown key \"Mask\"",
	         "an unknown key in a Subnets entry");
	parse_is("{\"Name\":\"n1\",\"Subnets\":[{\"Subnet\":\"10.0.0.0/16\",\"Subnet\":\"10.1.0.0/16\"}]}",
	         "key Subnet given twice", "Subnet twice in an entry");
	parse_is("{\"Name\":\"n1\",\"Options\":[]}", "Options must be an object of strings", "Options an array");
	parse_is("{\"Name\":\"n1\",\"Labels\":{\"a\":1}}", "Labels must be a string of UTF-8 text without NUL characters",
	         "a numeric label value");
	parse_is("{\"Name\":\"n1\",\"Labels\":{\"a\":\"1\",\"a\":\"2\"}}", "network n1: label a given twice",
	         "a label key twice");
	parse_is("{\"Name\":\"n1\",\"Labels\":{\"com.dokku.network-name\":\"n1\"}}",
	         "network n1: label com.dokku.network-name is Dokku's own", "Dokku's label");
	parse_is("{\"Name\":\"n1\",\"Driver\":\"null\"}",
	         "network n1: unknown driver null (bridge, overlay, macvlan or ipvlan)", "driver null");
	parse_is("{\"Name\":\"n1\",\"Driver\":\"bridge\",\"Subnets\":[{\"Subnet\":\"10.0.0.0/16\",\"IPRange\":\"10.1.0.0/24\"}]}",
	         "network n1: IP range 10.1.0.0/24 is not inside subnet 10.0.0.0/16", "a range outside its subnet");
	parse_is("{\"Name\":\"n1\"} x", "not JSON", "trailing garbage");

	buf_free(&out);
	buf_free(&again);
	buf_free(&why);
}

/* ---- netdoc: a round trip ------------------------------------------------------- */

/* Two networks, a global owner and two apps, each added out of order. */
static void
build_doc(struct netdoc *d)
{
	struct netspec s;
	struct netdoc_owner *o;

	netdoc_init(d);
	spec(&s, "zeta", "bridge");
	subnet(&s, "10.20.0.0/16", "10.20.0.1", "");
	label(&s, "team", "ops");
	netdoc_add_network(d, &s);
	CHECK(s.name == NULL && s.driver == NULL, "netdoc_add_network takes the spec over (leaves it empty)");
	spec(&s, "alpha", "overlay");
	s.internal = true;
	opt(&s, "encrypted", "true");
	netdoc_add_network(d, &s);

	netdoc_add_prop(&d->global, "tld", "example.test");
	netdoc_add_prop(&d->global, "attach-post-deploy", "alpha");
	netdoc_add_prop(&d->global, "bind-all-interfaces", "true");

	o = netdoc_add_app(d, "web-app");
	netdoc_add_prop(o, "static-web-listener", "127.0.0.1:5000");
	netdoc_add_prop(o, "attach-post-deploy.worker", "zeta");
	netdoc_add_prop(o, "attach-post-deploy", "alpha,zeta");
	netdoc_add_prop(o, "initial-network.web", "alpha");
	netdoc_add_prop(o, "attach-post-create", "zeta");
	o = netdoc_add_app(d, "api");
	netdoc_add_prop(o, "tld", "api.test");
	netdoc_add_app(d, "empty");
}

static const char doc_text[] =
	"{\n"
	"  \"Version\": 1,\n"
	"  \"Networks\": [\n"
	"    {\n"
	"      \"Name\": \"alpha\",\n"
	"      \"Driver\": \"overlay\",\n"
	"      \"Internal\": true,\n"
	"      \"IPv6\": false,\n"
	"      \"Subnets\": [],\n"
	"      \"Options\": {\n"
	"        \"encrypted\": \"true\"\n"
	"      },\n"
	"      \"Labels\": {}\n"
	"    },\n"
	"    {\n"
	"      \"Name\": \"zeta\",\n"
	"      \"Driver\": \"bridge\",\n"
	"      \"Internal\": false,\n"
	"      \"IPv6\": false,\n"
	"      \"Subnets\": [\n"
	"        {\n"
	"          \"Subnet\": \"10.20.0.0/16\",\n"
	"          \"Gateway\": \"10.20.0.1\",\n"
	"          \"IPRange\": \"\"\n"
	"        }\n"
	"      ],\n"
	"      \"Options\": {},\n"
	"      \"Labels\": {\n"
	"        \"team\": \"ops\"\n"
	"      }\n"
	"    }\n"
	"  ],\n"
	"  \"Global\": {\n"
	"    \"attach-post-deploy\": \"alpha\",\n"
	"    \"bind-all-interfaces\": \"true\",\n"
	"    \"tld\": \"example.test\"\n"
	"  },\n"
	"  \"Apps\": {\n"
	"    \"api\": {\n"
	"      \"tld\": \"api.test\"\n"
	"    },\n"
	"    \"empty\": {},\n"
	"    \"web-app\": {\n"
	"      \"attach-post-create\": \"zeta\",\n"
	"      \"attach-post-deploy\": \"alpha,zeta\",\n"
	"      \"attach-post-deploy.worker\": \"zeta\",\n"
	"      \"initial-network.web\": \"alpha\",\n"
	"      \"static-web-listener\": \"127.0.0.1:5000\"\n"
	"    }\n"
	"  }\n"
	"}\n";

static void
test_round_trip(void)
{
	struct netdoc d, back, again;
	struct buf out = BUF_INIT, out2 = BUF_INIT, out3 = BUF_INIT, why = BUF_INIT;
	bool ok;

	build_doc(&d);
	netdoc_write(&d, &out);
	CHECK(tap_same(out.data, out.len, doc_text, strlen(doc_text)),
	      "netdoc_write: Version, Networks, Global, Apps; networks, apps and properties sorted; indented by two");
	CHECK(strcmp(d.networks[0].name, "alpha") == 0 && strcmp(d.apps[0].name, "api") == 0 &&
	      strcmp(d.apps[2].props.v[2], "attach-post-deploy.worker") == 0 &&
	      strcmp(d.apps[2].values.v[2], "zeta") == 0,
	      "netdoc_write sorts the document in place, each value staying with its property");

	ok = netdoc_parse(out.data, out.len, &back, &why);
	CHECK(ok && why.len == 0, "netdoc_parse reads what netdoc_write wrote%s%s", ok ? "" : ": ", buf_cstr(&why));
	CHECK(back.nnetworks == 2 && back.napps == 3 && back.has_global && back.global.props.n == 3 &&
	      strcmp(back.global.name, "--global") == 0,
	      "the parsed document: 2 networks, Global with 3 properties, 3 apps");
	CHECK(back.napps == 3 && strcmp(back.apps[2].name, "web-app") == 0 && back.apps[2].props.n == 5 &&
	      strcmp(back.apps[2].props.v[2], "attach-post-deploy.worker") == 0 &&
	      strcmp(back.apps[2].values.v[2], "zeta") == 0 && back.apps[1].props.n == 0,
	      "the parsed apps keep their process-scoped properties; an empty app has none");
	netdoc_write(&back, &out2);
	CHECK(tap_same(out2.data, out2.len, out.data, out.len), "written, parsed, written again: identical bytes");

	/* the same document in another order, compact, parses to the same canonical text */
	buf_reset(&why);
	{
		static const char shuffled[] =
			"{\"Apps\":{\"web-app\":{\"static-web-listener\":\"127.0.0.1:5000\",\"initial-network.web\":\"alpha\","
			"\"attach-post-deploy.worker\":\"zeta\",\"attach-post-create\":\"zeta\",\"attach-post-deploy\":\"alpha,zeta\"},"
			"\"empty\":{},\"api\":{\"tld\":\"api.test\"}},"
			"\"Global\":{\"tld\":\"example.test\",\"bind-all-interfaces\":\"true\",\"attach-post-deploy\":\"alpha\"},"
			"\"Networks\":[{\"Labels\":{\"team\":\"ops\"},\"Name\":\"zeta\",\"Subnets\":[{\"Gateway\":\"10.20.0.1\","
			"\"Subnet\":\"10.20.0.0/16\"}]},{\"Name\":\"alpha\",\"Driver\":\"overlay\",\"Internal\":true,"
			"\"Options\":{\"encrypted\":\"true\"}}],\"Version\":1}";
		ok = netdoc_parse(shuffled, strlen(shuffled), &again, &why);
		CHECK(ok, "netdoc_parse: keys in any order, defaults left out%s%s", ok ? "" : ": ", buf_cstr(&why));
		if (ok)
			netdoc_write(&again, &out3);
		CHECK(tap_same(buf_cstr(&out3), out3.len, doc_text, strlen(doc_text)),
		      "... and writes the same canonical bytes");
		netdoc_free(&again);
	}

	/* an empty document */
	buf_reset(&why);
	buf_reset(&out3);
	ok = netdoc_parse("{\"Version\":1}", 13, &again, &why);
	CHECK(ok && !again.has_global && again.nnetworks == 0 && again.napps == 0,
	      "netdoc_parse: a Version alone is a document (no Global: has_global false)");
	netdoc_write(&again, &out3);
	CHECK_STR(buf_cstr(&out3),
	          "{\n  \"Version\": 1,\n  \"Networks\": [],\n  \"Global\": {},\n  \"Apps\": {}\n}\n",
	          "an empty document is written with its four keys");
	netdoc_free(&again);

	/* an empty value is no value (it unsets, as network:set) */
	buf_reset(&why);
	ok = netdoc_parse("{\"Version\":1,\"Global\":{\"tld\":\"\"},\"Apps\":{\"a1\":{\"tld\":\"\",\"attach-post-create\":\"n\"}}}",
	                  strlen("{\"Version\":1,\"Global\":{\"tld\":\"\"},\"Apps\":{\"a1\":{\"tld\":\"\",\"attach-post-create\":\"n\"}}}"),
	                  &again, &why);
	CHECK(ok && again.has_global && again.global.props.n == 0 && again.napps == 1 && again.apps[0].props.n == 1 &&
	      strcmp(again.apps[0].props.v[0], "attach-post-create") == 0,
	      "netdoc_parse drops empty values (Global present but empty)");
	netdoc_free(&again);

	/* strings with escapes survive the indentation */
	{
		struct netdoc e;
		struct netspec s;
		buf_reset(&out3);
		buf_reset(&out2);
		buf_reset(&why);
		netdoc_init(&e);
		spec(&s, "n1", "bridge");
		label(&s, "note", "a,b: {c} [d] \"e\" \\f\n\xc3\xa9<&>");
		netdoc_add_network(&e, &s);
		netdoc_add_prop(&e.global, "tld", "x.test");
		netdoc_write(&e, &out3);
		ok = netdoc_parse(out3.data, out3.len, &again, &why);
		if (ok)
			netdoc_write(&again, &out2);
		CHECK(ok && tap_same(out2.data, out2.len, out3.data, out3.len) &&
		      strcmp(again.networks[0].label_values.v[0], "a,b: {c} [d] \"e\" \\f\n\xc3\xa9<&>") == 0,
		      "a label with , : { } [ ] quotes, backslash, newline, UTF-8 and <&> round-trips%s%s",
		      ok ? "" : ": ", buf_cstr(&why));
		netdoc_free(&again);
		netdoc_free(&e);
	}

	netdoc_free(&back);
	netdoc_free(&d);
	buf_free(&out);
	buf_free(&out2);
	buf_free(&out3);
	buf_free(&why);
}

/* ---- netdoc_parse refusals ------------------------------------------------------ */

static void
doc_refused_n(const char *js, size_t len, const char *want, const char *what)
{
	struct netdoc d;
	struct buf why = BUF_INIT;
	bool ok = netdoc_parse(js, len, &d, &why);

	CHECK(!ok && tap_streq(buf_cstr(&why), want), "netdoc_parse refuses %s: %s", what, want);
	netdoc_free(&d);
	buf_free(&why);
}

#define doc_refused(js, want, what) doc_refused_n((js), strlen(js), (want), (what))

static void
test_doc_refusals(void)
{
	struct buf big = BUF_INIT, why = BUF_INIT;
	struct netdoc d;
	bool ok;
	size_t n;

	/* not a document */
	doc_refused("Version: 1", "it is not valid JSON", "YAML");
	doc_refused("{\"Version\":1,}", "it is not valid JSON", "a trailing comma");
	doc_refused("{\"Version\":1} {}", "it is not valid JSON", "two values");
	doc_refused("{\"Version\":1,\"Networks\":[", "the JSON is truncated", "a truncated document");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"tld\":\"x.te", "the JSON is truncated", "a truncated string");
	doc_refused("", "the JSON is truncated", "an empty input");
	doc_refused("[]", "the document must be a JSON object", "an array");
	doc_refused("1", "the document must be a JSON object", "a number");

	/* Version */
	doc_refused("{}", "no Version (network:export writes \"Version\": 1)", "an empty object");
	doc_refused("{\"Networks\":[]}", "no Version (network:export writes \"Version\": 1)", "no Version");
	doc_refused("{\"Version\":2}", "Version must be 1", "Version 2");
	doc_refused("{\"Version\":0}", "Version must be 1", "Version 0");
	doc_refused("{\"Version\":\"1\"}", "Version must be 1", "Version \"1\"");
	doc_refused("{\"Version\":1.0}", "Version must be 1", "Version 1.0");
	doc_refused("{\"Version\":10}", "Version must be 1", "Version 10");
	doc_refused("{\"Version\":true}", "Version must be 1", "Version true");
	doc_refused("{\"Version\":1,\"Version\":1}", "repeated key \"Version\"", "Version twice");

	/* unknown keys */
	doc_refused("{\"Version\":1,\"Extra\":{}}", "unknown key \"Extra\"", "an unknown key");
	doc_refused("{\"Version\":1,\"apps\":{}}", "unknown key \"apps\"", "a key in the wrong case");
	doc_refused("{\"Version\":1,\"A\\npps\":{}}", "unknown key \"A\\npps\"", "a key with a newline (Go-quoted)");
	doc_refused("{\"Version\":1,\"Apps\":{},\"Apps\":{}}", "repeated key \"Apps\"", "Apps twice");
	doc_refused("{\"Version\":1,\"Networks\":[{\"Name\":\"n1\",\"Extra\":1}]}", "Networks[0]: unknown key \"Extra\"",
	            "an unknown key in a network");

	/* shapes */
	doc_refused("{\"Version\":1,\"Networks\":{}}", "Networks must be an array", "Networks an object");
	doc_refused("{\"Version\":1,\"Apps\":[]}", "Apps must be an object", "Apps an array");
	doc_refused("{\"Version\":1,\"Global\":[]}", "Global must be an object of properties", "Global an array");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":\"tld\"}}", "a1 must be an object of properties",
	            "an app that is a string");
	doc_refused("{\"Version\":1,\"Networks\":[\"n1\"]}", "Networks[0]: a network must be an object",
	            "a network that is a string");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"tld\":1}}}",
	            "a property value must be a string of UTF-8 text without NUL characters", "a numeric value");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"tld\":\"a\\u0000b\"}}}",
	            "a property value must be a string of UTF-8 text without NUL characters", "a value with a NUL");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"tld\":\"\xff\"}}}",
	            "a property value must be a string of UTF-8 text without NUL characters", "a value of invalid UTF-8");

	/* networks */
	doc_refused("{\"Version\":1,\"Networks\":[{\"Name\":\"n1\"},{\"Name\":\"n2\",\"Driver\":\"host\"}]}",
	            "Networks[1]: network n2: unknown driver host (bridge, overlay, macvlan or ipvlan)",
	            "the second network with an unknown driver");
	doc_refused("{\"Version\":1,\"Networks\":[{\"Name\":\"n1\",\"Subnets\":[{\"Subnet\":\"10.0.0.0/16\"},"
	            "{\"Subnet\":\"10.0.3.0/24\"}]}]}",
	            "Networks[0]: network n1: subnet 10.0.3.0/24 overlaps 10.0.0.0/16", "overlapping subnets");
	doc_refused("{\"Version\":1,\"Networks\":[{\"Name\":\"n1\",\"Subnets\":[{\"Subnet\":\"10.0.0.0/16\","
	            "\"Gateway\":\"10.3.0.1\"}]}]}",
	            "Networks[0]: network n1: gateway 10.3.0.1 is not a host address of subnet 10.0.0.0/16",
	            "a gateway outside its subnet");
	doc_refused("{\"Version\":1,\"Networks\":[{\"Name\":\"n1\",\"IPv6\":true,\"Subnets\":[{\"Subnet\":\"10.0.0.0/16\"}]}]}",
	            "Networks[0]: network n1: IPv6 needs an IPv6 subnet", "IPv6 with an IPv4 subnet");
	doc_refused("{\"Version\":1,\"Networks\":[{\"Name\":\"-n1\"}]}", "Networks[0]: " NET_NAME_RULE,
	            "an invalid network name");
	doc_refused("{\"Version\":1,\"Networks\":[{\"Name\":\"n1\"},{\"Name\":\"n1\",\"Driver\":\"overlay\"}]}",
	            "network n1 given twice", "a network twice");
	doc_refused("{\"Version\":1,\"Networks\":[{\"Name\":\"n1\",\"Labels\":{\"com.dokku.network-name\":\"n1\"}}]}",
	            "Networks[0]: network n1: label com.dokku.network-name is Dokku's own", "Dokku's label");

	/* app names */
	doc_refused("{\"Version\":1,\"Apps\":{\"Bad\":{}}}", "app \"Bad\": " NAME_RULE, "an app name in upper case");
	doc_refused("{\"Version\":1,\"Apps\":{\"-a\":{}}}", "app \"-a\": " NAME_RULE, "an app name starting with '-'");
	doc_refused("{\"Version\":1,\"Apps\":{\"--global\":{}}}", "app \"--global\": " NAME_RULE, "--global as an app");
	doc_refused("{\"Version\":1,\"Apps\":{\"a/b\":{}}}", "app \"a/b\": " NAME_RULE, "an app name with '/'");
	doc_refused("{\"Version\":1,\"Apps\":{\"..\":{}}}", "app \"..\": " NAME_RULE, "an app named ..");
	doc_refused("{\"Version\":1,\"Apps\":{\"a\\nb\":{}}}", "app \"a\\nb\": " NAME_RULE, "an app name with a newline");
	doc_refused("{\"Version\":1,\"Apps\":{\"\":{}}}", "app \"\": Please specify an app to run the command on",
	            "an empty app name");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{},\"a1\":{}}}", "app a1 given twice", "an app twice");

	/* property names */
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"colour\":\"red\"}}}", "a1: \"colour\" is not a network property",
	            "an unknown property");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"network-tld\":\"x\"}}}",
	            "a1: \"network-tld\" is not a network property", "a property with its legacy prefix");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"\":\"x\"}}}", "a1: \"\" is not a network property",
	            "an empty property name");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"TLD\":\"x\"}}}", "a1: \"TLD\" is not a network property",
	            "a property in upper case");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"tld.web\":\"x\"}}}",
	            "a1: \"tld.web\" cannot be scoped to a process type", "tld scoped to a process type");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"bind-all-interfaces.web\":\"true\"}}}",
	            "a1: \"bind-all-interfaces.web\" cannot be scoped to a process type",
	            "bind-all-interfaces scoped to a process type");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"static-web-listener.web\":\"x:1\"}}}",
	            "a1: \"static-web-listener.web\" cannot be scoped to a process type",
	            "static-web-listener scoped to a process type");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"attach-post-deploy._default_\":\"n\"}}}",
	            "a1: \"attach-post-deploy._default_\" names an invalid process type", "the _default_ process type");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"attach-post-deploy.\":\"n\"}}}",
	            "a1: \"attach-post-deploy.\" is not a network property", "an empty process type");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"colour.web\":\"n\"}}}",
	            "a1: \"colour.web\" is not a network property", "an unknown property scoped");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"tld\":\"x\",\"tld\":\"y\"}}}", "a1: property tld given twice",
	            "a property twice");
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"attach-post-deploy.web\":\"x\",\"attach-post-deploy.web\":\"y\"}}}",
	            "a1: property attach-post-deploy.web given twice", "a scoped property twice");
	doc_refused("{\"Version\":1,\"Global\":{\"static-web-listener\":\"127.0.0.1:5000\"}}",
	            "--global: \"static-web-listener\" cannot be set globally", "static-web-listener under Global");
	doc_refused("{\"Version\":1,\"Global\":{\"attach-post-deploy.web\":\"n\"}}",
	            "--global: \"attach-post-deploy.web\" cannot be scoped to a process type globally",
	            "a scoped property under Global");
	doc_refused("{\"Version\":1,\"Global\":{\"tld.web\":\"n\"}}",
	            "--global: \"tld.web\" cannot be scoped to a process type globally",
	            "an unscopable property scoped under Global");
	doc_refused("{\"Version\":1,\"Global\":{\"x\":\"n\"}}", "--global: \"x\" is not a network property",
	            "an unknown property under Global");

	/* the first problem stops the parse (errors are never concatenated) */
	doc_refused("{\"Version\":1,\"Apps\":{\"a1\":{\"x\":\"1\"},\"Bad\":{}},\"Extra\":1}",
	            "a1: \"x\" is not a network property", "a document with three problems");
	doc_refused("{\"Version\":2,\"Apps\":{\"a1\":{\"x\":\"1\"}}}", "Version must be 1",
	            "a wrong Version before other problems");

	/* a value too long, and one just long enough */
	buf_puts(&big, "{\"Version\":1,\"Apps\":{\"a1\":{\"tld\":\"");
	for (n = 0; n < PROP_MAX_VALUE + 1; n++)
		buf_putc(&big, 'a');
	buf_puts(&big, "\"}}}");
	doc_refused_n(big.data, big.len, "a1: the value of tld is longer than 1048576 bytes",
	              "a value one byte over PROP_MAX_VALUE");
	big.len -= 5;
	buf_puts(&big, "\"}}}");
	ok = netdoc_parse(big.data, big.len, &d, &why);
	CHECK(ok && d.napps == 1 && d.apps[0].values.n == 1 && strlen(d.apps[0].values.v[0]) == PROP_MAX_VALUE,
	      "netdoc_parse takes a value of exactly PROP_MAX_VALUE bytes%s%s", ok ? "" : ": ", buf_cstr(&why));
	netdoc_free(&d);

	/* the size limit: a valid document padded with blanks */
	buf_reset(&big);
	buf_puts(&big, "{\"Version\":1}");
	while (big.len < NETDOC_MAX_BYTES + 1)
		buf_putc(&big, ' ');
	doc_refused_n(big.data, big.len, "the document is larger than 4194304 bytes",
	              "a document one byte over NETDOC_MAX_BYTES (before reading it)");
	buf_reset(&why);
	ok = netdoc_parse(big.data, NETDOC_MAX_BYTES, &d, &why);
	CHECK(ok, "netdoc_parse takes a document of exactly NETDOC_MAX_BYTES bytes%s%s", ok ? "" : ": ",
	      buf_cstr(&why));
	netdoc_free(&d);
	buf_free(&big);

	/* why is appended to */
	buf_reset(&why);
	buf_puts(&why, "import: ");
	ok = netdoc_parse("{\"Version\":3}", 13, &d, &why);
	CHECK(!ok && tap_streq(buf_cstr(&why), "import: Version must be 1"), "netdoc_parse appends to why");
	netdoc_free(&d);
	buf_free(&why);
}

/* ---- netspec_differs ------------------------------------------------------------ */

/* The daemon's view of network n1: bridge, one subnet, an option it adds, Dokku's label. */
static void
daemon_network(struct docker_network *n)
{
	memset(n, 0, sizeof(*n));
	n->name = xstrdup("n1");
	n->id = xstrdup("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	n->driver = xstrdup("bridge");
	n->scope = xstrdup("local");
	n->attachable = true;
	strlist_add(&n->subnets, "10.0.0.0/16");
	strlist_add(&n->gateways, "10.0.0.1");
	strlist_add(&n->ip_ranges, "");
	strlist_add(&n->option_keys, "com.docker.network.bridge.name");
	strlist_add(&n->option_values, "br-1");
	strlist_add(&n->option_keys, "mtu");
	strlist_add(&n->option_values, "1400");
	strlist_add(&n->label_keys, DOKKU_NETWORK_LABEL);
	strlist_add(&n->label_values, "n1");
	strlist_add(&n->label_keys, "team");
	strlist_add(&n->label_values, "ops");
}

/* The record that matches daemon_network. */
static void
recorded(struct netspec *s)
{
	spec(s, "n1", "bridge");
	subnet(s, "10.0.0.0/16", "10.0.0.1", "");
	opt(s, "mtu", "1400");
	label(s, "team", "ops");
}

static void
differs_is(const struct netspec *rec, const struct docker_network *n, const char *want, const char *what)
{
	struct buf diff = BUF_INIT;
	bool d;

	buf_puts(&diff, "stale");
	d = netspec_differs(rec, n, &diff);
	if (!want)
		CHECK(!d && diff.len == 0, "netspec_differs: no difference for %s%s%s", what, d ? ": " : "",
		      d ? buf_cstr(&diff) : "");
	else
		CHECK(d && tap_streq(buf_cstr(&diff), want), "netspec_differs: %s: %s", what, want);
	buf_free(&diff);
}

static void
test_differs(void)
{
	struct netspec rec, from;
	struct docker_network n;
	struct buf why = BUF_INIT;

	daemon_network(&n);
	recorded(&rec);
	differs_is(&rec, &n, NULL, "the same network (the daemon's own option and Dokku's label aside)");
	netspec_free(&rec);

	/* the record --adopt would write is the same network */
	netspec_from_network(&n, &from);
	CHECK(!strlist_contains(&from.label_keys, DOKKU_NETWORK_LABEL) && from.label_keys.n == 1 &&
	      from.opt_keys.n == 2 && netspec_valid(&from, &why),
	      "netspec_from_network: without Dokku's label, a valid spec");
	differs_is(&from, &n, NULL, "the daemon's view as its own record");
	netspec_free(&from);

	recorded(&rec);
	free(rec.driver);
	rec.driver = xstrdup("macvlan");
	differs_is(&rec, &n, "driver bridge, recorded macvlan", "another driver");
	netspec_free(&rec);

	recorded(&rec);
	rec.internal = true;
	differs_is(&rec, &n, "internal false, recorded true", "internal");
	netspec_free(&rec);

	recorded(&rec);
	rec.ipv6 = true;
	differs_is(&rec, &n, "IPv6 false, recorded true", "IPv6");
	netspec_free(&rec);

	spec(&rec, "n1", "bridge");
	subnet(&rec, "10.1.0.0/16", "10.1.0.1", "10.1.2.0/24");
	opt(&rec, "mtu", "1400");
	label(&rec, "team", "ops");
	differs_is(&rec, &n, "subnets 10.0.0.0/16 gateway 10.0.0.1, recorded 10.1.0.0/16 gateway 10.1.0.1 ip-range 10.1.2.0/24",
	           "another subnet");
	netspec_free(&rec);

	spec(&rec, "n1", "bridge");
	subnet(&rec, "10.0.0.0/16", "10.0.0.1", "");
	subnet(&rec, "10.9.0.0/16", "", "");
	opt(&rec, "mtu", "1400");
	label(&rec, "team", "ops");
	differs_is(&rec, &n, "subnets 10.0.0.0/16 gateway 10.0.0.1, recorded 10.0.0.0/16 gateway 10.0.0.1,10.9.0.0/16",
	           "a recorded subnet more");
	netspec_free(&rec);

	recorded(&rec);
	free(rec.gateways.v[0]);
	rec.gateways.v[0] = xstrdup("10.0.0.254");
	differs_is(&rec, &n, "subnets 10.0.0.0/16 gateway 10.0.0.1, recorded 10.0.0.0/16 gateway 10.0.0.254",
	           "another gateway");
	netspec_free(&rec);

	recorded(&rec);
	free(rec.gateways.v[0]);
	rec.gateways.v[0] = xstrdup("");
	differs_is(&rec, &n, NULL, "a gateway the record leaves to the daemon");
	netspec_free(&rec);

	spec(&rec, "n1", "bridge");
	opt(&rec, "mtu", "1400");
	label(&rec, "team", "ops");
	differs_is(&rec, &n, NULL, "subnets the record leaves to the daemon");
	netspec_free(&rec);

	recorded(&rec);
	free(rec.ip_ranges.v[0]);
	rec.ip_ranges.v[0] = xstrdup("10.0.4.0/24");
	differs_is(&rec, &n, "subnets 10.0.0.0/16 gateway 10.0.0.1, recorded 10.0.0.0/16 gateway 10.0.0.1 ip-range 10.0.4.0/24",
	           "an IP range the daemon does not have");
	netspec_free(&rec);

	recorded(&rec);
	free(rec.opt_values.v[0]);
	rec.opt_values.v[0] = xstrdup("9000");
	differs_is(&rec, &n, "options com.docker.network.bridge.name=br-1,mtu=1400, recorded mtu=9000",
	           "another option value");
	netspec_free(&rec);

	recorded(&rec);
	opt(&rec, "parent", "eth0");
	differs_is(&rec, &n, "options com.docker.network.bridge.name=br-1,mtu=1400, recorded mtu=1400,parent=eth0",
	           "a recorded option the daemon lacks");
	netspec_free(&rec);

	recorded(&rec);
	free(rec.label_values.v[0]);
	rec.label_values.v[0] = xstrdup("dev");
	differs_is(&rec, &n, "labels team=ops, recorded team=dev", "another label value");
	netspec_free(&rec);

	recorded(&rec);
	label(&rec, "tier", "1");
	differs_is(&rec, &n, "labels team=ops, recorded team=ops,tier=1", "a recorded label more");
	netspec_free(&rec);

	spec(&rec, "n1", "bridge");
	subnet(&rec, "10.0.0.0/16", "10.0.0.1", "");
	opt(&rec, "mtu", "1400");
	differs_is(&rec, &n, "labels team=ops, recorded none", "a label the record lacks");
	netspec_free(&rec);

	spec(&rec, "n1", "overlay");
	rec.internal = true;
	subnet(&rec, "10.0.0.0/16", "10.0.0.1", "");
	label(&rec, "team", "ops");
	label(&rec, "zone", "a");
	differs_is(&rec, &n, "driver bridge, recorded overlay; internal false, recorded true; "
	           "labels team=ops, recorded team=ops,zone=a",
	           "three differences, joined by \"; \"");
	netspec_free(&rec);
	docker_network_free(&n);

	/* the same subnet written another way is no difference */
	daemon_network(&n);
	free(n.subnets.v[0]);
	n.subnets.v[0] = xstrdup("fd00:0:0::/64");
	free(n.gateways.v[0]);
	n.gateways.v[0] = xstrdup("fd00:0::1");
	recorded(&rec);
	rec.ipv6 = n.ipv6 = true;
	free(rec.subnets.v[0]);
	rec.subnets.v[0] = xstrdup("fd00::/64");
	free(rec.gateways.v[0]);
	rec.gateways.v[0] = xstrdup("fd00::1");
	differs_is(&rec, &n, NULL, "an IPv6 subnet and gateway written another way");
	netspec_free(&rec);
	docker_network_free(&n);

	/* the daemon may list the subnets in another order than the record */
	daemon_network(&n);
	n.ipv6 = true;
	strlist_add(&n.subnets, "fd00:1::/64");
	strlist_add(&n.gateways, "fd00:1::1");
	strlist_add(&n.ip_ranges, "fd00:1::/80");
	strlist_add(&n.subnets, "10.2.0.0/16");
	strlist_add(&n.gateways, "10.2.0.1");
	strlist_add(&n.ip_ranges, "");
	spec(&rec, "n1", "bridge");
	rec.ipv6 = true;
	subnet(&rec, "10.2.0.0/16", "", "");
	subnet(&rec, "fd00:1::/64", "fd00:1::1", "fd00:1::/80");
	subnet(&rec, "10.0.0.0/16", "10.0.0.1", "");
	opt(&rec, "mtu", "1400");
	label(&rec, "team", "ops");
	differs_is(&rec, &n, NULL, "the same three subnets in another order");
	netspec_free(&rec);

	spec(&rec, "n1", "bridge");
	rec.ipv6 = true;
	subnet(&rec, "10.2.0.0/16", "", "");
	subnet(&rec, "fd00:1::/64", "fd00:1::1", "fd00:1::/80");
	subnet(&rec, "10.3.0.0/16", "", "");
	opt(&rec, "mtu", "1400");
	label(&rec, "team", "ops");
	differs_is(&rec, &n,
	           "subnets 10.0.0.0/16 gateway 10.0.0.1,fd00:1::/64 gateway fd00:1::1 ip-range fd00:1::/80,"
	           "10.2.0.0/16 gateway 10.2.0.1, recorded 10.2.0.0/16,fd00:1::/64 gateway fd00:1::1 ip-range "
	           "fd00:1::/80,10.3.0.0/16",
	           "one subnet of three another, the rest in another order");
	netspec_free(&rec);

	spec(&rec, "n1", "bridge");
	rec.ipv6 = true;
	subnet(&rec, "fd00:1::/64", "fd00:1::1", "fd00:1::/80");
	subnet(&rec, "10.0.0.0/16", "10.0.0.1", "");
	opt(&rec, "mtu", "1400");
	label(&rec, "team", "ops");
	differs_is(&rec, &n,
	           "subnets 10.0.0.0/16 gateway 10.0.0.1,fd00:1::/64 gateway fd00:1::1 ip-range fd00:1::/80,"
	           "10.2.0.0/16 gateway 10.2.0.1, recorded fd00:1::/64 gateway fd00:1::1 ip-range fd00:1::/80,"
	           "10.0.0.0/16 gateway 10.0.0.1",
	           "a daemon subnet more than recorded");
	netspec_free(&rec);

	/* each daemon entry stands for one recorded entry only (a record netspec_valid would refuse) */
	spec(&rec, "n1", "bridge");
	rec.ipv6 = true;
	subnet(&rec, "10.0.0.0/16", "", "");
	subnet(&rec, "10.0.0.0/16", "", "");
	subnet(&rec, "fd00:1::/64", "fd00:1::1", "fd00:1::/80");
	opt(&rec, "mtu", "1400");
	label(&rec, "team", "ops");
	differs_is(&rec, &n,
	           "subnets 10.0.0.0/16 gateway 10.0.0.1,fd00:1::/64 gateway fd00:1::1 ip-range fd00:1::/80,"
	           "10.2.0.0/16 gateway 10.2.0.1, recorded 10.0.0.0/16,10.0.0.0/16,fd00:1::/64 gateway fd00:1::1 "
	           "ip-range fd00:1::/80",
	           "a recorded subnet twice against two daemon subnets");
	netspec_free(&rec);
	docker_network_free(&n);

	/* a daemon network without subnets against a record with one */
	daemon_network(&n);
	strlist_free(&n.subnets);
	strlist_free(&n.gateways);
	strlist_free(&n.ip_ranges);
	recorded(&rec);
	differs_is(&rec, &n, "subnets none, recorded 10.0.0.0/16 gateway 10.0.0.1", "a daemon network without subnets");
	netspec_free(&rec);
	docker_network_free(&n);
	buf_free(&why);
}

int
main(void)
{
	test_drivers();
	test_valid();
	test_record_json();
	test_round_trip();
	test_doc_refusals();
	test_differs();
	return tap_done();
}
