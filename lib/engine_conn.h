/*
 * engine_conn: what engine.c and engine_stream.c share (not for other
 * modules): DOCKER_HOST, connections with deadlines, and the error text
 * that engine_error() returns.
 */
#ifndef ENGINE_CONN_H
#define ENGINE_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* DOCKER_HOST as shown in messages. */
const char *conn_endpoint_desc(void);
/* Sets engine_error(): fmt takes two strings. */
void conn_error(const char *fmt, const char *a, const char *b);

long long conn_now_ms(void);
/* The deadline of one request, read or write (DOKKU_DOCKER_API_TIMEOUT overrides). */
int conn_timeout_ms(bool write_op);
/* now + ms, cut to the total budget of engine_limit_total. */
long long conn_deadline(int ms);
/* Whether this deadline is the total budget's (for the message when it runs out). */
bool conn_deadline_is_budget(long long deadline);

/* Waits for fd to be ready; false on timeout or error (errno set). */
bool conn_wait(int fd, short events, long long deadline);
/* A new connection to the daemon, or -1 with the error set. */
int conn_open(void);
/* Sends all of p[0..n) before the deadline; false with errno set. */
bool conn_send(int fd, const char *p, size_t n, long long deadline);

/* "/v1.NN" + path, negotiating the API version first if need be (engine.c). */
bool engine_target(const char *path, struct buf *target);

#endif
