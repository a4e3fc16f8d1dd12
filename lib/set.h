/* set: the network:set command, and its checks for network:import. */
#ifndef SET_H
#define SET_H

#include <stdbool.h>

#include "appctx.h"
#include "buf.h"
#include "strlist.h"

/*
 * Fails (one " !     " line, exit 1) unless prop is a property that may be
 * set this way: globally, or scoped to a process type.
 */
void set_property_check(const char *prop, bool global, bool scoped);

/*
 * Checks one value of a property as network:set would store it, without
 * writing or asking the daemon: the property (set_property_check), the
 * process type when proc is not "" (a process-scoped value), and the values
 * (network names, the attach lists against each other, the single-valued
 * properties' formats). Fails on the first problem; otherwise joined holds
 * the value to store ("" to remove it). a is the app's context, or
 * "--global"'s.
 */
void set_value_check(struct app_ctx *a, const char *prop, const char *proc, char **values, int nvalues,
                     struct buf *joined);

/*
 * set_value_check with the other attach list of the same containers given
 * (taken: the networks an attach value may not repeat), instead of read
 * from what is stored: for a document that replaces both (network:import).
 */
void set_value_check_against(struct app_ctx *a, const char *prop, const char *proc, char **values,
                             int nvalues, const struct strlist *taken, struct buf *joined);

/*
 * network:set: validates and stores (or with no values, removes) a property
 * of app, or of "--global"; with process types (procs, may be empty), the
 * value scoped to each of them instead. Returns the exit status.
 */
int command_set(const char *app, const struct strlist *procs, const char *prop, char **values, int nvalues);

#endif
