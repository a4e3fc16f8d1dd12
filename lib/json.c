/*
 * json: a strict, allocation-free JSON tokenizer (in the manner of jsmn, with
 * parent links) and a writer escaping strings like Go's encoding/json.
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
