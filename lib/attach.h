/*
 * attach: connecting an app's containers to its networks, with Dokku's
 * aliases (doc/design.md §8.1-§8.2): post-container-create and core-post-deploy.
 */
#ifndef ATTACH_H
#define ATTACH_H

#include "appctx.h"
#include "strlist.h"

/* APP.PROC[.TLD], and HOSTNAME.APP.PROC[.TLD] when a hostname is given. */
void network_aliases(struct app_ctx *a, const char *proc, const char *hostname, struct strlist *out);

/* Whether Docker lets a container in this network mode join more networks. */
bool network_mode_allows_attach(const char *mode);

/*
 * Appends (once each) the networks of prop that any of the app's deploy
 * containers should be on: the app's computed list and each process type's
 * own (network:set --process).
 */
void network_union_for_processes(struct app_ctx *a, const char *prop, struct strlist *out);

/* The post-container-create trigger. Returns the exit status. */
int trigger_post_container_create(const char *type, const char *cid, const char *app,
                                  const char *phase, const char *proc);

/* The core-post-deploy trigger: attach-post-deploy's local networks. */
int trigger_core_post_deploy(const char *app);

/* The post-deploy trigger: attach-post-deploy's swarm-scoped networks, after
 * Dokku renamed the containers (Docker cannot rename them once attached). */
int trigger_post_deploy(const char *app);

#endif
