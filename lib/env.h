/* env: the Dokku environment a plugin relies on (doc/design.md §2.6). */
#ifndef ENV_H
#define ENV_H

/* The value of a variable that must be set; fails " !     NAME not set!" otherwise. */
const char *env_required(const char *name);

/* The value, or def when unset or empty. */
const char *env_or(const char *name, const char *def);

/*
 * open(2) of rel (a relative path) inside the directory that the required
 * variable root_env names. The directory is opened once per process and
 * kept: a report reads thousands of small files below DOKKU_ROOT and
 * DOKKU_LIB_ROOT, and resolving only the last components halves the kernel's
 * path walk. Sets errno and returns -1 as open(2) does. For reading: no
 * O_CREAT.
 */
int env_openat(const char *root_env, const char *rel, int flags);

#endif
