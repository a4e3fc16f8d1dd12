/* strlist: a growable list of owned strings. */
#ifndef STRLIST_H
#define STRLIST_H

#include <stdbool.h>
#include <stddef.h>

struct strlist {
	char **v;
	size_t n;
	size_t cap;
};

#define STRLIST_INIT { NULL, 0, 0 }

void strlist_add(struct strlist *l, const char *s);
void strlist_add_n(struct strlist *l, const char *s, size_t n);
void strlist_sort(struct strlist *l);          /* byte order, like Go's sort.Strings */
bool strlist_contains(const struct strlist *l, const char *s);
void strlist_free(struct strlist *l);
/* Splits s on sep, adding every piece (empty pieces too unless skip_empty). */
void strlist_split(struct strlist *l, const char *s, char sep, bool skip_empty);

#endif
