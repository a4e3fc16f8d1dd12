/*
 * watch: network:watch, which keeps every app's IP.<proc>.<n> files in line
 * with the addresses its containers really have, and has the proxy rebuilt
 * for the apps whose files it changed. The truth is on disk (CONTAINER.*,
 * IP.*) and in the daemon, never in memory: a sweep compares them at start,
 * after every reconnect and after each burst of Docker events.
 */
#ifndef WATCH_H
#define WATCH_H

#include <stdbool.h>

struct watch_options {
	bool once;               /* one sweep, then exit */
	int debounce_ms;         /* events within this time give one pass */
	int trigger_timeout_ms;  /* a proxy-build-config call taking longer is killed */
};

#define WATCH_DEBOUNCE_MS 250
#define WATCH_TRIGGER_TIMEOUT_MS 60000

/* Runs the watcher; returns the exit status (0, or 1 when --once could not repair everything). */
int command_watch(const struct watch_options *opt);

#endif
