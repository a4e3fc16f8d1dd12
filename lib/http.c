#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "http.h"

#define CHUNK_LINE_MAX ((size_t)1024)

void
http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body);
}

void
http_response_free(struct http_response *r)
{
	buf_free(&r->body);
}

/* Finds "\r\n" in p[0..n); returns its offset or -1. */
static long
find_crlf(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (p[i] == '\r' && p[i + 1] == '\n')
			return (long)i;
	return -1;
}

static void
copy_value(char *dst, size_t size, const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static bool
header_is(const char *line, size_t namelen, const char *name)
{
	return strlen(name) == namelen && strncasecmp(line, name, namelen) == 0;
}

/* Parses a decimal Content-Length; -1 when invalid. */
static long long
parse_length(const char *v, size_t n)
{
	long long x = 0;
	size_t i = 0;

	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	if (i == n)
		return -1;
	for (; i < n && isdigit((unsigned char)v[i]); i++) {
		x = x * 10 + (v[i] - '0');
		if (x > (long long)HTTP_MAX_BODY)
			return -1;
	}
	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	return i == n ? x : -1;
}

static enum http_parse_result
invalid(struct http_response *r, const char *why)
{
	r->error = why;
	return HTTP_INVALID;
}

/* Decodes a chunked body starting at p[0..n). */
static enum http_parse_result
parse_chunked(const char *p, size_t n, struct http_response *r, size_t *used)
{
	size_t off = 0;

	for (;;) {
		long eol = find_crlf(p + off, n - off);
		size_t size = 0, i;
		bool digits = false;

		/* the same limit whether or not the line's end (CR LF) has arrived yet */
		if ((eol < 0 && n - off > CHUNK_LINE_MAX + 1) || eol > (long)CHUNK_LINE_MAX)
			return invalid(r, "chunk size line too long");
		if (eol < 0)
			return HTTP_INCOMPLETE;
		for (i = 0; i < (size_t)eol; i++) {
			int c = (unsigned char)p[off + i], d;
			if (c == ';' || c == ' ' || c == '\t')
				break;  /* chunk extensions are ignored */
			if (!isxdigit(c))
				return invalid(r, "bad chunk size");
			d = isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10);
			if (size > (HTTP_MAX_BODY >> 4))
				return invalid(r, "chunk too large");
			size = size * 16 + (size_t)d;
			digits = true;
		}
		if (!digits)
			return invalid(r, "bad chunk size");
		off += (size_t)eol + 2;
		if (size == 0) {
			size_t trailers = off;
			/* trailers, up to an empty line */
			for (;;) {
				if (off - trailers > HTTP_MAX_HEADER)
					return invalid(r, "trailers too long");
				eol = find_crlf(p + off, n - off);
				if ((eol < 0 && n - off > HTTP_MAX_HEADER + 1) || eol > (long)HTTP_MAX_HEADER)
					return invalid(r, "trailers too long");
				if (eol < 0)
					return HTTP_INCOMPLETE;
				off += (size_t)eol + 2;
				if (eol == 0) {
					*used = off;
					return HTTP_COMPLETE;
				}
			}
		}
		if (r->body.len + size > HTTP_MAX_BODY)
			return invalid(r, "body too large");
		if (n - off < size + 2)
			return HTTP_INCOMPLETE;
		if (p[off + size] != '\r' || p[off + size + 1] != '\n')
			return invalid(r, "chunk not terminated by CRLF");
		buf_append(&r->body, p + off, size);
		off += size + 2;
	}
}

/* HTTP_INTERIM: a 1xx answer of r->consumed bytes, to be skipped. */
#define HTTP_INTERIM 2

