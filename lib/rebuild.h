/*
 * rebuild: network:rebuild, network:rebuildall and the network-build-config
 * trigger (contract 8.3, BuildConfig): rewrite the IP files of an app's
 * running containers from the daemon.
 */
#ifndef REBUILD_H
#define REBUILD_H

/* Returns the number of running containers whose configuration could not be built. */
int network_build_config(const char *app);

/* The network-build-config trigger: failures are warnings, exit 0. */
int network_build_config_trigger(const char *app);

/* network:rebuild <app>: exit status = failures (capped). */
int network_rebuild(const char *app);

/* network:rebuildall: every app, exit status = total failures (capped). */
int network_rebuildall(void);

#endif
