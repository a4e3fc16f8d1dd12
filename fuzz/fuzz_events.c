/*
 * libFuzzer target for the code that reads replies as they arrive: Docker's
 * event stream for network:watch (GET /events, a chunked body of JSON lines)
 * and the container list read one container at a time. That is the
 * incremental chunked decoder and http_parse_head (lib/http.c), the line
 * cutter and the event parser (lib/events.c) and the JSON array cutter
 * (lib/json.c).
 *
 * The input is a 10-byte header, then a body:
 *   bytes 0-3  piece lengths, used in turn to cut the stream when it is fed
 *              in pieces (0: an empty piece; all four 0: one byte at a time)
 *   byte 4     0xa1, 0xa2, 0xa3 stretch the body to around a limit
 *              (HTTP_CHUNK_LINE_MAX, HTTP_MAX_HEADER, EVENT_LINE_MAX; other
 *              values leave it as it is): the body is a prefix, a middle and a
 *              suffix, and the middle is repeated (the last copy cut short)
 *              until prefix and copies are exactly the limit + byte 9 - 128
 *              bytes long; the pieces are then 1 + length/4096 times longer
 *              (JSON_ELEMENT_MAX, 1 MiB, would cost too much per run)
 *   bytes 5-6  the prefix length, 7-8 the middle length (little endian,
 *              modulo what the body has left)
 * The resulting stream S is read from a heap block that ends where it ends
 * (each piece from a block of its own), so AddressSanitizer sees any read
 * past the bytes given. Checked:
 *   - http_dechunk on S fed in pieces gives exactly what it gives on S at
 *     once: the result, the decoded bytes (also when invalid), the error and
 *     the bytes used; INCOMPLETE takes the whole piece; after COMPLETE every
 *     call takes nothing and says COMPLETE, after INVALID every call (an
 *     empty one too) says INVALID;
 *   - against http_parse_response on "HTTP/1.1 200 OK\r\nTransfer-Encoding:
 *     chunked\r\n\r\n" + S (without eof): complete together, with the same
 *     body and length; invalid whole response => invalid decoder; invalid
 *     decoder => never a complete response (it may be incomplete: the
 *     decoder checks each byte as it comes, the whole parser waits for a
 *     chunk's data and CRLF); an incomplete response's body so far is a
 *     prefix of what the decoder gave. Outside the limits both share: the
 *     whole parser's 256 MiB body limit (the decoder streams and has none:
 *     it is then still reading that chunk), and trailers past 64 KiB in all
 *     (the decoder's limit, which it must then enforce; the whole parser
 *     limits what precedes each trailer line and each line, so it may
 *     still accept a few bytes more);
 *   - http_parse_head on S as a whole response agrees with
 *     http_parse_response (eof or not): same status, headers and error; the
 *     body is where the framing it reports says (Content-Length, to the
 *     close, none), and when chunked the decoder on what follows the head
 *     agrees with the whole parser as above;
 *   - event_lines on S in pieces emits the same lines (and too-long
 *     reports) as on S at once, and both the lines a plain reference split
 *     gives; each line is 1..EVENT_LINE_MAX bytes without a '\n';
 *   - json_elements on S in pieces emits the same elements, result and
 *     error as at once; when S is a valid JSON array (json_parse) the
 *     elements are exactly its elements' texts, each one complete JSON value
 *     with the same number of tokens, and the result 1; another valid value
 *     gives -1; result 1 with every element valid JSON means S is valid
 *     (within json_parse's 512 levels of nesting);
 *   - the decoder's output, as each call gives it, goes through event_lines
 *     and json_elements as lib/watch.c and lib/docker.c do: the same lines
 *     and elements as the decoded body at once;
 *   - docker_event_parse on every line (an exact-size copy): its string
 *     fields are NUL-terminated within their arrays, whatever was in the
 *     struct before; each equals a reference made with json_object_get and
 *     json_string_decode (cut to the array, at a NUL, the action at ':');
 *     timeNano and exitCode are the numbers they say when they are one
 *     (19 digits at most, the exit code within an int), else 0 and -1;
 *     true exactly when the type and action are not empty (the reference
 *     only for lines up to 4096 bytes: stretched ones would cost too much).
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "events.h"
#include "fuzz_common.h"
#include "http.h"
#include "json.h"
#include "jsonsplit.h"

#define HEADER_BYTES 10
#define MAX_NESTING 512 /* json_parse's limit (lib/json.c MAX_DEPTH) */
#define REF_EVENT_MAX 4096 /* longer lines (stretched ones) skip the reference: time */

