/* app: Dokku app names, existence, listing and deploy state (doc/design.md §7). */
#ifndef APP_H
#define APP_H

#include <stdbool.h>

#include "buf.h"
#include "strlist.h"

#define APP_NAME_MAX 255

/* NULL when the name is acceptable, else Dokku's message for it. */
const char *app_name_error(const char *app);

/*
 * Splits a container name of Dokku's form APP.PROC.N (as the scheduler names
 * them) in place: true with name cut to APP and *proc pointing at PROC inside
 * it; false, name untouched, when it is not of that form (a valid app name, a
 * valid process type, an index 1..99999). For containers known only by name,
 * as those on other hosts of a swarm are.
 */
bool app_container_name_split(char *name, const char **proc);

/* Fails unless the app name is valid (exit 1) and the app exists (exit 20). */
void app_verify(const char *app);

/* Every app directory under DOKKU_ROOT, sorted (UnfilteredDokkuApps). */
void app_list_unfiltered(struct strlist *apps);

/* Dokku's app list (sorted, filtered by user-auth-app); false when empty. */
bool app_list(struct strlist *apps);

/* $DOKKU_ROOT/<app> into out. */
void app_dir(const char *app, struct buf *out);

/* The app's scheduler: app value, else global, else docker-local. */
void app_scheduler(const char *app, struct buf *out);

/* Names in the app's directory that start with one of the prefixes (NULL-terminated), sorted. */
void app_files(const char *app, const char *const *prefixes, struct strlist *out);

/* The app's container IDs: CONTAINER, then CONTAINER.* in lexical order (first lines). */
void app_container_ids(const char *app, struct strlist *out);

/* Whether the app has been deployed (common/<app>/deployed, else the scheduler). */
bool app_is_deployed(const char *app);

/* What common/<app>/deployed says: 1 ("true"), 0 (anything else), -1 (unset). */
int app_deployed_property(const char *app);

/* What `plugn trigger scheduler-is-deployed <scheduler> <app>` says. */
bool app_scheduler_says_deployed(const char *app, const char *scheduler);

/*
 * The app's current scale from `plugn trigger ps-current-scale`: each
 * process type and its count (both as text), in the trigger's order. False
 * with the reason in err when the trigger fails or prints a bad line.
 */
bool app_current_scale(const char *app, struct strlist *procs, struct strlist *counts, struct buf *err);

#endif
