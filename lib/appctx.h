/*
 * appctx: an app resolved once, at the entry point of a command or trigger,
 * and passed down instead of its bare name: the validated name, its
 * directory, its network properties (each read at most once, when first
 * asked for), the global ones (read once per process and shared), and its
 * scheduler and deploy state (asked once).
 */
#ifndef APPCTX_H
#define APPCTX_H

#include <stdbool.h>

#include "buf.h"
#include "netprop.h"
#include "strlist.h"

/* Not to be copied or moved once initialised: its buffers may point into it. */
struct app_ctx {
	const char *name;                /* an app name, or "--global" */
	struct buf dir;                  /* $DOKKU_ROOT/<name> */
	char dir_small[256];             /* dir's storage while it fits */
	struct netprop_values props;
	struct netprop_values *globals;  /* the process's one copy */
	struct strlist scoped;           /* "<property>.<process>" names */
	bool scoped_read;
	struct buf scheduler;            /* "" until asked */
	int deployed;                    /* -1 until asked */
};

/*
 * Resolves an app name: fails with Dokku's message (exit 1) when it is not a
 * valid one. Nothing is read yet.
 */
void app_ctx_open(struct app_ctx *a, const char *name);

/*
 * app_ctx_open without the check: for "--global" (whose own properties are
 * the global ones) and for names taken from the app list.
 */
void app_ctx_init(struct app_ctx *a, const char *name);

/* app_ctx_open, then "App <name> does not exist" (exit 20) unless the app exists. */
void app_ctx_verify(struct app_ctx *a, const char *name);

void app_ctx_close(struct app_ctx *a);

/* The raw value of one of the app's properties ("" when unset). */
const struct buf *app_ctx_prop(struct app_ctx *a, const char *prop);

/* The computed value: the app's if set, else the global one (bind-all-interfaces: "false"). */
void app_ctx_computed(struct app_ctx *a, const char *prop, struct buf *out);

/* The computed value split on ',' (empty pieces dropped), appended to out. */
void app_ctx_computed_list(struct app_ctx *a, const char *prop, struct strlist *out);

/*
 * The computed value for one process type's deploy containers: its
 * process-scoped value when set, else app_ctx_computed. proc may be "" (no
 * process type: the app's computed value).
 */
void app_ctx_computed_for(struct app_ctx *a, const char *prop, const char *proc, struct buf *out);

/* app_ctx_computed_for split on ',' (empty pieces dropped), appended to out. */
void app_ctx_computed_list_for(struct app_ctx *a, const char *prop, const char *proc, struct strlist *out);

/* The app's process-scoped values' names ("<property>.<process>", sorted), read once. */
const struct strlist *app_ctx_scoped(struct app_ctx *a);

/* The app's scheduler (app value, else global, else docker-local). */
const char *app_ctx_scheduler(struct app_ctx *a);

/* Whether the app has been deployed. */
bool app_ctx_deployed(struct app_ctx *a);

/* The global properties' values, read once per process. */
struct netprop_values *app_ctx_globals(void);

/*
 * Forgets them, so that the next context reads them again: for a program
 * that outlives a change of them (network:watch, before each sweep). No
 * context may be open.
 */
void app_ctx_forget_globals(void);

#endif