static const char chunked_head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

/* ---------------------------------------------------------------- pieces */

struct cutter {
	size_t len[4];
	unsigned next;
};

static void
cutter_init(struct cutter *c, const uint8_t *pattern, size_t scale, unsigned phase)
{
	int k, any = 0;

	for (k = 0; k < 4; k++) {
		c->len[k] = (size_t)pattern[k] * scale;
		any |= pattern[k];
	}
	if (!any)
		for (k = 0; k < 4; k++)
			c->len[k] = scale;
	c->next = phase;
}

static size_t
cutter_next(struct cutter *c, size_t left)
{
	size_t n = c->len[c->next++ % 4];

	return n < left ? n : left;
}

/* ------------------------------------------------------ recorded outputs */

/* A sequence of byte strings (NULL ones too), serialized for comparison. */
struct rec {
	struct buf ser;
	size_t count;
};

#define REC_NULL SIZE_MAX

static void
rec_add(struct rec *r, const char *p, size_t n)
{
	size_t len = p ? n : REC_NULL;

	buf_append(&r->ser, &len, sizeof(len));
	if (p)
		buf_append(&r->ser, p, n);
	r->count++;
}

/* The next entry from *off: false at the end; *p is NULL for a NULL one. */
static bool
rec_next(const struct rec *r, size_t *off, const char **p, size_t *n)
{
	size_t len;

	if (*off >= r->ser.len)
		return false;
	FUZZ_CHECK(r->ser.len - *off >= sizeof(len));
	memcpy(&len, r->ser.data + *off, sizeof(len));
	*off += sizeof(len);
	if (len == REC_NULL) {
		*p = NULL;
		*n = 0;
		return true;
	}
	FUZZ_CHECK(r->ser.len - *off >= len);
	*p = r->ser.data + *off;
	*n = len;
	*off += len;
	return true;
}

static bool
rec_eq(const struct rec *a, const struct rec *b)
{
	return a->count == b->count && fuzz_mem_eq(a->ser.data, a->ser.len, b->ser.data, b->ser.len);
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ----------------------------------------------------------------- lines */

static void
on_line(const char *line, size_t len, void *ctx)
{
	if (line) {
		FUZZ_CHECK(len > 0 && len <= EVENT_LINE_MAX);
		FUZZ_CHECK(memchr(line, '\n', len) == NULL);
	} else {
		FUZZ_CHECK(len == 0);
	}
	rec_add(ctx, line, len);
}

/*
 * What event_lines.h promises, written plainly: the stream split at '\n';
 * a line longer than EVENT_LINE_MAX (its "\r" included) is reported once,
 * also when its '\n' has not come; otherwise one trailing "\r" is dropped
 * and an empty line skipped; an unfinished line is held back.
 */
static void
ref_lines(const char *s, size_t n, struct rec *r)
{
	size_t start = 0, i, len;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		len = i - start;
		if (len > EVENT_LINE_MAX) {
			rec_add(r, NULL, 0);
		} else if (i < n) {
			if (len > 0 && s[i - 1] == '\r')
				len--;
			if (len > 0)
				rec_add(r, s + start, len);
		}
		start = i + 1;
	}
}

static void
lines_at_once(const char *s, size_t n, struct rec *r)
{
	struct event_lines l;

	event_lines_init(&l);
	event_lines_feed(&l, s, n, on_line, r);
	event_lines_free(&l);
}

/* Feeds one piece from a block of its own. */
static void
lines_feed_copy(struct event_lines *l, const char *p, size_t n, struct rec *r)
{
	char *c = fuzz_dup(p, n);

	event_lines_feed(l, c, n, on_line, r);
	free(c);
}

static void
lines_in_pieces(const char *s, size_t n, struct cutter c, struct rec *r)
{
	struct event_lines l;
	size_t off = 0, k;

	event_lines_init(&l);
	do {
		k = cutter_next(&c, n - off);
		lines_feed_copy(&l, s + off, k, r);
		off += k;
	} while (off < n);
	event_lines_free(&l);
}

/* -------------------------------------------------------------- elements */

static void
on_element(const char *el, size_t len, void *ctx)
{
	FUZZ_CHECK(el != NULL && len > 0 && len <= JSON_ELEMENT_MAX);
	FUZZ_CHECK(!is_ws(el[0]) && !is_ws(el[len - 1]));
	rec_add(ctx, el, len);
}

