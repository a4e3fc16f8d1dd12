#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "json.h"
#include "log.h"

#define CONNECT_TIMEOUT_MS 5000
#define READ_TIMEOUT_MS 30000   /* list, inspect, ping */
#define WRITE_TIMEOUT_MS 60000  /* create, remove, connect: a busy daemon can be slow */

static struct {
	bool parsed;
	bool unix_socket;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char host[256];
	char port[16];
	char desc[512]; /* DOCKER_HOST as shown in messages */
} endpoint;

static int conn_fd = -1;
static int api_version;  /* 0: not negotiated yet; -1: unversioned paths */
static long long budget_deadline;  /* 0: none; else every step ends by then */
static char errbuf[1024];

static void
set_error(const char *fmt, const char *a, const char *b)
{
	snprintf(errbuf, sizeof(errbuf), fmt, a, b);
}

const char *
engine_error(void)
{
	return errbuf;
}

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

/* Reads DOCKER_HOST once; false (with the error set) for what is unsupported. */
static bool
parse_endpoint(void)
{
	const char *h = getenv("DOCKER_HOST");
	const char *tls = getenv("DOCKER_TLS_VERIFY");
	const char *tls_on = getenv("DOCKER_TLS");

	if (endpoint.parsed)
		return true;
	if (!h || !*h)
		h = "unix:///var/run/docker.sock";
	snprintf(endpoint.desc, sizeof(endpoint.desc), "%s", h);
	if (strncmp(h, "unix://", 7) == 0) {
		const char *p = h + 7;
		if (!*p || strlen(p) >= sizeof(endpoint.path)) {
			set_error("Invalid DOCKER_HOST %s: the socket path is empty or longer than %s bytes",
			          h, "107");
			return false;
		}
		endpoint.unix_socket = true;
		memcpy(endpoint.path, p, strlen(p) + 1);
	} else if (strncmp(h, "tcp://", 6) == 0) {
		const char *p = h + 6, *colon, *end;
		size_t hl;
		if ((tls && *tls) || (tls_on && *tls_on)) {
			set_error("DOCKER_HOST %s asks for TLS (DOCKER_TLS or DOCKER_TLS_VERIFY is set), which this "
			          "plugin does not support%s; use the daemon's unix socket", h, "");
			return false;
		}
		end = p + strcspn(p, "/");
		colon = NULL;
		if (*p == '[') {  /* [v6]:port */
			const char *rb = memchr(p, ']', (size_t)(end - p));
			if (!rb)
				goto bad_tcp;
			p++;
			hl = (size_t)(rb - p);
			colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
		} else {
			colon = memchr(p, ':', (size_t)(end - p));
			hl = (size_t)((colon ? colon : end) - p);
		}
		if (hl == 0 || hl >= sizeof(endpoint.host))
			goto bad_tcp;
		memcpy(endpoint.host, p, hl);
		endpoint.host[hl] = '\0';
		if (colon) {
			size_t pl = (size_t)(end - colon - 1);
			if (pl == 0 || pl >= sizeof(endpoint.port))
				goto bad_tcp;
			memcpy(endpoint.port, colon + 1, pl);
			endpoint.port[pl] = '\0';
		} else {
			strcpy(endpoint.port, "2375");
		}
	} else {
		set_error("Unsupported DOCKER_HOST %s: only unix:// and plain tcp:// are supported%s",
		          h, " (not TLS, ssh://, npipe:// or fd://)");
		return false;
	}
	endpoint.parsed = true;
	return true;
bad_tcp:
	set_error("Invalid DOCKER_HOST %s%s", h, ": expected tcp://host[:port]");
	return false;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
timeout_ms(bool write_op)
{
	const char *t = getenv("DOKKU_DOCKER_API_TIMEOUT");

	if (t && *t) {
		char *end;
		long s = strtol(t, &end, 10);
		if (*end == '\0' && s > 0 && s <= 3600)
			return (int)s * 1000;
	}
	return write_op ? WRITE_TIMEOUT_MS : READ_TIMEOUT_MS;
}

void
engine_limit_total(int ms)
{
	budget_deadline = now_ms() + ms;
}

/* A step's deadline, cut to the caller's total budget (engine_limit_total). */
static long long
step_deadline(int ms)
{
	long long d = now_ms() + ms;

	return budget_deadline && budget_deadline < d ? budget_deadline : d;
}

/* Waits for fd to be ready; false on timeout or error (errno set). */
static bool
wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		long long left = deadline - now_ms();
		int n;

		if (left <= 0) {
			errno = ETIMEDOUT;
			return false;
		}
		n = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (n > 0)
			return true;
		if (n == 0) {
			errno = ETIMEDOUT;
			return false;
		}
		if (errno != EINTR)
			return false;
	}
}

