/*
 * netspec: the records of declared networks on disk, a spec against the
 * daemon's view of its network, the recreation, and network:ensure and
 * network:create --adopt (netspec.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cidr.h"
#include "docker.h"
#include "log.h"
#include "netspec.h"
#include "prop.h"
#include "util.h"

/*
 * A record is written as a property of NETSPEC_DIR named TMP_PREFIX<pid>
 * (prop_write_n: its own temporary file, mode, owner, fsync, rename), then
 * renamed to the network's name: the temporary names stay short for network
 * names of up to 255 bytes, and a reader never sees a partial record.
 */
#define TMP_PREFIX ".new."

static void
record_path(const char *name, struct buf *out)
{
	prop_app_dir(NETSPEC_DIR, out);
	buf_printf(out, "/%s", name);
}

enum netspec_read_result
netspec_read(const char *name, struct netspec *out, struct buf *why)
{
	char small[1024];
	struct buf b;
	enum netspec_read_result r = NETSPEC_READ;

	netspec_init(out);
	if (docker_network_name_error(name))
		return NETSPEC_NONE;
	buf_init_in(&b, small, sizeof(small));
	if (!prop_get(NETSPEC_DIR, name, &b)) {
		r = NETSPEC_NONE;
	} else if (!netspec_parse(buf_cstr(&b), b.len, out, why)) {
		r = NETSPEC_INVALID;
	} else if (strcmp(out->name, name) != 0) {
		buf_printf(why, "it is the record of network %s", out->name);
		netspec_free(out);
		r = NETSPEC_INVALID;
	}
	buf_free(&b);
	return r;
}

/* Removes what writers killed between the two renames left behind. */
static void
remove_stale_records(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = strlen(TMP_PREFIX);

	while (d && (e = readdir(d))) {
		char *end;
		long pid;
		if (strncmp(e->d_name, TMP_PREFIX, n) != 0)
			continue;
		pid = strtol(e->d_name + n, &end, 10);
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
			struct buf p = BUF_INIT;
			buf_printf(&p, "%s/%s", dir, e->d_name);
			unlink(p.data);
			buf_free(&p);
		}
	}
	if (d)
		closedir(d);
}

void
netspec_record(const struct netspec *s)
{
	struct buf json = BUF_INIT, tmp = BUF_INIT, from = BUF_INIT, to = BUF_INIT;

	netspec_write_json(s, &json);
	buf_putc(&json, '\n');
	buf_printf(&tmp, TMP_PREFIX "%ld", (long)getpid());
	prop_write_n(NETSPEC_DIR, tmp.data, json.data, json.len);
	record_path(tmp.data, &from);
	record_path(s->name, &to);
	if (rename(from.data, to.data) != 0) {
		int e = errno;
		unlink(from.data);
		log_fail("Unable to record network %s: %s", s->name, go_path_error("rename", to.data, e));
	}
	prop_app_dir(NETSPEC_DIR, &from);
	remove_stale_records(from.data);
	buf_free(&json);
	buf_free(&tmp);
	buf_free(&from);
	buf_free(&to);
}

void
netspec_forget(const char *name)
{
	struct buf path = BUF_INIT;

	log_fail_if(docker_network_name_error(name));
	record_path(name, &path);
	if (unlink(path.data) != 0 && errno != ENOENT && errno != ENOTDIR)
		log_fail("Unable to forget the record of network %s: %s", name, go_path_error("remove", path.data, errno));
	buf_free(&path);
}

