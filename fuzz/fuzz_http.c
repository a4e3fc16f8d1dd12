/*
 * libFuzzer target for the HTTP/1.x response parser (lib/http.c).
 *
 * The input is what the Docker daemon sent on the connection. It is parsed
 * whole with every combination of the head and eof flags, and then
 * incrementally, as lib/engine.c does after every recv(): for every prefix up
 * to a length, a sample of longer ones and those ending at a CR, reusing one
 * struct http_response.
 * Every parse reads bytes that end where their heap allocation ends, so
 * AddressSanitizer sees a read past the bytes given. Checked:
 *   - the result is one of the three; error is set exactly on HTTP_INVALID;
 *     with eof the result is never HTTP_INCOMPLETE;
 *   - on HTTP_COMPLETE: consumed <= len, status 100..999, body within
 *     HTTP_MAX_BODY and no longer than consumed, no body for HEAD/1xx/204/304,
 *     header copies NUL-terminated within their arrays;
 *   - monotonic: a prefix that is complete stays complete (same status,
 *     consumed, body, headers) for the whole input, with and without eof;
 *     a prefix that is invalid stays invalid (lib/engine.c gives up on the
 *     first HTTP_INVALID, so a later byte must not make it valid);
 *   - a complete response parses the same from exactly its consumed bytes;
 *   - a response completed only by eof is not kept alive.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "http.h"

#define EVERY_PREFIX_UP_TO 128
#define SAMPLED_PREFIXES 64
#define LAST_PREFIXES 8
#define LINE_END_PREFIXES 64

/* What a parse produced, copied out of the reused struct. */
struct outcome {
	enum http_parse_result res;
	const char *error;
	int status;
	bool keep_alive;
	size_t consumed;
	char content_type[128];
	char api_version[32];
	char *body;
	size_t body_len;
};

static const char *
result_name(enum http_parse_result res)
{
	switch (res) {
	case HTTP_COMPLETE: return "HTTP_COMPLETE";
	case HTTP_INCOMPLETE: return "HTTP_INCOMPLETE";
	case HTTP_INVALID: return "HTTP_INVALID";
	}
	return "?";
}

static size_t
bounded_strlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

static void
check_response(enum http_parse_result res, const struct http_response *r, size_t len,
               bool head, bool eof)
{
	FUZZ_CHECK(res == HTTP_INVALID || res == HTTP_INCOMPLETE || res == HTTP_COMPLETE);
	FUZZ_CHECK((res == HTTP_INVALID) == (r->error != NULL));
	if (r->error)
		FUZZ_CHECK(r->error[0] != '\0');
	if (eof)
		FUZZ_CHECK(res != HTTP_INCOMPLETE);
	FUZZ_CHECK(bounded_strlen(r->content_type, sizeof(r->content_type)) < sizeof(r->content_type));
	FUZZ_CHECK(bounded_strlen(r->api_version, sizeof(r->api_version)) < sizeof(r->api_version));
	FUZZ_CHECK(r->body.len <= HTTP_MAX_BODY);
	if (r->body.data)
		FUZZ_CHECK(r->body.data[r->body.len] == '\0' && r->body.len < r->body.cap);
	if (res != HTTP_COMPLETE) {
		FUZZ_CHECK(r->consumed == 0);
		return;
	}
	FUZZ_CHECK(r->consumed > 0 && r->consumed <= len);
	FUZZ_CHECK(r->status >= 100 && r->status <= 999);
	FUZZ_CHECK(r->body.len <= r->consumed);
	if (head || r->status < 200 || r->status == 204 || r->status == 304)
		FUZZ_CHECK(r->body.len == 0);
}

/*
 * The whole input once more in its own allocation; a prefix of it is parsed
 * from a copy at the very end, so that ASan's redzone follows its last byte.
 */
static char *window;

/* Parses data[0..len) (len <= the input size) into r and checks it. */
static enum http_parse_result
parse(const uint8_t *data, size_t size, size_t len, bool head, bool eof, struct http_response *r)
{
	char *at = window + (size - len);
	enum http_parse_result res;

	memmove(at, data, len);
	res = http_parse_response(at, len, head, eof, r);
	check_response(res, r, len, head, eof);
	return res;
}

static void
save(struct outcome *o, enum http_parse_result res, const struct http_response *r)
{
	o->res = res;
	o->error = r->error;
	o->status = r->status;
	o->keep_alive = r->keep_alive;
	o->consumed = r->consumed;
	memcpy(o->content_type, r->content_type, sizeof(o->content_type));
	memcpy(o->api_version, r->api_version, sizeof(o->api_version));
	o->body_len = r->body.len;
	o->body = fuzz_dup(r->body.data ? r->body.data : "", r->body.len);
}

