/*
 * prop: the network plugin's properties in Dokku's on-disk format (doc/design.md
 * §6): DOKKU_LIB_ROOT/config/network/<app|--global>/<property>, one raw value
 * per file, no trailing newline, files 0600 and directories 0755 owned by
 * DOKKU_SYSTEM_USER:DOKKU_SYSTEM_GROUP. Writes go to a temporary file in the
 * same directory and are renamed into place, so a reader sees the old value
 * or the new one, never a partial one.
 */
#ifndef PROP_H
#define PROP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define PROP_PLUGIN "network"
#define PROP_GLOBAL "--global"

/* The largest value read back (and so written): bigger files read as unreadable. */
#define PROP_MAX_VALUE ((size_t)1024 * 1024)

/*
 * Property names: [a-z0-9-]+, at most 64 bytes, optionally followed by
 * ".<process type>" ([a-zA-Z0-9_-]+, at most 64) for a process-scoped value.
 */
bool prop_name_valid(const char *prop);

/*
 * Appends the raw value to out (nothing when missing). Returns whether the
 * property exists. An unreadable property warns and reads as "".
 */
bool prop_get(const char *app, const char *prop, struct buf *out);

/* prop_get for another plugin's property (read-only: Dokku's helpers own those). */
bool prop_get_of(const char *plugin, const char *app, const char *prop, struct buf *out);

/* Writes the value atomically; fails with Dokku's message on error. */
void prop_write(const char *app, const char *prop, const char *value);

/* prop_write of len bytes (a value read back raw may hold NULs). */
void prop_write_n(const char *app, const char *prop, const char *value, size_t len);

/* Removes the property; a missing one is fine. */
void prop_delete(const char *app, const char *prop);

/* Removes all of an app's properties (rm -rf of its directory). */
void prop_destroy(const char *app);

/* Copies every property of `from` to `to`, keeping `to`'s other properties. */
void prop_clone(const char *from, const char *to);

/* Creates config/ and config/network with the right modes and owner. */
void prop_setup(void);

/* The directory of an app's properties, into out. */
void prop_app_dir(const char *app, struct buf *out);

#endif