static int
parse_one(const char *data, size_t len, bool head, bool eof, struct http_response *r)
{
	long long content_length = -1;
	bool chunked = false, close = false, http10;
	size_t off, used = 0;
	long eol;
	int status = 0, i;
	int res;

	buf_reset(&r->body);
	r->status = 0;
	r->content_type[0] = r->api_version[0] = '\0';
	r->error = NULL;
	r->consumed = 0;

	/* status line: HTTP/1.x NNN reason */
	eol = find_crlf(data, len > HTTP_MAX_HEADER ? HTTP_MAX_HEADER : len);
	if (eol < 0) {
		if (len >= HTTP_MAX_HEADER)
			return invalid(r, "status line too long");
		return eof ? invalid(r, "truncated response") : HTTP_INCOMPLETE;
	}
	if (eol < 12 || strncmp(data, "HTTP/1.", 7) != 0 ||
	    (data[7] != '0' && data[7] != '1') || data[8] != ' ')
		return invalid(r, "malformed status line");
	http10 = data[7] == '0';
	for (i = 9; i < 12; i++) {
		if (!isdigit((unsigned char)data[i]))
			return invalid(r, "malformed status line");
		status = status * 10 + (data[i] - '0');
	}
	if (eol > 12 && data[12] != ' ')
		return invalid(r, "malformed status line");
	if (status < 100)
		return invalid(r, "malformed status code");
	off = (size_t)eol + 2;

	/* headers */
	for (;;) {
		const char *line = data + off, *colon;
		size_t namelen, vlen;

		if (off > HTTP_MAX_HEADER)
			return invalid(r, "headers too long");
		eol = find_crlf(line, len - off);
		if (eol < 0) {
			if (len - off > HTTP_MAX_HEADER)
				return invalid(r, "headers too long");
			return eof ? invalid(r, "truncated response") : HTTP_INCOMPLETE;
		}
		off += (size_t)eol + 2;
		if (eol == 0)
			break;
		colon = memchr(line, ':', (size_t)eol);
		if (!colon || colon == line)
			return invalid(r, "malformed header");
		namelen = (size_t)(colon - line);
		vlen = (size_t)eol - namelen - 1;
		if (header_is(line, namelen, "Content-Length")) {
			long long cl = parse_length(colon + 1, vlen);
			if (cl < 0 || (content_length >= 0 && cl != content_length))
				return invalid(r, "bad Content-Length");
			content_length = cl;
		} else if (header_is(line, namelen, "Transfer-Encoding")) {
			char v[64];
			copy_value(v, sizeof(v), colon + 1, vlen);
			if (strcasecmp(v, "chunked") != 0)
				return invalid(r, "unsupported Transfer-Encoding");
			chunked = true;
		} else if (header_is(line, namelen, "Connection")) {
			char v[64];
			copy_value(v, sizeof(v), colon + 1, vlen);
			close = strcasecmp(v, "close") == 0;
		} else if (header_is(line, namelen, "Content-Type")) {
			copy_value(r->content_type, sizeof(r->content_type), colon + 1, vlen);
		} else if (header_is(line, namelen, "Api-Version")) {
			copy_value(r->api_version, sizeof(r->api_version), colon + 1, vlen);
		}
	}
	/* an interim 1xx (but 101) answer precedes the real one: skip it */
	if (status >= 100 && status < 200 && status != 101) {
		r->consumed = off;
		return HTTP_INTERIM;
	}
	r->status = status;
	r->keep_alive = !close && !http10;

	if (head || status < 200 || status == 204 || status == 304) {
		r->consumed = off;
		return HTTP_COMPLETE;
	}
	if (chunked) {
		res = parse_chunked(data + off, len - off, r, &used);
		if (res == HTTP_INCOMPLETE && eof)
			return invalid(r, "truncated chunked body");
		if (res == HTTP_COMPLETE)
			r->consumed = off + used;
		return res;
	}
	if (content_length >= 0) {
		if (len - off < (size_t)content_length)
			return eof ? invalid(r, "truncated body") : HTTP_INCOMPLETE;
		buf_append(&r->body, data + off, (size_t)content_length);
		r->consumed = off + (size_t)content_length;
		return HTTP_COMPLETE;
	}
	/* no length: the body runs to the end of the connection */
	r->keep_alive = false;
	if (len - off > HTTP_MAX_BODY)
		return invalid(r, "body too large");
	if (!eof)
		return HTTP_INCOMPLETE;
	buf_append(&r->body, data + off, len - off);
	r->consumed = len;
	return HTTP_COMPLETE;
}

enum http_parse_result
http_parse_response(const char *data, size_t len, bool head, bool eof,
                    struct http_response *r)
{
	size_t skipped = 0;
	int interim, res;

	/* a few interim answers at most: a peer sending them forever is broken */
	for (interim = 0; interim <= 8; interim++) {
		res = parse_one(data + skipped, len - skipped, head, eof, r);
		if (res != HTTP_INTERIM) {
			if (res == HTTP_COMPLETE)
				r->consumed += skipped;
			return (enum http_parse_result)res;
		}
		skipped += r->consumed;
	}
	r->consumed = 0; /* as on every result but HTTP_COMPLETE */
	r->error = "too many interim (1xx) responses";
	return HTTP_INVALID;
}
