/*
 * Unit tests for lib/json.c and lib/buf.c. Prints TAP-like "ok N - ..." lines
 * and exits non-zero if any check fails.
 *
 * cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -g \
 *    -fsanitize=address,undefined -Ilib lib/json.c lib/buf.c \
 *    tests/unit/json_test.c -o /tmp/json_test && /tmp/json_test
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "jsonwrite.h"

#define NTOKS 1024
#define CHECK(cond, ...) check(!!(cond), __VA_ARGS__)

static int tests, failures;
static struct json_token toks[NTOKS];

static void __attribute__((format(printf, 2, 3)))
check(int ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!ok)
		failures++;
	printf("%s %d - ", ok ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Parses from an exact-size heap copy, so the sanitizer sees any over-read. */
static int
parse_n(const char *s, size_t n, struct json_token *t, unsigned nt)
{
	char *copy = malloc(n ? n : 1);
	int r;

	if (!copy)
		abort();
	memcpy(copy, s, n);
	r = json_parse(copy, n, t, nt);
	free(copy);
	return r;
}

static int
parse(const char *s)
{
	return parse_n(s, strlen(s), toks, NTOKS);
}

/* Printable form of a test input for the descriptions. */
static const char *
show(const char *s, size_t n)
{
	static char out[4][200];
	static int slot;
	char *o = out[slot++ % 4];
	size_t i, k = 0;

	for (i = 0; i < n && k < sizeof out[0] - 8; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			o[k++] = (char)c;
		else
			k += (size_t)snprintf(o + k, 8, "\\x%02x", c);
	}
	o[k] = '\0';
	return o;
}

static void
test_valid(void)
{
	static const struct { const char *js; int ntok; } cases[] = {
		{ "{}", 1 },
		{ "[]", 1 },
		{ "{ }", 1 },
		{ "[ ]", 1 },
		{ "0", 1 },
		{ "-0", 1 },
		{ "123", 1 },
		{ "-1.5", 1 },
		{ "0.25e10", 1 },
		{ "1E+2", 1 },
		{ "-12.340E-05", 1 },
		{ "true", 1 },
		{ "false", 1 },
		{ "null", 1 },
		{ "\"\"", 1 },
		{ "\"abc\"", 1 },
		{ "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", 1 },
		{ "\"\\u00e9\\u00C9\\u20ac\\uD83D\\uDE00\\u0000\"", 1 },
		{ "\"\\ud800 lone\"", 1 },
		{ "\"h\xc3\xa9llo \xe2\x98\x83 \xf0\x9f\x98\x80\"", 1 },
		{ "\"\x7f raw DEL and \xff raw byte\"", 1 },
		{ " \t\r\n 42 \t\r\n ", 1 },
		{ "[1,2,3]", 4 },
		{ "[[[]]]", 3 },
		{ "{\"a\":{\"b\":{\"c\":[]}}}", 7 },
		{ " [1, [2, {}], {\"a\": {\"b\": []}}] ", 10 },
		{ "[true,false,null,\"x\",0,{}]", 7 },
		{ "{\"\":\"\"}", 3 },
	};
	size_t i;
	int r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = parse(cases[i].js);
		CHECK(r == cases[i].ntok, "valid %s -> %d tokens (got %d)",
		      show(cases[i].js, strlen(cases[i].js)), cases[i].ntok, r);
		r = parse_n(cases[i].js, strlen(cases[i].js), NULL, 0);
		CHECK(r == cases[i].ntok, "count %s with NULL -> %d (got %d)",
		      show(cases[i].js, strlen(cases[i].js)), cases[i].ntok, r);
	}
}

