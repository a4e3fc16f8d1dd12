#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "buf.h"
#include "cidr.h"
#include "confirm.h"
#include "docker.h"
#include "jsonwrite.h"
#include "log.h"
#include "netprop.h"
#include "netspec.h"
#include "network.h"
#include "prop.h"
#include "util.h"

/* The CLI's short network ID, which the original's output shows. */
#define SHORT_ID_LEN 12

/* key=value pairs of --opt and --label into sorted key and value lists. */
static void
split_pairs(const char *flag, const struct strlist *pairs, struct strlist *keys, struct strlist *values)
{
	struct strlist sorted = STRLIST_INIT;
	size_t i;

	for (i = 0; i < pairs->n; i++) {
		const char *eq = strchr(pairs->v[i], '=');
		if (!eq || eq == pairs->v[i])
			log_fail("Invalid --%s %s: expected key=value", flag, pairs->v[i]);
		strlist_add(&sorted, pairs->v[i]);
	}
	strlist_sort(&sorted);
	for (i = 0; i < sorted.n; i++) {
		char *eq = strchr(sorted.v[i], '=');
		*eq = '\0';
		if (strlist_contains(keys, sorted.v[i]))
			log_fail("Duplicate --%s %s", flag, sorted.v[i]);
		strlist_add(keys, sorted.v[i]);
		strlist_add(values, eq + 1);
	}
	strlist_free(&sorted);
}

/*
 * Each --gateway and --ip-range belongs to the --subnet that contains it,
 * as the docker CLI does it; all of them are checked here, before the
 * daemon is asked (it answers 500s, or blocks 15 s on an unknown driver).
 */
#define MAX_SUBNETS 32

static void
build_ipam(const struct network_create_options *o, struct network_spec *spec)
{
	/* on the stack: the checks below exit on error, and nothing may leak then */
	struct cidr subnets[MAX_SUBNETS];
	const char *why;
	size_t i, j;

	if (o->subnets.n == 0 && (o->gateways.n || o->ip_ranges.n))
		log_fail("--gateway and --ip-range need a --subnet");
	if (o->subnets.n > MAX_SUBNETS)
		log_fail("Invalid --subnet: at most %d subnets", MAX_SUBNETS);
	for (i = 0; i < o->subnets.n; i++) {
		if (!cidr_parse(o->subnets.v[i], &subnets[i], &why))
			log_fail("Invalid --subnet %s: it %s", o->subnets.v[i], why);
		for (j = 0; j < i; j++)
			if (cidr_contains(&subnets[j], &subnets[i]) || cidr_contains(&subnets[i], &subnets[j]))
				log_fail("Invalid --subnet %s: it overlaps %s", o->subnets.v[i], o->subnets.v[j]);
		strlist_add(&spec->subnets, o->subnets.v[i]);
		strlist_add(&spec->gateways, "");
		strlist_add(&spec->ip_ranges, "");
	}
	for (i = 0; i < o->gateways.n; i++) {
		struct cidr gw;
		if (!ip_parse(o->gateways.v[i], &gw))
			log_fail("Invalid --gateway %s: not an IP address", o->gateways.v[i]);
		for (j = 0; j < o->subnets.n && !cidr_contains(&subnets[j], &gw); j++)
			;
		if (j == o->subnets.n)
			log_fail("Invalid --gateway %s: it is in none of the subnets", o->gateways.v[i]);
		if (*spec->gateways.v[j])
			log_fail("Invalid --gateway %s: subnet %s already has a gateway", o->gateways.v[i], o->subnets.v[j]);
		if (cidr_is_network_or_broadcast(&subnets[j], &gw))
			log_fail("Invalid --gateway %s: it is the network or broadcast address of %s",
			         o->gateways.v[i], o->subnets.v[j]);
		free(spec->gateways.v[j]);
		spec->gateways.v[j] = xstrdup(o->gateways.v[i]);
	}
	for (i = 0; i < o->ip_ranges.n; i++) {
		struct cidr range;
		if (!cidr_parse(o->ip_ranges.v[i], &range, &why))
			log_fail("Invalid --ip-range %s: it %s", o->ip_ranges.v[i], why);
		for (j = 0; j < o->subnets.n && !cidr_contains(&subnets[j], &range); j++)
			;
		if (j == o->subnets.n)
			log_fail("Invalid --ip-range %s: it is in none of the subnets", o->ip_ranges.v[i]);
		if (*spec->ip_ranges.v[j])
			log_fail("Invalid --ip-range %s: subnet %s already has an IP range", o->ip_ranges.v[i], o->subnets.v[j]);
		free(spec->ip_ranges.v[j]);
		spec->ip_ranges.v[j] = xstrdup(o->ip_ranges.v[i]);
	}
	/* the daemon has no default IPv6 pool before Docker 27 */
	if (o->ipv6) {
		for (j = 0; j < o->subnets.n && subnets[j].family != AF_INET6; j++)
			;
		if (j == o->subnets.n)
			log_fail("--ipv6 needs an IPv6 --subnet, e.g. --subnet fd00:1::/64");
	}
}

