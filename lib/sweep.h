/*
 * sweep: one comparison of the running containers with every app's
 * CONTAINER.* and IP.* files (for network:watch): the IP file of a running
 * container gets the address network-get-ipaddr would print for it; the
 * file of one that is not running loses an address another running
 * container has taken since.
 */
#ifndef SWEEP_H
#define SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "strlist.h"

/* An address some running container has, and which container (index into the list). */
struct address {
	const char *ip;
	size_t owner;
};

/*
 * A running container, as much of it as a sweep needs: its ID, whether it is
 * in host mode, and its (network, address) pairs then its app label, packed
 * in the sweep's arena (an offset: the arena moves while it grows).
 */
struct running {
	char id[65];
	bool host;
	unsigned nnets;
	size_t off;  /* nnets x "network\0address\0", then "app\0" */
};

struct sweep {
	struct running *v;           /* the running containers, sorted by ID */
	size_t n, cap;
	struct buf arena;
	struct address *addrs;       /* every address they have, sorted */
	size_t naddrs;
	struct strlist changed;      /* apps whose files this sweep changed */
	struct strlist owners;       /* "<container ID> <app>" of every CONTAINER.* file read */
	int failures;                /* files that could not be repaired */
};

/*
 * Lists the running containers (one request, read one container at a time,
 * of each kept only what a sweep needs) and indexes them by ID and address.
 * False with err set when the daemon could not be asked. sweep_end after it
 * in every case.
 */
bool sweep_begin(struct sweep *sw, struct buf *err);

/* Every CONTAINER.<proc>.<index> of one app: repairs, in sw->changed the app if anything changed. */
void sweep_app(struct sweep *sw, const char *app);

void sweep_end(struct sweep *sw);

/* Docker's container IDs: 12 to 64 lower-case hex digits. */
bool is_container_id(const char *s);

#endif
