#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "http.h"


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
		if ((eol < 0 && n - off > HTTP_CHUNK_LINE_MAX + 1) || eol > (long)HTTP_CHUNK_LINE_MAX)
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

/*
 * The status line and headers of one response; on HTTP_COMPLETE, *off is
 * where the body starts and *framing and *length say how it is delimited.
 */
static int
parse_head_one(const char *data, size_t len, bool head, bool eof, struct http_response *r,
               enum http_framing *framing, size_t *length, size_t *off_out)
{
	long long content_length = -1;
	bool chunked = false, close = false, http10;
	size_t off;
	long eol;
	int status = 0, i;

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
	*off_out = off;
	*length = 0;
	if (head || status < 200 || status == 204 || status == 304) {
		*framing = HTTP_FRAMING_NONE;
	} else if (chunked) {
		*framing = HTTP_FRAMING_CHUNKED;
	} else if (content_length >= 0) {
		*framing = HTTP_FRAMING_LENGTH;
		*length = (size_t)content_length;
	} else {
		*framing = HTTP_FRAMING_CLOSE;  /* the body runs to the end of the connection */
		r->keep_alive = false;
	}
	return HTTP_COMPLETE;
}

static int
parse_one(const char *data, size_t len, bool head, bool eof, struct http_response *r)
{
	enum http_framing framing;
	size_t off = 0, length = 0, used = 0;
	int res = parse_head_one(data, len, head, eof, r, &framing, &length, &off);

	if (res != HTTP_COMPLETE)
		return res;
	switch (framing) {
	case HTTP_FRAMING_NONE:
		r->consumed = off;
		return HTTP_COMPLETE;
	case HTTP_FRAMING_CHUNKED:
		res = parse_chunked(data + off, len - off, r, &used);
		if (res == HTTP_INCOMPLETE && eof)
			return invalid(r, "truncated chunked body");
		if (res == HTTP_COMPLETE)
			r->consumed = off + used;
		return res;
	case HTTP_FRAMING_LENGTH:
		if (len - off < length)
			return eof ? invalid(r, "truncated body") : HTTP_INCOMPLETE;
		buf_append(&r->body, data + off, length);
		r->consumed = off + length;
		return HTTP_COMPLETE;
	case HTTP_FRAMING_CLOSE:
		break;
	}
	if (len - off > HTTP_MAX_BODY)
		return invalid(r, "body too large");
	if (!eof)
		return HTTP_INCOMPLETE;
	buf_append(&r->body, data + off, len - off);
	r->consumed = len;
	return HTTP_COMPLETE;
}

/* What to parse: a whole response, or only its head (framing and length then set). */
struct parse_mode {
	bool head, eof, head_only;
	enum http_framing *framing;
	size_t *length;
};

static int
parse_at(const char *data, size_t len, struct http_response *r, const struct parse_mode *m)
{
	size_t off = 0;
	int res;

	if (!m->head_only)
		return parse_one(data, len, m->head, m->eof, r);
	res = parse_head_one(data, len, false, m->eof, r, m->framing, m->length, &off);
	if (res == HTTP_COMPLETE)
		r->consumed = off;
	return res;
}

