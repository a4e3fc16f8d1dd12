/*
 * Unit tests of the stream parsers network:watch relies on: Docker's event
 * lines (docker_event_parse, event_lines_feed in lib/events.c), the head of
 * the GET /events reply and its chunked body (http_parse_head, http_dechunk
 * in lib/http.c), and the streamed container list (json_elements_feed in
 * lib/jsonsplit.c), with event lines as Docker 20.10 (API 1.41) sends them. The
 * whole pipeline is also run with the reply cut at every byte. TAP output.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "events.h"
#include "http.h"
#include "json.h"
#include "jsonsplit.h"
#include "strlist.h"
#include "tap.h"

#define CID "4f2c9a1b7e3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f"
#define NID "9e1d2c3b4a5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e80"

/* Docker 20.10's event lines, as GET /events sends them (one object per line). */
static const char ev_start[] =
	"{\"status\":\"start\",\"id\":\"" CID "\",\"from\":\"dokku/app1:latest\",\"Type\":\"container\","
	"\"Action\":\"start\",\"Actor\":{\"ID\":\"" CID "\",\"Attributes\":{\"com.dokku.app-name\":\"app1\","
	"\"com.dokku.container-type\":\"deploy\",\"com.dokku.dyno\":\"web.1\",\"com.dokku.process-type\":\"web\","
	"\"image\":\"dokku/app1:latest\",\"name\":\"app1.web.1\",\"org.label-schema.schema-version\":\"1.0\"}},"
	"\"scope\":\"local\",\"time\":1700000000,\"timeNano\":1700000000123456789}";
static const char ev_die[] =
	"{\"status\":\"die\",\"id\":\"" CID "\",\"from\":\"dokku/app1:latest\",\"Type\":\"container\","
	"\"Action\":\"die\",\"Actor\":{\"ID\":\"" CID "\",\"Attributes\":{\"com.dokku.app-name\":\"app1\","
	"\"exitCode\":\"137\",\"image\":\"dokku/app1:latest\",\"name\":\"app1.web.1\"}},"
	"\"scope\":\"local\",\"time\":1700000005,\"timeNano\":1700000005000000001}";
static const char ev_connect[] =
	"{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"" NID "\",\"Attributes\":{"
	"\"container\":\"" CID "\",\"name\":\"app-net\",\"type\":\"bridge\"}},\"scope\":\"local\","
	"\"time\":1700000001,\"timeNano\":1700000001000000000}";
static const char ev_exec[] =
	"{\"status\":\"exec_start: /bin/sh -c echo hi\",\"id\":\"" CID "\",\"from\":\"dokku/app1:latest\","
	"\"Type\":\"container\",\"Action\":\"exec_start: /bin/sh -c echo hi\",\"Actor\":{\"ID\":\"" CID "\","
	"\"Attributes\":{\"com.dokku.app-name\":\"app1\",\"execID\":\"abc\",\"image\":\"dokku/app1:latest\","
	"\"name\":\"app1.web.1\"}},\"scope\":\"local\",\"time\":1700000002,\"timeNano\":1700000002000000000}";
static const char ev_health[] =
	"{\"status\":\"health_status: healthy\",\"id\":\"" CID "\",\"Type\":\"container\","
	"\"Action\":\"health_status: healthy\",\"Actor\":{\"ID\":\"" CID "\",\"Attributes\":{\"name\":\"other\"}},"
	"\"scope\":\"local\",\"time\":1700000003,\"timeNano\":1700000003000000000}";

static bool
event(const char *line, struct docker_event *ev)
{
	char *copy = malloc(strlen(line) + 1);  /* exact size: no read past the line */
	bool ok;

	memcpy(copy, line, strlen(line) + 1);
	ok = docker_event_parse(copy, strlen(line), ev);
	free(copy);
	return ok;
}

