/*
 * netprop: the network plugin's properties (doc/design.md §6 and §11):
 * which exist, which can be global, what values they accept, and their
 * computed values (the app's, else the global one). An app's values are
 * read through its context (appctx.h).
 */
#ifndef NETPROP_H
#define NETPROP_H

#include <stdbool.h>

#include "buf.h"
#include "strlist.h"

#define NETPROP_ATTACH_POST_CREATE "attach-post-create"
#define NETPROP_ATTACH_POST_DEPLOY "attach-post-deploy"
#define NETPROP_BIND_ALL_INTERFACES "bind-all-interfaces"
#define NETPROP_INITIAL_NETWORK "initial-network"
#define NETPROP_STATIC_WEB_LISTENER "static-web-listener"
#define NETPROP_TLD "tld"

bool netprop_known(const char *prop);
bool netprop_global_allowed(const char *prop);
bool netprop_is_attach(const char *prop);

/*
 * The properties of one app (or of "--global"), each read at most once, when
 * first asked for (so an unreadable one warns once): for reports.
 */
#define NETPROP_COUNT 6
/* Values up to 255 bytes (a network name, a tld) stay in small[], not on the heap. */
#define NETPROP_SMALL_VALUE 256

/* Not to be copied or moved once initialised: v[i] may point into small[i]. */
struct netprop_values {
	const char *app;
	unsigned loaded;  /* bit i: v[i] has been read */
	struct buf v[NETPROP_COUNT];
	char small[NETPROP_COUNT][NETPROP_SMALL_VALUE];
};

void netprop_values_init(struct netprop_values *vals, const char *app);
void netprop_values_free(struct netprop_values *vals);

/* The raw value of prop (empty when unset), read now if not yet. */
const struct buf *netprop_values_get(struct netprop_values *vals, const char *prop);

/* The computed value: the app's if non-empty, else the global one (bind-all-interfaces defaults to "false"), into out. */
void netprop_values_computed(struct netprop_values *app_vals, struct netprop_values *global_vals,
                             const char *prop, struct buf *out);

/*
 * Process-scoped values (network:set --process PROC): stored as the property
 * "<property>.<process type>" beside the app's own, a file the original
 * plugin never reads; for that process type's deploy containers such a value
 * replaces the app's (and the global) computed value.
 */

/* Whether prop may be scoped to a process type (the attach lists and initial-network). */
bool netprop_process_scopable(const char *prop);

/* NULL when proc may scope a value (a process type, not Dokku's reserved "_default_"), else why not. */
const char *netprop_process_error(const char *proc);

/* "<prop>.<proc>" into out (reset first). */
void netprop_scoped_name(const char *prop, const char *proc, struct buf *out);

/*
 * The app's process-scoped values as "<property>.<process type>" names,
 * sorted (byte order), each of a scopable property and a valid process type;
 * nothing for "--global".
 */
void netprop_scoped_list(const char *app, struct strlist *out);

/* "app (property)" for every app (and --global) whose properties name net. */
void netprop_network_users(const char *net, struct strlist *out);

/* NULL when v is a network name or one of Docker's modes (bridge, host, none, container:<name>), else why not. */
const char *netprop_initial_network_error(const char *v);

/* NULL when tld is a valid DNS suffix, else why not. */
const char *netprop_tld_error(const char *tld);

/* NULL when the listener is ip or ip:port ([v6]:port), else why not. */
const char *netprop_listener_error(const char *listener);

#endif