static void
test_structure(void)
{
	/*                  0           1         2         3
	 *                  01 234 5678 901 2345 678 901234567 89 012 345678 */
	const char *js = "{\"a\": [1, \"x\", {\"b\": null}], \"c\": true}";
	static const struct json_token want[] = {
		{ JSON_OBJECT,     0, 39, 2, -1 }, /* 0 root */
		{ JSON_STRING,     2,  3, 1,  0 }, /* 1 "a" */
		{ JSON_ARRAY,      6, 27, 3,  1 }, /* 2 [...], parent is its key */
		{ JSON_PRIMITIVE,  7,  8, 0,  2 }, /* 3 1 */
		{ JSON_STRING,    11, 12, 0,  2 }, /* 4 "x" */
		{ JSON_OBJECT,    15, 26, 1,  2 }, /* 5 {...} */
		{ JSON_STRING,    17, 18, 1,  5 }, /* 6 "b" */
		{ JSON_PRIMITIVE, 21, 25, 0,  6 }, /* 7 null */
		{ JSON_STRING,    30, 31, 1,  0 }, /* 8 "c" */
		{ JSON_PRIMITIVE, 34, 38, 0,  8 }, /* 9 true */
	};
	int i, r = parse(js), same = 1;

	CHECK(r == 10, "structure: 10 tokens (got %d)", r);
	for (i = 0; i < 10 && r == 10; i++) {
		const struct json_token *t = &toks[i], *w = &want[i];
		if (t->type != w->type || t->start != w->start || t->end != w->end ||
		    t->size != w->size || t->parent != w->parent) {
			same = 0;
			printf("# token %d: type %d start %d end %d size %d parent %d\n",
			       i, t->type, t->start, t->end, t->size, t->parent);
		}
	}
	CHECK(same, "structure: types, offsets, sizes and parent links");
	CHECK(json_skip(toks, r, 0) == 10, "json_skip over the root reaches the end");
	CHECK(json_skip(toks, r, 2) == 8, "json_skip over an array value");
	CHECK(json_skip(toks, r, 5) == 8, "json_skip over a nested object");
	CHECK(json_skip(toks, r, 3) == 4, "json_skip over a primitive");
	CHECK(json_skip(toks, r, 1) == 8, "json_skip over a key includes its value");
	CHECK(json_object_get(js, toks, r, 0, "c") == 9, "object_get c");
	CHECK(json_object_get(js, toks, r, 0, "a") == 2, "object_get a");
	CHECK(json_object_get(js, toks, r, 0, "b") == -1, "object_get only sees direct children");
	CHECK(json_object_get(js, toks, r, 5, "b") == 7, "object_get in a nested object");
	CHECK(json_object_get(js, toks, r, 2, "a") == -1, "object_get on an array is -1");
	CHECK(json_object_get(js, toks, r, 99, "a") == -1, "object_get out of range is -1");
	CHECK(json_object_get(js, toks, r, -1, "a") == -1, "object_get negative is -1");
	CHECK(json_is_true(js, toks, 9), "json_is_true on true");
	CHECK(!json_is_true(js, toks, 7), "json_is_true on null");
	CHECK(!json_is_true(js, toks, 1), "json_is_true on a string");
}