struct elements_run {
	struct rec els;
	int res;
	const char *error;
};

static void
check_elements_result(int res, const struct json_elements *e)
{
	FUZZ_CHECK(res == -1 || res == 0 || res == 1);
	FUZZ_CHECK((res == -1) == (e->error != NULL));
	if (e->error)
		FUZZ_CHECK(e->error[0] != '\0');
	FUZZ_CHECK((res == 1) == (e->done && !e->error) || res == -1);
}

static void
elements_at_once(const char *s, size_t n, struct elements_run *r)
{
	struct json_elements e;

	json_elements_init(&e);
	r->res = json_elements_feed(&e, s, n, on_element, &r->els);
	check_elements_result(r->res, &e);
	r->error = e.error;
	json_elements_free(&e);
}

/* One more piece of an array being fed: the result only moves forward. */
static int
elements_feed_copy(struct json_elements *e, int prev, const char *p, size_t n, struct rec *r)
{
	char *c = fuzz_dup(p, n);
	size_t before = r->count;
	int res = json_elements_feed(e, c, n, on_element, r);

	check_elements_result(res, e);
	if (prev == -1)
		FUZZ_CHECK(res == -1 && r->count == before);
	if (prev == 1)
		FUZZ_CHECK(res != 0 && r->count == before);
	free(c);
	return res;
}

static void
elements_in_pieces(const char *s, size_t n, struct cutter c, struct elements_run *r)
{
	struct json_elements e;
	size_t off = 0, k;
	int res = 0;

	json_elements_init(&e);
	do {
		k = cutter_next(&c, n - off);
		res = elements_feed_copy(&e, res, s + off, k, &r->els);
		off += k;
	} while (off < n);
	r->res = res;
	r->error = e.error;
	json_elements_free(&e);
}

static bool
elements_same(const struct elements_run *a, const struct elements_run *b)
{
	return a->res == b->res && a->error == b->error && rec_eq(&a->els, &b->els);
}

