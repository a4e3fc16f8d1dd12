/*
 * netspec: declared networks that come back. network:create records each
 * network's spec (driver, subnets with their gateways and ranges, internal,
 * IPv6, driver options, labels) in
 * DOKKU_LIB_ROOT/config/network/--networks/<network>, one JSON object per
 * file (a name no app can have: app names never start with '-'), written as
 * properties are (prop.h: atomic, 0600 in a 0755 directory, owned by the
 * dokku user when root); network:destroy forgets it. A recorded network
 * that has gone missing is created again from its record before a deploy
 * uses it, and by network:ensure.
 *
 * The spec itself (its JSON, its checks, its comparison with a network as
 * the daemon shows it) touches neither the disk nor the daemon: see
 * netspec_json.c.
 */
#ifndef NETSPEC_H
#define NETSPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "docker.h"
#include "json.h"
#include "prop.h"
#include "strlist.h"

/* Where the records live, beside the apps' property directories (prop.h). */
#define NETSPEC_DIR "--networks"

/* A record is at most this big (a property's limit, prop.h). */
#define NETSPEC_MAX_RECORD PROP_MAX_VALUE

/* A valid spec has at most this many subnets (as network:create allows, lib/network.c). */
#define NETSPEC_MAX_SUBNETS 32

/* One network's spec; every string owned. */
struct netspec {
	char *name;
	char *driver;
	bool internal;
	bool ipv6;
	struct strlist subnets;   /* CIDR */
	struct strlist gateways;  /* same order, "" when none */
	struct strlist ip_ranges; /* same order, "" when none */
	struct strlist opt_keys, opt_values;     /* driver options, sorted by key */
	struct strlist label_keys, label_values; /* sorted by key, never DOKKU_NETWORK_LABEL */
};

void netspec_init(struct netspec *s);
void netspec_free(struct netspec *s);

/* ---- netspec_json.c: no disk, no daemon ------------------------------------------ */

/* Whether s[0..n) is valid UTF-8 without NUL bytes (what a record's strings must be). */
bool netspec_text_valid(const char *s, size_t n);

/* Whether network:create knows the driver (bridge, overlay, macvlan, ipvlan). */
bool netspec_driver_known(const char *driver);

/*
 * Whether the spec is one network:create would accept (a valid name, a
 * known driver, valid non-overlapping subnets, each gateway and range inside
 * its own subnet, an IPv6 subnet with IPv6, unique non-empty option and
 * label keys, no Dokku label); if not, why not into why.
 */
bool netspec_valid(const struct netspec *s, struct buf *why);

/* [{"Subnet":..,"Gateway":..,"IPRange":..},...], as network:info and the records write them. */
void netspec_write_subnets(struct buf *out, const struct strlist *subnets, const struct strlist *gateways,
                           const struct strlist *ip_ranges);

/* The spec as one JSON object: Name, Driver, Internal, IPv6, Subnets, Options, Labels. */
void netspec_write_json(const struct netspec *s, struct buf *out);

/*
 * The spec from the object at token obj (what netspec_write_json writes;
 * Gateway and IPRange may be left out, unknown keys are errors). False with
 * why set when it is not one, or not valid (netspec_valid).
 */
bool netspec_from_json(const char *js, const struct json_token *t, int ntoks, int obj,
                       struct netspec *out, struct buf *why);

/* netspec_from_json of a whole document (a record file). */
bool netspec_parse(const char *js, size_t len, struct netspec *out, struct buf *why);

/* ---- netspec.c: the daemon's view, the records on disk -------------------------- */

/* A network as the daemon shows it, as a spec (without Dokku's label). */
void netspec_from_network(const struct docker_network *n, struct netspec *out);

/*
 * How an existing network differs from its record ("driver is macvlan,
 * recorded bridge; ..."), into what; false when it does not. Subnets the
 * record leaves to the daemon, gateways it leaves out and driver options the
 * daemon adds are no difference.
 */
bool netspec_differs(const struct netspec *rec, const struct docker_network *n, struct buf *what);

/* The spec as docker_network_create takes it (borrowing s's strings). */
void netspec_as_create(const struct netspec *s, struct network_spec *out);

enum netspec_read_result { NETSPEC_NONE, NETSPEC_READ, NETSPEC_INVALID };

/*
 * The record of network name (one open(2), nothing else when there is
 * none): NETSPEC_NONE, NETSPEC_READ into out (free it), or NETSPEC_INVALID
 * with why set (unreadable, not JSON, not a valid spec, another name).
 */
enum netspec_read_result netspec_read(const char *name, struct netspec *out, struct buf *why);

/* Writes the record of s->name atomically; fails (log_fail) on error. */
void netspec_record(const struct netspec *s);

/* Removes the record of name; none is fine; fails (log_fail) on error. */
void netspec_forget(const char *name);

/* The names of the recorded networks, sorted. */
void netspec_recorded(struct strlist *out);

/*
 * For attach (post-container-create, core-post-deploy) and
 * docker-args-process-*, when a network they need is missing.
 */
enum netspec_recreate_result { NETSPEC_NOT_RECORDED, NETSPEC_RECREATED, NETSPEC_RECREATE_FAILED };

/*
 * Called when network name is known to be missing: when it is recorded,
 * prints "-----> Recreating missing network NAME" and creates it from its
 * record (NETSPEC_RECREATED; one that another process created meanwhile
 * counts), or NETSPEC_RECREATE_FAILED with err set ("Unable to recreate
 * network NAME: ..."). NETSPEC_NOT_RECORDED, with nothing asked of the
 * daemon, when there is no record (or name is no network name).
 */
enum netspec_recreate_result netspec_recreate(const char *name, struct buf *err);

/*
 * For the deploy's hot path: true at once (one open(2), no daemon request)
 * when name is not recorded; when it is, asks the daemon whether it exists
 * and recreates it if not (netspec_recreate). False with err set when the
 * daemon could not be asked or the recreation failed.
 */
bool netspec_ensure_one(const char *name, struct buf *err);

/* ---- the commands ---------------------------------------------------------------- */

/*
 * network:ensure: recreates every recorded network (or each of names, which
 * must be recorded) that is missing; warns about existing ones that differ
 * from their record; names the Dokku-managed networks without a record.
 * Exit status 1 when a recreation failed.
 */
int command_ensure(char **names, int nnames);

/* network:create --adopt: records an existing network as the daemon shows it. */
int command_adopt(const char *name);

#endif
