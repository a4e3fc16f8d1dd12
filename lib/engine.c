/*
 * engine: requests to the daemon on one kept-alive connection, and the API
 * version negotiated through /_ping (engine.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"
#include "engine_conn.h"
#include "json.h"
#include "log.h"

static int conn_fd = -1;
static int api_version;  /* 0: not negotiated yet; -1: unversioned paths */

void
engine_reply_init(struct engine_reply *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body);
}

void
engine_reply_free(struct engine_reply *r)
{
	buf_free(&r->body);
}

void
engine_close(void)
{
	if (conn_fd >= 0)
		close(conn_fd);
	conn_fd = -1;
}

void
url_encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
}

static bool
open_connection(void)
{
	conn_fd = conn_open();
	return conn_fd >= 0;
}
enum exchange_result { EXCHANGE_OK, EXCHANGE_FAILED, EXCHANGE_STALE };

/*
 * One request/response on the open connection. EXCHANGE_STALE means a reused
 * keep-alive connection turned out closed before any byte of the reply: the
 * request can safely be sent again on a new connection.
 */
static enum exchange_result
exchange(const char *method, const char *target, const char *body, bool reused,
         struct engine_reply *reply)
{
	struct buf req = BUF_INIT, in = BUF_INIT;
	struct http_response r;
	bool head = strcmp(method, "HEAD") == 0;
	bool write_op = strcmp(method, "GET") != 0 && !head;
	/* a request the daemon may have read must not be sent twice unless
	 * repeating it is harmless (RFC 9110 9.2.2) */
	bool may_resend = !write_op;
	long long deadline = conn_deadline(conn_timeout_ms(write_op));
	enum exchange_result result = EXCHANGE_FAILED;
	char why[256];

	http_response_init(&r);
	buf_printf(&req, "%s %s HTTP/1.1\r\nHost: docker\r\nUser-Agent: dokku-network\r\n", method, target);
	if (body || write_op)
		buf_printf(&req, "Content-Type: application/json\r\nContent-Length: %zu\r\n",
		           body ? strlen(body) : 0);
	buf_puts(&req, "\r\n");
	if (body)
		buf_puts(&req, body);

	if (!conn_send(conn_fd, req.data, req.len, deadline)) {
		if (reused && (errno == EPIPE || errno == ECONNRESET)) {
			result = EXCHANGE_STALE;
		} else {
			snprintf(why, sizeof(why), "%s", errno == ETIMEDOUT ? "timed out" : strerror(errno));
			conn_error("Error talking to the Docker daemon at %s: %s", conn_endpoint_desc(), why);
		}
		goto out;
	}
	for (;;) {
		enum http_parse_result pr = http_parse_response(in.data ? in.data : "", in.len, head, false, &r);
		ssize_t n;

		if (pr == HTTP_COMPLETE)
			break;
		if (pr == HTTP_INVALID) {
			conn_error("Invalid reply from the Docker daemon at %s: %s", conn_endpoint_desc(), r.error);
			goto out;
		}
		if (!conn_wait(conn_fd, POLLIN, deadline)) {
			if (conn_deadline_is_budget(deadline)) {
				conn_error("Timed out waiting for the Docker daemon at %s%s", conn_endpoint_desc(), "");
			} else {
				snprintf(why, sizeof(why), "%d", conn_timeout_ms(write_op) / 1000);
				conn_error("Timed out waiting %ss for the Docker daemon at %s", why, conn_endpoint_desc());
			}
			goto out;
		}
		buf_reserve(&in, 65536);
		n = recv(conn_fd, in.data + in.len, 65536, 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
			if (reused && may_resend && in.len == 0 && errno == ECONNRESET) {
				result = EXCHANGE_STALE;
				goto out;
			}
			conn_error("Error reading from the Docker daemon at %s: %s", conn_endpoint_desc(), strerror(errno));
			goto out;
		}
		if (n == 0) {
			if (reused && may_resend && in.len == 0) {
				result = EXCHANGE_STALE;
				goto out;
			}
			pr = http_parse_response(in.data ? in.data : "", in.len, head, true, &r);
			if (pr == HTTP_COMPLETE)
				break;
			conn_error("Invalid reply from the Docker daemon at %s: %s", conn_endpoint_desc(),
			          r.error ? r.error : "connection closed");
			goto out;
		}
		in.len += (size_t)n;
		in.data[in.len] = '\0';
	}
	reply->status = r.status;
	buf_reset(&reply->body);
	buf_append(&reply->body, r.body.data ? r.body.data : "", r.body.len);
	memcpy(reply->content_type, r.content_type, sizeof(reply->content_type));
	memcpy(reply->api_version, r.api_version, sizeof(reply->api_version));
	result = EXCHANGE_OK;
	if (!r.keep_alive || r.consumed != in.len)
		engine_close();
out:
	if (result != EXCHANGE_OK)
		engine_close();
	http_response_free(&r);
	buf_free(&req);
	buf_free(&in);
	return result;
}

