/*
 * listener: the per-container state files in $DOKKU_ROOT/<app>/ that the
 * proxy reads (doc/design.md §7): IP.<proc>.<n> and PORT.<proc>.<n>, and the
 * listeners (ip:port) they describe.
 */
#ifndef LISTENER_H
#define LISTENER_H

#include <stdbool.h>

#include "appctx.h"
#include "buf.h"
#include "strlist.h"

/* Process types: [a-zA-Z0-9_-]+ (a path component, never "." or ".."). */
const char *proc_type_error(const char *proc);

/* Container index: a decimal number 1..99999 without leading zeros. */
const char *container_index_error(const char *index);

/*
 * Appends the listeners of an app's process type, space-separated: the
 * static-web-listener for web when set (raw), else ip:port from each
 * IP.<proc>.<n> file in numeric order of n (port 5000 when the PORT file is
 * missing).
 */
void listeners_get(struct app_ctx *a, const char *proc, struct buf *out);


/*
 * Writes <dir>/<kind>.<proc>.<index> (no newline), atomically, keeping the
 * mode and owner of the file it replaces. dir is the app's directory.
 */
bool listener_file_write(const char *dir, const char *kind, const char *proc,
                         const char *index, const char *value, struct buf *err);


/* Removes the app's IP.* and PORT.* files; false (with warnings) if one could not be. */
bool listener_files_remove(const char *app);

#endif