static void
test_invalid(void)
{
	static const struct { const char *js; size_t n; int err; } cases[] = {
#define INVAL(s) { s, sizeof s - 1, JSON_ERROR_INVAL }
#define PART(s) { s, sizeof s - 1, JSON_ERROR_PART }
		/* structure */
		INVAL("{1:2}"), INVAL("{a:1}"), INVAL("{null:1}"), INVAL("{[]:1}"),
		INVAL("[1,]"), INVAL("{\"a\":1,}"), INVAL("[,1]"), INVAL("[1,,2]"),
		INVAL("{,}"), INVAL("[1 2]"), INVAL("{\"a\" 1}"), INVAL("{\"a\"::1}"),
		INVAL("{\"a\":1 \"b\":2}"), INVAL("{\"a\"}"), INVAL("{\"a\":}"),
		INVAL("{\"a\",1}"), INVAL("[\"a\":1]"), INVAL("[}"), INVAL("{]"),
		INVAL("[1}"), INVAL("{\"a\":1]"), INVAL("[]]"), INVAL("{}}"),
		INVAL("]"), INVAL("}"), INVAL(":"), INVAL(","), INVAL("[:]"),
		/* trailing content */
		INVAL("1 2"), INVAL("{} x"), INVAL("[] []"), INVAL("\"a\"\"b\""),
		INVAL("truefalse"), INVAL("1true"), INVAL("[1]\0"), INVAL("1\0"),
		/* whitespace RFC 8259 does not allow */
		INVAL("\v1"), INVAL("\f1"), INVAL("[1,\xc2\xa0 2]"), INVAL("\0"),
		/* primitives */
		INVAL("True"), INVAL("nul1"), INVAL("tru e"), INVAL("nan"),
		INVAL("NaN"), INVAL("Infinity"), INVAL("-Infinity"), INVAL("undefined"),
		INVAL("'a'"), INVAL("01"), INVAL("-01"), INVAL("00"), INVAL("[1.]"),
		INVAL("[.5]"), INVAL("+1"), INVAL("[1e]"), INVAL("[1e+]"), INVAL("[-]"),
		INVAL("--1"), INVAL("0x10"), INVAL("1.5.6"), INVAL("1.e5"), INVAL("1e5.5"),
		INVAL("1ee5"), INVAL("- 1"), INVAL("[1,-]"), INVAL("x"),
		/* strings */
		INVAL("\"a\x01" "b\""), INVAL("\"tab\there\""), INVAL("\"nl\n\""),
		INVAL("\"\x1f\""), INVAL("\"a\0b\""), INVAL("\"\\x41\""), INVAL("\"\\'\""),
		INVAL("\"\\U0041\""), INVAL("\"\\u12G4\""), INVAL("\"\\u 123\""),
		INVAL("\"\\u123\""), INVAL("\"\\\0\""), INVAL("\"\\a\""),
		/* truncation */
		PART(""), PART(" \t\r\n"), PART("["), PART("{"), PART("[1"), PART("[1,"),
		PART("{\"a\""), PART("{\"a\":"), PART("{\"a\":1"), PART("{\"a\":1,"),
		PART("\"abc"), PART("\"ab\\"), PART("\"\\u12"), PART("\"\\u"), PART("t"),
		PART("tru"), PART("fals"), PART("n"), PART("-"), PART("1."), PART("1e"),
		PART("1e-"), PART("-0.5E"), PART("[\"a\",  "), PART("[[[[]]]"),
#undef INVAL
#undef PART
	};
	size_t i;
	int r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = parse_n(cases[i].js, cases[i].n, toks, NTOKS);
		CHECK(r == cases[i].err, "%s: %s (got %d)",
		      cases[i].err == JSON_ERROR_PART ? "truncated" : "invalid",
		      show(cases[i].js, cases[i].n), r);
		r = parse_n(cases[i].js, cases[i].n, NULL, 0);
		CHECK(r == cases[i].err, "%s with NULL: %s (got %d)",
		      cases[i].err == JSON_ERROR_PART ? "truncated" : "invalid",
		      show(cases[i].js, cases[i].n), r);
	}
	CHECK(json_parse("1", (size_t)INT_MAX + 1, toks, NTOKS) == JSON_ERROR_INVAL,
	      "input longer than INT_MAX is rejected");
}

/* Parses {"a":{"a":...1...}} with depth objects. */
static int
nested_objects(int depth)
{
	struct buf b = BUF_INIT;
	int i, r;

	for (i = 0; i < depth; i++)
		buf_puts(&b, "{\"a\":");
	buf_putc(&b, '1');
	for (i = 0; i < depth; i++)
		buf_putc(&b, '}');
	r = parse_n(b.data, b.len, NULL, 0);
	buf_free(&b);
	return r;
}

static void
test_depth(void)
{
	enum { DEEP = 100000 };
	char *s = malloc(2 * DEEP);
	int r;

	if (!s)
		abort();
	memset(s, '[', 512);
	memset(s + 512, ']', 512);
	r = parse_n(s, 1024, toks, NTOKS);
	CHECK(r == 512, "512 nested arrays are fine (got %d)", r);
	CHECK(toks[511].parent == 510 && toks[0].end == 1024, "deep parents and ends");
	CHECK(parse_n(s, 1024, NULL, 0) == 512, "512 nested arrays counted with NULL");

	memset(s, '[', 513);
	memset(s + 513, ']', 513);
	r = parse_n(s, 1026, toks, NTOKS);
	CHECK(r == JSON_ERROR_INVAL, "513 nested arrays are too deep (got %d)", r);

	r = nested_objects(512);
	CHECK(r == 2 * 512 + 1, "512 nested objects are fine (got %d)", r);
	r = nested_objects(513);
	CHECK(r == JSON_ERROR_INVAL, "513 nested objects are too deep (got %d)", r);

	memset(s, '[', 2 * DEEP);
	r = parse_n(s, 2 * DEEP, NULL, 0);
	CHECK(r == JSON_ERROR_INVAL, "200000 open brackets: too deep, no crash");
	free(s);
}

