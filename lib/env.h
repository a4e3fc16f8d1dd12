/* env: the Dokku environment a plugin relies on (contract 2.6). */
#ifndef ENV_H
#define ENV_H

/* The value of a variable that must be set; fails " !     NAME not set!" otherwise. */
const char *env_required(const char *name);

/* The value, or def when unset or empty. */
const char *env_or(const char *name, const char *def);

#endif