static void
test_event_parse(void)
{
	struct docker_event ev;
	struct buf b = BUF_INIT;
	int i;

	CHECK(event(ev_start, &ev) && tap_streq(ev.type, "container") && tap_streq(ev.action, "start") &&
	      tap_streq(ev.id, CID) && tap_streq(ev.app, "app1") && tap_streq(ev.container, "") &&
	      ev.time_nano == 1700000000123456789LL && ev.exit_code == -1, "container start");
	CHECK(event(ev_die, &ev) && tap_streq(ev.action, "die") && ev.exit_code == 137 &&
	      ev.time_nano == 1700000005000000001LL, "container die with exitCode \"137\"");
	CHECK(event(ev_connect, &ev) && tap_streq(ev.type, "network") && tap_streq(ev.action, "connect") &&
	      tap_streq(ev.id, NID) && tap_streq(ev.container, CID) && tap_streq(ev.app, ""),
	      "network connect: the network's ID and Attributes.container");
	CHECK(event(ev_exec, &ev) && tap_streq(ev.action, "exec_start"), "\"exec_start: ...\" is cut at the colon");
	CHECK(event(ev_health, &ev) && tap_streq(ev.action, "health_status") && tap_streq(ev.app, ""),
	      "health_status; no app label");

	CHECK(!event("", &ev) && !event("[]", &ev) && !event("\"start\"", &ev) && !event("null", &ev),
	      "not an object: false");
	CHECK(!event("{}", &ev) && !event("{\"Type\":\"container\"}", &ev) &&
	      !event("{\"Action\":\"start\"}", &ev), "no Type or no Action: false");
	CHECK(!event("{\"Type\":1,\"Action\":\"start\"}", &ev) && !event("{\"Type\":\"container\",\"Action\":\"\"}", &ev),
	      "a Type that is no string, an empty Action: false");
	CHECK(!event("{\"Type\":\"container\",\"Action\":\"start\"", &ev) &&
	      !event("{\"Type\":\"container\",\"Action\":\"start\"} {}", &ev), "truncated or trailing JSON: false");
	CHECK(!docker_event_parse(ev_start, strlen(ev_start) - 1, &ev), "the length is honoured (one byte short)");
	CHECK(event("{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":null}", &ev) && tap_streq(ev.id, "") &&
	      ev.exit_code == -1 && ev.time_nano == 0, "Actor null: still an event, no ID");
	CHECK(event("{\"Type\":\"container\",\"Action\":\"st\\u0061rt\",\"Actor\":{\"ID\":\"a\\/b\",\"Attributes\":"
	            "{\"com.dokku.app-name\":\"\\u0061pp\"}}}", &ev) &&
	      tap_streq(ev.action, "start") && tap_streq(ev.id, "a/b") && tap_streq(ev.app, "app"),
	      "escapes are decoded");

	/* exitCode and timeNano */
	{
		static const struct { const char *code; int want; } codes[] = {
			{ "\"0\"", 0 }, { "\"-1\"", -1 }, { "\"255\"", 255 }, { "\"2147483647\"", 2147483647 },
			{ "\"-2147483648\"", -2147483647 - 1 }, { "\"2147483648\"", -1 }, { "\"99999999999999999999\"", -1 },
			{ "\"abc\"", -1 }, { "\"\"", -1 }, { "\"-\"", -1 }, { "\"1 \"", -1 }, { "3", 3 },
			{ "-3", -1 }, { "null", -1 }, { "1.5", -1 }, { "{}", -1 },
		};
		size_t k;
		for (k = 0; k < sizeof codes / sizeof *codes; k++) {
			buf_reset(&b);
			buf_printf(&b, "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"x\","
			           "\"Attributes\":{\"exitCode\":%s}}}", codes[k].code);
			CHECK(event(b.data, &ev) && ev.exit_code == codes[k].want, "exitCode %s -> %d (got %d)",
			      codes[k].code, codes[k].want, ev.exit_code);
		}
	}
	CHECK(event("{\"Type\":\"t\",\"Action\":\"a\",\"timeNano\":\"42\"}", &ev) && ev.time_nano == 42,
	      "timeNano as a string");
	CHECK(event("{\"Type\":\"t\",\"Action\":\"a\",\"timeNano\":9223372036854775807}", &ev) &&
	      ev.time_nano == 9223372036854775807LL, "timeNano at LLONG_MAX");
	CHECK(event("{\"Type\":\"t\",\"Action\":\"a\",\"timeNano\":9223372036854775808}", &ev) && ev.time_nano == 0,
	      "timeNano past LLONG_MAX is 0");
	CHECK(event("{\"Type\":\"t\",\"Action\":\"a\",\"timeNano\":1.7e18}", &ev) && ev.time_nano == 0,
	      "timeNano in exponent form is 0");

	/* fields longer than their arrays are cut, NUL-terminated */
	buf_reset(&b);
	buf_puts(&b, "{\"Type\":\"container\",\"Action\":\"");
	for (i = 0; i < 100; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, "\",\"Actor\":{\"ID\":\"" CID CID "\",\"Attributes\":{\"com.dokku.app-name\":\"");
	for (i = 0; i < 300; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, "\"}}}");
	CHECK(event(b.data, &ev) && strlen(ev.action) == sizeof ev.action - 1 && strlen(ev.id) == sizeof ev.id - 1 &&
	      strncmp(ev.id, CID, 64) == 0 && strlen(ev.app) == 255, "long fields are cut to their arrays");

	/* a container with many labels: more tokens than the parser's stack array */
	buf_reset(&b);
	buf_puts(&b, "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"" CID "\",\"Attributes\":{");
	for (i = 0; i < 300; i++)
		buf_printf(&b, "\"label.%d\":\"v%d\",", i, i);
	buf_puts(&b, "\"com.dokku.app-name\":\"many\"}},\"timeNano\":7}");
	CHECK(event(b.data, &ev) && tap_streq(ev.app, "many") && ev.time_nano == 7 && tap_streq(ev.id, CID),
	      "an event of 600+ tokens (heap path)");
	CHECK(event("{\"Type\":\"a\",\"Type\":\"container\",\"Action\":\"start\"}", &ev) &&
	      tap_streq(ev.type, "container"), "a duplicate key: the last one wins");
	buf_free(&b);
}