void
netspec_recorded(struct strlist *out)
{
	struct buf dir = BUF_INIT;
	struct dirent *e;
	DIR *d;

	prop_app_dir(NETSPEC_DIR, &dir);
	d = opendir(dir.data);
	while (d && (e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' || docker_network_name_error(e->d_name))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, 0) == 0 && S_ISREG(st.st_mode))
			strlist_add(out, e->d_name);
	}
	if (d)
		closedir(d);
	strlist_sort(out);
	buf_free(&dir);
}

/* Creates the network from its record; false with err set. */
static bool
recreate_from(const struct netspec *s, struct buf *err)
{
	struct network_spec ns;
	struct buf e = BUF_INIT;
	bool ok;

	log_info1("Recreating missing network %s", s->name);
	netspec_as_create(s, &ns);
	ok = docker_network_create(&ns, &e);
	/* another deploy recreated it meanwhile: there it is */
	if (!ok && strstr(buf_cstr(&e), "already exists"))
		ok = true;
	if (!ok)
		buf_printf(err, "Unable to recreate network %s: %s", s->name, buf_cstr(&e));
	buf_free(&e);
	return ok;
}

static void
invalid_record(const char *name, const char *why, struct buf *err)
{
	buf_printf(err, "The record of network %s is invalid (%s): dokku network:create --adopt %s "
	           "records the network again, dokku network:destroy %s forgets it", name, why, name, name);
}

enum netspec_recreate_result
netspec_recreate(const char *name, struct buf *err)
{
	struct netspec s;
	struct buf why = BUF_INIT;
	enum netspec_recreate_result r = NETSPEC_RECREATED;

	switch (netspec_read(name, &s, &why)) {
	case NETSPEC_NONE:
		r = NETSPEC_NOT_RECORDED;
		break;
	case NETSPEC_INVALID:
		invalid_record(name, buf_cstr(&why), err);
		r = NETSPEC_RECREATE_FAILED;
		break;
	case NETSPEC_READ:
		if (!recreate_from(&s, err))
			r = NETSPEC_RECREATE_FAILED;
		break;
	}
	netspec_free(&s);
	buf_free(&why);
	return r;
}

bool
netspec_ensure_one(const char *name, struct buf *err)
{
	struct netspec s;
	struct docker_network n;
	struct buf why = BUF_INIT, e = BUF_INIT;
	enum netspec_read_result r = netspec_read(name, &s, &why);
	bool ok = true;

	if (r == NETSPEC_NONE)
		return true;
	switch (docker_network_lookup(name, &n, &e)) {
	case DOCKER_FOUND:
		docker_network_free(&n);
		break;
	case DOCKER_ERROR:
		buf_printf(err, "Unable to check that network %s exists: %s", name, buf_cstr(&e));
		ok = false;
		break;
	case DOCKER_MISSING:
		if (r == NETSPEC_INVALID) {
			invalid_record(name, buf_cstr(&why), err);
			ok = false;
		} else {
			ok = recreate_from(&s, err);
		}
		break;
	}
	netspec_free(&s);
	buf_free(&why);
	buf_free(&e);
	return ok;
}

/* ---- the daemon's view ------------------------------------------------------------ */

void
netspec_from_network(const struct docker_network *n, struct netspec *out)
{
	size_t i;

	netspec_init(out);
	out->name = xstrdup(n->name);
	out->driver = xstrdup(n->driver);
	out->internal = n->internal;
	out->ipv6 = n->ipv6;
	for (i = 0; i < n->subnets.n; i++) {
		strlist_add(&out->subnets, n->subnets.v[i]);
		strlist_add(&out->gateways, n->gateways.v[i]);
		strlist_add(&out->ip_ranges, n->ip_ranges.v[i]);
	}
	for (i = 0; i < n->option_keys.n; i++) {
		strlist_add(&out->opt_keys, n->option_keys.v[i]);
		strlist_add(&out->opt_values, n->option_values.v[i]);
	}
	for (i = 0; i < n->label_keys.n; i++)
		if (strcmp(n->label_keys.v[i], DOKKU_NETWORK_LABEL) != 0) {
			strlist_add(&out->label_keys, n->label_keys.v[i]);
			strlist_add(&out->label_values, n->label_values.v[i]);
		}
}

/* The same address or subnet, however written ("" only equals ""). */
static bool
same_cidr(const char *a, const char *b)
{
	struct cidr x, y;
	const char *why;

	if (strcmp(a, b) == 0)
		return true;
	if (!((cidr_parse(a, &x, &why) && cidr_parse(b, &y, &why)) || (ip_parse(a, &x) && ip_parse(b, &y))))
		return false;
	return x.family == y.family && x.prefix == y.prefix && memcmp(x.addr, y.addr, sizeof(x.addr)) == 0;
}

static void
list_text(struct buf *out, const struct strlist *a, const struct strlist *b)
{
	size_t i;

	if (a->n == 0)
		buf_puts(out, "none");
	for (i = 0; i < a->n; i++)
		buf_printf(out, "%s%s%s%s", i ? "," : "", a->v[i], b ? "=" : "", b ? b->v[i] : "");
}

static void
differ(struct buf *what, const char *fmt, const char *is, const char *was)
{
	if (what->len)
		buf_puts(what, "; ");
	buf_printf(what, fmt, is, was);
}

/* Whether the daemon's subnet entry j is recorded entry i (a gateway the record leaves out matches any). */
static bool
same_subnet_entry(const struct netspec *rec, size_t i, const struct docker_network *n, size_t j)
{
	return same_cidr(rec->subnets.v[i], n->subnets.v[j]) &&
	       (!*rec->gateways.v[i] || same_cidr(rec->gateways.v[i], n->gateways.v[j])) &&
	       same_cidr(rec->ip_ranges.v[i], n->ip_ranges.v[j]);
}

/*
 * Whether the daemon's subnet entries are not the recorded ones, in any
 * order: the daemon need not list a network's IPv4 and IPv6 configs as they
 * were recorded. Each recorded entry takes the first unused daemon entry it
 * matches; a valid record's subnets do not overlap, so no two recorded
 * entries can want the same daemon entry and this first match is the only one.
 */
static bool
subnets_differ(const struct netspec *rec, const struct docker_network *n)
{
	bool used[NETSPEC_MAX_SUBNETS] = { false };
	size_t i, j;

	if (rec->subnets.n == 0)
		return false;  /* left to the daemon */
	if (rec->subnets.n != n->subnets.n)
		return true;
	if (rec->subnets.n > NETSPEC_MAX_SUBNETS)
		return true;  /* more than netspec_valid allows: no record to match */
	for (i = 0; i < rec->subnets.n; i++) {
		for (j = 0; j < n->subnets.n && (used[j] || !same_subnet_entry(rec, i, n, j)); j++)
			;
		if (j == n->subnets.n)
			return true;
		used[j] = true;
	}
	return false;
}

bool
netspec_differs(const struct netspec *rec, const struct docker_network *n, struct buf *what)
{
	struct netspec now;
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t i, j;

	netspec_from_network(n, &now);
	buf_reset(what);
	if (strcmp(rec->driver, now.driver) != 0)
		differ(what, "driver %s, recorded %s", now.driver, rec->driver);
	if (rec->internal != now.internal)
		differ(what, "internal %s, recorded %s", now.internal ? "true" : "false", rec->internal ? "true" : "false");
	if (rec->ipv6 != now.ipv6)
		differ(what, "IPv6 %s, recorded %s", now.ipv6 ? "true" : "false", rec->ipv6 ? "true" : "false");
	if (subnets_differ(rec, n)) {
		for (i = 0; i < n->subnets.n; i++)
			buf_printf(&a, "%s%s%s%s%s%s", i ? "," : "", n->subnets.v[i], *n->gateways.v[i] ? " gateway " : "",
			           n->gateways.v[i], *n->ip_ranges.v[i] ? " ip-range " : "", n->ip_ranges.v[i]);
		for (i = 0; i < rec->subnets.n; i++)
			buf_printf(&b, "%s%s%s%s%s%s", i ? "," : "", rec->subnets.v[i], *rec->gateways.v[i] ? " gateway " : "",
			           rec->gateways.v[i], *rec->ip_ranges.v[i] ? " ip-range " : "", rec->ip_ranges.v[i]);
		differ(what, "subnets %s, recorded %s", a.len ? a.data : "none", b.data);
	}
	/* every recorded option, as recorded; the daemon may add its own */
	for (i = 0; i < rec->opt_keys.n; i++) {
		for (j = 0; j < now.opt_keys.n && strcmp(now.opt_keys.v[j], rec->opt_keys.v[i]) != 0; j++)
			;
		if (j == now.opt_keys.n || strcmp(now.opt_values.v[j], rec->opt_values.v[i]) != 0) {
			buf_reset(&a);
			buf_reset(&b);
			list_text(&a, &now.opt_keys, &now.opt_values);
			list_text(&b, &rec->opt_keys, &rec->opt_values);
			differ(what, "options %s, recorded %s", a.data, b.data);
			break;
		}
	}
	for (i = 0; i < rec->label_keys.n && rec->label_keys.n == now.label_keys.n; i++)
		if (strcmp(rec->label_keys.v[i], now.label_keys.v[i]) != 0 ||
		    strcmp(rec->label_values.v[i], now.label_values.v[i]) != 0)
			break;
	if (rec->label_keys.n != now.label_keys.n || i < rec->label_keys.n) {
		buf_reset(&a);
		buf_reset(&b);
		list_text(&a, &now.label_keys, &now.label_values);
		list_text(&b, &rec->label_keys, &rec->label_values);
		differ(what, "labels %s, recorded %s", a.data, b.data);
	}
	netspec_free(&now);
	buf_free(&a);
	buf_free(&b);
	return what->len > 0;
}

void
netspec_as_create(const struct netspec *s, struct network_spec *out)
{
	out->name = s->name;
	out->driver = s->driver;
	out->internal = s->internal;
	out->ipv6 = s->ipv6;
	out->subnets = s->subnets;
	out->gateways = s->gateways;
	out->ip_ranges = s->ip_ranges;
	out->opt_keys = s->opt_keys;
	out->opt_values = s->opt_values;
	out->label_keys = s->label_keys;
	out->label_values = s->label_values;
}

/* ---- network:ensure ------------------------------------------------------------------ */

static const struct docker_network *
find_network(const struct docker_network_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

int
command_ensure(char **names, int nnames)
{
	struct strlist recorded = STRLIST_INIT;
	struct docker_network_list all;
	struct netspec *specs;
	struct buf err = BUF_INIT, what = BUF_INIT;
	int i, status = 0;
	size_t k;
	bool *valid;

	/* every name checked, every record read, before the daemon is asked */
	for (i = 0; i < nnames; i++)
		log_fail_if(docker_network_name_error(names[i]));
	if (nnames == 0)
		netspec_recorded(&recorded);
	for (i = 0; i < nnames; i++)
		if (!strlist_contains(&recorded, names[i]))
			strlist_add(&recorded, names[i]);
	specs = xcalloc(recorded.n + 1, sizeof(*specs));
	valid = xcalloc(recorded.n + 1, sizeof(*valid));
	for (k = 0; k < recorded.n; k++) {
		buf_reset(&err);
		switch (netspec_read(recorded.v[k], &specs[k], &err)) {
		case NETSPEC_NONE:
			log_fail("Network %s is not recorded: dokku network:create --adopt %s records an existing one",
			         recorded.v[k], recorded.v[k]);
		case NETSPEC_INVALID:
			buf_reset(&what);
			invalid_record(recorded.v[k], buf_cstr(&err), &what);
			log_warn("%s", what.data);
			status = 1;
			break;
		case NETSPEC_READ:
			valid[k] = true;
			break;
		}
	}
	buf_reset(&err);
	if (!docker_networks_list(&all, &err))
		log_fail("%s", buf_cstr(&err));
	for (k = 0; k < recorded.n; k++) {
		const struct docker_network *n = find_network(&all, recorded.v[k]);
		if (!valid[k])
			continue;
		if (n && netspec_differs(&specs[k], n, &what)) {
			log_warn("Network %s differs from its record (%s): left as it is", recorded.v[k], what.data);
		} else if (!n) {
			buf_reset(&err);
			if (!recreate_from(&specs[k], &err)) {
				log_warn("%s", err.data);
				status = 1;
			}
		}
	}
	for (k = 0; nnames == 0 && k < all.n; k++)
		if (docker_network_dokku_managed(&all.v[k]) && !strlist_contains(&recorded, all.v[k].name))
			log_verbose("Network %s is not recorded (created before records were kept): "
			            "dokku network:create --adopt %s records it", all.v[k].name, all.v[k].name);
	for (k = 0; k < recorded.n; k++)
		netspec_free(&specs[k]);
	free(specs);
	free(valid);
	docker_network_list_free(&all);
	strlist_free(&recorded);
	buf_free(&err);
	buf_free(&what);
	return status;
}

/* ---- network:create --adopt --------------------------------------------------------- */

int
command_adopt(const char *name)
{
	struct docker_network n;
	struct netspec s;
	struct buf err = BUF_INIT;

	log_fail_if(docker_network_name_error(name));
	if (strcmp(name, "bridge") == 0 || strcmp(name, "host") == 0 || strcmp(name, "none") == 0)
		log_fail("Network %s is Docker's own: it cannot be recorded", name);
	switch (docker_network_lookup(name, &n, &err)) {
	case DOCKER_ERROR:
		log_fail("%s", buf_cstr(&err));
	case DOCKER_MISSING:
		log_fail("Network %s does not exist: create it without --adopt", name);
	case DOCKER_FOUND:
		break;
	}
	netspec_from_network(&n, &s);
	if (!netspec_valid(&s, &err))
		log_fail("Unable to record network %s: %s", name, buf_cstr(&err));
	log_info1_quiet("Recording network %s as it is", name);
	netspec_record(&s);
	netspec_free(&s);
	docker_network_free(&n);
	buf_free(&err);
	return 0;
}