/* A Docker inspect-like sample: every kind of value and escape. */
static const char sample[] =
	"[{\"Id\":\"4f2c\",\"Created\":\"2024-01-02T03:04:05.678Z\","
	"\"State\":{\"Running\":true,\"Paused\":false,\"Pid\":1234,\"ExitCode\":-1,"
	"\"Ratio\":0.5e-3,\"Error\":\"\"},"
	"\"Name\":\"/web.1\",\"Path\":\"a\\\\b\\\"c\\/d\\n\\u00e9\\ud83d\\ude00\","
	"\"Config\":{\"Labels\":{\"com.dokku.app-name\":\"web\",\"x\":null},"
	"\"Env\":[\"A=1\",\"B=\\u003cb\\u003e\"],\"Empty\":{},\"None\":[]},"
	"\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.2\","
	"\"Aliases\":null}}},\"Raw\":\"h\xc3\xa9\xe2\x98\x83\"}]";

static void
test_truncation(void)
{
	size_t n = sizeof sample - 1, i;
	int full, bad = 0, crash_free = 1, r;

	full = parse_n(sample, n, toks, NTOKS);
	CHECK(full > 0, "sample document parses (%d tokens)", full);
	CHECK(parse_n(sample, n, NULL, 0) == full, "sample counted with NULL");
	for (i = 0; i < n; i++) {
		r = parse_n(sample, i, toks, NTOKS);
		if (r != JSON_ERROR_PART) {
			bad++;
			printf("# prefix %zu gave %d\n", i, r);
		}
		if (parse_n(sample, i, NULL, 0) != r)
			crash_free = 0;
	}
	CHECK(bad == 0, "every one of %zu proper prefixes is truncated", n);
	CHECK(crash_free, "prefixes give the same result when counting");

	/* A raw control byte is invalid anywhere in JSON text, so this must fail. */
	bad = 0;
	for (i = 0; i < n; i++) {
		char *s = malloc(n);
		if (!s)
			abort();
		memcpy(s, sample, n);
		s[i] = '\x01';
		r = json_parse(s, n, toks, NTOKS);
		if (r != JSON_ERROR_INVAL)
			bad++;
		free(s);
	}
	CHECK(bad == 0, "a control byte anywhere in the sample is invalid");
}

static void
test_nomem(void)
{
	size_t n = sizeof sample - 1;
	int need = parse_n(sample, n, NULL, 0), r;

	r = parse_n(sample, n, toks, (unsigned)need);
	CHECK(r == need, "exactly enough tokens (%d)", need);
	r = parse_n(sample, n, toks, (unsigned)need - 1);
	CHECK(r == JSON_ERROR_NOMEM, "one token too few -> NOMEM (got %d)", r);
	r = parse_n(sample, n, toks, 0);
	CHECK(r == JSON_ERROR_NOMEM, "zero tokens -> NOMEM (got %d)", r);
	r = parse_n("1", 1, toks, 0);
	CHECK(r == JSON_ERROR_NOMEM, "zero tokens for a primitive -> NOMEM");
	r = parse_n("[1,2]", 5, toks, 2);
	CHECK(r == JSON_ERROR_NOMEM, "array one token short -> NOMEM");
}

static int
decode(const char *js, const char *want, size_t wantn, const char *what)
{
	struct buf b = BUF_INIT;
	int r = parse(js), ok;

	ok = r == 1 && json_string_decode(js, toks, 0, &b) && b.len == wantn &&
	     memcmp(buf_cstr(&b), want, wantn) == 0;
	CHECK(ok, "decode %s: %s", what, show(js, strlen(js)));
	if (!ok)
		printf("# got %s\n", show(buf_cstr(&b), b.len));
	buf_free(&b);
	return ok;
}

#define DECODE(js, want, what) decode(js, want, sizeof want - 1, what)

