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

int
network_info(const char *name, const char *format)
{
	struct docker_network n;
	struct buf out = BUF_INIT;
	size_t idlen;

	if (!*name)
		log_fail("No network name specified");
	require_text_or_json(format);
	require_valid_name(name);
	if (!docker_network_find(name, &n))
		log_fail("Network does not exist");
	if (is_json_format(format)) {
		write_network_json(&out, &n);
		log_plain("%s", out.data);
	} else {
		idlen = strlen(n.id);
		log_info2_quiet("%s network information", n.name);
		log_verbose("%-16s%.*s", "ID:", (int)(idlen < SHORT_ID_LEN ? idlen : SHORT_ID_LEN), n.id);
		log_verbose("%-16s%s", "Name:", n.name);
		log_verbose("%-16s%s", "Driver:", n.driver);
		log_verbose("%-16s%s", "Scope:", n.scope);
		log_verbose("%-16s%s", "Dokku managed:", docker_network_dokku_managed(&n) ? "true" : "false");
	}
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
