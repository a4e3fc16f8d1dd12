/*
 * plugn: calling other plugins' triggers through `plugn trigger`, as Dokku's
 * Go helpers do (doc/design.md §3): stdin from /dev/null, stdout captured.
 */
#ifndef PLUGN_H
#define PLUGN_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "buf.h"

/*
 * Runs `plugn trigger <args...>` (args NULL-terminated, args[0] the trigger
 * name). Its stdout is appended to out (when out is non-NULL, else it is
 * passed through), stderr is passed through. Returns the exit status, or -1
 * when plugn could not be run.
 */
int plugn_trigger(struct buf *out, const char *const *args);

/*
 * Starts `plugn trigger <args...>` in a process group of its own, stdin
 * from /dev/null, stdout and stderr shared: its pid, or -1.
 */
pid_t plugn_trigger_start(const char *const *args);

#define PLUGN_TIMED_OUT (-2)  /* killed (with its children) after the timeout */
#define PLUGN_ABANDONED (-3)  /* *give_up was set: it runs on, unwaited */

/*
 * Waits for a started trigger at most timeout_ms (-1: for ever): its exit
 * status, PLUGN_TIMED_OUT, PLUGN_ABANDONED, or -1.
 */
int plugn_trigger_wait(pid_t pid, int timeout_ms, volatile sig_atomic_t *give_up);

/* True when an enabled plugin other than 20_events implements the trigger. */
bool plugn_trigger_implemented(const char *trigger);

/* True when plugin is the only enabled one (20_events aside) that implements the trigger. */
bool plugn_trigger_only_in(const char *trigger, const char *plugin);

#endif