/* Sends to the raw target, reconnecting once if a kept-alive connection went stale. */
static bool
raw_request(const char *method, const char *target, const char *body, struct engine_reply *reply)
{
	int attempt;

	log_debug("engine: %s %s", method, target);
	for (attempt = 0; attempt < 2; attempt++) {
		bool reused = conn_fd >= 0;
		enum exchange_result res;

		if (!reused && !open_connection())
			return false;
		res = exchange(method, target, body, reused, reply);
		if (res == EXCHANGE_OK)
			return true;
		if (res == EXCHANGE_FAILED)
			return false;
	}
	conn_error("Error talking to the Docker daemon at %s: %s", conn_endpoint_desc(), "connection closed");
	return false;
}

/* "1.41" -> 1041; -1 if malformed. */
static int
parse_version(const char *s)
{
	int major = 0, minor = 0, nd = 0;

	for (; *s >= '0' && *s <= '9'; s++, nd++)
		if ((major = major * 10 + (*s - '0')) > 1000)
			return -1;
	if (nd == 0 || *s++ != '.')
		return -1;
	for (nd = 0; *s >= '0' && *s <= '9'; s++, nd++)
		if ((minor = minor * 10 + (*s - '0')) > 999)
			return -1;
	return nd == 0 || *s ? -1 : major * 1000 + minor;
}

/* DOCKER_API_VERSION, when set to something. */
static const char *
forced_version(void)
{
	const char *v = getenv("DOCKER_API_VERSION");

	return v && *v ? v : NULL;
}

static bool
negotiate(void)
{
	struct engine_reply r;
	const char *forced = forced_version();
	int v;

	if (forced) {
		v = parse_version(forced);
		if (v < 0) {
			conn_error("Invalid DOCKER_API_VERSION %s%s", forced, ": expected MAJOR.MINOR");
			return false;
		}
		api_version = v;
		return true;
	}
	engine_reply_init(&r);
	if (!raw_request("HEAD", "/_ping", NULL, &r)) {
		engine_reply_free(&r);
		return false;
	}
	/* HEAD /_ping exists since API 1.40; anything older or odd gets a GET */
	if (r.status != 200 && !raw_request("GET", "/_ping", NULL, &r)) {
		engine_reply_free(&r);
		return false;
	}
	v = r.api_version[0] ? parse_version(r.api_version) : -1;
	if (r.status != 200) {
		char st[16];
		snprintf(st, sizeof(st), "%d", r.status);
		conn_error("The Docker daemon at %s answered /_ping with HTTP %s", conn_endpoint_desc(), st);
		engine_reply_free(&r);
		return false;
	}
	engine_reply_free(&r);
	if (v < 0) {
		api_version = -1;  /* no Api-Version header: unversioned paths */
		return true;
	}
	if (v < ENGINE_API_MIN) {
		char ver[16];
		snprintf(ver, sizeof(ver), "%d.%d", v / 1000, v % 1000);
		conn_error("The Docker daemon at %s speaks API %s; this plugin needs 1.41 (Docker 20.10) or newer",
		          conn_endpoint_desc(), ver);
		return false;
	}
	api_version = v > ENGINE_API_MAX ? ENGINE_API_MAX : v;
	return true;
}

int
engine_api_version(void)
{
	if (api_version == 0 && !negotiate())
		return -1;
	return api_version;
}

static bool
version_refused(const struct engine_reply *r)
{
	return r->status == 400 && r->body.data &&
	       (strstr(r->body.data, "is too old") || strstr(r->body.data, "is too new"));
}

bool
engine_target(const char *path, struct buf *target)
{
	if (api_version == 0 && !negotiate())
		return false;
	buf_reset(target);
	if (api_version > 0)
		buf_printf(target, "/v%d.%d", api_version / 1000, api_version % 1000);
	buf_puts(target, path);
	return true;
}

bool
engine_request(const char *method, const char *path, const char *body,
               struct engine_reply *reply)
{
	struct buf target = BUF_INIT;
	bool ok = false;
	int attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if (!engine_target(path, &target))
			break;
		ok = raw_request(method, buf_cstr(&target), body, reply);
		/* the daemon was replaced under us: negotiate again, once */
		if (!ok || !version_refused(reply) || forced_version())
			break;
		api_version = 0;
	}
	buf_free(&target);
	return ok;
}

void
engine_reply_message(const struct engine_reply *r, struct buf *out)
{
	const char *b = r->body.data ? r->body.data : "";
	size_t n = r->body.len;

	buf_reset(out);
	if (strncmp(r->content_type, "application/json", 16) == 0 && n > 0) {
		int ntok = json_parse(b, n, NULL, 0);
		if (ntok > 0) {
			struct json_token *t = calloc((size_t)ntok, sizeof(*t));
			if (t && json_parse(b, n, t, (unsigned)ntok) == ntok) {
				int m = json_object_get(b, t, ntok, 0, "message");
				if (m >= 0 && json_string_decode(b, t, m, out) && out->len > 0) {
					free(t);
					return;
				}
			}
			free(t);
		}
	}
	while (n > 0 && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n'))
		b++, n--;
	while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r' || b[n - 1] == '\n'))
		n--;
	if (n > 0)
		buf_append(out, b, n);
	else
		buf_printf(out, "HTTP %d", r->status);
}

