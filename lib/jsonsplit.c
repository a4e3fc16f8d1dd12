/* jsonsplit: a JSON array cut into its elements as it arrives (jsonsplit.h). */
#include <stdbool.h>
#include <string.h>

#include "jsonsplit.h"

void
json_elements_init(struct json_elements *e)
{
	memset(e, 0, sizeof(*e));
	buf_init(&e->element);
}

void
json_elements_free(struct json_elements *e)
{
	buf_free(&e->element);
}

static bool
is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
elements_error(struct json_elements *e, const char *why)
{
	e->error = why;
	return -1;
}

/* Hands the element read so far to fn: false when there is none (",," or "[,"). */
static bool
element_end(struct json_elements *e, void (*fn)(const char *, size_t, void *), void *ctx)
{
	size_t n = e->element.len;

	while (n > 0 && is_json_space(e->element.data[n - 1]))
		n--;
	if (n == 0)
		return false;
	fn(e->element.data, n, ctx);
	buf_reset(&e->element);
	return true;
}

/* Appends data[*from..to) to the element; false when it would be too large. */
static bool
element_take(struct json_elements *e, const char *data, size_t *from, size_t to)
{
	if (to > *from) {
		if (e->element.len + (to - *from) > JSON_ELEMENT_MAX)
			return false;
		buf_append(&e->element, data + *from, to - *from);
	}
	*from = to;
	return true;
}

int
json_elements_feed(struct json_elements *e, const char *data, size_t n,
                   void (*fn)(const char *element, size_t len, void *ctx), void *ctx)
{
	size_t i, from = 0;  /* data[from..i) belongs to the element, not yet taken */

	if (e->error)
		return -1;
	for (i = 0; i < n && !e->done; i++) {
		char c = data[i];

		if (e->depth == 0) {
			if (c == '[')
				e->depth = 1;
			else if (!is_json_space(c))
				return elements_error(e, "not an array");
			from = i + 1;
			continue;
		}
		if (e->in_string) {
			if (e->escape)
				e->escape = false;
			else if (c == '\\')
				e->escape = true;
			else if (c == '"')
				e->in_string = false;
			continue;
		}
		if (e->depth == 1 && (c == ',' || c == ']')) {
			bool had;
			if (!element_take(e, data, &from, i))
				return elements_error(e, "an element too large");
			from = i + 1;
			had = element_end(e, fn, ctx);
			if (c == ',' && !had)
				return elements_error(e, "an empty element");
			if (c == ']') {
				if (!had && e->seen)
					return elements_error(e, "a comma before ']'");
				e->done = true;
			}
			e->seen = true;
			continue;
		}
		if (e->depth == 1 && e->element.len == 0 && from == i && is_json_space(c)) {
			from = i + 1;  /* whitespace before an element */
			continue;
		}
		if (c == '"') {
			e->in_string = true;
		} else if (c == '[' || c == '{') {
			e->depth++;
		} else if (c == ']' || c == '}') {
			if (--e->depth < 1)
				return elements_error(e, "unbalanced brackets");
		}
	}
	if (!e->done && !element_take(e, data, &from, i))
		return elements_error(e, "an element too large");
	for (; i < n; i++)
		if (!is_json_space(data[i]))
			return elements_error(e, "bytes after the array");
	return e->done ? 1 : 0;
}