/* Two complete parses of the same response agree on all of it. */
static void
check_same(const struct outcome *a, enum http_parse_result res, const struct http_response *r)
{
	FUZZ_CHECK(a->res == HTTP_COMPLETE && res == HTTP_COMPLETE);
	FUZZ_CHECK(a->status == r->status);
	FUZZ_CHECK(a->consumed == r->consumed);
	FUZZ_CHECK(a->keep_alive == r->keep_alive);
	FUZZ_CHECK(strcmp(a->content_type, r->content_type) == 0);
	FUZZ_CHECK(strcmp(a->api_version, r->api_version) == 0);
	FUZZ_CHECK(fuzz_mem_eq(a->body, a->body_len, r->body.data, r->body.len));
}

/*
 * The prefix lengths to try: all short ones, a spread, the last few, and
 * (up to *line_ends of them) those that end just before or inside a CRLF,
 * where a line is longest without its terminator (the limits on line
 * lengths apply there).
 */
static bool
sampled(const uint8_t *data, size_t p, size_t len, int *line_ends)
{
	size_t step;

	if (p <= EVERY_PREFIX_UP_TO || len - p <= LAST_PREFIXES)
		return true;
	if ((data[p] == '\r' || data[p - 1] == '\r') && *line_ends > 0) {
		--*line_ends;
		return true;
	}
	step = (len - EVERY_PREFIX_UP_TO) / SAMPLED_PREFIXES + 1;
	return (p - EVERY_PREFIX_UP_TO) % step == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome full[2][2]; /* [head][eof] for the whole input */
	struct http_response r;
	enum http_parse_result res;
	int h, e;
	size_t p;

	window = fuzz_xmalloc(size);
	http_response_init(&r);
	for (h = 0; h < 2; h++)
		for (e = 0; e < 2; e++)
			save(&full[h][e], parse(data, size, size, h, e, &r), &r);

	for (h = 0; h < 2; h++) {
		const struct outcome *noeof = &full[h][0], *ateof = &full[h][1];

		/* eof only adds information: complete stays, invalid stays. */
		if (noeof->res == HTTP_COMPLETE) {
			res = parse(data, size, size, h, true, &r);
			check_same(noeof, res, &r);
		}
		if (noeof->res == HTTP_INVALID)
			FUZZ_CHECK(ateof->res == HTTP_INVALID);
		/* A body that ends with the connection is never kept alive. */
		if (noeof->res != HTTP_COMPLETE && ateof->res == HTTP_COMPLETE)
			FUZZ_CHECK(!ateof->keep_alive && ateof->consumed == size);

		/* A complete response parses the same from exactly its bytes. */
		for (e = 0; e < 2; e++) {
			if (full[h][e].res != HTTP_COMPLETE)
				continue;
			res = parse(data, size, full[h][e].consumed, h, e, &r);
			check_same(&full[h][e], res, &r);
		}
	}
	/* HEAD needs only the head: where GET is complete, so is HEAD. */
	for (e = 0; e < 2; e++) {
		if (full[0][e].res == HTTP_COMPLETE) {
			FUZZ_CHECK(full[1][e].res == HTTP_COMPLETE);
			FUZZ_CHECK(full[1][e].status == full[0][e].status);
			FUZZ_CHECK(full[1][e].consumed <= full[0][e].consumed);
		}
		if (full[1][e].res == HTTP_INVALID)
			FUZZ_CHECK(full[0][e].res == HTTP_INVALID);
	}

	/* Incrementally, as the bytes arrive, reusing one response. */
	for (h = 0; h < 2; h++) {
		int line_ends = LINE_END_PREFIXES;

		for (p = 0; p < size; p++) {
			if (!sampled(data, p, size, &line_ends))
				continue;
			res = parse(data, size, p, h, false, &r);
			if (res != HTTP_INCOMPLETE && res != full[h][0].res)
				fprintf(stderr, "head=%d: the first %zu of %zu bytes are %s (%s), all of them %s (%s)\n",
				        h, p, size, result_name(res), r.error ? r.error : "-",
				        result_name(full[h][0].res), full[h][0].error ? full[h][0].error : "-");
			if (res == HTTP_COMPLETE) {
				enum http_parse_result again;

				FUZZ_CHECK(full[h][0].res == HTTP_COMPLETE);
				check_same(&full[h][0], res, &r);
				again = parse(data, size, size, h, true, &r);
				check_same(&full[h][0], again, &r);
			} else if (res == HTTP_INVALID) {
				FUZZ_CHECK(full[h][0].res == HTTP_INVALID);
				FUZZ_CHECK(full[h][1].res == HTTP_INVALID);
			}
			/* at eof after these bytes: any result but incomplete */
			(void)parse(data, size, p, h, true, &r);
		}
	}

	for (h = 0; h < 2; h++)
		for (e = 0; e < 2; e++)
			free(full[h][e].body);
	http_response_free(&r);
	free(window);
	window = NULL;
	return 0;
}
