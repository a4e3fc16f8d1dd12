#include <stdlib.h>
#include <string.h>

#include "strlist.h"
#include "util.h"

void
strlist_add_n(struct strlist *l, const char *s, size_t n)
{

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		l->v = xreallocarray(l->v, cap, sizeof(*l->v));
		l->cap = cap;
	}
	l->v[l->n++] = xstrndup(s, n);
}

void
strlist_add(struct strlist *l, const char *s)
{
	strlist_add_n(l, s, strlen(s));
}

static int
compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strlist_sort(struct strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), compare);
}

bool
strlist_contains(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void
strlist_split(struct strlist *l, const char *s, char sep, bool skip_empty)
{
	for (;;) {
		const char *e = strchr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n > 0 || !skip_empty)
			strlist_add_n(l, s, n);
		if (!e)
			break;
		s = e + 1;
	}
}
