/*
 * json: a strict JSON tokenizer that allocates nothing (in the manner of jsmn)
 * and the decoding of its strings. Writing JSON is jsonwrite.h; a long array
 * read one element at a time is jsonsplit.h.
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

#endif