/* The network with exactly this name; false when there is none; fails on daemon errors. */
static bool
network_find(const char *name, struct docker_network *out)
{
	struct buf err = BUF_INIT;
	enum docker_lookup r = docker_network_lookup(name, out, &err);

	if (r == DOCKER_ERROR)
		log_fail("%s", buf_cstr(&err));
	buf_free(&err);
	return r == DOCKER_FOUND;
}

static bool
swarm_manager(void)
{
	struct buf err = BUF_INIT;
	int manager = docker_swarm_manager(&err);

	if (manager < 0)
		log_fail("Unable to create network: %s", buf_cstr(&err));
	buf_free(&err);
	return manager > 0;
}

static void
spec_free(struct network_spec *spec)
{
	strlist_free(&spec->subnets);
	strlist_free(&spec->gateways);
	strlist_free(&spec->ip_ranges);
	strlist_free(&spec->opt_keys);
	strlist_free(&spec->opt_values);
	strlist_free(&spec->label_keys);
	strlist_free(&spec->label_values);
}

/*
 * Records the network just created (netspec.h) as the daemon shows it, so
 * that the subnets it chose come back with it; as asked when it cannot be
 * read back.
 */
static void
record_created(const struct network_spec *asked)
{
	struct buf err = BUF_INIT;
	struct docker_network n;
	struct netspec rec;
	size_t i;

	if (docker_network_lookup(asked->name, &n, &err) == DOCKER_FOUND) {
		netspec_from_network(&n, &rec);
		docker_network_free(&n);
		buf_reset(&err);
		if (netspec_valid(&rec, &err)) {
			netspec_record(&rec);
			netspec_free(&rec);
			buf_free(&err);
			return;
		}
		netspec_free(&rec);
	}
	netspec_init(&rec);
	rec.name = xstrdup(asked->name);
	rec.driver = xstrdup(asked->driver);
	rec.internal = asked->internal;
	rec.ipv6 = asked->ipv6;
	for (i = 0; i < asked->subnets.n; i++) {
		strlist_add(&rec.subnets, asked->subnets.v[i]);
		strlist_add(&rec.gateways, asked->gateways.v[i]);
		strlist_add(&rec.ip_ranges, asked->ip_ranges.v[i]);
	}
	for (i = 0; i < asked->opt_keys.n; i++) {
		strlist_add(&rec.opt_keys, asked->opt_keys.v[i]);
		strlist_add(&rec.opt_values, asked->opt_values.v[i]);
	}
	for (i = 0; i < asked->label_keys.n; i++) {
		strlist_add(&rec.label_keys, asked->label_keys.v[i]);
		strlist_add(&rec.label_values, asked->label_values.v[i]);
	}
	netspec_record(&rec);
	netspec_free(&rec);
	buf_free(&err);
}

int
command_create(const char *name, const struct network_create_options *o)
{
	struct buf err = BUF_INIT;
	struct network_spec spec;

	if (o->adopt) {
		if (o->shaped)
			log_fail("--adopt records the network as it is: it takes no other flag");
		return command_adopt(name);
	}
	log_fail_if(docker_network_name_error(name));
	memset(&spec, 0, sizeof(spec));
	spec.name = name;
	spec.driver = o->driver;
	spec.internal = o->internal;
	spec.ipv6 = o->ipv6;
	if (!netspec_driver_known(o->driver))
		log_fail("Invalid --driver %s: use bridge, overlay, macvlan or ipvlan", o->driver);
	build_ipam(o, &spec);
	split_pairs("opt", &o->opts, &spec.opt_keys, &spec.opt_values);
	split_pairs("label", &o->labels, &spec.label_keys, &spec.label_values);
	if (strlist_contains(&spec.label_keys, DOKKU_NETWORK_LABEL))
		log_fail("Invalid --label %s: Dokku sets it itself", DOKKU_NETWORK_LABEL);
	if (strcmp(o->driver, "overlay") == 0 && !swarm_manager())
		log_fail("Overlay networks need Docker swarm mode: run 'docker swarm init' on this host "
		         "(or join it to a swarm as a manager), then create the network again");
	log_info1_quiet("Creating network %s", name);
	if (!docker_network_create(&spec, &err))
		log_fail("Unable to create network: %s", buf_cstr(&err));
	record_created(&spec);
	spec_free(&spec);
	buf_free(&err);
	return 0;
}

