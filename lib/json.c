/*
 * json: a strict, allocation-free JSON tokenizer (in the manner of jsmn, with
 * parent links), and the decoding of its strings.
 *
 * The parser is one iterative pass over the input with an explicit state and
 * a fixed-size stack of open containers, so it is linear in time, bounded in
 * stack use, and never reads outside js[0..len).
 */
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "json.h"

#define MAX_DEPTH 512

enum state {
	S_VALUE,          /* top level, after ',' in an array, after ':' */
	S_VALUE_OR_CLOSE, /* after '[' */
	S_KEY,            /* after ',' in an object */
	S_KEY_OR_CLOSE,   /* after '{' */
	S_COLON,          /* after a key */
	S_COMMA_OR_CLOSE, /* after a value inside a container */
	S_DONE,           /* after the top-level value: only whitespace left */
};

struct parser {
	struct json_token *toks; /* NULL: only count */
	unsigned ntoks;
	int count;
};

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Returns the token's index, or JSON_ERROR_NOMEM. */
static int
tok_new(struct parser *p, enum json_type type, int start, int end, int parent)
{
	struct json_token *t;

	if (p->toks) {
		if ((unsigned)p->count >= p->ntoks)
			return JSON_ERROR_NOMEM;
		t = &p->toks[p->count];
		t->type = type;
		t->start = start;
		t->end = end;
		t->size = 0;
		t->parent = parent;
	}
	return p->count++;
}

/* js[pos] is the opening quote; returns the index of the closing one. */
static int
scan_string(const char *js, int len, int pos)
{
	int i;

	for (pos++; pos < len; pos++) {
		unsigned char c = (unsigned char)js[pos];

		if (c == '"')
			return pos;
		if (c < 0x20)
			return JSON_ERROR_INVAL;
		if (c != '\\')
			continue;
		if (++pos == len)
			return JSON_ERROR_PART;
		switch (js[pos]) {
		case '"': case '\\': case '/': case 'b':
		case 'f': case 'n': case 'r': case 't':
			break;
		case 'u':
			for (i = 0; i < 4; i++) {
				if (++pos == len)
					return JSON_ERROR_PART;
				if (hex_val(js[pos]) < 0)
					return JSON_ERROR_INVAL;
			}
			break;
		default:
			return JSON_ERROR_INVAL;
		}
	}
	return JSON_ERROR_PART;
}

/* Returns the end of -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at pos. */
static int
scan_number(const char *js, int len, int pos)
{
	if (js[pos] == '-')
		pos++;
	if (pos == len)
		return JSON_ERROR_PART;
	if (js[pos] == '0')
		pos++;
	else if (is_digit(js[pos]))
		while (pos < len && is_digit(js[pos]))
			pos++;
	else
		return JSON_ERROR_INVAL;

	if (pos < len && js[pos] == '.') {
		if (++pos == len)
			return JSON_ERROR_PART;
		if (!is_digit(js[pos]))
			return JSON_ERROR_INVAL;
		while (pos < len && is_digit(js[pos]))
			pos++;
	}
	if (pos < len && (js[pos] == 'e' || js[pos] == 'E')) {
		if (++pos == len)
			return JSON_ERROR_PART;
		if (js[pos] == '+' || js[pos] == '-')
			if (++pos == len)
				return JSON_ERROR_PART;
		if (!is_digit(js[pos]))
			return JSON_ERROR_INVAL;
		while (pos < len && is_digit(js[pos]))
			pos++;
	}
	return pos;
}

/* Returns the end of the true/false/null/number at pos. */
static int
scan_primitive(const char *js, int len, int pos)
{
	const char *lit;
	int i;

	switch (js[pos]) {
	case 't': lit = "true"; break;
	case 'f': lit = "false"; break;
	case 'n': lit = "null"; break;
	default: return scan_number(js, len, pos);
	}
	for (i = 0; lit[i]; i++) {
		if (pos + i == len)
			return JSON_ERROR_PART;
		if (js[pos + i] != lit[i])
			return JSON_ERROR_INVAL;
	}
	return pos + i;
}

