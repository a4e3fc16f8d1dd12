/* jsonwrite: a JSON writer whose strings are escaped as Go's encoding/json escapes them. */
#ifndef JSONWRITE_H
#define JSONWRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "strlist.h"

/*
 * The structural helpers insert the separating comma themselves: a
 * comma is added before a key or value unless the buffer is empty or its last
 * byte is one of "{[:". Keys and strings are escaped as Go's encoding/json
 * does by default (HTML-safe): \" \\ \n \r \t \b \f, other bytes < 0x20 as
 * \u00XX, < > & as \u003c \u003e \u0026, U+2028/U+2029 as \u2028/\u2029,
 * each byte of invalid UTF-8 as \ufffd; all other UTF-8 is copied as is.
 */
void json_write_string(struct buf *b, const char *s, size_t n);
void jw_object_begin(struct buf *b);
void jw_object_end(struct buf *b);
void jw_array_begin(struct buf *b);
void jw_array_end(struct buf *b);
void jw_key(struct buf *b, const char *key);            /* ,"key": */
void jw_string(struct buf *b, const char *s);           /* ,"s" (NUL-terminated) */
void jw_string_n(struct buf *b, const char *s, size_t n);
void jw_bool(struct buf *b, bool v);
void jw_int(struct buf *b, long long v);
void jw_null(struct buf *b);
/* ,{"k1":"v1",...}: keys[i] with values[i], in the lists' order */
void jw_string_map(struct buf *b, const struct strlist *keys, const struct strlist *values);

#endif
