/* jsonwrite: JSON written as Go's encoding/json writes it (jsonwrite.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "jsonwrite.h"

/*
 * Length of the valid UTF-8 sequence (2 to 4 bytes) starting at s[0] >= 0x80,
 * or 0 if invalid: overlong forms, UTF-16 surrogates, > U+10FFFF and truncated
 * sequences are rejected exactly as by Go's utf8.DecodeRuneInString.
 */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		if (s[0] == 0xE0)
			lo = 0xA0; /* overlong */
		else if (s[0] == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		if (s[0] == 0xF0)
			lo = 0x90; /* overlong */
		else if (s[0] == 0xF4)
			hi = 0x8F; /* > U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

void
json_write_string(struct buf *b, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef"; /* Go writes lowercase */
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0, len;
	char esc[7];
	unsigned char c;

	buf_putc(b, '"');
	while (i < n) {
		c = s[i];
		if (c >= 0x80) {
			len = utf8_len(s + i, n - i);
			/* U+2028 and U+2029 break JavaScript string literals. */
			if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 &&
			    (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
				buf_append(b, s + run, i - run);
				buf_puts(b, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
				i += 3;
				run = i;
			} else if (len == 0) {
				/* One replacement per byte, as Go consumes it. */
				buf_append(b, s + run, i - run);
				buf_puts(b, "\\ufffd");
				run = ++i;
			} else {
				i += len;
			}
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
			i++;
			continue;
		}
		buf_append(b, s + run, i - run);
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\b': buf_puts(b, "\\b"); break;
		case '\f': buf_puts(b, "\\f"); break;
		default: /* other controls and the HTML-sensitive < > & */
			memcpy(esc, "\\u00", 4); // NOLINT(bugprone-not-null-terminated-result): esc is a byte array
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xF];
			buf_append(b, esc, 6);
		}
		run = ++i;
	}
	buf_append(b, s + run, i - run);
	buf_putc(b, '"');
}

/* Adds the comma between values unless at the start of a container. */
static void
sep(struct buf *b)
{
	char last;

	if (b->len == 0)
		return;
	last = b->data[b->len - 1];
	if (last != '{' && last != '[' && last != ':')
		buf_putc(b, ',');
}

void
jw_object_begin(struct buf *b)
{
	sep(b);
	buf_putc(b, '{');
}

void
jw_object_end(struct buf *b)
{
	buf_putc(b, '}');
}

void
jw_array_begin(struct buf *b)
{
	sep(b);
	buf_putc(b, '[');
}

void
jw_array_end(struct buf *b)
{
	buf_putc(b, ']');
}

void
jw_key(struct buf *b, const char *key)
{
	sep(b);
	json_write_string(b, key, strlen(key));
	buf_putc(b, ':');
}

void
jw_string(struct buf *b, const char *s)
{
	jw_string_n(b, s, strlen(s));
}

void
jw_string_n(struct buf *b, const char *s, size_t n)
{
	sep(b);
	json_write_string(b, s, n);
}

void
jw_bool(struct buf *b, bool v)
{
	sep(b);
	buf_puts(b, v ? "true" : "false");
}

void
jw_int(struct buf *b, long long v)
{
	sep(b);
	buf_printf(b, "%lld", v);
}

void
jw_null(struct buf *b)
{
	sep(b);
	buf_puts(b, "null");
}

void
jw_string_map(struct buf *b, const struct strlist *keys, const struct strlist *values)
{
	size_t i;

	jw_object_begin(b);
	for (i = 0; i < keys->n; i++) {
		jw_key(b, keys->v[i]);
		jw_string(b, values->v[i]);
	}
	jw_object_end(b);
}
