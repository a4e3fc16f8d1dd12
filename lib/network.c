#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "confirm.h"
#include "docker.h"
#include "json.h"
#include "log.h"
#include "network.h"

/* The CLI's short network ID, which the original's output shows. */
#define SHORT_ID_LEN 12

static void
require_valid_name(const char *name)
{
	const char *err = docker_network_name_error(name);

	if (err)
		log_fail("%s", err);
}

int
network_create(const char *name)
{
	require_valid_name(name);
	log_info1_quiet("Creating network %s", name);
	docker_network_create(name, "Unable to create network: ");
	return 0;
}

int
network_destroy(const char *name, bool force)
{
	struct docker_network n;

	require_valid_name(name);
	/* unlike the original, say so before asking for a confirmation */
	if (!docker_network_find(name, &n))
		log_fail("Network %s does not exist", name);
	if (!force)
		confirm_destructive(name, "network");
	log_info1_quiet("Destroying network %s", name);
	docker_network_remove(n.id, "Unable to destroy network: ");
	docker_network_free(&n);
	return 0;
}

int
network_exists(const char *name)
{
	struct docker_network n;

	require_valid_name(name);
	if (!docker_network_find(name, &n))
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
	size_t i;

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
	jw_object_begin(b);
	for (i = 0; i < n->label_keys.n; i++) {
		jw_key(b, n->label_keys.v[i]);
		jw_string(b, n->label_values.v[i]);
	}
	jw_object_end(b);
	jw_key(b, "Name");
	jw_string(b, n->name);
	jw_key(b, "Scope");
	jw_string(b, n->scope);
	jw_object_end(b);
}

static int
compare_containers(const void *a, const void *b)
{
	return strcmp(((const struct docker_container *)a)->name,
	              ((const struct docker_container *)b)->name);
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

/* The containers attached to a network, sorted by name. */
static void
attached_containers(const char *network, struct docker_container_list *out)
{
	struct buf filter = BUF_INIT, err = BUF_INIT;

	jw_object_begin(&filter);
	jw_key(&filter, "network");
	jw_array_begin(&filter);
	jw_string(&filter, network);
	jw_array_end(&filter);
	jw_object_end(&filter);
	if (!docker_containers_list(filter.data, true, out, &err))
		log_fail("%s", buf_cstr(&err));
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), compare_containers);
	buf_free(&filter);
	buf_free(&err);
}

/* network:info's additions, after the original's fields. */
static void
write_info_json_extra(struct buf *b, const struct docker_network *n,
                      const struct docker_container_list *cs)
{
	size_t i;

	jw_key(b, "Attachable");
	jw_bool(b, n->attachable);
	jw_key(b, "Subnets");
	jw_array_begin(b);
	for (i = 0; i < n->subnets.n; i++) {
		jw_object_begin(b);
		jw_key(b, "Subnet");
		jw_string(b, n->subnets.v[i]);
		jw_key(b, "Gateway");
		jw_string(b, n->gateways.v[i]);
		jw_key(b, "IPRange");
		jw_string(b, n->ip_ranges.v[i]);
		jw_object_end(b);
	}
	jw_array_end(b);
	jw_key(b, "Options");
	jw_object_begin(b);
	for (i = 0; i < n->option_keys.n; i++) {
		jw_key(b, n->option_keys.v[i]);
		jw_string(b, n->option_values.v[i]);
	}
	jw_object_end(b);
	jw_key(b, "Containers");
	jw_array_begin(b);
	for (i = 0; i < cs->n; i++) {
		const struct docker_container *c = &cs->v[i];
		jw_object_begin(b);
		jw_key(b, "ID");
		write_short_id(b, c->id);
		jw_key(b, "Name");
		jw_string(b, c->name);
		jw_key(b, "App");
		jw_string(b, c->app);
		jw_key(b, "ProcessType");
		jw_string(b, c->proc);
		jw_key(b, "IPAddress");
		jw_string(b, docker_container_ip(c, n->name));
		jw_key(b, "State");
		jw_string(b, c->state);
		jw_object_end(b);
	}
	jw_array_end(b);
}

static void
print_info_text(const struct docker_network *n, const struct docker_container_list *cs)
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
	log_verbose("%-16s%zu", "Containers:", cs->n);
	for (i = 0; i < cs->n; i++) {
		const struct docker_container *c = &cs->v[i];
		const char *ip = docker_container_ip(c, n->name);
		log_verbose("%-16s%s (app %s, process type %s, %s%s%s)", "Container:", c->name,
		            *c->app ? c->app : "-", *c->proc ? c->proc : "-", c->state,
		            *ip ? ", " : "", ip);
	}
}

int
network_info(const char *name, const char *format)
{
	struct docker_network n;
	struct docker_container_list cs;
	struct buf out = BUF_INIT;

	if (!*name)
		log_fail("No network name specified");
	require_text_or_json(format);
	require_valid_name(name);
	if (!docker_network_find(name, &n))
		log_fail("Network does not exist");
	attached_containers(n.name, &cs);
	if (is_json_format(format)) {
		write_network_json(&out, &n);
		out.len--;  /* reopen the object for the fields the original lacks */
		write_info_json_extra(&out, &n, &cs);
		jw_object_end(&out);
		log_plain("%s", out.data);
	} else {
		print_info_text(&n, &cs);
	}
	docker_container_list_free(&cs);
	docker_network_free(&n);
	buf_free(&out);
	return 0;
}

int
network_list(const char *format, bool dokku_managed_only)
{
	struct docker_network_list l;
	struct buf out = BUF_INIT;
	size_t i;

	require_text_or_json(format);
	docker_networks_list(&l);
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
	return 0;
}