static void
test_decode(void)
{
	struct buf b = BUF_INIT;
	int r;

	DECODE("\"plain\"", "plain", "plain text");
	DECODE("\"\"", "", "empty string");
	DECODE("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", "simple escapes");
	DECODE("\"\\u0041\\u00e9\\u00C9\"", "A\xc3\xa9\xc3\x89", "2-byte UTF-8, any hex case");
	DECODE("\"\\u20ac\\uFFFF\"", "\xe2\x82\xac\xef\xbf\xbf", "3-byte UTF-8");
	DECODE("\"\\u0000x\"", "\0x", "NUL escape");
	DECODE("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", "surrogate pair");
	DECODE("\"\\uD800\\uDC00\\uDBFF\\uDFFF\"", "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf",
	       "smallest and largest surrogate pairs");
	DECODE("\"\\ud800x\"", "\xef\xbf\xbdx", "lone high surrogate");
	DECODE("\"a\\ud800\"", "a\xef\xbf\xbd", "high surrogate at the end");
	DECODE("\"\\udc00\"", "\xef\xbf\xbd", "lone low surrogate");
	DECODE("\"\\ude00\\ud83d\"", "\xef\xbf\xbd\xef\xbf\xbd", "reversed pair");
	DECODE("\"\\ud800\\ud800\\udc00\"", "\xef\xbf\xbd\xf0\x90\x80\x80",
	       "high surrogate before a pair");
	DECODE("\"\\ud800\\u0041\"", "\xef\xbf\xbd" "A", "high surrogate then a BMP escape");
	DECODE("\"\\ud800\\n\"", "\xef\xbf\xbd\n", "high surrogate then another escape");
	DECODE("\"h\xc3\xa9 \xff\"", "h\xc3\xa9 \xff", "raw bytes are copied");

	r = parse("[1.5e3, {\"a\":1}]");
	CHECK(r == 5 && json_string_decode("[1.5e3, {\"a\":1}]", toks, 1, &b) &&
	      strcmp(buf_cstr(&b), "1.5e3") == 0, "decode a primitive gives its text");
	CHECK(!json_string_decode("[1.5e3, {\"a\":1}]", toks, 2, &b),
	      "decode of an object is false");
	CHECK(!json_string_decode("[1.5e3, {\"a\":1}]", toks, 0, &b),
	      "decode of an array is false");
	buf_reset(&b);
	r = parse("[\"x\",\"y\"]");
	CHECK(r == 3 && json_string_decode("[\"x\",\"y\"]", toks, 1, &b) &&
	      json_string_decode("[\"x\",\"y\"]", toks, 2, &b) &&
	      strcmp(buf_cstr(&b), "xy") == 0, "decode appends to the buffer");
	buf_free(&b);
}

static void
test_object_get(void)
{
	const char *js = "{\"a\\u0062c\":1,\"x\\\"y\":2,\"nested\":{\"inner\":3},"
	                 "\"\\ud83d\\ude00\":4,\"\\/\":5,\"ab\":6,\"dup\":7,\"dup\":8,"
	                 "\"arr\":[{\"inner\":9}],\"nul\\u0000\":10}";
	int r = parse(js), v;

#define GET(key, want) do { \
		v = json_object_get(js, toks, r, 0, key); \
		CHECK(v >= 0 && strncmp(js + toks[v].start, want, \
		      (size_t)(toks[v].end - toks[v].start)) == 0 && \
		      strlen(want) == (size_t)(toks[v].end - toks[v].start), \
		      "object_get %s", show(key, strlen(key))); \
	} while (0)

	CHECK(r > 0, "object with escaped keys parses");
	GET("abc", "1");
	GET("x\"y", "2");
	GET("\xf0\x9f\x98\x80", "4");
	GET("/", "5");
	GET("ab", "6");
	GET("dup", "8");
	GET("arr", "[{\"inner\":9}]");
	v = json_object_get(js, toks, r, 0, "nested");
	CHECK(v > 0 && toks[v].type == JSON_OBJECT, "object_get nested object");
	CHECK(json_object_get(js, toks, r, v, "inner") == v + 2, "object_get inside it");
	CHECK(json_object_get(js, toks, r, 0, "inner") == -1, "grandchild keys are not found");
	CHECK(json_object_get(js, toks, r, 0, "a") == -1, "a key prefix does not match");
	CHECK(json_object_get(js, toks, r, 0, "abcd") == -1, "a longer key does not match");
	CHECK(json_object_get(js, toks, r, 0, "nul") == -1, "key with \\u0000 is not cut short");
	CHECK(json_object_get(js, toks, r, 0, "missing") == -1, "missing key");
	CHECK(json_object_get(js, toks, r, 0, "") == -1, "empty key");
	CHECK(json_string_eq(js, toks, 1, "abc"), "string_eq on an escaped key");
	CHECK(!json_string_eq(js, toks, 2, "1"), "string_eq on a primitive is false");
	CHECK(!json_string_eq(js, toks, 0, ""), "string_eq on an object is false");
	CHECK(json_object_get(js, toks, 3, 0, "nested") == -1,
	      "object_get respects ntoks");