/* Apps that still name the network would fail their next deploy: say which. */
static void
warn_if_still_used(const char *name)
{
	struct strlist users = STRLIST_INIT;
	struct buf list = BUF_INIT;
	size_t i;

	netprop_network_users(name, &users);
	for (i = 0; i < users.n; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", users.v[i]);
	if (users.n)
		log_warn("Network %s is still used by %s: their next deploy will fail unless it is "
		         "recreated or the properties are changed", name, list.data);
	strlist_free(&users);
	buf_free(&list);
}

/* Whether network:create recorded the network (a record, valid or not). */
static bool
recorded(const char *name)
{
	struct buf path = BUF_INIT;
	struct stat st;
	bool found;

	prop_app_dir(NETSPEC_DIR, &path);
	buf_printf(&path, "/%s", name);
	found = lstat(path.data, &st) == 0;
	buf_free(&path);
	return found;
}

/*
 * A swarm manager refuses to remove an overlay still used on any host with
 * "rpc error: ... in use by task <id>": name the containers and hosts instead.
 */
static void
fail_if_used_in_swarm(const struct docker_network *n, const struct buf *refusal)
{
	struct buf users = BUF_INIT;

	if (strcmp(n->scope, "swarm") != 0)
		return;
	docker_swarm_network_users(n, buf_cstr(refusal), &users);
	if (users.len)
		log_fail("Network %s is still in use in the swarm by %s: remove them or disconnect them "
		         "on their hosts first", n->name, users.data);
	buf_free(&users);
}

int
command_destroy(const char *name, bool force)
{
	struct buf err = BUF_INIT;
	struct docker_network n;

	log_fail_if(docker_network_name_error(name));
	/* unlike the original, say so before asking for a confirmation */
	if (!network_find(name, &n)) {
		if (!recorded(name))
			log_fail("Network %s does not exist", name);
		/* gone already: only its record is left, which would bring it back */
		warn_if_still_used(name);
		if (!force)
			confirm_destructive(name, "network");
		log_info1_quiet("Forgetting network %s, which no longer exists", name);
		netspec_forget(name);
		return 0;
	}
	warn_if_still_used(name);
	if (!force)
		confirm_destructive(name, "network");
	log_info1_quiet("Destroying network %s", name);
	if (!docker_network_remove(n.id, &err)) {
		fail_if_used_in_swarm(&n, &err);
		log_fail("Unable to destroy network: %s", buf_cstr(&err));
	}
	netspec_forget(name);
	docker_network_free(&n);
	buf_free(&err);
	return 0;
}

int
command_exists(const char *name)
{
	struct docker_network n;

	log_fail_if(docker_network_name_error(name));
	if (!network_find(name, &n))
		log_fail("Network does not exist");
	docker_network_free(&n);
	log_info1_quiet("Network exists");
	return 0;
}

static void
write_short_id(struct buf *b, const char *id)
{
	size_t n = strlen(id);

	jw_string_n(b, id, n < SHORT_ID_LEN ? n : SHORT_ID_LEN);
}

/* One network as the original's JSON object, fields in its order. */
static void
write_network_json(struct buf *b, const struct docker_network *n)
{
	jw_object_begin(b);
	jw_key(b, "CreatedAt");
	jw_string(b, *n->created ? n->created : "0001-01-01T00:00:00Z");
	jw_key(b, "DokkuManaged");
	jw_bool(b, docker_network_dokku_managed(n));
	jw_key(b, "Driver");
	jw_string(b, n->driver);
	jw_key(b, "ID");
	write_short_id(b, n->id);
	jw_key(b, "Internal");
	jw_bool(b, n->internal);
	jw_key(b, "IPv6");
	jw_bool(b, n->ipv6);
	jw_key(b, "Labels");
	jw_string_map(b, &n->label_keys, &n->label_values);
	jw_key(b, "Name");
	jw_string(b, n->name);
	jw_key(b, "Scope");
	jw_string(b, n->scope);
	jw_object_end(b);
}

static bool
is_json_format(const char *format)
{
	return strcmp(format, "json") == 0;
}

static void
require_text_or_json(const char *format)
{
	if (strcmp(format, "text") != 0 && !is_json_format(format))
		log_fail("Invalid format specified, use either text or json");
}

/* A container of network:info: attached here, or on another host of a swarm (known by name only). */
struct info_row {
	const char *id, *name, *app, *proc, *state, *ip;
	const char *host;  /* NULL for a network that is not swarm-scoped */
	bool remote;
	char *owned;       /* a remote one's name, split into app and process type */
};

static int
compare_rows(const void *a, const void *b)
{
	const struct info_row *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->host, y->host);
}