/* ---- event_lines ---- */

struct lines {
	struct strlist v;
	int too_long;
};

static void
collect(const char *line, size_t len, void *ctx)
{
	struct lines *l = ctx;

	if (!line)
		l->too_long++;
	else
		strlist_add_n(&l->v, line, len);
}

static const char *
joined(const struct strlist *l)
{
	static struct buf b;
	size_t i;

	buf_reset(&b);
	for (i = 0; i < l->n; i++)
		buf_printf(&b, "%s<%s>", i ? "," : "", l->v[i]);
	return buf_cstr(&b);
}

/* Feeds s in pieces of `step` bytes (0: all at once). */
static void
feed(const char *s, size_t n, size_t step, struct lines *out)
{
	struct event_lines el;
	size_t off = 0;

	event_lines_init(&el);
	memset(out, 0, sizeof *out);
	if (!step)
		step = n ? n : 1;
	while (off < n) {
		size_t k = n - off < step ? n - off : step;
		event_lines_feed(&el, s + off, k, collect, out);
		off += k;
	}
	event_lines_free(&el);
}

static void
test_event_lines(void)
{
	const char *s = "a\nbb\r\n\n\r\nccc\nlast-without-newline";
	struct lines l;
	size_t step;
	int same = 1;
	char *big;

	feed(s, strlen(s), 0, &l);
	CHECK_STR(joined(&l.v), "<a>,<bb>,<ccc>", "lines: CR LF and LF, empty lines skipped, an unfinished one held");
	strlist_free(&l.v);
	for (step = 1; step <= 7; step++) {
		feed(s, strlen(s), step, &l);
		same &= strcmp(joined(&l.v), "<a>,<bb>,<ccc>") == 0;
		strlist_free(&l.v);
	}
	CHECK(same, "the same lines whatever the pieces (1 to 7 bytes)");
	{
		struct event_lines el;
		event_lines_init(&el);
		memset(&l, 0, sizeof l);
		event_lines_feed(&el, "par", 3, collect, &l);
		event_lines_feed(&el, "", 0, collect, &l);
		event_lines_feed(&el, "tial\nnext", 9, collect, &l);
		CHECK(tap_streq(joined(&l.v), "<partial>") && tap_streq(el.pending.data, "next"),
		      "a line completed by a later piece; the next one pending");
		strlist_free(&l.v);
		event_lines_free(&el);
	}
	feed("x\r", 2, 0, &l);
	CHECK(l.v.n == 0, "no line before its newline");
	strlist_free(&l.v);
	feed("\r\n", 2, 0, &l);
	CHECK(l.v.n == 0, "a lone CR LF is an empty line, skipped");
	strlist_free(&l.v);
	feed("a\rb\n", 4, 0, &l);
	CHECK_STR(joined(&l.v), "<a\rb>", "only a trailing CR is dropped");
	strlist_free(&l.v);

	/* EVENT_LINE_MAX: exactly that is a line, one byte more is reported once */
	big = malloc(EVENT_LINE_MAX + 16);
	memset(big, 'x', EVENT_LINE_MAX + 16);
	big[EVENT_LINE_MAX] = '\n';
	memcpy(big + EVENT_LINE_MAX + 1, "ok\n", 3);
	feed(big, EVENT_LINE_MAX + 4, 0, &l);
	CHECK(l.v.n == 2 && strlen(l.v.v[0]) == EVENT_LINE_MAX && tap_streq(l.v.v[1], "ok") && l.too_long == 0,
	      "a line of EVENT_LINE_MAX bytes is kept");
	strlist_free(&l.v);
	feed(big, EVENT_LINE_MAX + 4, 4096, &l);
	CHECK(l.v.n == 2 && strlen(l.v.v[0]) == EVENT_LINE_MAX && l.too_long == 0, "also when it comes in pieces");
	strlist_free(&l.v);
	big[EVENT_LINE_MAX] = 'x';
	big[EVENT_LINE_MAX + 1] = '\n';
	memcpy(big + EVENT_LINE_MAX + 2, "ok\n", 3);
	feed(big, EVENT_LINE_MAX + 5, 0, &l);
	CHECK(l.too_long == 1 && tap_streq(joined(&l.v), "<ok>"), "one byte more: reported once, the next line kept");
	strlist_free(&l.v);
	feed(big, EVENT_LINE_MAX + 5, 1000, &l);
	CHECK(l.too_long == 1 && tap_streq(joined(&l.v), "<ok>"), "also when it comes in pieces");
	strlist_free(&l.v);
	free(big);
	big = malloc(3 * EVENT_LINE_MAX);
	memset(big, 'y', 3 * EVENT_LINE_MAX);
	memcpy(big + 3 * EVENT_LINE_MAX - 4, "\nz\n", 3);
	feed(big, 3 * EVENT_LINE_MAX - 1, 65536, &l);
	CHECK(l.too_long == 1 && tap_streq(joined(&l.v), "<z>"), "a line three times too long: reported once");
	strlist_free(&l.v);
	free(big);
}

