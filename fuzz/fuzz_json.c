/*
 * libFuzzer target for the JSON tokenizer (lib/json.c).
 *
 * json_parse runs on an exact-size heap copy of the input, first counting
 * tokens, then again with exactly that many tokens. On the tokens it checks:
 * bounds inside the input, the shape of each token (quotes, brackets,
 * literals), parents before children and inside them, sizes equal to the
 * number of children, json_skip passing over exactly a subtree (and never
 * past ntoks), json_object_get giving the last value of each key,
 * json_string_decode agreeing with a reference decoder and with
 * json_string_eq. A sample of prefixes of a valid document must be
 * truncated (JSON_ERROR_PART) or valid, never invalid.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "json.h"

/* Bounds on the quadratic checks, so that every input stays fast. */
#define MAX_LOOKUPS_PER_OBJECT 16
#define MAX_OBJECTS 64
#define MAX_SKIP_CHECKS 256
#define PREFIX_SAMPLES 16

static int
ref_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 4 hex digits at s[0..4) (the caller checked there are 4 bytes), or -1. */
static long
ref_hex4(const char *s)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		if ((h = ref_hex((unsigned char)s[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static void
ref_put_utf8(struct buf *out, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_append(out, u, n);
}

/*
 * Reference decoder for the content of a string token made by json_parse
 * (so every escape in it is well-formed): escapes resolved, surrogate pairs
 * combined, every other surrogate U+FFFD, all other bytes copied.
 */
static void
ref_decode(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n) {
		long cp, lo;

		if (s[i] != '\\') {
			buf_putc(out, s[i++]);
			continue;
		}
		FUZZ_CHECK(i + 1 < n); /* json_parse accepted the token */
		switch (s[i + 1]) {
		case 'b': buf_putc(out, '\b'); i += 2; continue;
		case 'f': buf_putc(out, '\f'); i += 2; continue;
		case 'n': buf_putc(out, '\n'); i += 2; continue;
		case 'r': buf_putc(out, '\r'); i += 2; continue;
		case 't': buf_putc(out, '\t'); i += 2; continue;
		case '"': case '\\': case '/': buf_putc(out, s[i + 1]); i += 2; continue;
		case 'u': break;
		default: FUZZ_CHECK(!"json_parse accepted an unknown escape");
		}
		FUZZ_CHECK(i + 6 <= n);
		cp = ref_hex4(s + i + 2);
		FUZZ_CHECK(cp >= 0);
		i += 6;
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' &&
		    (lo = ref_hex4(s + i + 2)) >= 0xDC00 && lo <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			i += 6;
		} else if (cp >= 0xD800 && cp <= 0xDFFF) {
			cp = 0xFFFD;
		}
		ref_put_utf8(out, (unsigned long)cp);
	}
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The tokens of a successful parse of js[0..len). */
static void
check_tokens(const char *js, size_t len, const struct json_token *t, int n)
{
	int *children = calloc((size_t)n, sizeof(*children));
	int *stack = calloc((size_t)n, sizeof(*stack));
	int *last = calloc((size_t)n, sizeof(*last));
	struct buf dec = BUF_INIT, ref = BUF_INIT;
	int i, k, j, depth, step, objects = 0;

	FUZZ_CHECK(children != NULL && stack != NULL && last != NULL);
	FUZZ_CHECK(n >= 1);
	FUZZ_CHECK(t[0].parent == -1);
	/* The root spans the input but for surrounding whitespace. */
	for (k = 0; k < t[0].start - (t[0].type == JSON_STRING); k++)
		FUZZ_CHECK(is_ws(js[k]));
	for (k = t[0].end + (t[0].type == JSON_STRING); k < (int)len; k++)
		FUZZ_CHECK(is_ws(js[k]));

	for (i = 0; i < n; i++) {
		const struct json_token *p;

		FUZZ_CHECK(t[i].type >= JSON_OBJECT && t[i].type <= JSON_PRIMITIVE);
		FUZZ_CHECK(t[i].start >= 0 && t[i].start <= t[i].end && (size_t)t[i].end <= len);
		FUZZ_CHECK(t[i].size >= 0);
		switch (t[i].type) {
		case JSON_OBJECT:
		case JSON_ARRAY:
			FUZZ_CHECK(t[i].end - t[i].start >= 2);
			FUZZ_CHECK(js[t[i].start] == (t[i].type == JSON_OBJECT ? '{' : '['));
			FUZZ_CHECK(js[t[i].end - 1] == (t[i].type == JSON_OBJECT ? '}' : ']'));
			break;
		case JSON_STRING:
			FUZZ_CHECK(t[i].start >= 1 && (size_t)t[i].end < len);
			FUZZ_CHECK(js[t[i].start - 1] == '"' && js[t[i].end] == '"');
			FUZZ_CHECK(t[i].size == 0 || t[i].size == 1);
			break;
		case JSON_PRIMITIVE:
			FUZZ_CHECK(t[i].end > t[i].start);
			FUZZ_CHECK(strchr("tfn-0123456789", js[t[i].start]) != NULL);
			FUZZ_CHECK(t[i].size == 0);
			break;
		default:
			break;
		}
		if (i == 0)
			continue;
		/* Parents precede children, and children lie inside them. */
		FUZZ_CHECK(t[i].parent >= 0 && t[i].parent < i);
		p = &t[t[i].parent];
		children[t[i].parent]++;
		if (p->type == JSON_STRING) {
			/* the value of a key: after it, inside the key's object */
			FUZZ_CHECK(p->size == 1 && p->parent >= 0);
			FUZZ_CHECK(t[p->parent].type == JSON_OBJECT);
			FUZZ_CHECK(t[i].start > p->end);
			FUZZ_CHECK(t[i].end < t[p->parent].end);
		} else {
			FUZZ_CHECK(p->type == JSON_OBJECT || p->type == JSON_ARRAY);
			FUZZ_CHECK(t[i].start > p->start && t[i].end < p->end);
			/* object members are keys (size 1), array elements no keys */
			if (p->type == JSON_OBJECT)
				FUZZ_CHECK(t[i].type == JSON_STRING && t[i].size == 1);
			else
				FUZZ_CHECK(t[i].type != JSON_STRING || t[i].size == 0);
		}
		/* tokens come in document order */
		FUZZ_CHECK(t[i].start > t[i - 1].start);
	}
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(children[i] == t[i].size);
		if (t[i].type == JSON_STRING && t[i].size == 1)
			FUZZ_CHECK(t[i].parent >= 0 && t[t[i].parent].type == JSON_OBJECT);
	}

	/*
	 * Tokens are in preorder: each token's parent is the previous token or
	 * one of its ancestors (checked with a stack of the previous token's
	 * ancestors, in linear time). Then the subtree of i is i..last[i].
	 */
	stack[0] = 0;
	depth = 1;
	for (k = 1; k < n; k++) {
		while (depth > 0 && stack[depth - 1] != t[k].parent)
			depth--;
		FUZZ_CHECK(depth > 0);
		stack[depth++] = k;
	}
	for (i = 0; i < n; i++)
		last[i] = i;
	for (k = n - 1; k > 0; k--)
		if (last[k] > last[t[k].parent])
			last[t[k].parent] = last[k];

	/* json_skip: exactly the subtree, never past ntoks (on a sample). */
	step = n <= MAX_SKIP_CHECKS ? 1 : n / MAX_SKIP_CHECKS + 1;
	for (i = 0; i < n; i += i < MAX_SKIP_CHECKS / 2 ? 1 : step) {
		j = json_skip(t, n, i);
		FUZZ_CHECK(j == last[i] + 1);
		/* with the array cut short it stops at the cut */
		FUZZ_CHECK(json_skip(t, i + 1, i) == i + 1);
		FUZZ_CHECK(json_skip(t, (i + n) / 2 + 1, i) == (j < (i + n) / 2 + 1 ? j : (i + n) / 2 + 1));
	}
	FUZZ_CHECK(json_skip(t, n, n) == n);
	FUZZ_CHECK(json_skip(t, n, -1) == -1);

	/* json_string_decode and json_string_eq on every token. */
	for (i = 0; i < n; i++) {
		size_t raw = (size_t)(t[i].end - t[i].start);
		bool ok;

		buf_reset(&dec);
		ok = json_string_decode(js, t, i, &dec);
		FUZZ_CHECK(ok == (t[i].type == JSON_STRING || t[i].type == JSON_PRIMITIVE));
		FUZZ_CHECK(json_is_true(js, t, i) ==
		           (t[i].type == JSON_PRIMITIVE && raw == 4 && memcmp(js + t[i].start, "true", 4) == 0));
		if (!ok) {
			FUZZ_CHECK(dec.len == 0);
			FUZZ_CHECK(!json_string_eq(js, t, i, ""));
			continue;
		}
		if (t[i].type == JSON_PRIMITIVE) {
			FUZZ_CHECK(fuzz_mem_eq(dec.data, dec.len, js + t[i].start, raw));
			FUZZ_CHECK(!json_string_eq(js, t, i, buf_cstr(&dec)));
			continue;
		}
		FUZZ_CHECK(dec.len <= raw);
		buf_reset(&ref);
		ref_decode(js + t[i].start, raw, &ref);
		FUZZ_CHECK(fuzz_mem_eq(dec.data, dec.len, ref.data, ref.len));
		if (dec.len == 0 || memchr(dec.data, '\0', dec.len) == NULL) {
			FUZZ_CHECK(json_string_eq(js, t, i, buf_cstr(&dec)));
			if (dec.len > 0) {
				/* a proper prefix and a longer string are different */
				char *shorter = fuzz_strndup(dec.data, dec.len - 1);
				FUZZ_CHECK(!json_string_eq(js, t, i, shorter));
				free(shorter);
			}
			buf_putc(&dec, 'x');
			FUZZ_CHECK(!json_string_eq(js, t, i, dec.data));
		}
	}
	FUZZ_CHECK(!json_string_eq(js, t, -1, ""));
	FUZZ_CHECK(!json_string_decode(js, t, -1, &dec));

	/* json_object_get: the value after the last key that matches. */
	for (i = 0; i < n; i++) {
		int lookups = 0;

		if (t[i].type != JSON_OBJECT) {
			FUZZ_CHECK(json_object_get(js, t, n, i, "") == -1);
			continue;
		}
		if (++objects > MAX_OBJECTS)
			break;
		for (k = i + 1; k < n && lookups < MAX_LOOKUPS_PER_OBJECT; k = json_skip(t, n, k + 1)) {
			int expect = -1, m;

			if (t[k].parent != i)
				break;
			buf_reset(&dec);
			FUZZ_CHECK(json_string_decode(js, t, k, &dec));
			if (dec.len > 0 && memchr(dec.data, '\0', dec.len) != NULL)
				continue;
			lookups++;
			for (m = i + 1; m < n && t[m].parent == i; m = json_skip(t, n, m + 1))
				if (json_string_eq(js, t, m, buf_cstr(&dec)))
					expect = m + 1;
			FUZZ_CHECK(expect >= k + 1);
			FUZZ_CHECK(json_object_get(js, t, n, i, buf_cstr(&dec)) == expect);
			/* with the token array cut after the key: no overrun */
			(void)json_object_get(js, t, k + 1, i, buf_cstr(&dec));
		}
	}
	FUZZ_CHECK(json_object_get(js, t, n, -1, "") == -1);
	FUZZ_CHECK(json_object_get(js, t, n, n, "") == -1);

	buf_free(&dec);
	buf_free(&ref);
	free(children);
	free(stack);
	free(last);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *js = fuzz_dup(data, size);
	struct json_token *toks;
	int n, again;
	size_t cap, k, step;

	n = json_parse(js, size, NULL, 0);
	FUZZ_CHECK(n == JSON_ERROR_INVAL || n == JSON_ERROR_PART || n >= 1);

	if (n < 0) {
		/* Plenty of tokens (every token takes a byte): the same error. */
		cap = size + 1;
		toks = fuzz_xmalloc(cap * sizeof(*toks));
		FUZZ_CHECK(json_parse(js, size, toks, (unsigned)cap) == n);
		/* Too few tokens may fail either way, but not succeed. */
		again = json_parse(js, size, toks, 1);
		FUZZ_CHECK(again < 0);
		free(toks);
		free(js);
		return 0;
	}

	toks = fuzz_xmalloc((size_t)n * sizeof(*toks));
	again = json_parse(js, size, toks, (unsigned)n);
	FUZZ_CHECK(again == n);
	check_tokens(js, size, toks, n);
	/* One token less: out of tokens. */
	FUZZ_CHECK(json_parse(js, size, toks, (unsigned)n - 1) == JSON_ERROR_NOMEM);
	free(toks);

	/*
	 * A prefix of a valid document is truncated or valid, never invalid:
	 * the shortest few and a few spread over the rest.
	 */
	step = size / (PREFIX_SAMPLES / 2) + 1;
	for (k = 0; k < PREFIX_SAMPLES; k++) {
		size_t plen;
		char *p;
		int r;

		if (k < PREFIX_SAMPLES / 2)
			plen = k;
		else if ((k - PREFIX_SAMPLES / 2 + 1) * step <= size)
			plen = size - (k - PREFIX_SAMPLES / 2 + 1) * step;
		else
			continue;
		if (plen >= size)
			continue;
		p = fuzz_dup(js, plen);
		r = json_parse(p, plen, NULL, 0);
		FUZZ_CHECK(r >= 1 || r == JSON_ERROR_PART);
		free(p);
	}
	free(js);
	return 0;
}
