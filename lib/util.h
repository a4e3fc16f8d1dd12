/*
 * util: the few helpers every other file may use. Allocation that cannot
 * fail (as sbase's ealloc.c: one line on stderr and exit 1 when memory runs
 * out), and the number of elements of an array.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>

#define NELEM(a) (sizeof(a) / sizeof(*(a)))

/* " !     out of memory" on stderr, exit 1: for size checks of the callers' own. */
_Noreturn void out_of_memory(void);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* realloc of an array of n elements, refusing a size that overflows. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