static void
connect_error(int err)
{
	char why[256];

	switch (err) {
	case ENOENT:
		set_error("Cannot connect to the Docker daemon at %s: the socket does not exist%s",
		          endpoint.desc, ". Is the docker daemon running?");
		break;
	case EACCES:
	case EPERM:
		set_error("Permission denied while connecting to the Docker daemon at %s%s",
		          endpoint.desc, " (is this user in the docker group?)");
		break;
	case ECONNREFUSED:
		set_error("Cannot connect to the Docker daemon at %s: connection refused%s",
		          endpoint.desc, ". Is the docker daemon running?");
		break;
	case ETIMEDOUT:
		set_error("Timed out connecting to the Docker daemon at %s%s", endpoint.desc, "");
		break;
	default:
		snprintf(why, sizeof(why), ": %s", strerror(err));
		set_error("Cannot connect to the Docker daemon at %s%s", endpoint.desc, why);
	}
}

static int
connect_addr(int family, const struct sockaddr *sa, socklen_t salen, long long deadline)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), err = 0;
	socklen_t errlen = sizeof(err);

	if (fd < 0) {
		connect_error(errno);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (connect(fd, sa, salen) == 0)
		return fd;
	if (errno != EINPROGRESS && errno != EINTR) {
		connect_error(errno);
		close(fd);
		return -1;
	}
	if (!wait_fd(fd, POLLOUT, deadline)) {
		connect_error(errno);
		close(fd);
		return -1;
	}
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen);
	if (err) {
		connect_error(err);
		close(fd);
		return -1;
	}
	return fd;
}

/* A new connection to the daemon, or -1 with the error set. */
static int
connect_daemon(void)
{
	long long deadline = step_deadline(CONNECT_TIMEOUT_MS);
	int fd = -1;

	if (!parse_endpoint())
		return -1;
	if (endpoint.unix_socket) {
		struct sockaddr_un sa;
		memset(&sa, 0, sizeof(sa));
		sa.sun_family = AF_UNIX;
		memcpy(sa.sun_path, endpoint.path, strlen(endpoint.path) + 1);
		fd = connect_addr(AF_UNIX, (struct sockaddr *)&sa, sizeof(sa), deadline);
	} else {
		struct addrinfo hints, *res, *ai;
		int rc;
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		rc = getaddrinfo(endpoint.host, endpoint.port, &hints, &res);
		if (rc != 0) {
			set_error("Cannot resolve the Docker daemon host %s: %s", endpoint.desc, gai_strerror(rc));
			return -1;
		}
		for (ai = res; ai && fd < 0; ai = ai->ai_next)
			fd = connect_addr(ai->ai_family, ai->ai_addr, ai->ai_addrlen, deadline);
		freeaddrinfo(res);
	}
	return fd;
}

static bool
open_connection(void)
{
	conn_fd = connect_daemon();
	return conn_fd >= 0;
}