/* ---- the GET /events reply: head, chunks, lines, events ---- */

static const char events_head[] =
	"HTTP/1.1 200 OK\r\n"
	"Api-Version: 1.41\r\n"
	"Content-Type: application/json\r\n"
	"Docker-Experimental: false\r\n"
	"Ostype: linux\r\n"
	"Server: Docker/20.10.24+dfsg1 (linux)\r\n"
	"Date: Tue, 14 Nov 2023 22:13:20 GMT\r\n"
	"Transfer-Encoding: chunked\r\n"
	"\r\n";

/* The chunked body Docker writes: one chunk per event line (with its "\n"). */
static void
chunked_events(struct buf *out, const char *const *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf_printf(out, "%zx\r\n%s\n\r\n", strlen(lines[i]) + 1, lines[i]);
	}
}

struct pipeline {
	struct event_lines lines;
	struct strlist seen;  /* "type action id app exit" per event */
	int bad;
};

static void
on_line(const char *line, size_t len, void *ctx)
{
	struct pipeline *p = ctx;
	struct docker_event ev;
	struct buf b = BUF_INIT;

	if (!line || !docker_event_parse(line, len, &ev)) {
		p->bad++;
		return;
	}
	buf_printf(&b, "%s %s %.12s %s %d", ev.type, ev.action, ev.id, ev.app, ev.exit_code);
	strlist_add(&p->seen, b.data);
	buf_free(&b);
}

