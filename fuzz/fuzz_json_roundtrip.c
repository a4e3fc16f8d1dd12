/*
 * libFuzzer target for the JSON writer against the JSON reader (lib/json.c).
 *
 * The input is a byte string s. json_write_string(s) must give exactly what
 * a small reference encoder following json.h (Go's encoding/json escaping)
 * gives; that must parse as one string token, and json_string_decode must
 * give back s when s is valid UTF-8, otherwise s with every byte that is not
 * part of a valid UTF-8 sequence replaced by U+FFFD (as Go decodes it one
 * byte at a time), as a reference decoder written here says.
 *
 * Then s goes into an object through jw_key/jw_string (as C strings: the key
 * is s up to its first NUL, the value what follows up to the next one),
 * jw_string_n, an array of mixed values and an empty object; the document
 * must tokenize to the expected shape and json_object_get/json_string_decode
 * must find every value again.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "json.h"
#include "jsonwrite.h"

/*
 * Length of the UTF-8 sequence at s[0..n) if it is valid (1 for ASCII), else
 * 0: decodes the code point and rejects overlong forms, surrogates and values
 * past U+10FFFF (written differently from lib/json.c on purpose).
 */
static size_t
ref_utf8_len(const unsigned char *s, size_t n, unsigned long *cp_out)
{
	unsigned long cp, min;
	size_t need, i;

	if (s[0] < 0x80) {
		*cp_out = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		need = 1, cp = s[0] & 0x1Fu, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		need = 2, cp = s[0] & 0x0Fu, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		need = 3, cp = s[0] & 0x07u, min = 0x10000;
	} else {
		return 0;
	}
	if (n < need + 1)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*cp_out = cp;
	return need + 1;
}

/* What decoding the writer's output must give: invalid bytes -> U+FFFD. */
static void
ref_expected(const unsigned char *s, size_t n, struct buf *out)
{
	size_t i = 0, len;
	unsigned long cp;

	while (i < n) {
		if ((len = ref_utf8_len(s + i, n - i, &cp)) == 0) {
			buf_puts(out, "\xEF\xBF\xBD");
			i++;
		} else {
			buf_append(out, s + i, len);
			i += len;
		}
	}
}

/* The escaping json.h documents (Go's encoding/json, HTML-safe). */
static void
ref_encode(const unsigned char *s, size_t n, struct buf *out)
{
	size_t i = 0, len;
	unsigned long cp;

	buf_putc(out, '"');
	while (i < n) {
		len = ref_utf8_len(s + i, n - i, &cp);
		if (len == 0) {
			buf_puts(out, "\\ufffd");
			i++;
			continue;
		}
		i += len;
		switch (cp) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		default:
			if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029)
				buf_printf(out, "\\u%04lx", cp);
			else
				buf_append(out, s + i - len, len);
		}
	}
	buf_putc(out, '"');
}

static bool
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, len;
	unsigned long cp;

	while (i < n) {
		if ((len = ref_utf8_len(s + i, n - i, &cp)) == 0)
			return false;
		i += len;
	}
	return true;
}

/* Token i decodes to exactly want[0..wlen). */
static void
check_decodes_to(const char *js, const struct json_token *t, int i, const char *want, size_t wlen)
{
	struct buf dec = BUF_INIT;

	FUZZ_CHECK(t[i].type == JSON_STRING);
	FUZZ_CHECK(json_string_decode(js, t, i, &dec));
	FUZZ_CHECK(fuzz_mem_eq(dec.data, dec.len, want, wlen));
	if (wlen == 0 || memchr(want, '\0', wlen) == NULL) {
		char *c = fuzz_strndup(want, wlen);
		FUZZ_CHECK(json_string_eq(js, t, i, c));
		free(c);
	}
	buf_free(&dec);
}

/* Tokenizes b (from an exact-size copy) into *toks; returns the count. */
static int
tokenize(const struct buf *b, char **js, struct json_token **toks)
{
	int n;

	*js = fuzz_dup(b->data, b->len);
	n = json_parse(*js, b->len, NULL, 0);
	FUZZ_CHECK(n >= 1);
	*toks = fuzz_xmalloc((size_t)n * sizeof(**toks));
	FUZZ_CHECK(json_parse(*js, b->len, *toks, (unsigned)n) == n);
	return n;
}

