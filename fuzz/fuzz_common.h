/*
 * Helpers shared by the libFuzzer targets in fuzz/: an invariant check that
 * aborts (so libFuzzer saves the input as a crash) and exact-size copies, so
 * that AddressSanitizer sees any read past the end of what a parser was given.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: print which one and abort. */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

static inline _Noreturn void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "\n%s:%d: invariant violated: %s\n", file, line, what);
	abort();
}

static inline void *
fuzz_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

/* A heap copy of exactly n bytes (no terminator). */
static inline char *
fuzz_dup(const void *p, size_t n)
{
	char *c = fuzz_xmalloc(n);

	if (n)
		memcpy(c, p, n);
	return c;
}

/* A heap copy of n bytes plus a NUL terminator. */
static inline char *
fuzz_strndup(const void *p, size_t n)
{
	char *c = fuzz_xmalloc(n + 1);

	if (n)
		memcpy(c, p, n);
	c[n] = '\0';
	return c;
}

static inline int
fuzz_mem_eq(const void *a, size_t alen, const void *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

#endif