static enum http_parse_result
parse_skipping_interim(const char *data, size_t len, struct http_response *r, const struct parse_mode *m)
{
	size_t skipped = 0;
	int interim, res;

	/* a few interim answers at most: a peer sending them forever is broken */
	for (interim = 0; interim <= 8; interim++) {
		res = parse_at(data + skipped, len - skipped, r, m);
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

enum http_parse_result
http_parse_response(const char *data, size_t len, bool head, bool eof,
                    struct http_response *r)
{
	struct parse_mode m = { head, eof, false, NULL, NULL };

	return parse_skipping_interim(data, len, r, &m);
}

enum http_parse_result
http_parse_head(const char *data, size_t len, bool eof, struct http_response *r,
                enum http_framing *framing, size_t *length)
{
	struct parse_mode m = { false, eof, true, framing, length };

	return parse_skipping_interim(data, len, r, &m);
}

void
http_dechunker_init(struct http_dechunker *d)
{
	memset(d, 0, sizeof(*d));
	d->state = DECHUNK_SIZE;
}

static int
hex_value(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/*
 * One byte of a size or trailer line. A CR counts as the line's end only
 * when an LF follows it (as find_crlf sees lines): returns 2 for a CR that
 * may be one, 1 at the line's end, 0 for a byte of the line (in *c; a CR
 * that was not followed by an LF comes first, the byte after it is held
 * back for the next call), -1 when the line is longer than max.
 */
static int
line_byte(struct http_dechunker *d, char in, size_t max, int *c)
{
	if (d->pending_cr) {
		d->pending_cr = false;
		if (in == '\n')
			return 1;
		d->held = in;  /* the CR was part of the line; in comes next */
		d->has_held = true;
		in = '\r';
	} else if (in == '\r') {
		d->pending_cr = true;
		return 2;  /* nothing yet */
	}
	if (++d->line > max)
		return -1;
	*c = (unsigned char)in;
	return 0;
}

static enum http_parse_result
dechunk_invalid(struct http_dechunker *d, const char *why)
{
	d->error = why;
	d->state = DECHUNK_BROKEN;
	return HTTP_INVALID;
}

enum http_parse_result
http_dechunk(struct http_dechunker *d, const char *in, size_t n, struct buf *out, size_t *used)
{
	size_t i = 0;

	if (d->state == DECHUNK_BROKEN)
		return HTTP_INVALID;  /* it stays invalid, also when fed nothing */
	while (i < n || d->has_held) {
		char ch;
		int c = 0, r;
		bool again = d->has_held;  /* a byte already counted when it came */

		if (d->state == DECHUNK_DONE)
			break;
		if (d->state == DECHUNK_DATA) {
			size_t take = n - i < d->left ? n - i : d->left;
			buf_append(out, in + i, take);
			i += take;
			d->left -= take;
			if (d->left == 0)
				d->state = DECHUNK_DATA_CR;
			continue;
		}
		if (d->has_held) {
			ch = d->held;
			d->has_held = false;
		} else {
			ch = in[i++];
		}
		switch (d->state) {
		case DECHUNK_DATA_CR:
			if (ch != '\r')
				return dechunk_invalid(d, "chunk not terminated by CRLF");
			d->state = DECHUNK_DATA_LF;
			break;
		case DECHUNK_DATA_LF:
			if (ch != '\n')
				return dechunk_invalid(d, "chunk not terminated by CRLF");
			d->state = DECHUNK_SIZE;
			d->line = d->size = 0;
			d->digits = d->in_extension = false;
			break;
		case DECHUNK_SIZE:
			r = line_byte(d, ch, HTTP_CHUNK_LINE_MAX, &c);
			if (r == 2)
				break;
			if (r < 0)
				return dechunk_invalid(d, "chunk size line too long");
			if (r == 1) {
				if (!d->digits)
					return dechunk_invalid(d, "bad chunk size");
				d->line = 0;
				if (d->size == 0) {
					d->state = DECHUNK_TRAILER;
				} else {
					d->left = d->size;
					d->state = DECHUNK_DATA;
				}
				break;
			}
			if (d->in_extension)
				break;  /* chunk extensions are ignored */
			if (c == ';' || c == ' ' || c == '\t') {
				d->in_extension = true;
				break;
			}
			if (!isxdigit(c))
				return dechunk_invalid(d, "bad chunk size");
			if (d->size > (HTTP_MAX_BODY >> 4))
				return dechunk_invalid(d, "chunk too large");
			d->size = d->size * 16 + (size_t)hex_value(c);
			d->digits = true;
			break;
		case DECHUNK_TRAILER:
			if (!again && ++d->trailers > HTTP_MAX_HEADER)
				return dechunk_invalid(d, "trailers too long");
			r = line_byte(d, ch, HTTP_MAX_HEADER, &c);
			if (r == 2 || r == 0)
				break;
			if (r < 0)
				return dechunk_invalid(d, "trailers too long");
			if (d->line == 0)
				d->state = DECHUNK_DONE;  /* the empty line after the last chunk */
			d->line = 0;
			break;
		default:
			break;
		}
	}
	*used = i;
	return d->state == DECHUNK_DONE ? HTTP_COMPLETE : HTTP_INCOMPLETE;
}