/* The deepest nesting of brackets outside strings. */
static int
max_nesting(const char *s, size_t n)
{
	bool in_string = false, escape = false;
	int depth = 0, max = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (in_string) {
			if (escape)
				escape = false;
			else if (c == '\\')
				escape = true;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return max;
}

/* Tokens of one json_parse (count, then exactly that many). */
static int
parse_all(const char *js, size_t n, struct json_token **toks)
{
	int nt = json_parse(js, n, NULL, 0);

	*toks = NULL;
	if (nt < 1)
		return nt;
	*toks = fuzz_xmalloc((size_t)nt * sizeof(**toks));
	FUZZ_CHECK(json_parse(js, n, *toks, (unsigned)nt) == nt);
	return nt;
}

/* The elements json_elements gave for S (at once) against json_parse. */
static void
check_elements_vs_parse(const char *s, size_t n, const struct elements_run *r)
{
	struct json_token *t;
	struct rec expect = { BUF_INIT, 0 };
	int nt = parse_all(s, n, &t), k;
	size_t off = 0, len;
	const char *el;
	bool all_valid = true;

	/* every element alone: a value, or not */
	while (rec_next(&r->els, &off, &el, &len)) {
		char *copy = fuzz_dup(el, len);
		int ne = json_parse(copy, len, NULL, 0);

		FUZZ_CHECK(ne >= 1 || ne == JSON_ERROR_INVAL || ne == JSON_ERROR_PART);
		if (ne < 1)
			all_valid = false;
		free(copy);
	}
	if (r->res == 1 && all_valid && max_nesting(s, n) <= MAX_NESTING)
		FUZZ_CHECK(nt >= 1);

	if (nt >= 1 && t[0].type != JSON_ARRAY)
		FUZZ_CHECK(r->res == -1);
	if (nt >= 1 && t[0].type == JSON_ARRAY) {
		FUZZ_CHECK(r->res == 1);
		/* the elements are the array's children, byte for byte */
		for (k = 1; k < nt; k = json_skip(t, nt, k)) {
			int quote = t[k].type == JSON_STRING;
			size_t a = (size_t)(t[k].start - quote), b = (size_t)(t[k].end + quote);
			char *copy = fuzz_dup(s + a, b - a);

			FUZZ_CHECK(t[k].parent == 0);
			rec_add(&expect, s + a, b - a);
			/* one complete value, as many tokens as in the array */
			FUZZ_CHECK(json_parse(copy, b - a, NULL, 0) == json_skip(t, nt, k) - k);
			free(copy);
		}
		FUZZ_CHECK(expect.count == (size_t)t[0].size);
		FUZZ_CHECK(rec_eq(&expect, &r->els));
	}
	buf_free(&expect.ser);
	free(t);
}

/* ---------------------------------------------------------------- events */

static bool
nul_within(const char *a, size_t size)
{
	return memchr(a, '\0', size) != NULL;
}

/* The reference value of a string field: decoded, cut to the array, at a NUL. */
static void
ref_string(const char *js, const struct json_token *t, int i, char *dst, size_t size)
{
	struct buf v = BUF_INIT;
	size_t n = 0;

	if (i >= 0 && t[i].type == JSON_STRING) {
		FUZZ_CHECK(json_string_decode(js, t, i, &v));
		n = v.len < size - 1 ? v.len : size - 1;
		memcpy(dst, v.data ? v.data : "", n);
	}
	dst[n] = '\0';
	buf_free(&v);
}

/*
 * A number as events.h describes timeNano and exitCode: a primitive or a
 * string (which may start with '-') of at most 19 characters, all digits,
 * that fits a long long.
 */
static bool
ref_number(const char *js, const struct json_token *t, int i, long long *out)
{
	const char *p, *end;
	bool neg = false;
	long long v = 0;

	if (i < 0 || (t[i].type != JSON_PRIMITIVE && t[i].type != JSON_STRING))
		return false;
	if (t[i].end - t[i].start > 19 || t[i].end == t[i].start)
		return false;
	p = js + t[i].start;
	end = js + t[i].end;
	if (t[i].type == JSON_STRING && *p == '-')
		neg = true, p++;
	if (p == end)
		return false;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (LLONG_MAX - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	return true;
}

static void
check_event_against_ref(const char *js, size_t n, const struct docker_event *ev, bool ok)
{
	struct docker_event want;
	struct json_token *t;
	int nt = parse_all(js, n, &t), actor, attrs;
	long long num;
	char *colon;

	memset(&want, 0, sizeof(want));
	want.exit_code = -1;
	if (nt >= 1 && t[0].type == JSON_OBJECT) {
		ref_string(js, t, json_object_get(js, t, nt, 0, "Type"), want.type, sizeof(want.type));
		ref_string(js, t, json_object_get(js, t, nt, 0, "Action"), want.action, sizeof(want.action));
		if ((colon = strchr(want.action, ':')))
			*colon = '\0';
		if (ref_number(js, t, json_object_get(js, t, nt, 0, "timeNano"), &num))
			want.time_nano = num;
		actor = json_object_get(js, t, nt, 0, "Actor");
		ref_string(js, t, json_object_get(js, t, nt, actor, "ID"), want.id, sizeof(want.id));
		attrs = json_object_get(js, t, nt, actor, "Attributes");
		ref_string(js, t, json_object_get(js, t, nt, attrs, "container"), want.container,
		           sizeof(want.container));
		ref_string(js, t, json_object_get(js, t, nt, attrs, "com.dokku.app-name"), want.app,
		           sizeof(want.app));
		if (ref_number(js, t, json_object_get(js, t, nt, attrs, "exitCode"), &num) && num >= INT_MIN &&
		    num <= INT_MAX)
			want.exit_code = (int)num;
	}
	free(t);

	if (strcmp(want.type, ev->type) != 0 || strcmp(want.action, ev->action) != 0 ||
	    strcmp(want.id, ev->id) != 0 || strcmp(want.container, ev->container) != 0 ||
	    strcmp(want.app, ev->app) != 0 || want.time_nano != ev->time_nano ||
	    want.exit_code != ev->exit_code)
		fprintf(stderr, "docker_event_parse: type=%s action=%s id=%s container=%s app=%s time=%lld exit=%d\n"
		                "reference:          type=%s action=%s id=%s container=%s app=%s time=%lld exit=%d\n",
		        ev->type, ev->action, ev->id, ev->container, ev->app, ev->time_nano, ev->exit_code,
		        want.type, want.action, want.id, want.container, want.app, want.time_nano,
		        want.exit_code);
	FUZZ_CHECK(strcmp(want.type, ev->type) == 0);
	FUZZ_CHECK(strcmp(want.action, ev->action) == 0);
	FUZZ_CHECK(strcmp(want.id, ev->id) == 0);
	FUZZ_CHECK(strcmp(want.container, ev->container) == 0);
	FUZZ_CHECK(strcmp(want.app, ev->app) == 0);
	FUZZ_CHECK(want.time_nano == ev->time_nano);
	FUZZ_CHECK(want.exit_code == ev->exit_code);
	FUZZ_CHECK(ok == (want.type[0] != '\0' && want.action[0] != '\0'));
}

static void
check_event_fields(const struct docker_event *ev)
{
	FUZZ_CHECK(nul_within(ev->type, sizeof(ev->type)));
	FUZZ_CHECK(nul_within(ev->action, sizeof(ev->action)));
	FUZZ_CHECK(nul_within(ev->id, sizeof(ev->id)));
	FUZZ_CHECK(nul_within(ev->container, sizeof(ev->container)));
	FUZZ_CHECK(nul_within(ev->app, sizeof(ev->app)));
	FUZZ_CHECK(strchr(ev->action, ':') == NULL);
}

static void
check_event(const char *line, size_t n)
{
	char *js = fuzz_dup(line, n);
	struct docker_event ev;
	bool ok;

	memset(&ev, 0xA5, sizeof(ev));  /* no terminator anywhere */
	ok = docker_event_parse(js, n, &ev);
	check_event_fields(&ev);
	if (n <= REF_EVENT_MAX)
		check_event_against_ref(js, n, &ev, ok);
	free(js);
}

static void
check_events_of(const struct rec *lines)
{
	size_t off = 0, len;
	const char *line;

	while (rec_next(lines, &off, &line, &len))
		if (line)
			check_event(line, len);
}

/* --------------------------------------------------------- chunked body */

struct dechunked {
	enum http_parse_result res;
	struct buf out;
	size_t used;        /* input bytes taken (not on HTTP_INVALID) */
	const char *error;
	struct http_dechunker d;
};

static void
check_dechunk_result(enum http_parse_result res, const struct http_dechunker *d)
{
	FUZZ_CHECK(res == HTTP_INVALID || res == HTTP_INCOMPLETE || res == HTTP_COMPLETE);
	FUZZ_CHECK((res == HTTP_INVALID) == (d->error != NULL));
	if (d->error)
		FUZZ_CHECK(d->error[0] != '\0');
}

static void
dechunk_at_once(const char *s, size_t n, struct dechunked *r)
{
	size_t used = SIZE_MAX;

	http_dechunker_init(&r->d);
	buf_init(&r->out);
	r->res = http_dechunk(&r->d, s, n, &r->out, &used);
	check_dechunk_result(r->res, &r->d);
	if (r->res == HTTP_INCOMPLETE)
		FUZZ_CHECK(used == n);
	if (r->res == HTTP_COMPLETE)
		FUZZ_CHECK(used <= n);
	r->used = r->res == HTTP_INVALID ? 0 : used;
	r->error = r->d.error;
}

/* What the decoder's output goes through as it comes (lib/watch.c, lib/docker.c). */
struct pipeline {
	struct event_lines lines;
	struct rec line_rec;
	struct json_elements els;
	struct elements_run el_run;
};

/* One call with a piece in a block of its own; checks what it may do after prev. */
static enum http_parse_result
dechunk_piece(struct dechunked *r, enum http_parse_result prev, const char *p, size_t n,
              struct pipeline *pl, size_t *taken)
{
	char *piece = fuzz_dup(p, n);
	size_t before = r->out.len, used = SIZE_MAX;
	enum http_parse_result res = http_dechunk(&r->d, piece, n, &r->out, &used);

	check_dechunk_result(res, &r->d);
	if (prev == HTTP_INVALID)
		FUZZ_CHECK(res == HTTP_INVALID && r->out.len == before);
	if (prev == HTTP_COMPLETE)
		FUZZ_CHECK(res == HTTP_COMPLETE && used == 0 && r->out.len == before);
	if (res == HTTP_INCOMPLETE)
		FUZZ_CHECK(used == n);
	if (res == HTTP_COMPLETE)
		FUZZ_CHECK(used <= n);
	if (res != HTTP_INVALID)
		*taken += used;
	if (r->out.len > before) {
		const char *fresh = r->out.data + before;
		size_t k = r->out.len - before;

		lines_feed_copy(&pl->lines, fresh, k, &pl->line_rec);
		pl->el_run.res = elements_feed_copy(&pl->els, pl->el_run.res, fresh, k, &pl->el_run.els);
	}
	free(piece);
	return res;
}

static void
dechunk_in_pieces(const char *s, size_t n, struct cutter c, struct dechunked *r, struct pipeline *pl)
{
	enum http_parse_result res = HTTP_INCOMPLETE;
	size_t off = 0, k, taken = 0;

	http_dechunker_init(&r->d);
	buf_init(&r->out);
	do {
		k = cutter_next(&c, n - off);
		res = dechunk_piece(r, res, s + off, k, pl, &taken);
		off += k;
	} while (off < n);
	/* one more, empty: nothing changes */
	res = dechunk_piece(r, res, s + n, 0, pl, &taken);
	r->res = res;
	r->used = res == HTTP_INVALID ? 0 : taken;
	r->error = r->d.error;
}

static void
check_dechunked_same(const struct dechunked *a, const struct dechunked *b)
{
	if (a->res != b->res || a->used != b->used || a->error != b->error)
		fprintf(stderr, "at once: res %d used %zu (%s); in pieces: res %d used %zu (%s)\n", a->res, a->used,
		        a->error ? a->error : "-", b->res, b->used, b->error ? b->error : "-");
	FUZZ_CHECK(a->res == b->res);
	FUZZ_CHECK(a->used == b->used);
	FUZZ_CHECK(a->error == b->error);
	FUZZ_CHECK(fuzz_mem_eq(a->out.data, a->out.len, b->out.data, b->out.len));
}

/*
 * Where the trailers of a chunked body (that the whole parser accepted)
 * start: walked plainly, size line by size line.
 */
static size_t
trailers_start(const char *p, size_t n)
{
	size_t off = 0;

	for (;;) {
		size_t eol = off, size = 0;

		while (eol + 1 < n && !(p[eol] == '\r' && p[eol + 1] == '\n'))
			eol++;
		FUZZ_CHECK(eol + 1 < n);
		for (; off < eol && p[off] != ';' && p[off] != ' ' && p[off] != '\t'; off++) {
			char c = p[off];
			size = size * 16 + (size_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
		off = eol + 2;
		if (size == 0)
			return off;
		off += size + 2;
	}
}

/*
 * The decoder's result dc on resp[head..len) against the whole-response
 * parser on resp[0..len), whose head says the body is chunked.
 */
static void
check_dechunk_vs_whole(const char *resp, size_t len, size_t head, const struct dechunked *dc)
{
	struct http_response w;
	enum http_parse_result r0;
	const char *body = resp + head;

	http_response_init(&w);
	r0 = http_parse_response(resp, len, false, false, &w);
	if (r0 != dc->res && !(r0 == HTTP_INCOMPLETE && dc->res == HTTP_INVALID))
		fprintf(stderr, "whole response: res %d (%s); decoder: res %d (%s)\n", r0, w.error ? w.error : "-",
		        dc->res, dc->error ? dc->error : "-");
	if (r0 == HTTP_COMPLETE) {
		size_t tlen;

		FUZZ_CHECK(w.consumed >= head);
		tlen = w.consumed - head - trailers_start(body, w.consumed - head);
		if (tlen > HTTP_MAX_HEADER) {
			/* past the decoder's limit on all the trailers */
			FUZZ_CHECK(dc->res == HTTP_INVALID && strcmp(dc->error, "trailers too long") == 0);
		} else {
			FUZZ_CHECK(dc->res == HTTP_COMPLETE);
			FUZZ_CHECK(dc->used == w.consumed - head);
			FUZZ_CHECK(fuzz_mem_eq(dc->out.data, dc->out.len, w.body.data, w.body.len));
		}
	} else if (r0 == HTTP_INVALID) {
		if (strcmp(w.error, "body too large") == 0) {
			/* the decoder has no limit on the whole: still in that chunk */
			FUZZ_CHECK(dc->res == HTTP_INCOMPLETE && dc->d.state == DECHUNK_DATA &&
			           dc->out.len + dc->d.left > HTTP_MAX_BODY);
		} else {
			FUZZ_CHECK(dc->res == HTTP_INVALID);
		}
	} else {
		/* the decoder may see a broken chunk before the whole parser does */
		FUZZ_CHECK(dc->res != HTTP_COMPLETE);
		FUZZ_CHECK(w.body.len <= dc->out.len);
		FUZZ_CHECK(w.body.len == 0 || memcmp(w.body.data, dc->out.data, w.body.len) == 0);
	}
	http_response_free(&w);
}

/* http_parse_head on S as a whole response, against http_parse_response. */
static void
check_head(const char *s, size_t n)
{
	struct http_response h, w;
	int eof;

	http_response_init(&h);
	http_response_init(&w);
	for (eof = 0; eof < 2; eof++) {
		enum http_framing framing = HTTP_FRAMING_NONE;
		size_t length = SIZE_MAX, rest;
		enum http_parse_result rh = http_parse_head(s, n, eof, &h, &framing, &length);
		enum http_parse_result rw = http_parse_response(s, n, false, eof, &w);

		FUZZ_CHECK((rh == HTTP_INVALID) == (h.error != NULL));
		FUZZ_CHECK(h.body.len == 0);
		if (rh == HTTP_INVALID) {
			FUZZ_CHECK(rw == HTTP_INVALID && strcmp(h.error, w.error) == 0);
			continue;
		}
		if (rh == HTTP_INCOMPLETE) {
			FUZZ_CHECK(!eof && rw == HTTP_INCOMPLETE);
			continue;
		}
		FUZZ_CHECK(h.consumed > 0 && h.consumed <= n);
		FUZZ_CHECK(h.status >= 200 || h.status == 101);
		FUZZ_CHECK(h.status <= 999);
		FUZZ_CHECK(framing == HTTP_FRAMING_LENGTH ? length <= HTTP_MAX_BODY : length == 0);
		rest = n - h.consumed;
		if (rw == HTTP_COMPLETE) {
			FUZZ_CHECK(w.status == h.status && w.keep_alive == h.keep_alive);
			FUZZ_CHECK(strcmp(w.content_type, h.content_type) == 0);
			FUZZ_CHECK(strcmp(w.api_version, h.api_version) == 0);
			FUZZ_CHECK(w.consumed >= h.consumed);
		}
		switch (framing) {
		case HTTP_FRAMING_NONE:
			FUZZ_CHECK(h.status < 200 || h.status == 204 || h.status == 304);
			FUZZ_CHECK(rw == HTTP_COMPLETE && w.consumed == h.consumed && w.body.len == 0);
			break;
		case HTTP_FRAMING_LENGTH:
			if (rest >= length) {
				FUZZ_CHECK(rw == HTTP_COMPLETE && w.consumed == h.consumed + length);
				FUZZ_CHECK(fuzz_mem_eq(w.body.data, w.body.len, s + h.consumed, length));
			} else {
				FUZZ_CHECK(rw == (eof ? HTTP_INVALID : HTTP_INCOMPLETE));
			}
			break;
		case HTTP_FRAMING_CLOSE:
			FUZZ_CHECK(!h.keep_alive);
			if (eof) {
				FUZZ_CHECK(rw == HTTP_COMPLETE && w.consumed == n);
				FUZZ_CHECK(fuzz_mem_eq(w.body.data, w.body.len, s + h.consumed, rest));
			} else {
				FUZZ_CHECK(rw == HTTP_INCOMPLETE);
			}
			break;
		case HTTP_FRAMING_CHUNKED:
			if (!eof) {
				struct dechunked dc;

				dechunk_at_once(s + h.consumed, rest, &dc);
				check_dechunk_vs_whole(s, n, h.consumed, &dc);
				buf_free(&dc.out);
			} else if (rw != HTTP_COMPLETE) {
				FUZZ_CHECK(rw == HTTP_INVALID);
			}
			break;
		}
	}
	http_response_free(&h);
	http_response_free(&w);
}

/* ------------------------------------------------------------ the input */

static const size_t limits[3] = {
	HTTP_CHUNK_LINE_MAX, HTTP_MAX_HEADER, EVENT_LINE_MAX,
};

/*
 * The stream: the body, or with byte 4's bits set its middle repeated so
 * that prefix and copies are the chosen length. *scale is by how much the
 * pieces grow.
 */
static char *
make_stream(const uint8_t *hdr, const uint8_t *body, size_t n, size_t *len, size_t *scale)
{
	size_t pre, mid, fill, total, k;
	unsigned sel = hdr[4];
	char *s;

	*scale = 1;
	if (sel < 0xa1 || sel > 0xa3) {
		*len = n;
		return fuzz_dup(body, n);
	}
	pre = ((size_t)hdr[5] | (size_t)hdr[6] << 8) % (n + 1);
	mid = ((size_t)hdr[7] | (size_t)hdr[8] << 8) % (n - pre + 1);
	if (mid == 0) {
		*len = n;
		return fuzz_dup(body, n);
	}
	fill = limits[sel - 0xa1] + hdr[9] - 128;
	fill = fill > pre ? fill - pre : 0;
	total = pre + fill + (n - pre - mid);
	s = fuzz_xmalloc(total);
	memcpy(s, body, pre);
	for (k = 0; k < fill; k += mid)
		memcpy(s + pre + k, body + pre, fill - k < mid ? fill - k : mid);
	memcpy(s + pre + fill, body + pre + mid, n - pre - mid);
	*len = total;
	*scale = 1 + total / 4096;
	return s;
}

/* The decoder at once and in pieces, its output going on as it comes. */
static void
check_chunked(const char *s, size_t n, const uint8_t *hdr, size_t scale)
{
	const size_t head = sizeof(chunked_head) - 1;
	struct dechunked once, pieces;
	struct pipeline pl;
	struct cutter cut;
	struct rec lines = { BUF_INIT, 0 };
	struct elements_run els = { { BUF_INIT, 0 }, 0, NULL };
	const char *out;
	char *resp;

	dechunk_at_once(s, n, &once);
	memset(&pl, 0, sizeof(pl));
	event_lines_init(&pl.lines);
	json_elements_init(&pl.els);
	cutter_init(&cut, hdr, scale, 0);
	dechunk_in_pieces(s, n, cut, &pieces, &pl);
	check_dechunked_same(&once, &pieces);

	resp = fuzz_xmalloc(head + n);
	memcpy(resp, chunked_head, head);
	memcpy(resp + head, s, n);
	check_dechunk_vs_whole(resp, head + n, head, &once);
	free(resp);

	/* the decoded body at once: the same lines and elements */
	out = once.out.data ? once.out.data : "";
	lines_at_once(out, once.out.len, &lines);
	FUZZ_CHECK(rec_eq(&lines, &pl.line_rec));
	elements_at_once(out, once.out.len, &els);
	pl.el_run.error = pl.els.error;
	FUZZ_CHECK(elements_same(&els, &pl.el_run));
	check_events_of(&lines);

	event_lines_free(&pl.lines);
	json_elements_free(&pl.els);
	buf_free(&pl.line_rec.ser);
	buf_free(&pl.el_run.els.ser);
	buf_free(&lines.ser);
	buf_free(&els.els.ser);
	buf_free(&once.out);
	buf_free(&pieces.out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[HEADER_BYTES] = { 0 };
	struct cutter cut;
	struct rec a = { BUF_INIT, 0 }, b = { BUF_INIT, 0 }, c = { BUF_INIT, 0 };
	struct elements_run ea = { { BUF_INIT, 0 }, 0, NULL }, eb = { { BUF_INIT, 0 }, 0, NULL };
	size_t n, scale;
	char *s;

	memcpy(hdr, data, size < HEADER_BYTES ? size : HEADER_BYTES);
	if (size > HEADER_BYTES)
		s = make_stream(hdr, data + HEADER_BYTES, size - HEADER_BYTES, &n, &scale);
	else
		s = make_stream(hdr, data, 0, &n, &scale);

	/* S as a chunked body */
	check_chunked(s, n, hdr, scale);

	/* S as a whole response: its head alone against all of it */
	check_head(s, n);

	/* S as lines: at once, in pieces, by the reference; each line an event */
	lines_at_once(s, n, &a);
	cutter_init(&cut, hdr, scale, 1);
	lines_in_pieces(s, n, cut, &b);
	ref_lines(s, n, &c);
	FUZZ_CHECK(rec_eq(&a, &b));
	FUZZ_CHECK(rec_eq(&a, &c));
	check_events_of(&a);

	/* S as an array: at once, in pieces, against json_parse */
	elements_at_once(s, n, &ea);
	cutter_init(&cut, hdr, scale, 2);
	elements_in_pieces(s, n, cut, &eb);
	FUZZ_CHECK(elements_same(&ea, &eb));
	check_elements_vs_parse(s, n, &ea);

	buf_free(&a.ser);
	buf_free(&b.ser);
	buf_free(&c.ser);
	buf_free(&ea.els.ser);
	buf_free(&eb.els.ser);
	free(s);
	return 0;
}
