/*
 * docker: the typed Engine API operations the plugin needs, on top of
 * engine.c: networks (docker_network.c: list, find by exact name, create,
 * remove, connect, disconnect) and containers (docker_container.c: list,
 * inspect). Nothing here exits: a failure is false (or DOCKER_ERROR) with
 * one line in err, and the caller decides.
 */
#ifndef DOCKER_H
#define DOCKER_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "strlist.h"

/* The label Dokku puts on the networks it creates. */
#define DOKKU_NETWORK_LABEL "com.dokku.network-name"

struct docker_network {
	char *name;
	char *id;        /* full ID */
	char *created;   /* RFC 3339, as the daemon gives it */
	char *driver;
	char *scope;
	bool internal;
	bool ipv6;
	bool attachable;
	struct strlist label_keys;   /* sorted by key */
	struct strlist label_values; /* same order */
	struct strlist option_keys;  /* driver options, sorted by key */
	struct strlist option_values;
	struct strlist subnets;      /* IPAM.Config[].Subnet */
	struct strlist gateways;     /* same order, "" when absent */
	struct strlist ip_ranges;    /* same order, "" when absent */
};

struct docker_network_list {
	struct docker_network *v;
	size_t n;
};

/* Validates a network name: ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$, at most 255 bytes. */
const char *docker_network_name_error(const char *name);

/* NULL when ref can be a container ID or name (never a path or URL trick), else why not. */
const char *docker_container_ref_error(const char *ref);

/* All networks, sorted by name. */
bool docker_networks_list(struct docker_network_list *out, struct buf *err);

enum docker_lookup { DOCKER_FOUND, DOCKER_MISSING, DOCKER_ERROR };

/* The network with exactly this name, without failing: DOCKER_ERROR sets err. */
enum docker_lookup docker_network_lookup(const char *name, struct docker_network *out,
                                         struct buf *err);

/*
 * The networks whose names are exactly one of names, sorted, in one request;
 * false with err set when the daemon could not be asked.
 */
bool docker_networks_named(const struct strlist *names, struct docker_network_list *out,
                           struct buf *err);


/* True when the network carries Dokku's label. */
bool docker_network_dokku_managed(const struct docker_network *n);

/* What to create: IPAM entries are per subnet ("" where no gateway or range). */
struct network_spec {
	const char *name;
	const char *driver;
	bool internal;
	bool ipv6;
	struct strlist subnets, gateways, ip_ranges;
	struct strlist opt_keys, opt_values;
	struct strlist label_keys, label_values;
};

/* Creates an attachable network labelled as Dokku's. */
bool docker_network_create(const struct network_spec *spec, struct buf *err);

/* 1 when this daemon manages an active swarm (overlay networks need it), 0 when not, -1 with err. */
int docker_swarm_manager(struct buf *err);

/* An endpoint of a swarm-scoped network on another host (from the swarm's gossip). */
struct docker_swarm_endpoint {
	char *name;  /* the container's name (a service task's name for a service) */
	char *ip;    /* EndpointIP, without a prefix length */
	char *host;  /* Info["Host IP"]: the address of the host running it */
};

/*
 * What a swarm-scoped network looks like across the swarm, from
 * GET /networks/{id}?verbose=true: its endpoints on other hosts (sorted by
 * name, then host), this host's address and the hosts it is in use on
 * (Peers, sorted by address). Empty where the daemon knows no more (the
 * network not in use on this host).
 */
struct docker_swarm_view {
	char *local_host;  /* this host's address in the swarm, "" when unknown */
	struct docker_swarm_endpoint *v;
	size_t n;
	struct strlist peer_ips, peer_names;  /* same order */
};

/* The view of the network with this ID: false with err set on failure. */
bool docker_network_swarm_view(const char *id, struct docker_swarm_view *out, struct buf *err);

/* The view from a verbose network inspect's JSON text (without the /info fallback); false if not JSON. */
bool docker_swarm_view_parse(const char *js, size_t len, struct docker_swarm_view *out);

void docker_swarm_view_free(struct docker_swarm_view *v);

/* Removes the network with this ID. */
bool docker_network_remove(const char *id, struct buf *err);

/*
 * Who uses a swarm-scoped network that the daemon refused to remove (its
 * error text in refusal), into users as "<name> (host <address>)", comma
 * separated: this host's containers and those the swarm's gossip knows,
 * else the task the refusal names ("container <short id> (host <address>)").
 * Empty when nothing is known.
 */
void docker_swarm_network_users(const struct docker_network *n, const char *refusal, struct buf *users);

void docker_network_free(struct docker_network *n);
void docker_network_list_free(struct docker_network_list *l);



/* A container, from the container list or from inspect. */
struct docker_container {
	char *id;
	char *name;          /* without the leading '/' */
	char *hostname;      /* inspect only */
	char *network_mode;  /* HostConfig.NetworkMode */
	char *app;           /* label com.dokku.app-name */
	char *proc;          /* label com.dokku.process-type */
	char *state;         /* running, exited, created, ... */
	bool running;
	char *restart_policy;        /* HostConfig.RestartPolicy.Name (inspect only) */
	int restart_max;             /* its MaximumRetryCount */
	int restart_count;           /* RestartCount (inspect only) */
	struct strlist networks;     /* names of the networks it is attached to */
	struct strlist network_ips;  /* IPAddress on each, same order */
};

struct docker_container_list {
	struct docker_container *v;
	size_t n;
};

/*
 * Lists containers (all states when `all`) matching a filters JSON, e.g.
 * {"label":["com.dokku.app-name=app"]}. False with err set on failure.
 */
bool docker_containers_list(const char *filters, bool all, struct docker_container_list *out,
                            struct buf *err);

/* The containers attached to a network (all states), sorted by name. */
bool docker_network_containers(const char *network, struct docker_container_list *out, struct buf *err);

/*
 * Lists containers like docker_containers_list, but reads and parses the
 * list one container at a time: fn gets each (and must free it) and may
 * return false to stop early. False with err set when the list could not
 * be had whole.
 */
bool docker_containers_each(const char *filters, bool all,
                            bool (*fn)(struct docker_container *c, void *ctx), void *ctx,
                            struct buf *err);

/* Inspects one container by ID or name. */
enum docker_lookup docker_container_inspect(const char *id, struct docker_container *out,
                                            struct buf *err);

/* The container's IP address on a network, or "" when it is not attached. */
const char *docker_container_ip(const struct docker_container *c, const char *network);

/* The running containers of a Dokku app (label com.dokku.app-name). */
bool docker_app_containers(const char *app, struct docker_container_list *out, struct buf *err);

/*
 * The container with this ID from list (borrowed: *owned false), else
 * inspected on its own (*owned true: free it).
 */
enum docker_lookup docker_container_resolve(const struct docker_container_list *list, const char *id,
                                            struct docker_container *out, bool *owned, struct buf *err);

/* Connects a container to a network with these aliases; "already connected" is success. */
bool docker_network_connect(const char *network, const char *container,
                            const struct strlist *aliases, struct buf *err);

/* Disconnects a container from a network. */
bool docker_network_disconnect(const char *network, const char *container, struct buf *err);

void docker_container_free(struct docker_container *c);
void docker_container_list_free(struct docker_container_list *l);

#endif