int
json_parse(const char *js, size_t len, struct json_token *toks, unsigned ntoks)
{
	struct parser p = { toks, ntoks, 0 };
	enum state state = S_VALUE;
	char kind[MAX_DEPTH];  /* '{' or '[' per open container */
	int open[MAX_DEPTH];   /* token index per open container */
	int depth = 0, key = -1, pos = 0, n, end, t, parent;
	char c;

	if (len > INT_MAX)
		return JSON_ERROR_INVAL;
	n = (int)len;

	while (pos < n) {
		c = js[pos];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			pos++;
			continue;
		}
		switch (state) {
		case S_DONE:
			return JSON_ERROR_INVAL;
		case S_COLON:
			if (c != ':')
				return JSON_ERROR_INVAL;
			state = S_VALUE;
			pos++;
			continue;
		case S_COMMA_OR_CLOSE:
			if (c == ',') {
				state = kind[depth - 1] == '{' ? S_KEY : S_VALUE;
				pos++;
				continue;
			}
			goto close;
		case S_KEY_OR_CLOSE:
		case S_KEY:
			if (c == '}' && state == S_KEY_OR_CLOSE)
				goto close;
			if (c != '"')
				return JSON_ERROR_INVAL;
			if ((end = scan_string(js, n, pos)) < 0)
				return end;
			if ((t = tok_new(&p, JSON_STRING, pos + 1, end, open[depth - 1])) < 0)
				return t;
			if (toks) {
				toks[t].size = 1;
				toks[open[depth - 1]].size++;
			}
			key = t;
			state = S_COLON;
			pos = end + 1;
			continue;
		case S_VALUE_OR_CLOSE:
		case S_VALUE:
			if (c == ']' && state == S_VALUE_OR_CLOSE)
				goto close;
			break;
		}

		/* A value; inside an object its parent is the key, as in jsmn. */
		parent = depth == 0 ? -1 : kind[depth - 1] == '{' ? key : open[depth - 1];
		if (c == '{' || c == '[') {
			if (depth == MAX_DEPTH)
				return JSON_ERROR_INVAL;
			t = tok_new(&p, c == '{' ? JSON_OBJECT : JSON_ARRAY, pos, -1, parent);
			if (t < 0)
				return t;
			kind[depth] = c;
			open[depth] = t;
			state = c == '{' ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
			end = pos + 1;
		} else if (c == '"') {
			if ((end = scan_string(js, n, pos)) < 0)
				return end;
			if ((t = tok_new(&p, JSON_STRING, pos + 1, end, parent)) < 0)
				return t;
			end++; /* past the closing quote */
		} else {
			if ((end = scan_primitive(js, n, pos)) < 0)
				return end;
			if ((t = tok_new(&p, JSON_PRIMITIVE, pos, end, parent)) < 0)
				return t;
		}
		if (toks && depth > 0 && kind[depth - 1] == '[')
			toks[parent].size++;
		pos = end;
		if (c == '{' || c == '[')
			depth++;
		else
			state = depth == 0 ? S_DONE : S_COMMA_OR_CLOSE;
		continue;

close:
		/* c must close the innermost container; anything else is wrong. */
		if (c != (kind[depth - 1] == '{' ? '}' : ']'))
			return JSON_ERROR_INVAL;
		if (toks)
			toks[open[depth - 1]].end = pos + 1;
		depth--;
		state = depth == 0 ? S_DONE : S_COMMA_OR_CLOSE;
		pos++;
	}
	return state == S_DONE ? p.count : JSON_ERROR_PART;
}

int
json_skip(const struct json_token *toks, int ntoks, int i)
{
	int pending = 1; /* subtrees still to pass over */

	/* Each token's children are the size subtrees that follow it. */
	while (pending > 0 && i >= 0 && i < ntoks) {
		pending += toks[i].size - 1;
		i++;
	}
	return i;
}

