/*
 * Unit tests of the name and value validators: app names (app_name_error),
 * network names (docker_network_name_error), container references
 * (docker_container_ref_error), process types and container indexes
 * (proc_type_error, container_index_error), property names
 * (prop_name_valid) and the single-valued properties' checks
 * (netprop_tld_error, netprop_listener_error, netprop_initial_network_error),
 * with which properties exist and may be global (netprop_known & co.);
 * then the reading of Dokku's container names APP.PROC.N
 * (app_container_name_split) and of a swarm-scoped network's verbose inspect
 * (docker_swarm_view_parse), which network:info shows other hosts' containers by.
 * Each check compares the exact message (NULL when the value is accepted).
 */
#include <string.h>

#include "app.h"
#include "attach.h"
#include "docker.h"
#include "listener.h"
#include "netprop.h"
#include "prop.h"
#include "tap.h"

typedef const char *(*validator)(const char *);

static void
is(validator f, const char *fname, const char *in, const char *want)
{
	const char *got = f(in);

	CHECK(tap_streq(got, want), "%s(\"%s\") %s%s", fname, in ? tap_shows(in) : "NULL",
	      want ? "-> " : "is accepted", want ? want : "");
}

#define OK(f, in) is(f, #f, in, NULL)
#define BAD(f, in, msg) is(f, #f, in, msg)