/* http_parse_head of a whole literal head */
#define HEAD(lit, r, fr, len) http_parse_head(lit, sizeof lit - 1, false, r, fr, len)

static void
test_pipeline(void)
{
	static const char *const lines[] = { ev_start, ev_connect, ev_exec, ev_health, ev_die };
	const char *want = "<container start 4f2c9a1b7e3d app1 -1>,<network connect 9e1d2c3b4a5f  -1>,"
	                   "<container exec_start 4f2c9a1b7e3d app1 -1>,<container health_status 4f2c9a1b7e3d  -1>,"
	                   "<container die 4f2c9a1b7e3d app1 137>";
	struct http_response r;
	enum http_framing framing;
	size_t length = 99, hl = strlen(events_head), cut, used;
	struct buf body = BUF_INIT, all = BUF_INIT;
	int every_cut = 1, every_head = 1;

	http_response_init(&r);
	CHECK(http_parse_head(events_head, hl, false, &r, &framing, &length) == HTTP_COMPLETE &&
	      r.status == 200 && framing == HTTP_FRAMING_CHUNKED && r.consumed == hl && r.keep_alive &&
	      tap_streq(r.api_version, "1.41") && tap_streq(r.content_type, "application/json") && r.body.len == 0,
	      "the /events head: 200, chunked, Api-Version 1.41");
	for (cut = 0; cut < hl; cut++)
		if (http_parse_head(events_head, cut, false, &r, &framing, &length) != HTTP_INCOMPLETE)
			every_head = 0;
	CHECK(every_head, "every prefix of the head is incomplete");
	CHECK(http_parse_head(events_head, hl - 1, true, &r, &framing, &length) == HTTP_INVALID,
	      "a head cut by the end of the connection is invalid");
	{
		struct buf b = BUF_INIT;
		buf_puts(&b, "HTTP/1.1 100 Continue\r\n\r\n");
		buf_puts(&b, events_head);
		buf_puts(&b, "5\r\nhello\r\n");
		CHECK(http_parse_head(b.data, b.len, false, &r, &framing, &length) == HTTP_COMPLETE &&
		      r.status == 200 && r.consumed == hl + 25 && framing == HTTP_FRAMING_CHUNKED,
		      "an interim 100 Continue is skipped; consumed covers both heads, not the body");
		buf_free(&b);
	}
	CHECK(HEAD("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n", &r, &framing, &length)
	      == HTTP_COMPLETE && framing == HTTP_FRAMING_LENGTH && length == 12, "Content-Length framing");
	CHECK(HEAD("HTTP/1.0 200 OK\r\n\r\n", &r, &framing, &length) == HTTP_COMPLETE &&
	      framing == HTTP_FRAMING_CLOSE && !r.keep_alive, "HTTP/1.0 without a length: close-delimited");
	CHECK(HEAD("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", &r, &framing, &length)
	      == HTTP_COMPLETE && framing == HTTP_FRAMING_NONE, "304 has no body");
	CHECK(HEAD("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 29\r\n\r\n",
	           &r, &framing, &length) == HTTP_COMPLETE && r.status == 404 &&
	      framing == HTTP_FRAMING_LENGTH && length == 29, "an error status is a complete head too");
	CHECK(HEAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", &r, &framing, &length)
	      == HTTP_INVALID && tap_streq(r.error, "unsupported Transfer-Encoding"),
	      "Transfer-Encoding other than chunked is refused");

	chunked_events(&all, lines, 5);
	buf_puts(&all, "0\r\n\r\n");
	/* the body cut in two at every byte: the same five events */
	for (cut = 0; cut <= all.len; cut++) {
		struct http_dechunker d;
		struct pipeline p;
		enum http_parse_result a, b2 = HTTP_COMPLETE;
		size_t u2 = 0;

		memset(&p, 0, sizeof p);
		event_lines_init(&p.lines);
		http_dechunker_init(&d);
		buf_reset(&body);
		a = http_dechunk(&d, all.data, cut, &body, &used);
		event_lines_feed(&p.lines, body.data ? body.data : "", body.len, on_line, &p);
		buf_reset(&body);
		if (a == HTTP_INCOMPLETE)
			b2 = http_dechunk(&d, all.data + cut, all.len - cut, &body, &u2);
		event_lines_feed(&p.lines, body.data ? body.data : "", body.len, on_line, &p);
		if (b2 != HTTP_COMPLETE || used + u2 != all.len || p.bad || strcmp(joined(&p.seen), want) != 0) {
			if (every_cut)
				printf("# cut at %zu: %d %d used %zu+%zu bad %d: %s\n", cut, a, b2, used, u2, p.bad,
				       joined(&p.seen));
			every_cut = 0;
		}
		strlist_free(&p.seen);
		event_lines_free(&p.lines);
	}
	CHECK(every_cut, "head, chunks, lines, events: the same 5 events however the body is cut (%zu cuts)",
	      all.len + 1);
	{
		/* one byte at a time */
		struct http_dechunker d;
		struct pipeline p;
		size_t i;
		enum http_parse_result res = HTTP_INCOMPLETE;

		memset(&p, 0, sizeof p);
		event_lines_init(&p.lines);
		http_dechunker_init(&d);
		for (i = 0; i < all.len && res == HTTP_INCOMPLETE; i++) {
			buf_reset(&body);
			res = http_dechunk(&d, all.data + i, 1, &body, &used);
			if (body.len)
				event_lines_feed(&p.lines, body.data, body.len, on_line, &p);
		}
		CHECK(res == HTTP_COMPLETE && i == all.len && tap_streq(joined(&p.seen), want),
		      "and one byte at a time");
		strlist_free(&p.seen);
		event_lines_free(&p.lines);
	}
	{
		/* a chunk boundary in the middle of a line, and two lines in one chunk */
		struct http_dechunker d;
		struct buf in = BUF_INIT;
		struct pipeline p;
		size_t half = strlen(ev_start) / 2;

		buf_printf(&in, "%zx\r\n", half);
		buf_append(&in, ev_start, half);
		buf_printf(&in, "\r\n%zx\r\n%s\n%s\n\r\n0\r\n\r\n", strlen(ev_start) - half + 1 + strlen(ev_die) + 1,
		           ev_start + half, ev_die);
		memset(&p, 0, sizeof p);
		event_lines_init(&p.lines);
		http_dechunker_init(&d);
		buf_reset(&body);
		CHECK(http_dechunk(&d, in.data, in.len, &body, &used) == HTTP_COMPLETE && used == in.len,
		      "chunks that do not follow lines decode");
		event_lines_feed(&p.lines, body.data, body.len, on_line, &p);
		CHECK(tap_streq(joined(&p.seen), "<container start 4f2c9a1b7e3d app1 -1>,<container die 4f2c9a1b7e3d app1 137>"),
		      "and give the same events");
		strlist_free(&p.seen);
		event_lines_free(&p.lines);
		buf_free(&in);
	}
	{
		struct http_dechunker d;
		http_dechunker_init(&d);
		buf_reset(&body);
		CHECK(http_dechunk(&d, "1g\r\n", 4, &body, &used) == HTTP_INVALID && d.error != NULL && body.len == 0,
		      "a bad size line: invalid, with a reason");
	}
	buf_free(&body);
	buf_free(&all);
	http_response_free(&r);
}

