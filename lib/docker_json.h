/*
 * docker_json: what docker_network.c and docker_container.c share (not for
 * other modules): one request with its JSON answer, one request without,
 * and reading fields of the answer.
 */
#ifndef DOCKER_JSON_H
#define DOCKER_JSON_H

#include <stdbool.h>

#include "buf.h"
#include "docker.h"
#include "engine.h"
#include "json.h"

/* A parsed JSON document: the text and its tokens. */
struct json_doc {
	const char *js;
	size_t len;
	struct json_token *t;
	int n;
};

/* A reply and its parsed body (which points into the reply). */
struct docker_answer {
	struct engine_reply reply;
	struct json_doc doc;
};

void docker_answer_free(struct docker_answer *a);

/*
 * GET path, expecting 200 and a JSON value of the given type: DOCKER_FOUND
 * with the answer in *a; DOCKER_MISSING for a 404 when missing_ok; else
 * DOCKER_ERROR with err set to the transport error, or status_prefix +
 * "Error response from daemon: <message>", or json_what + ": the Docker
 * daemon sent invalid JSON". *a must be freed in every case.
 */
enum docker_lookup docker_get_json(const char *path, enum json_type type, bool missing_ok,
                                   const char *status_prefix, const char *json_what,
                                   struct docker_answer *a, struct buf *err);

/*
 * A request whose answer has nothing to read: true for 200, 201 or 204;
 * else false with err set to the transport error or "Error response from
 * daemon: <message>", and *status to the status (0 when none came).
 */
bool docker_send(const char *method, const char *path, const char *body, int *status, struct buf *err);

bool doc_parse(struct json_doc *d, const struct buf *b);
void doc_free(struct json_doc *d);
/* The decoded string obj[key], malloc'd; "" when absent or not a string. */
char *doc_string(const struct json_doc *d, int obj, const char *key);
/* Whether obj[key] is true. */
bool doc_bool(const struct json_doc *d, int obj, const char *key);
/* A small non-negative integer obj[key]; 0 when absent or not one. */
int doc_int(const struct json_doc *d, int obj, const char *key);
/* The object at obj[key], or -1 (also for obj -1). */
int doc_object(const struct json_doc *d, int obj, const char *key);
/* A string map (Labels, Options) at obj[field] into key and value lists sorted by key. */
void doc_string_map(const struct json_doc *d, int obj, const char *field,
                    struct strlist *out_keys, struct strlist *out_values);

#endif