int
json_object_get(const char *js, const struct json_token *toks, int ntoks,
                int obj, const char *key)
{
	int i, k, found = -1;

	if (obj < 0 || obj >= ntoks || toks[obj].type != JSON_OBJECT)
		return -1;
	/* A duplicate key: the last one wins, as in Go and JavaScript. */
	for (i = obj + 1, k = 0; k < toks[obj].size && i + 1 < ntoks; k++) {
		if (json_string_eq(js, toks, i, key))
			found = i + 1;
		i = json_skip(toks, ntoks, i + 1);
	}
	return found;
}

/* Returns the code point of the 4 hex digits at js[pos..end), or -1. */
static long
hex4(const char *js, int pos, int end)
{
	long v = 0;
	int i, h;

	if (end - pos < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((h = hex_val(js[pos + i])) < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

static int
utf8_encode(unsigned long cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decodes one character of string content at *pos (< end) into out and
 * advances *pos. Malformed escapes (only possible in tokens not made by
 * json_parse) are taken literally so that this never reads past end.
 */
static int
decode_step(const char *js, int *pos, int end, char out[4])
{
	long cp, lo;
	int p = *pos;

	if (js[p] != '\\' || p + 1 == end) {
		*pos = p + 1;
		out[0] = js[p];
		return 1;
	}
	*pos = p + 2;
	switch (js[p + 1]) {
	case 'b': out[0] = '\b'; return 1;
	case 'f': out[0] = '\f'; return 1;
	case 'n': out[0] = '\n'; return 1;
	case 'r': out[0] = '\r'; return 1;
	case 't': out[0] = '\t'; return 1;
	case 'u': break;
	default: out[0] = js[p + 1]; return 1; /* " \ / */
	}
	if ((cp = hex4(js, p + 2, end)) < 0) {
		*pos = p + 1;
		out[0] = '\\';
		return 1;
	}
	*pos = p + 6;
	if (cp >= 0xD800 && cp <= 0xDBFF && p + 7 < end && js[p + 6] == '\\' &&
	    js[p + 7] == 'u' && (lo = hex4(js, p + 8, end)) >= 0xDC00 && lo <= 0xDFFF) {
		*pos = p + 12;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	} else if (cp >= 0xD800 && cp <= 0xDFFF) {
		cp = 0xFFFD; /* lone surrogate */
	}
	return utf8_encode((unsigned long)cp, out);
}

bool
json_string_eq(const char *js, const struct json_token *toks, int i, const char *s)
{
	char out[4];
	int pos, end, k, n;

	if (i < 0 || toks[i].type != JSON_STRING)
		return false;
	for (pos = toks[i].start, end = toks[i].end; pos < end;) {
		n = decode_step(js, &pos, end, out);
		for (k = 0; k < n; k++, s++)
			if (*s == '\0' || *s != out[k])
				return false;
	}
	return *s == '\0';
}

bool
json_is_true(const char *js, const struct json_token *toks, int i)
{
	return i >= 0 && toks[i].type == JSON_PRIMITIVE &&
	       toks[i].end - toks[i].start == 4 &&
	       memcmp(js + toks[i].start, "true", 4) == 0;
}

bool
json_string_decode(const char *js, const struct json_token *toks, int i, struct buf *out)
{
	char ch[4];
	int pos, end, run;

	if (i < 0)
		return false;
	pos = toks[i].start;
	end = toks[i].end;
	if (toks[i].type == JSON_PRIMITIVE) {
		buf_append(out, js + pos, (size_t)(end - pos));
		return true;
	}
	if (toks[i].type != JSON_STRING)
		return false;
	buf_reserve(out, (size_t)(end - pos)); /* decoding never grows text */
	while (pos < end) {
		/* Copy runs without escapes in one go. */
		for (run = pos; run < end && js[run] != '\\'; run++)
			;
		if (run > pos) {
			buf_append(out, js + pos, (size_t)(run - pos));
			pos = run;
			continue;
		}
		buf_append(out, ch, (size_t)decode_step(js, &pos, end, ch));
	}
	return true;
}