/* The rows of cs (sorted already), then, for a swarm view, the remote ones, sorted together. */
static struct info_row *
info_rows(const struct docker_network *n, const struct docker_container_list *cs,
          const struct docker_swarm_view *sw, size_t *count)
{
	size_t i, k = 0, total = cs->n + (sw ? sw->n : 0);
	struct info_row *rows = xcalloc(total + 1, sizeof(*rows));

	for (i = 0; i < cs->n; i++, k++) {
		const struct docker_container *c = &cs->v[i];
		rows[k] = (struct info_row){ c->id, c->name, c->app, c->proc, c->state,
		                             docker_container_ip(c, n->name), sw ? sw->local_host : NULL, false, NULL };
	}
	for (i = 0; sw && i < sw->n; i++, k++) {
		const char *proc;
		char *owned = xstrdup(sw->v[i].name);
		bool dokku = app_container_name_split(owned, &proc);
		/* its state is the other host's to know: none is made up */
		rows[k] = (struct info_row){ "", sw->v[i].name, dokku ? owned : "", dokku ? proc : "", "",
		                             sw->v[i].ip, sw->v[i].host, true, owned };
	}
	if (sw && total > 1)
		qsort(rows, total, sizeof(*rows), compare_rows);
	*count = total;
	return rows;
}

/* network:info's additions, after the original's fields; swarm's after those. */
static void
write_info_json_extra(struct buf *b, const struct docker_network *n, const struct info_row *rows,
                      size_t count, const struct docker_swarm_view *sw)
{
	size_t i;

	jw_key(b, "Attachable");
	jw_bool(b, n->attachable);
	jw_key(b, "Subnets");
	netspec_write_subnets(b, &n->subnets, &n->gateways, &n->ip_ranges);
	jw_key(b, "Options");
	jw_string_map(b, &n->option_keys, &n->option_values);
	jw_key(b, "Containers");
	jw_array_begin(b);
	for (i = 0; i < count; i++) {
		const struct info_row *r = &rows[i];
		jw_object_begin(b);
		jw_key(b, "ID");
		write_short_id(b, r->id);
		jw_key(b, "Name");
		jw_string(b, r->name);
		jw_key(b, "App");
		jw_string(b, r->app);
		jw_key(b, "ProcessType");
		jw_string(b, r->proc);
		jw_key(b, "IPAddress");
		jw_string(b, r->ip);
		jw_key(b, "State");
		jw_string(b, r->state);
		if (sw) {
			jw_key(b, "Host");
			jw_string(b, r->host);
			jw_key(b, "Local");
			jw_bool(b, !r->remote);
		}
		jw_object_end(b);
	}
	jw_array_end(b);
	if (!sw)
		return;
	jw_key(b, "Hosts");
	jw_array_begin(b);
	for (i = 0; i < sw->peer_ips.n; i++) {
		jw_object_begin(b);
		jw_key(b, "IP");
		jw_string(b, sw->peer_ips.v[i]);
		jw_key(b, "Name");
		jw_string(b, sw->peer_names.v[i]);
		jw_key(b, "Local");
		jw_bool(b, strcmp(sw->peer_ips.v[i], sw->local_host) == 0);
		jw_object_end(b);
	}
	jw_array_end(b);
}