/* ---- json_elements ---- */

struct elems {
	struct strlist v;
};

static void
on_element(const char *e, size_t n, void *ctx)
{
	strlist_add_n(&((struct elems *)ctx)->v, e, n);
}

/* Feeds s in pieces of `step` bytes: the last result; elements into out. */
static int
elements(const char *s, size_t step, struct elems *out, const char **error)
{
	struct json_elements e;
	size_t n = strlen(s), off = 0;
	int r = 0;

	json_elements_init(&e);
	memset(out, 0, sizeof *out);
	if (!step)
		step = n ? n : 1;
	if (!n)
		r = json_elements_feed(&e, "", 0, on_element, out);
	while (off < n) {
		size_t k = n - off < step ? n - off : step;
		r = json_elements_feed(&e, s + off, k, on_element, out);
		off += k;
	}
	*error = e.error;
	json_elements_free(&e);
	return r;
}

static void
elements_are(const char *s, int want_r, const char *want, const char *want_error)
{
	struct elems el;
	const char *error;
	size_t step;
	int r, same = 1;

	r = elements(s, 0, &el, &error);
	CHECK(r == want_r && tap_streq(joined(&el.v), want) && tap_streq(error, want_error),
	      "json_elements \"%s\" -> %d %s%s", tap_shows(s), want_r, want_error ? want_error : "", want);
	strlist_free(&el.v);
	for (step = 1; step < 8; step++) {
		r = elements(s, step, &el, &error);
		same &= r == want_r && strcmp(joined(&el.v), want) == 0 &&
		        (want_error ? error && strcmp(error, want_error) == 0 : !error);
		strlist_free(&el.v);
	}
	CHECK(same, "  the same in pieces of 1 to 7 bytes");
}

