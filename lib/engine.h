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

/* The API range this library has been checked against (engine-api-notes 2.5). */
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

/* Appends s percent-encoded (everything but A-Z a-z 0-9 - . _ ~). */
void url_encode(struct buf *out, const char *s);

#endif
