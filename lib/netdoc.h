/*
 * netdoc: the document network:export writes and network:import reads, one
 * JSON object, keys in this order:
 *
 *   {
 *     "Version": 1,
 *     "Networks": [ <a record, netspec.h>, ... ],          sorted by Name
 *     "Global": { "<property>": "<value>", ... },          sorted
 *     "Apps": { "<app>": { "<property>[.<process>]": "<value>", ... }, ... }
 *   }
 *
 * Values are the properties' raw values ("a,b" for an attach list). Parsing
 * checks everything that needs neither the disk nor the daemon: the shape
 * (unknown or repeated keys are errors), every record (netspec_valid), app
 * names, property names (known; global-allowed under Global; scoped only
 * where a process type may scope them, with a valid process type). The
 * values themselves are checked by network:import as network:set does.
 */
#ifndef NETDOC_H
#define NETDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "netspec.h"
#include "strlist.h"

#define NETDOC_VERSION 1
/* The largest document read: a 10 MB one is refused, not read whole. */
#define NETDOC_MAX_BYTES ((size_t)4 * 1024 * 1024)
/* JSON values (tokens) in a document: far more than any real one needs. */
#define NETDOC_MAX_TOKENS 262144

/* The properties of one app, or of "--global". */
struct netdoc_owner {
	char *name;
	struct strlist props;   /* "<property>" or "<property>.<process>", sorted */
	struct strlist values;  /* same order, never "" */
};

struct netdoc {
	struct netspec *networks;  /* sorted by name */
	size_t nnetworks;
	bool has_global;           /* the document has a Global object */
	struct netdoc_owner global;
	struct netdoc_owner *apps; /* sorted by name */
	size_t napps;
};

void netdoc_init(struct netdoc *d);
void netdoc_free(struct netdoc *d);

/* Adds a network (a copy of its strings is not made: d takes s over). */
void netdoc_add_network(struct netdoc *d, struct netspec *s);

/* Adds an owner's property (in any order; netdoc_write sorts). */
void netdoc_add_prop(struct netdoc_owner *o, const char *prop, const char *value);

/* Adds an app (d owns the copy of name) and returns it. */
struct netdoc_owner *netdoc_add_app(struct netdoc *d, const char *name);

/* The document as indented JSON, with a final newline. */
void netdoc_write(struct netdoc *d, struct buf *out);

/*
 * Parses js[0..len) into out (free it in every case). False with why set
 * when it is not such a document or is bigger than NETDOC_MAX_BYTES.
 */
bool netdoc_parse(const char *js, size_t len, struct netdoc *out, struct buf *why);

#endif
