/*
 * http: a strict parser for one HTTP/1.x response held in memory, separate
 * from the socket code so that it can be tested and fuzzed on its own.
 * Handles Content-Length, chunked transfer coding and close-delimited bodies,
 * and knows which responses carry no body (HEAD, 1xx, 204, 304).
 */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define HTTP_MAX_HEADER ((size_t)64 * 1024)
#define HTTP_MAX_BODY ((size_t)256 * 1024 * 1024)
#define HTTP_CHUNK_LINE_MAX ((size_t)1024)

enum http_parse_result {
	HTTP_INVALID = -1,
	HTTP_INCOMPLETE = 0,
	HTTP_COMPLETE = 1,
};

struct http_response {
	int status;
	bool keep_alive;          /* the server will keep the connection open */
	char content_type[128];
	char api_version[32];     /* the Api-Version header */
	struct buf body;          /* the decoded body */
	size_t consumed;          /* bytes of input making up this response */
	const char *error;        /* why the response is invalid */
};

void http_response_init(struct http_response *r);
void http_response_free(struct http_response *r);

/*
 * Parses data[0..len). `head` says the request was HEAD; `eof` says the peer
 * closed the connection after these bytes. Can be called again with more
 * data (it starts over). On HTTP_INVALID, r->error says why.
 */
enum http_parse_result http_parse_response(const char *data, size_t len, bool head,
                                           bool eof, struct http_response *r);

/* How a response's body is delimited. */
enum http_framing {
	HTTP_FRAMING_NONE,     /* no body (HEAD, 1xx, 204, 304) */
	HTTP_FRAMING_LENGTH,   /* Content-Length */
	HTTP_FRAMING_CHUNKED,  /* Transfer-Encoding: chunked */
	HTTP_FRAMING_CLOSE,    /* up to the end of the connection */
};

/*
 * Parses only the status line and the headers (past interim 1xx answers),
 * for a body that is read as it comes (a stream). On HTTP_COMPLETE,
 * r->consumed is the length of the head and *framing and *length describe the
 * body; r->body is left empty.
 */
enum http_parse_result http_parse_head(const char *data, size_t len, bool eof,
                                       struct http_response *r, enum http_framing *framing,
                                       size_t *length);

/*
 * An incremental decoder of a chunked body that never holds more than a
 * line: bytes may be fed in pieces of any size, cut anywhere.
 */
struct http_dechunker {
	enum {
		DECHUNK_SIZE, DECHUNK_DATA, DECHUNK_DATA_CR, DECHUNK_DATA_LF,
		DECHUNK_TRAILER, DECHUNK_DONE, DECHUNK_BROKEN,
	} state;
	size_t size;        /* of the chunk whose size line is being read */
	size_t left;        /* bytes of the current chunk still to come */
	size_t line;        /* bytes of the current size or trailer line */
	size_t trailers;    /* bytes of trailers so far */
	bool digits, in_extension, pending_cr, has_held;
	char held;          /* a byte that followed a CR inside a line */
	const char *error;  /* why the body is invalid */
};

void http_dechunker_init(struct http_dechunker *d);

/*
 * Feeds in[0..n): the decoded bytes are appended to out, *used says how many
 * input bytes were taken. HTTP_INCOMPLETE: all taken, more to come;
 * HTTP_COMPLETE: the last chunk and its trailers ended (bytes after them are
 * not taken); HTTP_INVALID: d->error says why (it stays invalid).
 */
enum http_parse_result http_dechunk(struct http_dechunker *d, const char *in, size_t n,
                                    struct buf *out, size_t *used);

#endif