static void
print_info_text(const struct docker_network *n, const struct info_row *rows, size_t count,
                const struct docker_swarm_view *sw)
{
	size_t i, idlen = strlen(n->id);

	log_info2_quiet("%s network information", n->name);
	log_verbose("%-16s%.*s", "ID:", (int)(idlen < SHORT_ID_LEN ? idlen : SHORT_ID_LEN), n->id);
	log_verbose("%-16s%s", "Name:", n->name);
	log_verbose("%-16s%s", "Driver:", n->driver);
	log_verbose("%-16s%s", "Scope:", n->scope);
	log_verbose("%-16s%s", "Dokku managed:", docker_network_dokku_managed(n) ? "true" : "false");
	log_verbose("%-16s%s", "Created:", n->created);
	log_verbose("%-16s%s", "Internal:", n->internal ? "true" : "false");
	log_verbose("%-16s%s", "IPv6:", n->ipv6 ? "true" : "false");
	log_verbose("%-16s%s", "Attachable:", n->attachable ? "true" : "false");
	for (i = 0; i < n->subnets.n; i++)
		log_verbose("%-16s%s%s%s%s%s", "Subnet:", n->subnets.v[i],
		            *n->gateways.v[i] ? " gateway " : "", n->gateways.v[i],
		            *n->ip_ranges.v[i] ? " ip-range " : "", n->ip_ranges.v[i]);
	for (i = 0; i < n->label_keys.n; i++)
		log_verbose("%-16s%s=%s", "Label:", n->label_keys.v[i], n->label_values.v[i]);
	for (i = 0; i < n->option_keys.n; i++)
		log_verbose("%-16s%s=%s", "Option:", n->option_keys.v[i], n->option_values.v[i]);
	for (i = 0; sw && i < sw->peer_ips.n; i++)
		log_verbose("%-16s%s%s", "Host:", sw->peer_ips.v[i],
		            strcmp(sw->peer_ips.v[i], sw->local_host) == 0 ? " (this host)" : "");
	/* the daemon learns of other hosts' containers only while one of its own is on it */
	if (sw && !sw->peer_ips.n)
		log_verbose("%-16s%s", "Host:", "none known (no container of this host is on it)");
	log_verbose("%-16s%zu", "Containers:", count);
	for (i = 0; i < count; i++) {
		const struct info_row *r = &rows[i];
		bool host = r->host && *r->host;
		log_verbose("%-16s%s (app %s, process type %s, %s%s%s%s%s)", "Container:", r->name,
		            *r->app ? r->app : "-", *r->proc ? r->proc : "-",
		            r->remote ? "on another host" : r->state, *r->ip ? ", " : "", r->ip,
		            host ? ", host " : "", host ? r->host : "");
	}
}

int
command_info(const char *name, const char *format)
{
	struct docker_network n;
	struct docker_container_list cs;
	struct docker_swarm_view view, *sw = NULL;
	struct info_row *rows;
	struct buf out = BUF_INIT, err = BUF_INIT;
	size_t count;

	if (!*name)
		log_fail("No network name specified");
	require_text_or_json(format);
	log_fail_if(docker_network_name_error(name));
	if (!network_find(name, &n))
		log_fail("Network does not exist");
	if (!docker_network_containers(n.name, &cs, &err))
		log_fail("%s", buf_cstr(&err));
	/* only a swarm-scoped network has containers elsewhere: others keep their one request */
	if (strcmp(n.scope, "swarm") == 0) {
		if (!docker_network_swarm_view(n.id, &view, &err))
			log_fail("%s", buf_cstr(&err));
		sw = &view;
	}
	rows = info_rows(&n, &cs, sw, &count);
	if (is_json_format(format)) {
		write_network_json(&out, &n);
		out.len--;  /* reopen the object for the fields the original lacks */
		write_info_json_extra(&out, &n, rows, count, sw);
		jw_object_end(&out);
		log_plain("%s", out.data);
	} else {
		print_info_text(&n, rows, count, sw);
	}
	while (count--)
		free(rows[count].owned);
	free(rows);
	if (sw)
		docker_swarm_view_free(sw);
	docker_container_list_free(&cs);
	docker_network_free(&n);
	buf_free(&out);
	buf_free(&err);
	return 0;
}

int
command_list(const char *format, bool dokku_managed_only)
{
	struct buf err = BUF_INIT;
	struct docker_network_list l;
	struct buf out = BUF_INIT;
	size_t i;

	require_text_or_json(format);
	if (!docker_networks_list(&l, &err))
		log_fail("%s", buf_cstr(&err));
	if (is_json_format(format)) {
		jw_array_begin(&out);
		for (i = 0; i < l.n; i++)
			if (!dokku_managed_only || docker_network_dokku_managed(&l.v[i]))
				write_network_json(&out, &l.v[i]);
		jw_array_end(&out);
		buf_putc(&out, '\n');
	} else {
		log_info2_quiet("Networks");
		for (i = 0; i < l.n; i++)
			if (!dokku_managed_only || docker_network_dokku_managed(&l.v[i]))
				buf_printf(&out, "%s\n", l.v[i].name);
	}
	write_all(STDOUT_FILENO, buf_cstr(&out), out.len);
	docker_network_list_free(&l);
	buf_free(&out);
	buf_free(&err);
	return 0;
}
