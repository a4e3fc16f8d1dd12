/* engine_stream: replies read as they come (engine.h, "streams"). */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"
#include "engine_conn.h"
#include "log.h"

void
engine_stream_init(struct engine_stream *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	buf_init(&s->raw);
}

void
engine_stream_close(struct engine_stream *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	buf_free(&s->raw);
}

/* Reads the rest of a non-200 reply (bounded) and sets the error from it. */
static void
stream_refused(struct engine_stream *s, long long deadline)
{
	struct engine_reply reply;
	struct http_response r;
	char st[16];

	http_response_init(&r);
	engine_reply_init(&reply);
	for (;;) {
		enum http_parse_result pr = http_parse_response(buf_cstr(&s->raw), s->raw.len, false, false, &r);
		ssize_t n;
		if (pr != HTTP_INCOMPLETE || !conn_wait(s->fd, POLLIN, deadline))
			break;
		buf_reserve(&s->raw, 4096);
		n = recv(s->fd, s->raw.data + s->raw.len, 4096, 0);
		if (n <= 0)
			break;
		s->raw.len += (size_t)n;
		s->raw.data[s->raw.len] = '\0';
	}
	reply.status = r.status;
	buf_append(&reply.body, buf_cstr(&r.body), r.body.len);
	memcpy(reply.content_type, r.content_type, sizeof(reply.content_type));
	engine_reply_message(&reply, &r.body);
	snprintf(st, sizeof(st), "%d", r.status);
	conn_error("Error response from daemon (HTTP %s): %s", st, buf_cstr(&r.body));
	engine_reply_free(&reply);
	http_response_free(&r);
}

bool
engine_stream_open(struct engine_stream *s, const char *path)
{
	struct buf target = BUF_INIT, req = BUF_INIT;
	struct http_response r;
	long long deadline;
	bool ok = false;

	engine_stream_init(s);
	http_response_init(&r);
	if (!engine_target(path, &target))
		goto out;
	log_debug("engine: GET %s (stream)", target.data);
	engine_close();  /* an idle keep-alive one is dropped: a request after the stream opens its own */
	if ((s->fd = conn_open()) < 0)
		goto out;
	deadline = conn_deadline(conn_timeout_ms(false));
	buf_printf(&req, "GET %s HTTP/1.1\r\nHost: docker\r\nUser-Agent: dokku-network\r\n\r\n", target.data);
	if (!conn_send(s->fd, req.data, req.len, deadline)) {
		conn_error("Error talking to the Docker daemon at %s: %s", conn_endpoint_desc(),
		          errno == ETIMEDOUT ? "timed out" : strerror(errno));
		goto out;
	}
	for (;;) {
		enum http_parse_result pr = http_parse_head(buf_cstr(&s->raw), s->raw.len, false, &r,
		                                            &s->framing, &s->left);
		ssize_t n;
		if (pr == HTTP_COMPLETE)
			break;
		if (pr == HTTP_INVALID) {
			conn_error("Invalid reply from the Docker daemon at %s: %s", conn_endpoint_desc(), r.error);
			goto out;
		}
		if (!conn_wait(s->fd, POLLIN, deadline)) {
			conn_error("Timed out waiting for the Docker daemon at %s%s", conn_endpoint_desc(), "");
			goto out;
		}
		buf_reserve(&s->raw, 4096);
		n = recv(s->fd, s->raw.data + s->raw.len, 4096, 0);
		if (n <= 0) {
			conn_error("Error reading from the Docker daemon at %s: %s", conn_endpoint_desc(),
			          n == 0 ? "connection closed" : strerror(errno));
			goto out;
		}
		s->raw.len += (size_t)n;
		s->raw.data[s->raw.len] = '\0';
	}
	if (r.status != 200) {
		stream_refused(s, deadline);
		goto out;
	}
	/* what came after the head is the start of the body */
	memmove(s->raw.data, s->raw.data + r.consumed, s->raw.len - r.consumed);
	s->raw.len -= r.consumed;
	http_dechunker_init(&s->dc);
	ok = true;
out:
	if (!ok)  /* nothing for the caller to close */
		engine_stream_close(s);
	http_response_free(&r);
	buf_free(&target);
	buf_free(&req);
	return ok;
}

int
engine_stream_fd(const struct engine_stream *s)
{
	return s->fd;
}

/* Decodes the raw bytes held so far into out. */
static int
stream_decode(struct engine_stream *s, struct buf *out)
{
	size_t used = s->raw.len;
	enum http_parse_result pr = HTTP_INCOMPLETE;

	switch (s->framing) {
	case HTTP_FRAMING_CHUNKED:
		pr = http_dechunk(&s->dc, buf_cstr(&s->raw), s->raw.len, out, &used);
		break;
	case HTTP_FRAMING_LENGTH:
		if (used > s->left)
			used = s->left;
		buf_append(out, buf_cstr(&s->raw), used);
		s->left -= used;
		pr = s->left == 0 ? HTTP_COMPLETE : HTTP_INCOMPLETE;
		break;
	case HTTP_FRAMING_CLOSE:
		buf_append(out, buf_cstr(&s->raw), used);
		break;
	case HTTP_FRAMING_NONE:
		pr = HTTP_COMPLETE;
		break;
	}
	buf_reset(&s->raw);
	if (pr == HTTP_INVALID) {
		conn_error("Invalid reply from the Docker daemon at %s: %s", conn_endpoint_desc(), s->dc.error);
		return ENGINE_STREAM_ERROR;
	}
	if (pr == HTTP_COMPLETE) {
		s->ended = true;
		return ENGINE_STREAM_END;
	}
	return ENGINE_STREAM_DATA;
}

int
engine_stream_next(struct engine_stream *s, struct buf *out, int conn_timeout_ms)
{
	ssize_t n;

	if (s->ended)
		return ENGINE_STREAM_END;
	if (s->fd < 0)
		return ENGINE_STREAM_ERROR;
	if (s->raw.len)  /* body bytes that came with the head */
		return stream_decode(s, out);
	if (conn_timeout_ms != 0 && !conn_wait(s->fd, POLLIN, conn_timeout_ms < 0 ? LLONG_MAX : conn_now_ms() + conn_timeout_ms))
		return errno == ETIMEDOUT ? ENGINE_STREAM_WAIT : ENGINE_STREAM_ERROR;
	buf_reserve(&s->raw, 65536);
	n = recv(s->fd, s->raw.data, 65536, 0);  /* the socket is non-blocking */
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return ENGINE_STREAM_WAIT;
		conn_error("Error reading from the Docker daemon at %s: %s", conn_endpoint_desc(), strerror(errno));
		return ENGINE_STREAM_ERROR;
	}
	if (n == 0) {
		if (s->framing == HTTP_FRAMING_CLOSE) {
			s->ended = true;
			return ENGINE_STREAM_END;
		}
		conn_error("The Docker daemon at %s closed the stream%s", conn_endpoint_desc(), "");
		return ENGINE_STREAM_ERROR;
	}
	s->raw.len = (size_t)n;
	s->raw.data[n] = '\0';
	return stream_decode(s, out);
}
