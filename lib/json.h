/*
 * json: a strict JSON tokenizer that allocates nothing (in the manner of jsmn)
 * and a writer with Go encoding/json compatible string escaping.
 */
#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum json_type {
	JSON_UNDEFINED = 0,
	JSON_OBJECT,
	JSON_ARRAY,
	JSON_STRING,    /* start/end exclude the quotes; content is still escaped */
	JSON_PRIMITIVE, /* true, false, null or a number */
};

enum json_error {
	JSON_ERROR_NOMEM = -1, /* not enough tokens */
	JSON_ERROR_INVAL = -2, /* invalid JSON */
	JSON_ERROR_PART = -3,  /* truncated JSON */
};

struct json_token {
	enum json_type type;
	int start;  /* byte offset of the first byte */
	int end;    /* byte offset one past the last byte */
	int size;   /* object: number of keys; array: number of elements */
	int parent; /* index of the parent token, -1 for the root */
};

/*
 * Tokenizes exactly one JSON value (surrounded by optional whitespace) from
 * js[0..len). With toks == NULL it only counts the tokens needed. Returns the
 * number of tokens, or a negative enum json_error. Object keys are JSON_STRING
 * tokens whose size is 1; the value token follows the key token.
 * Inputs longer than INT_MAX bytes are rejected with JSON_ERROR_INVAL.
 */
int json_parse(const char *js, size_t len, struct json_token *toks, unsigned ntoks);

/* Index of the token after the whole subtree rooted at i. */
int json_skip(const struct json_token *toks, int ntoks, int i);

/* Value index for key in object token obj, or -1 (also when obj is no object). */
int json_object_get(const char *js, const struct json_token *toks, int ntoks,
                    int obj, const char *key);

/* True if token i is a string whose decoded content equals s. */
bool json_string_eq(const char *js, const struct json_token *toks, int i, const char *s);

/* True if token i is the primitive `true`. */
bool json_is_true(const char *js, const struct json_token *toks, int i);

/*
 * Appends the decoded content of string token i (escapes resolved, \uXXXX and
 * surrogate pairs turned into UTF-8; a lone surrogate becomes U+FFFD) to out.
 * For a primitive token appends its raw text. Returns false for other types.
 */
bool json_string_decode(const char *js, const struct json_token *toks, int i, struct buf *out);

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

/*
 * Writer. The structural helpers insert the separating comma themselves: a
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

#endif