static void
test_elements(void)
{
	const char *list =
		"[{\"Id\":\"" CID "\",\"Names\":[\"/app1.web.1\"],\"Image\":\"dokku/app1:latest\","
		"\"Labels\":{\"com.dokku.app-name\":\"app1\",\"com.dokku.process-type\":\"web\"},\"State\":\"running\","
		"\"HostConfig\":{\"NetworkMode\":\"default\"},\"NetworkSettings\":{\"Networks\":{\"bridge\":"
		"{\"IPAddress\":\"172.17.0.5\",\"Aliases\":null}}}},\n"
		" {\"Id\":\"b\",\"Names\":[\"/x]\"],\"Labels\":{\"k\":\"a,b}\\\"]\"}}]\n";
	struct elems el;
	const char *error;
	int r;

	r = elements(list, 0, &el, &error);
	CHECK(r == 1 && el.v.n == 2 && strncmp(el.v.v[0], "{\"Id\":\"" CID "\"", 72) == 0 &&
	      el.v.v[0][strlen(el.v.v[0]) - 1] == '}' &&
	      tap_streq(el.v.v[1], "{\"Id\":\"b\",\"Names\":[\"/x]\"],\"Labels\":{\"k\":\"a,b}\\\"]\"}}"),
	      "a container list: two elements, brackets and quotes inside strings followed");
	{
		/* each element is valid JSON on its own */
		struct json_token t[64];
		CHECK(el.v.n == 2 && json_parse(el.v.v[0], strlen(el.v.v[0]), t, 64) > 0 &&
		      json_parse(el.v.v[1], strlen(el.v.v[1]), t, 64) > 0, "each element parses on its own");
	}
	strlist_free(&el.v);

	elements_are("[]", 1, "", NULL);
	elements_are(" \n[ \t]\r\n", 1, "", NULL);
	elements_are("[1]", 1, "<1>", NULL);
	elements_are(" [ 1 , \"x\" ,{\"a\":[1,2]} , [[]] ,null ] ", 1, "<1>,<\"x\">,<{\"a\":[1,2]}>,<[[]]>,<null>", NULL);
	elements_are("[\"a,]\\\"[\",\"\\\\\"]", 1, "<\"a,]\\\"[\">,<\"\\\\\">", NULL);
	elements_are("[1,2", 0, "<1>", NULL);
	elements_are("[1,2 ", 0, "<1>", NULL);
	elements_are("", 0, "", NULL);
	elements_are("  ", 0, "", NULL);
	elements_are("[", 0, "", NULL);
	elements_are("{}", -1, "", "not an array");
	elements_are("x[1]", -1, "", "not an array");
	elements_are("[,1]", -1, "", "an empty element");
	elements_are("[1,,2]", -1, "<1>", "an empty element");
	elements_are("[1, ,2]", -1, "<1>", "an empty element");
	elements_are("[1,]", -1, "<1>", "a comma before ']'");
	elements_are("[1}]", -1, "", "unbalanced brackets");
	elements_are("[{]}]", -1, "", "unbalanced brackets");
	elements_are("[1] x", -1, "<1>", "bytes after the array");
	elements_are("[1][2]", -1, "<1>", "bytes after the array");
	elements_are("[1] \n ", 1, "<1>", NULL);
	{
		struct json_elements e;
		struct elems out;
		memset(&out, 0, sizeof out);
		json_elements_init(&e);
		r = json_elements_feed(&e, "[1,,", 4, on_element, &out);
		CHECK(r == -1 && json_elements_feed(&e, "2]", 2, on_element, &out) == -1 && out.v.n == 1,
		      "after an error every feed is -1");
		json_elements_free(&e);
		strlist_free(&out.v);
		json_elements_init(&e);
		r = json_elements_feed(&e, "[1]", 3, on_element, &out);
		CHECK(r == 1 && json_elements_feed(&e, "  ", 2, on_element, &out) == 1 &&
		      json_elements_feed(&e, "", 0, on_element, &out) == 1 &&
		      json_elements_feed(&e, "x", 1, on_element, &out) == -1, "after the ']' only whitespace may come");
		json_elements_free(&e);
		strlist_free(&out.v);
	}
	{
		/* JSON_ELEMENT_MAX: a string element of exactly that size passes, one more byte does not */
		struct buf b = BUF_INIT;
		struct elems out;
		size_t i;

		buf_puts(&b, "[\"");
		for (i = 0; i < JSON_ELEMENT_MAX - 2; i++)
			buf_putc(&b, 'e');
		buf_puts(&b, "\"]");
		r = elements(b.data, 65536, &out, &error);
		CHECK(r == 1 && out.v.n == 1 && strlen(out.v.v[0]) == JSON_ELEMENT_MAX, "an element of JSON_ELEMENT_MAX bytes");
		strlist_free(&out.v);
		buf_reset(&b);
		buf_puts(&b, "[\"");
		for (i = 0; i < JSON_ELEMENT_MAX - 1; i++)
			buf_putc(&b, 'e');
		buf_puts(&b, "\"]");
		r = elements(b.data, 65536, &out, &error);
		CHECK(r == -1 && out.v.n == 0 && tap_streq(error, "an element too large"), "one byte more is refused");
		strlist_free(&out.v);
		r = elements(b.data, 0, &out, &error);
		CHECK(r == -1 && tap_streq(error, "an element too large"), "also when it comes at once");
		strlist_free(&out.v);
		buf_free(&b);
	}
}

int
main(void)
{
	test_event_parse();
	test_event_lines();
	test_pipeline();
	test_elements();
	return tap_done();
}