static bool
send_all(int fd, const char *p, size_t n, long long deadline)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if (!wait_fd(fd, POLLOUT, deadline))
					return false;
				continue;
			}
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
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
	long long deadline = step_deadline(timeout_ms(write_op));
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

	if (!send_all(conn_fd, req.data, req.len, deadline)) {
		if (reused && (errno == EPIPE || errno == ECONNRESET)) {
			result = EXCHANGE_STALE;
		} else {
			snprintf(why, sizeof(why), "%s", errno == ETIMEDOUT ? "timed out" : strerror(errno));
			set_error("Error talking to the Docker daemon at %s: %s", endpoint.desc, why);
		}
		goto out;
	}
	for (;;) {
		enum http_parse_result pr = http_parse_response(in.data ? in.data : "", in.len, head, false, &r);
		ssize_t n;

		if (pr == HTTP_COMPLETE)
			break;
		if (pr == HTTP_INVALID) {
			set_error("Invalid reply from the Docker daemon at %s: %s", endpoint.desc, r.error);
			goto out;
		}
		if (!wait_fd(conn_fd, POLLIN, deadline)) {
			if (budget_deadline && deadline == budget_deadline) {
				set_error("Timed out waiting for the Docker daemon at %s%s", endpoint.desc, "");
			} else {
				snprintf(why, sizeof(why), "%d", timeout_ms(write_op) / 1000);
				set_error("Timed out waiting %ss for the Docker daemon at %s", why, endpoint.desc);
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
			set_error("Error reading from the Docker daemon at %s: %s", endpoint.desc, strerror(errno));
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
			set_error("Invalid reply from the Docker daemon at %s: %s", endpoint.desc,
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
	set_error("Error talking to the Docker daemon at %s: %s", endpoint.desc, "connection closed");
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
			set_error("Invalid DOCKER_API_VERSION %s%s", forced, ": expected MAJOR.MINOR");
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
		set_error("The Docker daemon at %s answered /_ping with HTTP %s", endpoint.desc, st);
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
		set_error("The Docker daemon at %s speaks API %s; this plugin needs 1.41 (Docker 20.10) or newer",
		          endpoint.desc, ver);
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

/* "/v1.NN" + path, negotiating the version first if need be. */
static bool
versioned_target(const char *path, struct buf *target)
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
		if (!versioned_target(path, &target))
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

/* ---- streams: a reply read as it comes, on a connection of its own ---- */

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
		if (pr != HTTP_INCOMPLETE || !wait_fd(s->fd, POLLIN, deadline))
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
	set_error("Error response from daemon (HTTP %s): %s", st, buf_cstr(&r.body));
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
	if (!versioned_target(path, &target))
		goto out;
	log_debug("engine: GET %s (stream)", target.data);
	engine_close();  /* an idle keep-alive one is dropped: a request after the stream opens its own */
	if ((s->fd = connect_daemon()) < 0)
		goto out;
	deadline = step_deadline(timeout_ms(false));
	buf_printf(&req, "GET %s HTTP/1.1\r\nHost: docker\r\nUser-Agent: dokku-network\r\n\r\n", target.data);
	if (!send_all(s->fd, req.data, req.len, deadline)) {
		set_error("Error talking to the Docker daemon at %s: %s", endpoint.desc,
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
			set_error("Invalid reply from the Docker daemon at %s: %s", endpoint.desc, r.error);
			goto out;
		}
		if (!wait_fd(s->fd, POLLIN, deadline)) {
			set_error("Timed out waiting for the Docker daemon at %s%s", endpoint.desc, "");
			goto out;
		}
		buf_reserve(&s->raw, 4096);
		n = recv(s->fd, s->raw.data + s->raw.len, 4096, 0);
		if (n <= 0) {
			set_error("Error reading from the Docker daemon at %s: %s", endpoint.desc,
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
	if (!ok && s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
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
		set_error("Invalid reply from the Docker daemon at %s: %s", endpoint.desc, s->dc.error);
		return ENGINE_STREAM_ERROR;
	}
	if (pr == HTTP_COMPLETE) {
		s->ended = true;
		return ENGINE_STREAM_END;
	}
	return ENGINE_STREAM_DATA;
}

int
engine_stream_next(struct engine_stream *s, struct buf *out, int timeout_ms)
{
	ssize_t n;

	if (s->ended)
		return ENGINE_STREAM_END;
	if (s->fd < 0)
		return ENGINE_STREAM_ERROR;
	if (s->raw.len)  /* body bytes that came with the head */
		return stream_decode(s, out);
	if (timeout_ms != 0 && !wait_fd(s->fd, POLLIN, timeout_ms < 0 ? LLONG_MAX : now_ms() + timeout_ms))
		return errno == ETIMEDOUT ? ENGINE_STREAM_WAIT : ENGINE_STREAM_ERROR;
	buf_reserve(&s->raw, 65536);
	n = recv(s->fd, s->raw.data, 65536, 0);  /* the socket is non-blocking */
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return ENGINE_STREAM_WAIT;
		set_error("Error reading from the Docker daemon at %s: %s", endpoint.desc, strerror(errno));
		return ENGINE_STREAM_ERROR;
	}
	if (n == 0) {
		if (s->framing == HTTP_FRAMING_CLOSE) {
			s->ended = true;
			return ENGINE_STREAM_END;
		}
		set_error("The Docker daemon at %s closed the stream%s", endpoint.desc, "");
		return ENGINE_STREAM_ERROR;
	}
	s->raw.len = (size_t)n;
	s->raw.data[n] = '\0';
	return stream_decode(s, out);
}