/* A string of n copies of c (n < 1000), in one of a few static slots. */
static const char *
rep(char c, size_t n)
{
	static char slots[4][1000];
	static int slot;
	char *s = slots[slot++ % 4];

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

#define APP_RULE "App name must begin with lowercase alphanumeric character, " \
                 "and may only contain lowercase alphanumerics, dots, and hyphens"

static void
test_app_names(void)
{
	BAD(app_name_error, NULL, "Please specify an app to run the command on");
	BAD(app_name_error, "", "Please specify an app to run the command on");
	OK(app_name_error, "myapp");
	OK(app_name_error, "a");
	OK(app_name_error, "0");
	OK(app_name_error, "my-app.v2");
	OK(app_name_error, "0day");
	OK(app_name_error, "my_app");         /* the old rule's underscore */
	OK(app_name_error, "app-");
	OK(app_name_error, "app.");
	OK(app_name_error, rep('a', 255));
	BAD(app_name_error, rep('a', 256), "App name must be at most 255 characters");
	BAD(app_name_error, rep('A', 256), "App name must be at most 255 characters");
	BAD(app_name_error, "MyApp", APP_RULE);
	BAD(app_name_error, "myApp", APP_RULE);
	BAD(app_name_error, "-app", APP_RULE);
	BAD(app_name_error, ".app", APP_RULE);
	BAD(app_name_error, "_app", APP_RULE);
	BAD(app_name_error, "..", APP_RULE);
	BAD(app_name_error, "--global", APP_RULE);
	BAD(app_name_error, "my app", APP_RULE);
	BAD(app_name_error, "app/x", APP_RULE);
	BAD(app_name_error, "app:x", APP_RULE);
	BAD(app_name_error, "app\n", APP_RULE);
	BAD(app_name_error, "app\t", APP_RULE);
	BAD(app_name_error, "caf\xc3\xa9", APP_RULE);
	BAD(app_name_error, "app$(id)", APP_RULE);
	BAD(app_name_error, "a_B", APP_RULE);
}

#define NET_RULE "Invalid network name: it must start with a letter or digit and contain " \
                 "only letters, digits, '_', '.' and '-'"

static void
test_network_names(void)
{
	BAD(docker_network_name_error, NULL, "No network name specified");
	BAD(docker_network_name_error, "", "No network name specified");
	OK(docker_network_name_error, "a");
	OK(docker_network_name_error, "1");
	OK(docker_network_name_error, "bridge");
	OK(docker_network_name_error, "My_Net-1.x");
	OK(docker_network_name_error, "net-");
	OK(docker_network_name_error, "n__..--");
	OK(docker_network_name_error, rep('n', 255));
	BAD(docker_network_name_error, rep('n', 256), "Invalid network name: at most 255 characters are allowed");
	BAD(docker_network_name_error, rep('-', 256), "Invalid network name: at most 255 characters are allowed");
	BAD(docker_network_name_error, "-net", NET_RULE);
	BAD(docker_network_name_error, "_net", NET_RULE);
	BAD(docker_network_name_error, ".net", NET_RULE);
	BAD(docker_network_name_error, "..", NET_RULE);
	BAD(docker_network_name_error, "net work", NET_RULE);
	BAD(docker_network_name_error, "net/x", NET_RULE);
	BAD(docker_network_name_error, "container:x", NET_RULE);
	BAD(docker_network_name_error, "net,other", NET_RULE);
	BAD(docker_network_name_error, "net\n", NET_RULE);
	BAD(docker_network_name_error, "n\xc3\xa9t", NET_RULE);
	BAD(docker_network_name_error, "net?x=1", NET_RULE);
	BAD(docker_network_name_error, "net%2f", NET_RULE);
}

static void
test_container_refs(void)
{
	BAD(docker_container_ref_error, NULL, "No container specified");
	BAD(docker_container_ref_error, "", "No container specified");
	OK(docker_container_ref_error, "web.1");
	OK(docker_container_ref_error, "myapp_web_1");
	OK(docker_container_ref_error, "4f2c9a");
	OK(docker_container_ref_error, "4f2c9a1b7e3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f");
	BAD(docker_container_ref_error, "/web.1", "Invalid container ID or name");
	BAD(docker_container_ref_error, "../../info", "Invalid container ID or name");
	BAD(docker_container_ref_error, "web/json", "Invalid container ID or name");
	BAD(docker_container_ref_error, "web?all=1", "Invalid container ID or name");
	BAD(docker_container_ref_error, "web#x", "Invalid container ID or name");
	BAD(docker_container_ref_error, "web 1", "Invalid container ID or name");
	BAD(docker_container_ref_error, "-web", "Invalid container ID or name");
	BAD(docker_container_ref_error, rep('c', 256), "Invalid container ID or name");
}

#define PROC_RULE "Invalid process type: it may only contain letters, digits, '_' and '-' (at most 64)"
#define INDEX_RULE "Invalid container index: it must be a number from 1 to 99999"

static void
test_proc_and_index(void)
{
	BAD(proc_type_error, "", "No process type specified");
	OK(proc_type_error, "web");
	OK(proc_type_error, "worker-1");
	OK(proc_type_error, "my_proc");
	OK(proc_type_error, "WEB");
	OK(proc_type_error, "-");
	OK(proc_type_error, rep('p', 64));
	BAD(proc_type_error, rep('p', 65), PROC_RULE);
	BAD(proc_type_error, ".", PROC_RULE);
	BAD(proc_type_error, "..", PROC_RULE);
	BAD(proc_type_error, "web.1", PROC_RULE);
	BAD(proc_type_error, "a/b", PROC_RULE);
	BAD(proc_type_error, "a b", PROC_RULE);
	BAD(proc_type_error, "web\n", PROC_RULE);
	BAD(proc_type_error, "w\xc3\xa9", PROC_RULE);

	OK(container_index_error, "1");
	OK(container_index_error, "9");
	OK(container_index_error, "10");
	OK(container_index_error, "99999");
	BAD(container_index_error, "", INDEX_RULE);
	BAD(container_index_error, "0", INDEX_RULE);
	BAD(container_index_error, "01", INDEX_RULE);
	BAD(container_index_error, "100000", INDEX_RULE);
	BAD(container_index_error, "-1", INDEX_RULE);
	BAD(container_index_error, "+1", INDEX_RULE);
	BAD(container_index_error, "1a", INDEX_RULE);
	BAD(container_index_error, " 1", INDEX_RULE);
	BAD(container_index_error, "1 ", INDEX_RULE);
	BAD(container_index_error, "1.0", INDEX_RULE);
	BAD(container_index_error, "0x1", INDEX_RULE);
}

static void
test_tld(void)
{
	char label63[200], name253[300], name254[300];
	int i;

	OK(netprop_tld_error, "dokku");
	OK(netprop_tld_error, "example.com");
	OK(netprop_tld_error, "svc.cluster.local");
	OK(netprop_tld_error, "a-b.c1");
	OK(netprop_tld_error, "1.2");
	OK(netprop_tld_error, "x");
	snprintf(label63, sizeof label63, "%s.com", rep('a', 63));
	OK(netprop_tld_error, label63);
	snprintf(label63, sizeof label63, "%s.com", rep('a', 64));
	BAD(netprop_tld_error, label63, "has a label longer than 63 characters");
	/* 253 bytes: 63 + 1 + 63 + 1 + 63 + 1 + 61 */
	name253[0] = '\0';
	for (i = 0; i < 3; i++) {
		strcat(name253, rep('b', 63));
		strcat(name253, ".");
	}
	strcat(name253, rep('c', 61));
	OK(netprop_tld_error, name253);
	strcpy(name254, name253);
	strcat(name254, "c");
	BAD(netprop_tld_error, name254, "is longer than 253 characters");
	BAD(netprop_tld_error, "", "has an empty label");
	BAD(netprop_tld_error, ".com", "has an empty label");
	BAD(netprop_tld_error, "com.", "has an empty label");
	BAD(netprop_tld_error, "a..b", "has an empty label");
	BAD(netprop_tld_error, "-a.com", "has a label that starts or ends with '-'");
	BAD(netprop_tld_error, "a-.com", "has a label that starts or ends with '-'");
	BAD(netprop_tld_error, "com-", "has a label that starts or ends with '-'");
	BAD(netprop_tld_error, "-", "has a label that starts or ends with '-'");
	BAD(netprop_tld_error, "Example.com", "may only contain lowercase letters, digits, '-' and '.'");
	BAD(netprop_tld_error, "a_b", "may only contain lowercase letters, digits, '-' and '.'");
	BAD(netprop_tld_error, "a b", "may only contain lowercase letters, digits, '-' and '.'");
	BAD(netprop_tld_error, "a,b", "may only contain lowercase letters, digits, '-' and '.'");
	BAD(netprop_tld_error, "caf\xc3\xa9", "may only contain lowercase letters, digits, '-' and '.'");
	BAD(netprop_tld_error, "local\n", "may only contain lowercase letters, digits, '-' and '.'");
	/* the first problem from the left wins */
	BAD(netprop_tld_error, "A..b", "may only contain lowercase letters, digits, '-' and '.'");
	BAD(netprop_tld_error, "a..B", "has an empty label");
}

#define LISTENER "must be an IP address or IP:PORT"
#define LISTENER_V6 "must be an IP address or IP:PORT (write IPv6 as [ADDRESS]:PORT)"

static void
test_listener(void)
{
	OK(netprop_listener_error, "127.0.0.1");
	OK(netprop_listener_error, "10.0.0.5:8080");
	OK(netprop_listener_error, "0.0.0.0:1");
	OK(netprop_listener_error, "10.0.0.5:65535");
	OK(netprop_listener_error, "::1");
	OK(netprop_listener_error, "fd00::1");
	OK(netprop_listener_error, "[::1]:80");
	OK(netprop_listener_error, "[fd00::1]:65535");
	/* a valid IPv6 address (0:0:0:0:0:0:1:80), not ::1 port 80 */
	OK(netprop_listener_error, "::1:80");
	BAD(netprop_listener_error, "10.0.0.5:0", "has a port outside 1-65535");
	BAD(netprop_listener_error, "10.0.0.5:65536", "has a port outside 1-65535");
	BAD(netprop_listener_error, "10.0.0.5:99999", "has a port outside 1-65535");
	BAD(netprop_listener_error, "[::1]:0", "has a port outside 1-65535");
	BAD(netprop_listener_error, "10.0.0.5:", "has an invalid port");
	BAD(netprop_listener_error, "10.0.0.5:http", "has an invalid port");
	BAD(netprop_listener_error, "10.0.0.5:123456", "has an invalid port");
	BAD(netprop_listener_error, "10.0.0.5:-1", "has an invalid port");
	BAD(netprop_listener_error, "10.0.0.5:+80", "has an invalid port");
	BAD(netprop_listener_error, "10.0.0.5: 80", "has an invalid port");
	BAD(netprop_listener_error, "[::1]:", "has an invalid port");
	BAD(netprop_listener_error, "[::1]:80]:90", "has an invalid port");
	BAD(netprop_listener_error, "", LISTENER_V6);
	BAD(netprop_listener_error, "localhost", LISTENER_V6);
	BAD(netprop_listener_error, "10.0.0.5:80:90", LISTENER_V6);
	BAD(netprop_listener_error, "fd00::1:8080:x", LISTENER_V6);
	BAD(netprop_listener_error, "localhost:80", LISTENER);
	BAD(netprop_listener_error, ":80", LISTENER);
	BAD(netprop_listener_error, "10.0.0:80", LISTENER);
	BAD(netprop_listener_error, " 10.0.0.5:80", LISTENER);
	BAD(netprop_listener_error, "[::1]", LISTENER);
	BAD(netprop_listener_error, "[::1]80", LISTENER);
	BAD(netprop_listener_error, "[10.0.0.5]:80", LISTENER);
	BAD(netprop_listener_error, "[]:80", LISTENER);
	BAD(netprop_listener_error, "[fe80::1%eth0]:80", LISTENER);
}

#define INITIAL_CONTAINER "Invalid initial network: container:<name> needs a valid container name"

static void
test_initial_network(void)
{
	OK(netprop_initial_network_error, "bridge");
	OK(netprop_initial_network_error, "host");
	OK(netprop_initial_network_error, "none");
	OK(netprop_initial_network_error, "my-net");
	OK(netprop_initial_network_error, "container:web.1");
	OK(netprop_initial_network_error, "container:4f2c9a");
	BAD(netprop_initial_network_error, "container:", INITIAL_CONTAINER);
	BAD(netprop_initial_network_error, "container:/web", INITIAL_CONTAINER);
	BAD(netprop_initial_network_error, "container:a/b", INITIAL_CONTAINER);
	BAD(netprop_initial_network_error, "", "No network name specified");
	BAD(netprop_initial_network_error, "-net", NET_RULE);
	BAD(netprop_initial_network_error, "Container:web", NET_RULE);
	BAD(netprop_initial_network_error, "bridge,host", NET_RULE);
	BAD(netprop_initial_network_error, rep('n', 256), "Invalid network name: at most 255 characters are allowed");
}

static void
test_properties(void)
{
	static const char *const all[] = {
		"attach-post-create", "attach-post-deploy", "bind-all-interfaces",
		"initial-network", "static-web-listener", "tld",
	};
	size_t i;
	int known = 0, global = 0, attach = 0;

	for (i = 0; i < sizeof all / sizeof *all; i++) {
		known += netprop_known(all[i]);
		global += netprop_global_allowed(all[i]);
		attach += netprop_is_attach(all[i]);
	}
	CHECK(known == 6, "the six properties are known (%d)", known);
	CHECK(global == 5 && !netprop_global_allowed("static-web-listener"),
	      "all but static-web-listener may be global");
	CHECK(attach == 2 && netprop_is_attach("attach-post-create") && netprop_is_attach("attach-post-deploy"),
	      "the two attach properties are attach properties");
	CHECK(!netprop_known("") && !netprop_known("TLD") && !netprop_known("tld ") &&
	      !netprop_known("attach-post") && !netprop_known("web-listeners"), "unknown properties");
	CHECK(!netprop_global_allowed("nope") && !netprop_global_allowed(""), "unknown ones may not be global");

	CHECK(prop_name_valid("tld") && prop_name_valid("attach-post-create") && prop_name_valid("0") &&
	      prop_name_valid("-") && prop_name_valid(rep('p', 64)), "valid property names");
	CHECK(!prop_name_valid(""), "an empty property name is invalid");
	CHECK(!prop_name_valid(rep('p', 65)), "a property name of 65 bytes is invalid");
	CHECK(prop_name_valid("attach-post-deploy.worker") && prop_name_valid("tld.Web_2-x") &&
	      prop_name_valid("a.b"), "process-scoped property names");
	CHECK(!prop_name_valid("a.") && !prop_name_valid(".a") && !prop_name_valid("a.b.c") &&
	      !prop_name_valid("a.b/c") && !prop_name_valid("a.b c") && !prop_name_valid("A.b"),
	      "malformed process-scoped property names");
	CHECK(!prop_name_valid("TLD") && !prop_name_valid("a_b") &&
	      !prop_name_valid(".tld.tmp.1") && !prop_name_valid("../x") && !prop_name_valid("a b"),
	      "property names are [a-z0-9-]+");
}

static void
test_network_modes(void)
{
	CHECK(network_mode_allows_attach("bridge") && network_mode_allows_attach("default") &&
	      network_mode_allows_attach("my-net") && network_mode_allows_attach(""),
	      "bridge, default, user networks (and none given) allow more networks");
	CHECK(!network_mode_allows_attach("host"), "host mode refuses more networks");
	CHECK(!network_mode_allows_attach("none"), "none refuses more networks");
	CHECK(!network_mode_allows_attach("container:4f2c9a"), "container:<id> refuses more networks");
	CHECK(network_mode_allows_attach("hostile") && network_mode_allows_attach("container"),
	      "only exact modes and the container: prefix are refused");
}

/* name split as APP and PROC, or NULL for "not one of Dokku's": the name is left whole then */
static void
split_is(const char *name, const char *app, const char *proc)
{
	char copy[300];
	const char *got = NULL;
	bool ok;

	snprintf(copy, sizeof copy, "%s", name);
	ok = app_container_name_split(copy, &got);
	if (app)
		CHECK(ok && strcmp(copy, app) == 0 && strcmp(got, proc) == 0,
		      "app_container_name_split(\"%s\") -> %s %s", name, app, proc);
	else
		CHECK(!ok && strcmp(copy, name) == 0, "app_container_name_split(\"%s\") is not Dokku's, left whole",
		      tap_shows(name));
}

static void
test_container_names(void)
{
	split_is("api.web.1", "api", "web");
	split_is("my-app.worker-2.12", "my-app", "worker-2");
	split_is("old_app.web.99999", "old_app", "web");
	split_is("my.dotted.app.web.3", "my.dotted.app", "web");
	split_is("api.web.0", NULL, NULL);
	split_is("api.web.100000", NULL, NULL);
	split_is("api.web.1a", NULL, NULL);
	split_is("api.web", NULL, NULL);
	split_is("api.web.", NULL, NULL);
	split_is("api..1", NULL, NULL);
	split_is(".web.1", NULL, NULL);
	split_is("Api.web.1", NULL, NULL);
	split_is("api.w/b.1", NULL, NULL);
	split_is("srv", NULL, NULL);
	split_is("", NULL, NULL);
	split_is("web.1", NULL, NULL);
}

/* The live answer of a two-host swarm (Docker 20.10), this host 10.77.0.1. */
static const char SWARM_VERBOSE[] =
	"{\"Name\":\"n\",\"Scope\":\"swarm\",\"Containers\":{"
	"\"34d2\":{\"Name\":\"api.web.1\",\"EndpointID\":\"9e45\",\"IPv4Address\":\"10.210.1.2/24\"},"
	"\"lb-n\":{\"Name\":\"n-endpoint\",\"EndpointID\":\"a747\",\"IPv4Address\":\"10.210.1.3/24\"}},"
	"\"Peers\":[{\"Name\":\"e80e\",\"IP\":\"10.77.0.2\"},{\"Name\":\"b581\",\"IP\":\"10.77.0.1\"},{\"Name\":\"x\"}],"
	"\"Services\":{\"\":{\"VIP\":\"<nil>\",\"Ports\":[],\"LocalLBIndex\":0,\"Tasks\":["
	"{\"Name\":\"zed\",\"EndpointID\":\"77aa\",\"EndpointIP\":\"10.210.1.9/24\",\"Info\":{\"Host IP\":\"10.77.0.2\"}},"
	"{\"Name\":\"api.web.1\",\"EndpointID\":\"5f0d\",\"EndpointIP\":\"10.210.1.4\",\"Info\":{\"Host IP\":\"10.77.0.2\"}},"
	"null,"
	"{\"Name\":\"api.web.1\",\"EndpointID\":\"9e45\",\"EndpointIP\":\"10.210.1.2\",\"Info\":{\"Host IP\":\"10.77.0.1\"}}]},"
	"\"svc\":{\"Tasks\":[{\"Name\":\"svc.1.abc\",\"EndpointID\":\"66bb\",\"EndpointIP\":\"10.210.1.7\",\"Info\":{}}]}}}";

static bool
view_of(const char *js, struct docker_swarm_view *v)
{
	return docker_swarm_view_parse(js, strlen(js), v);
}

static void
test_swarm_view(void)
{
	struct docker_swarm_view v;
	bool ok;

	ok = view_of(SWARM_VERBOSE, &v);
	CHECK(ok, "a verbose inspect parses");
	CHECK(tap_streq(v.local_host, "10.77.0.1"), "this host's address is its own container's Host IP");
	CHECK(v.n == 3, "three endpoints elsewhere (the local ones and null left out): %zu", v.n);
	if (v.n == 3) {
		CHECK(tap_streq(v.v[0].name, "api.web.1") && tap_streq(v.v[0].ip, "10.210.1.4") &&
		      tap_streq(v.v[0].host, "10.77.0.2"), "sorted by name: api.web.1 on 10.77.0.2");
		CHECK(tap_streq(v.v[1].name, "svc.1.abc") && tap_streq(v.v[1].host, ""),
		      "a service's task too, its host unknown");
		CHECK(tap_streq(v.v[2].name, "zed") && tap_streq(v.v[2].ip, "10.210.1.9"),
		      "an EndpointIP loses its prefix length");
	}
	CHECK(v.peer_ips.n == 2 && tap_streq(v.peer_ips.v[0], "10.77.0.1") && tap_streq(v.peer_names.v[0], "b581") &&
	      tap_streq(v.peer_ips.v[1], "10.77.0.2") && tap_streq(v.peer_names.v[1], "e80e"),
	      "Peers sorted by address with their names, one without an address left out");
	docker_swarm_view_free(&v);

	ok = view_of("{\"Scope\":\"swarm\",\"Containers\":{}}", &v);
	CHECK(ok && v.n == 0 && v.peer_ips.n == 0 && tap_streq(v.local_host, ""),
	      "a network not in use here: nothing known elsewhere");
	docker_swarm_view_free(&v);
	ok = view_of("[1]", &v);
	CHECK(!ok && v.n == 0 && tap_streq(v.local_host, ""), "not an object: refused, empty view");
	docker_swarm_view_free(&v);
	ok = view_of("{\"Services\":{\"\":{\"Tasks\":{}}},\"Peers\":{},\"Containers\":[]}", &v);
	CHECK(ok && v.n == 0 && v.peer_ips.n == 0, "fields of the wrong types are ignored");
	docker_swarm_view_free(&v);
}

int
main(void)
{
	test_app_names();
	test_network_names();
	test_container_refs();
	test_proc_and_index();
	test_tld();
	test_listener();
	test_initial_network();
	test_properties();
	test_network_modes();
	test_container_names();
	test_swarm_view();
	return tap_done();
}