#undef GET
	r = parse("{\"\":1}");
	CHECK(r == 3 && json_object_get("{\"\":1}", toks, r, 0, "") == 2,
	      "object_get with an empty key");
}

static void
writes(const char *in, size_t n, const char *want, const char *what)
{
	struct buf b = BUF_INIT;
	int ok;

	json_write_string(&b, in, n);
	ok = strcmp(buf_cstr(&b), want) == 0 && b.len == strlen(want);
	CHECK(ok, "write %s: %s", what, show(in, n));
	if (!ok)
		printf("# got  %s\n# want %s\n", buf_cstr(&b), want);
	/* whatever was written must parse back */
	if (parse_n(b.data, b.len, toks, NTOKS) != 1)
		CHECK(0, "written %s does not parse", what);
	buf_free(&b);
}

#define WRITES(in, want, what) writes(in, sizeof in - 1, want, what)

static void
test_write_string(void)
{
	WRITES("", "\"\"", "empty");
	WRITES("plain / text", "\"plain / text\"", "plain text, slash not escaped");
	WRITES("a\"b\\c", "\"a\\\"b\\\\c\"", "quote and backslash");
	WRITES("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"", "short escapes");
	WRITES("\x01\x1f\x1b\x0b", "\"\\u0001\\u001f\\u001b\\u000b\"",
	       "other controls in lowercase hex");
	WRITES("a\0b", "\"a\\u0000b\"", "NUL byte");
	WRITES("<a href=\"x\">&amp;</a>",
	       "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\"",
	       "HTML-sensitive bytes");
	WRITES("\xe2\x80\xa8-\xe2\x80\xa9", "\"\\u2028-\\u2029\"", "U+2028 and U+2029");
	WRITES("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\"",
	       "neighbours of U+2028/U+2029 are raw");
	WRITES("\x7f", "\"\x7f\"", "DEL is raw");
	WRITES("h\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80", "\"h\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80\"",
	       "valid UTF-8 is raw");
	WRITES("\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xf0\x90\x80\x80\xf4\x8f\xbf\xbf",
	       "\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"",
	       "UTF-8 boundary code points are raw");
	WRITES("\xef\xbf\xbd", "\"\xef\xbf\xbd\"", "a real U+FFFD is raw");
	WRITES("\xff", "\"\\ufffd\"", "0xff");
	WRITES("a\xfe" "b", "\"a\\ufffdb\"", "0xfe between ASCII");
	WRITES("\x80", "\"\\ufffd\"", "lone continuation byte");
	WRITES("\xc0\x80", "\"\\ufffd\\ufffd\"", "overlong NUL");
	WRITES("\xc1\xbf", "\"\\ufffd\\ufffd\"", "overlong 2-byte");
	WRITES("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"", "overlong 3-byte");
	WRITES("\xf0\x8f\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "overlong 4-byte");
	WRITES("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "UTF-8 encoded high surrogate");
	WRITES("\xed\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\"", "UTF-8 encoded low surrogate");
	WRITES("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "above U+10FFFF");
	WRITES("\xf5\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "lead byte 0xf5");
	WRITES("\xe2\x82", "\"\\ufffd\\ufffd\"", "truncated 3-byte at the end");
	WRITES("\xe2\x82x", "\"\\ufffd\\ufffdx\"", "truncated 3-byte before ASCII");
	WRITES("\xf0\x9f\x98", "\"\\ufffd\\ufffd\\ufffd\"", "truncated 4-byte");
	WRITES("\xe2\x80", "\"\\ufffd\\ufffd\"", "truncated U+2028");
	WRITES("\xc3\xc3\xa9", "\"\\ufffd\xc3\xa9\"", "lead byte then a valid sequence");
	WRITES("\xf0\x9f\x98\x80\xf0", "\"\xf0\x9f\x98\x80\\ufffd\"", "valid then truncated");

	/* Length is honoured: bytes past n are not written. */
	{
		struct buf b = BUF_INIT;
		json_write_string(&b, "abc\xe2\x82\xac", 4);
		CHECK(strcmp(buf_cstr(&b), "\"abc\\ufffd\"") == 0,
		      "write stops at n, even inside a sequence");
		buf_free(&b);
	}
}

static void
test_writer(void)
{
	const char *want =
		"{\"Name\":\"/web.1\",\"Running\":true,\"Paused\":false,\"Pid\":-42,"
		"\"Min\":-9223372036854775808,\"Labels\":{\"com.dokku.app\":"
		"\"\\u003capp\\u003e\\u0026\",\"k\\\"ey\\u003c\":null},\"Ports\":[80,443,null,"
		"\"tcp\"],\"Empty\":[],\"None\":{},\"Nested\":[{},[],[{}]],"
		"\"Path\":\"a\\u0000b\"}";
	struct buf b = BUF_INIT, d = BUF_INIT;
	int r, v, lab;

	jw_object_begin(&b);
	jw_key(&b, "Name");
	jw_string(&b, "/web.1");
	jw_key(&b, "Running");
	jw_bool(&b, true);
	jw_key(&b, "Paused");
	jw_bool(&b, false);
	jw_key(&b, "Pid");
	jw_int(&b, -42);
	jw_key(&b, "Min");
	jw_int(&b, LLONG_MIN);
	jw_key(&b, "Labels");
	jw_object_begin(&b);
	jw_key(&b, "com.dokku.app");
	jw_string(&b, "<app>&");
	jw_key(&b, "k\"ey<");
	jw_null(&b);
	jw_object_end(&b);
	jw_key(&b, "Ports");
	jw_array_begin(&b);
	jw_int(&b, 80);
	jw_int(&b, 443);
	jw_null(&b);
	jw_string(&b, "tcp");
	jw_array_end(&b);
	jw_key(&b, "Empty");
	jw_array_begin(&b);
	jw_array_end(&b);
	jw_key(&b, "None");
	jw_object_begin(&b);
	jw_object_end(&b);
	jw_key(&b, "Nested");
	jw_array_begin(&b);
	jw_object_begin(&b);
	jw_object_end(&b);
	jw_array_begin(&b);
	jw_array_end(&b);
	jw_array_begin(&b);
	jw_object_begin(&b);
	jw_object_end(&b);
	jw_array_end(&b);
	jw_array_end(&b);
	jw_key(&b, "Path");
	jw_string_n(&b, "a\0b", 3);
	jw_object_end(&b);

	CHECK(strcmp(buf_cstr(&b), want) == 0, "jw_* builds a Docker-style object");
	if (strcmp(buf_cstr(&b), want) != 0)
		printf("# got  %s\n# want %s\n", buf_cstr(&b), want);

	r = parse_n(b.data, b.len, toks, NTOKS);
	CHECK(r == 35, "written object parses back (%d tokens)", r);
	CHECK(json_skip(toks, r, 0) == r, "root spans all tokens");
	CHECK(json_is_true(b.data, toks, json_object_get(b.data, toks, r, 0, "Running")),
	      "re-parsed Running is true");
	CHECK(!json_is_true(b.data, toks, json_object_get(b.data, toks, r, 0, "Paused")),
	      "re-parsed Paused is not true");
	v = json_object_get(b.data, toks, r, 0, "Min");
	CHECK(v > 0 && json_string_decode(b.data, toks, v, &d) &&
	      strcmp(buf_cstr(&d), "-9223372036854775808") == 0, "re-parsed Min");
	lab = json_object_get(b.data, toks, r, 0, "Labels");
	v = json_object_get(b.data, toks, r, lab, "com.dokku.app");
	buf_reset(&d);
	CHECK(v > 0 && json_string_decode(b.data, toks, v, &d) &&
	      strcmp(buf_cstr(&d), "<app>&") == 0, "re-parsed label value round-trips");
	v = json_object_get(b.data, toks, r, lab, "k\"ey<");
	CHECK(v > 0 && toks[v].type == JSON_PRIMITIVE, "re-parsed escaped key is found");
	v = json_object_get(b.data, toks, r, 0, "Ports");
	CHECK(v > 0 && toks[v].type == JSON_ARRAY && toks[v].size == 4, "re-parsed Ports");
	v = json_object_get(b.data, toks, r, 0, "Path");
	buf_reset(&d);
	CHECK(v > 0 && json_string_decode(b.data, toks, v, &d) && d.len == 3 &&
	      memcmp(d.data, "a\0b", 3) == 0, "re-parsed NUL round-trips");
	v = json_object_get(b.data, toks, r, 0, "Nested");
	CHECK(v > 0 && toks[v].size == 3 && json_skip(toks, r, v) == v + 5,
	      "re-parsed Nested");

	/* Comma rules at the top level and after a key. */
	buf_reset(&b);
	jw_int(&b, 1);
	CHECK(strcmp(buf_cstr(&b), "1") == 0, "no comma in an empty buffer");
	jw_int(&b, 2);
	CHECK(strcmp(buf_cstr(&b), "1,2") == 0, "comma after a value");
	buf_reset(&b);
	jw_array_begin(&b);
	jw_string(&b, "a");
	jw_array_begin(&b);
	jw_array_end(&b);
	jw_object_begin(&b);
	jw_key(&b, "k");
	jw_array_begin(&b);
	jw_string(&b, "b");
	jw_array_end(&b);
	jw_key(&b, "l");
	jw_string(&b, "c");
	jw_object_end(&b);
	jw_array_end(&b);
	CHECK(strcmp(buf_cstr(&b), "[\"a\",[],{\"k\":[\"b\"],\"l\":\"c\"}]") == 0,
	      "commas between containers and values");
	buf_reset(&b);
	json_write_string(&b, "x", 1);
	json_write_string(&b, "y", 1);
	CHECK(strcmp(buf_cstr(&b), "\"x\"\"y\"") == 0, "json_write_string adds no comma");
	buf_free(&b);
	buf_free(&d);
}

static void
test_buf(void)
{
	struct buf b = BUF_INIT;
	char big[1000];
	size_t i;

	CHECK(strcmp(buf_cstr(&b), "") == 0 && b.len == 0, "empty buf is \"\"");
	buf_append(&b, "", 0);
	CHECK(b.data && b.data[0] == '\0' && b.len == 0, "empty append terminates");
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_printf(&b, "%d-%s", 42, "x");
	CHECK(strcmp(buf_cstr(&b), "abc42-x") == 0 && b.len == 7, "puts, putc, printf");
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	CHECK(b.len == 7 + 2 + 999 && b.data[b.len] == '\0' && b.data[7] == '[' &&
	      b.data[b.len - 1] == ']', "printf that must grow");
	buf_reset(&b);
	CHECK(b.len == 0 && strcmp(buf_cstr(&b), "") == 0 && b.cap > 0, "reset keeps memory");
	for (i = 0; i < 100000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	CHECK(b.len == 100000 && b.data[99999] == 'a' + 99999 % 26 && b.data[100000] == '\0',
	      "many putc");
	buf_reserve(&b, 1 << 20);
	CHECK(b.cap >= b.len + (1 << 20) + 1, "reserve");
	buf_free(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0, "free resets");
	buf_init(&b);
	CHECK(b.data == NULL, "init");
}

static void
test_large(void)
{
	struct buf b = BUF_INIT;
	int i, r;

	/* A long flat array: linear time, and counting needs no tokens. */
	buf_putc(&b, '[');
	for (i = 0; i < 200000; i++)
		buf_printf(&b, "%s{\"k\":\"v\\u00e9%d\"}", i ? "," : "", i);
	buf_putc(&b, ']');
	r = parse_n(b.data, b.len, NULL, 0);
	CHECK(r == 1 + 200000 * 3, "200000-element array counted (%d)", r);
	r = parse_n(b.data, b.len, toks, NTOKS);
	CHECK(r == JSON_ERROR_NOMEM, "200000-element array into %d tokens -> NOMEM", NTOKS);
	buf_free(&b);
}

int
main(void)
{
	test_valid();
	test_structure();
	test_invalid();
	test_depth();
	test_truncation();
	test_nomem();
	test_decode();
	test_object_get();
	test_write_string();
	test_writer();
	test_buf();
	test_large();
	printf("1..%d\n", tests);
	if (failures)
		printf("# %d of %d failed\n", failures, tests);
	return failures != 0;
}