static void
string_alone(const unsigned char *s, size_t n, const struct buf *expect)
{
	struct buf w = BUF_INIT, ref = BUF_INIT;
	struct json_token *t;
	char *js;
	size_t i;

	json_write_string(&w, (const char *)s, n);
	ref_encode(s, n, &ref);
	FUZZ_CHECK(fuzz_mem_eq(w.data, w.len, ref.data, ref.len));
	/* Nothing raw that Go would escape. */
	for (i = 1; i + 1 < w.len; i++) {
		unsigned char c = (unsigned char)w.data[i];
		FUZZ_CHECK(c >= 0x20 && c != '<' && c != '>' && c != '&');
	}
	FUZZ_CHECK(utf8_valid((const unsigned char *)w.data, w.len));
	FUZZ_CHECK(strstr(w.data, "\xE2\x80\xA8") == NULL && strstr(w.data, "\xE2\x80\xA9") == NULL);

	FUZZ_CHECK(tokenize(&w, &js, &t) == 1);
	FUZZ_CHECK(t[0].type == JSON_STRING && t[0].start == 1 && (size_t)t[0].end == w.len - 1);
	FUZZ_CHECK(t[0].parent == -1 && t[0].size == 0);
	check_decodes_to(js, t, 0, expect->data, expect->len);
	if (utf8_valid(s, n))
		check_decodes_to(js, t, 0, (const char *)s, n);

	free(t);
	free(js);
	buf_free(&w);
	buf_free(&ref);
}

static void
in_object(const unsigned char *s, size_t n, const struct buf *expect)
{
	const char *nul = memchr(s, '\0', n);
	size_t klen = nul ? (size_t)(nul - (const char *)s) : n;
	char *key = fuzz_strndup(s, klen);
	char *val = nul ? fuzz_strndup(nul + 1, strnlen(nul + 1, n - klen - 1)) : fuzz_strndup(s, n);
	struct buf w = BUF_INIT, ekey = BUF_INIT, eval = BUF_INIT;
	struct json_token *t;
	char *js;
	int ntok;

	jw_object_begin(&w);
	jw_key(&w, key);
	jw_string(&w, val);
	jw_key(&w, "n");
	jw_string_n(&w, (const char *)s, n);
	jw_key(&w, "a");
	jw_array_begin(&w);
	jw_string(&w, key);
	jw_bool(&w, true);
	jw_int(&w, -42);
	jw_null(&w);
	jw_string_n(&w, (const char *)s, n);
	jw_array_end(&w);
	jw_key(&w, "o");
	jw_object_begin(&w);
	jw_object_end(&w);
	jw_object_end(&w);

	/* obj key val "n" s "a" [ key true -42 null s ] "o" {} */
	ntok = tokenize(&w, &js, &t);
	FUZZ_CHECK(ntok == 14);
	FUZZ_CHECK(t[0].type == JSON_OBJECT && t[0].size == 4);
	FUZZ_CHECK(t[6].type == JSON_ARRAY && t[6].size == 5 && t[6].parent == 5);
	FUZZ_CHECK(t[13].type == JSON_OBJECT && t[13].size == 0 && t[13].parent == 12);
	FUZZ_CHECK(json_skip(t, ntok, 0) == ntok);
	FUZZ_CHECK(json_skip(t, ntok, 6) == 12);

	ref_expected((const unsigned char *)key, klen, &ekey);
	ref_expected((const unsigned char *)val, strlen(val), &eval);
	check_decodes_to(js, t, 1, ekey.data, ekey.len);
	check_decodes_to(js, t, 2, eval.data, eval.len);
	check_decodes_to(js, t, 4, expect->data, expect->len);
	check_decodes_to(js, t, 7, ekey.data, ekey.len);
	check_decodes_to(js, t, 11, expect->data, expect->len);
	FUZZ_CHECK(json_is_true(js, t, 8));
	FUZZ_CHECK(t[9].type == JSON_PRIMITIVE && t[9].end - t[9].start == 3 &&
	           memcmp(js + t[9].start, "-42", 3) == 0);
	FUZZ_CHECK(t[10].type == JSON_PRIMITIVE && t[10].end - t[10].start == 4);

	/* The last of equal keys wins, so a fuzzed key may shadow a fixed one. */
	if (strcmp(buf_cstr(&ekey), "n") != 0 && strcmp(buf_cstr(&ekey), "a") != 0 &&
	    strcmp(buf_cstr(&ekey), "o") != 0)
		FUZZ_CHECK(json_object_get(js, t, ntok, 0, buf_cstr(&ekey)) == 2);
	FUZZ_CHECK(json_object_get(js, t, ntok, 0, "n") == 4);
	FUZZ_CHECK(json_object_get(js, t, ntok, 0, "a") == 6);
	FUZZ_CHECK(json_object_get(js, t, ntok, 0, "o") == 13);
	FUZZ_CHECK(json_object_get(js, t, ntok, 13, "") == -1);
	FUZZ_CHECK(json_object_get(js, t, ntok, 6, "a") == -1);

	free(t);
	free(js);
	free(key);
	free(val);
	buf_free(&w);
	buf_free(&ekey);
	buf_free(&eval);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_dup(data, size);
	struct buf expect = BUF_INIT;

	ref_expected((const unsigned char *)s, size, &expect);
	if (utf8_valid((const unsigned char *)s, size))
		FUZZ_CHECK(fuzz_mem_eq(expect.data, expect.len, s, size));
	string_alone((const unsigned char *)s, size, &expect);
	in_object((const unsigned char *)s, size, &expect);
	buf_free(&expect);
	free(s);
	return 0;
}
