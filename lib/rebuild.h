/*
 * rebuild: network:rebuild, network:rebuildall and the network-build-config
 * trigger (doc/design.md §8.3, BuildConfig): rewrite the IP files of an app's
 * running containers from the daemon.
 */
#ifndef REBUILD_H
#define REBUILD_H

#include <stdbool.h>


/* The network-build-config trigger: failures are warnings, exit 0. */
int trigger_network_build_config(const char *app);

/*
 * network:rebuild <app>: rewrites the IP files, then connects the running
 * containers to the configured attach networks they miss; with prune it also
 * disconnects them from Dokku-managed networks no longer configured; with
 * dry_run it only prints that plan. Exit status = failures (capped).
 */
int command_rebuild(const char *app, bool prune, bool dry_run);

/* network:rebuildall: every app, exit status = total failures (capped). */
int command_rebuildall(void);

#endif
