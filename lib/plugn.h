/*
 * plugn: calling other plugins' triggers through `plugn trigger`, as Dokku's
 * Go helpers do (contract 3): stdin from /dev/null, stdout captured.
 */
#ifndef PLUGN_H
#define PLUGN_H

#include <stdbool.h>

#include "buf.h"

/*
 * Runs `plugn trigger <args...>` (args NULL-terminated, args[0] the trigger
 * name). Its stdout is appended to out (when out is non-NULL, else it is
 * passed through), stderr is passed through. Returns the exit status, or -1
 * when plugn could not be run.
 */
int plugn_trigger(struct buf *out, const char *const *args);

/* True when an enabled plugin other than 20_events implements the trigger. */
bool plugn_trigger_implemented(const char *trigger);

/* True when plugin is the only enabled one (20_events aside) that implements the trigger. */
bool plugn_trigger_only_in(const char *trigger, const char *plugin);

#endif
