/* jsonsplit: a JSON array that arrives in pieces, cut into its elements. */
#ifndef JSONSPLIT_H
#define JSONSPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * Cuts a JSON array that arrives in pieces into its elements, so that a long
 * list can be parsed one element at a time in bounded memory. Only the
 * nesting and the strings are followed; each element is tokenized later.
 */
#define JSON_ELEMENT_MAX ((size_t)1024 * 1024)

struct json_elements {
	int depth;          /* 0 before the '[', 1 between elements, more inside one */
	bool in_string, escape, done;
	bool seen;          /* a ',' or an element came: "[]" is empty, "[1,]" is not */
	struct buf element; /* the element being read */
	const char *error;  /* why the input is not an array */
};

void json_elements_init(struct json_elements *e);
void json_elements_free(struct json_elements *e);

/*
 * Feeds data[0..n): fn is called with each complete element (surrounding
 * whitespace removed). Returns 1 once the array's ']' has come, 0 while
 * more is expected, -1 when the input is not an array of elements of at
 * most JSON_ELEMENT_MAX bytes (e->error).
 */
int json_elements_feed(struct json_elements *e, const char *data, size_t n,
                       void (*fn)(const char *element, size_t len, void *ctx), void *ctx);

#endif
