/*
 * engine: a small client for the Docker Engine API over the daemon socket
 * (DOCKER_HOST unix:// or plain tcp://). One keep-alive connection per
 * process, the API version negotiated once through /_ping, deadlines on
 * connect and on every read and write. It never runs the docker CLI.
 */
#ifndef ENGINE_H
#define ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "http.h"

/* The API range this library has been checked against (doc/design.md §14.2). */
#define ENGINE_API_MIN 1041 /* 1.41, Docker 20.10 */
#define ENGINE_API_MAX 1052 /* 1.52, Docker 29.0 */

struct engine_reply {
	int status;
	struct buf body;
	char content_type[128];
	char api_version[32]; /* the Api-Version header, if any */
};

void engine_reply_init(struct engine_reply *r);
void engine_reply_free(struct engine_reply *r);

/*
 * Sends one request to the versioned path (`path` starts with '/', e.g.
 * "/networks"; the "/v1.NN" prefix is added) and waits for the reply.
 * body may be NULL. Returns false when no HTTP reply could be had (daemon
 * down, timeout, garbage); engine_error() then says why in one line.
 * Any HTTP status counts as a reply: check reply->status.
 */
bool engine_request(const char *method, const char *path, const char *body,
                    struct engine_reply *reply);

/*
 * Bounds everything the process still asks of the daemon (connect,
 * negotiation, requests) to end within ms from now: for a lookup that only
 * helps, where a slow daemon must not hold the command up.
 */
void engine_limit_total(int ms);

/* The last transport error, one line. */
const char *engine_error(void);

/*
 * The daemon's error text for a non-2xx reply: the JSON "message", else the
 * trimmed body, else "HTTP <status>". Written into out (reset first).
 */
void engine_reply_message(const struct engine_reply *r, struct buf *out);

/* The negotiated API version as major*1000+minor (negotiates if needed), or -1. */
int engine_api_version(void);

/* Closes the connection (also done at exit). */
void engine_close(void);

/*
 * A reply whose body is read as it comes (GET /events), on a connection of
 * its own so that requests can go on beside it.
 */
struct engine_stream {
	int fd;
	enum http_framing framing;
	size_t left;                /* body bytes still to come (Content-Length) */
	struct http_dechunker dc;
	struct buf raw;             /* bytes read, not yet decoded */
	bool ended;                 /* the whole body has been read */
};

void engine_stream_init(struct engine_stream *s);

/*
 * Sends GET path (versioned) on a new connection and reads the reply's
 * head. False, with engine_error() set, when the daemon cannot be reached
 * or answers anything but 200 (its message is in the error); the stream
 * is then closed already.
 */
bool engine_stream_open(struct engine_stream *s, const char *path);

/* The connection, to poll for POLLIN; -1 when closed. */
int engine_stream_fd(const struct engine_stream *s);

enum {
	ENGINE_STREAM_ERROR = -1,  /* closed, reset or invalid: engine_error() says why */
	ENGINE_STREAM_WAIT = 0,    /* nothing arrived within the timeout */
	ENGINE_STREAM_DATA = 1,    /* bytes were read (maybe no whole body byte yet) */
	ENGINE_STREAM_END = 2,     /* the body is complete */
};

/*
 * Waits up to timeout_ms (0: not at all, -1: for ever) for more of the
 * reply and appends the decoded body bytes to out.
 */
int engine_stream_next(struct engine_stream *s, struct buf *out, int timeout_ms);

void engine_stream_close(struct engine_stream *s);

/* Appends s percent-encoded (everything but A-Z a-z 0-9 - . _ ~). */
void url_encode(struct buf *out, const char *s);

#endif
