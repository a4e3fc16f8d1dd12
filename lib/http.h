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

#endif
