/*
 * fakedaemon: a scripted stand-in for the Docker daemon's unix socket, so that
 * tests/daemon-faults.bats can feed the plugin's Engine API client (lib/engine.c)
 * every fault that whatever listens on DOCKER_HOST can produce.
 *
 *   fakedaemon <socket-path> <scenario> [--log FILE] [--ready-file FILE]
 *              [--max-connections N] [--api-version V] [--after N]
 *
 * It removes a stale socket at <socket-path> (never any other kind of file),
 * listens there, prints "ready" on stdout (and creates --ready-file, if given)
 * and serves one connection at a time, several requests per connection as
 * HTTP/1.1 keep-alive allows, until it is killed (SIGTERM or SIGINT remove the
 * socket) or until --max-connections connections have been served.
 *
 * HEAD and GET /_ping are answered as Docker 20.10 answers them, with
 * "Api-Version: 1.41" (or --api-version V), so that the client gets past its
 * version negotiation; the ping scenarios change that answer. Every other
 * request gets the scenario's treatment (see the table in scenarios[]);
 * with --after N, only from the (N+1)th such request on, the first N being
 * answered correctly, so that a fault can hit any step of a command.
 *
 * The well-behaved scenarios (ok, slow-ok, ok-chunked, no-api-version, and
 * the requests that version-refused and daemon-upgraded accept) answer like a
 * small daemon that has the networks bridge, host, none and fake-dokku-net
 * (labelled as Dokku's; slow-ok has none), no container in any list, and a
 * running container for any ID one inspects, attached to bridge as 172.17.0.5.
 * Unknown paths get Docker's 404 {"message":"page not found"}.
 *
 * --log FILE: every request line ("GET /v1.41/networks HTTP/1.1") is appended
 * to FILE as soon as the whole request has arrived, before any answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUEST_HEAD ((size_t)64 * 1024)
#define FAKE_API_VERSION "1.41"
#define FAKE_NETWORK "fake-dokku-net"
#define FAKE_IP "172.17.0.5"

/* ---- scenarios ------------------------------------------------------------ */

enum scenario {
	S_OK,
	S_HANG,
	S_HANG_PING,
	S_GARBAGE,
	S_TRUNCATED_LENGTH,
	S_TRUNCATED_CHUNKED,
	S_RESET_CHUNKED,
	S_500_TEXT,
	S_400_JSON,
	S_VERSION_TOO_OLD,
	S_VERSION_REFUSED,
	S_NO_API_VERSION,
	S_HUGE_HEADER,
	S_SLOW_OK,
	S_OK_CHUNKED,
	S_CLOSE,
	S_INTERIM_100,
	S_BAD_JSON,
	S_PING_500,
	S_DAEMON_UPGRADED,
	S_BACKLOG_FULL,
};

static const struct {
	const char *name;
	enum scenario id;
	const char *what;
} scenarios[] = {
	{ "ok", S_OK, "answers every request correctly (Content-Length bodies)" },
	{ "hang", S_HANG, "reads each request after the ping and never answers it" },
	{ "hang-ping", S_HANG_PING, "never answers anything, not even the ping" },
	{ "garbage", S_GARBAGE, "answers with bytes that are not HTTP, then closes" },
	{ "truncated-length", S_TRUNCATED_LENGTH, "Content-Length larger than the body sent, then closes" },
	{ "truncated-chunked", S_TRUNCATED_CHUNKED, "a chunked body cut in the middle of a chunk, then closes" },
	{ "reset-chunked", S_RESET_CHUNKED, "part of a chunked body, then a connection reset" },
	{ "500-text", S_500_TEXT, "500 with a two-line text/plain body" },
	{ "400-json", S_400_JSON, "400 with {\"message\":...} (with an escaped quote in it)" },
	{ "version-too-old", S_VERSION_TOO_OLD, "the ping says Api-Version 1.30" },
	{ "version-refused", S_VERSION_REFUSED, "every versioned request gets Docker 29's text/plain 400 \"client version X is too old\"" },
	{ "no-api-version", S_NO_API_VERSION, "the ping has no Api-Version header; otherwise ok" },
	{ "huge-header", S_HUGE_HEADER, "a header section that never ends (up to 2 MiB)" },
	{ "slow-ok", S_SLOW_OK, "ok, but with no networks, every answer sent one byte every 10 ms" },
	{ "ok-chunked", S_OK_CHUNKED, "ok, every body sent chunked in tiny chunks, 1 ms apart" },
	{ "close", S_CLOSE, "reads each request after the ping and closes without answering" },
	{ "interim-100", S_INTERIM_100, "a 100 Continue before each (correct) answer" },
	{ "bad-json", S_BAD_JSON, "200 application/json with a body that is not JSON" },
	{ "ping-500", S_PING_500, "the ping itself gets a 500" },
	{ "daemon-upgraded", S_DAEMON_UPGRADED, "the first ping says 1.41, later ones 1.44; versions below 1.44 get the \"too old\" 400" },
	{ "backlog-full", S_BACKLOG_FULL, "never accepts; its listen queue is kept full, so connecting fails with EAGAIN" },
};

static enum scenario scenario;
static const char *api_version = FAKE_API_VERSION;
static long healthy_left;  /* --after N: requests still to answer correctly */
static long pings;         /* pings answered so far */
static int log_fd = -1;
static char socket_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static bool bound;  /* the socket at socket_path is ours: remove it when leaving */

/* ---- small helpers -------------------------------------------------------- */

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static _Noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("fakedaemon: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (bound)
		unlink(socket_path);
	exit(2);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* A growable string; allocation failure ends the program. */
struct str {
	char *p;
	size_t len, cap;
};

static void
str_add(struct str *s, const char *p, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		while (cap < s->len + n + 1)
			cap *= 2;
		if (!(s->p = realloc(s->p, cap)))
			die("out of memory");
		s->cap = cap;
	}
	memcpy(s->p + s->len, p, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void
str_printf(struct str *s, const char *fmt, ...)
{
	char small[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(small))
		die("str_printf: line too long");
	str_add(s, small, (size_t)n);
}

/* Writes all of p[0..n); false when the peer is gone (EPIPE, ECONNRESET...). */
static bool
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static bool
send_str(int fd, const char *s)
{
	return send_all(fd, s, strlen(s));
}

/* One byte at a time, `delay_ms` apart. */
static bool
send_slowly(int fd, const char *p, size_t n, long delay_ms)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!send_all(fd, p + i, 1))
			return false;
		sleep_ms(delay_ms);
	}
	return true;
}

static ssize_t
read_some(int fd, char *p, size_t n)
{
	for (;;) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		return r;
	}
}

/* Reads and discards until the peer closes (or errors). */
static void
drain_until_eof(int fd)
{
	char sink[4096];

	while (read_some(fd, sink, sizeof(sink)) > 0)
		;
}

static void
log_request_line(const char *line)
{
	size_t n = strlen(line);
	char *copy;

	if (log_fd < 0)
		return;
	if (!(copy = malloc(n + 1)))
		die("out of memory");
	memcpy(copy, line, n);
	copy[n] = '\n';
	/* one write per line: O_APPEND keeps lines whole */
	while (write(log_fd, copy, n + 1) < 0 && errno == EINTR)
		;
	free(copy);
}

/* ---- reading requests ----------------------------------------------------- */

struct request {
	char line[4096];    /* the request line, without CRLF */
	char method[16];
	char target[4000];  /* as sent: "/v1.41/networks?filters=..." */
	size_t content_length;
};

/* Content-Length of a header block (0 when absent). */
static size_t
header_content_length(const char *head)
{
	const char *p = head;

	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			return (size_t)strtoul(p + 15, NULL, 10);
	}
	return 0;
}

/*
 * Reads one request (head byte by byte, then the Content-Length body).
 * With hold_last, the very last byte of the request is left unread in the
 * socket (see S_RESET_CHUNKED); finish_request() reads it.
 * Returns 1 for a request, 0 when the peer closed before a request began,
 * -1 for anything else (closed mid-request, too long, malformed).
 */
static int
read_request(int fd, struct request *rq, bool hold_last)
{
	static char head[MAX_REQUEST_HEAD + 1];
	size_t n = 0, body, got;
	char *eol;

	memset(rq, 0, sizeof(*rq));
	for (;;) {
		ssize_t r;

		if (n >= 3 && memcmp(head + n - 3, "\r\n\r", 3) == 0) {
			head[n] = '\0';
			body = header_content_length(head);
			if (hold_last && body == 0)
				break;  /* leave the final '\n' unread */
		}
		if (n == MAX_REQUEST_HEAD)
			return -1;
		r = read_some(fd, head + n, 1);
		if (r <= 0)
			return n == 0 && r == 0 ? 0 : -1;
		n++;
		if (n >= 4 && memcmp(head + n - 4, "\r\n\r\n", 4) == 0)
			break;
	}
	head[n] = '\0';
	body = header_content_length(head);
	/* read the body, all of it or all but its last byte */
	for (got = 0; got + (hold_last ? 1 : 0) < body;) {
		char sink[4096];
		size_t want = body - got - (hold_last ? 1 : 0);
		ssize_t r = read_some(fd, sink, want < sizeof(sink) ? want : sizeof(sink));
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	if (!(eol = strstr(head, "\r\n")) || (size_t)(eol - head) >= sizeof(rq->line))
		return -1;
	memcpy(rq->line, head, (size_t)(eol - head));
	rq->line[eol - head] = '\0';
	if (sscanf(rq->line, "%15s %3999s", rq->method, rq->target) != 2)
		return -1;
	rq->content_length = body;
	log_request_line(rq->line);
	return 1;
}

static bool
finish_request(int fd)
{
	char c;

	return read_some(fd, &c, 1) == 1;
}

/* ---- what a daemon would answer ------------------------------------------- */

struct reply {
	int status;
	const char *reason;
	const char *content_type;  /* NULL: no body at all (204) */
	struct str body;
};

static const char *
reason_of(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	default: return "Internal Server Error";
	}
}

static void
set_reply(struct reply *r, int status, const char *content_type, const char *body)
{
	r->status = status;
	r->reason = reason_of(status);
	r->content_type = content_type;
	r->body.len = 0;
	if (body)
		str_add(&r->body, body, strlen(body));
}

static const char *const network_list_json =
	"[{\"Name\":\"bridge\",\"Id\":\"1a4c55f0b7de0c1d7c2a4f1e5b4f9b3c8d6e2a1f0e9d8c7b6a5f4e3d2c1b0a99\","
	"\"Created\":\"2026-11-27T23:05:49.123456789Z\",\"Scope\":\"local\",\"Driver\":\"bridge\","
	"\"EnableIPv6\":false,\"IPAM\":{\"Driver\":\"default\",\"Options\":null,\"Config\":"
	"[{\"Subnet\":\"172.17.0.0/16\",\"Gateway\":\"172.17.0.1\"}]},\"Internal\":false,"
	"\"Attachable\":false,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},\"ConfigOnly\":false,"
	"\"Containers\":{},\"Options\":{\"com.docker.network.bridge.default_bridge\":\"true\","
	"\"com.docker.network.bridge.enable_icc\":\"true\",\"com.docker.network.bridge.enable_ip_masquerade\":\"true\","
	"\"com.docker.network.bridge.host_binding_ipv4\":\"0.0.0.0\",\"com.docker.network.bridge.name\":\"docker0\","
	"\"com.docker.network.driver.mtu\":\"1500\"},\"Labels\":{}},"
	"{\"Name\":\"" FAKE_NETWORK "\",\"Id\":\"f4ce0000aaaabbbbccccddddeeeeffff00001111222233334444555566667777\","
	"\"Created\":\"2026-11-27T23:06:23.12887Z\",\"Scope\":\"local\",\"Driver\":\"bridge\","
	"\"EnableIPv6\":false,\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":"
	"[{\"Subnet\":\"172.30.0.0/16\",\"Gateway\":\"172.30.0.1\"}]},\"Internal\":false,"
	"\"Attachable\":true,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},\"ConfigOnly\":false,"
	"\"Containers\":{},\"Options\":{},\"Labels\":{\"com.dokku.network-name\":\"" FAKE_NETWORK "\"}},"
	"{\"Name\":\"host\",\"Id\":\"5e1f0000aaaabbbbccccddddeeeeffff00001111222233334444555566668888\","
	"\"Created\":\"2026-11-01T10:00:00Z\",\"Scope\":\"local\",\"Driver\":\"host\",\"EnableIPv6\":false,"
	"\"IPAM\":{\"Driver\":\"default\",\"Options\":null,\"Config\":[]},\"Internal\":false,"
	"\"Attachable\":false,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},\"ConfigOnly\":false,"
	"\"Containers\":{},\"Options\":{},\"Labels\":{}},"
	"{\"Name\":\"none\",\"Id\":\"90ae0000aaaabbbbccccddddeeeeffff00001111222233334444555566669999\","
	"\"Created\":\"2026-11-01T10:00:00Z\",\"Scope\":\"local\",\"Driver\":\"null\",\"EnableIPv6\":false,"
	"\"IPAM\":{\"Driver\":\"default\",\"Options\":null,\"Config\":[]},\"Internal\":false,"
	"\"Attachable\":false,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},\"ConfigOnly\":false,"
	"\"Containers\":{},\"Options\":{},\"Labels\":{}}]\n";

/* A running container with this ID (echoed when it is a plain word). */
static void
container_json(struct str *out, const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 128 || strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != n)
		id = "0af02e4547c2166e5768ff5dd92190dd10e4feea27fde5dab80a95eab54ea772";
	str_printf(out, "{\"Id\":\"%s\",\"Created\":\"2026-11-27T23:10:00.5Z\",\"Path\":\"/start\",", id);
	str_printf(out, "\"State\":{\"Status\":\"running\",\"Running\":true,\"Paused\":false,\"Pid\":4242},");
	str_printf(out, "\"Name\":\"/fakeapp.web.1\",\"HostConfig\":{\"NetworkMode\":\"default\"},");
	str_printf(out, "\"Config\":{\"Hostname\":\"0af02e4547c2\",\"Labels\":{\"com.dokku.app-name\":\"fakeapp\",");
	str_printf(out, "\"com.dokku.process-type\":\"web\",\"com.dokku.container-type\":\"deploy\"}},");
	str_printf(out, "\"NetworkSettings\":{\"IPAddress\":\"\",\"Networks\":{\"bridge\":{\"IPAMConfig\":null,");
	str_printf(out, "\"Links\":null,\"Aliases\":null,\"NetworkID\":\"1a4c55f0b7de\",\"Gateway\":\"172.17.0.1\",");
	str_printf(out, "\"IPAddress\":\"" FAKE_IP "\",\"IPPrefixLen\":16,\"MacAddress\":\"02:42:ac:11:00:05\"}}}}\n");
}

/* The target without a "/vX.Y" prefix; *versioned says whether there was one. */
static const char *
unversioned(const char *target, bool *versioned, char *version, size_t vsize)
{
	const char *p = target + 2;
	size_t n;

	*versioned = false;
	if (strncmp(target, "/v", 2) != 0)
		return target;
	n = strspn(p, "0123456789.");
	if (n == 0 || p[n] != '/')
		return target;
	snprintf(version, vsize, "%.*s", (int)n, p);
	*versioned = true;
	return p + n;
}

/* "1.44" -> 1044 (0 when malformed), to compare API versions as numbers. */
static long
version_number(const char *v)
{
	char *end;
	long major = strtol(v, &end, 10), minor;

	if (end == v || *end != '.')
		return 0;
	minor = strtol(end + 1, &end, 10);
	return *end ? 0 : major * 1000 + minor;
}

/* Does path (query stripped) match prefix + one segment + suffix? Copies the segment. */
static bool
match_segment(const char *path, const char *prefix, const char *suffix, char *seg, size_t segsize)
{
	size_t pl = strlen(prefix), n;
	const char *rest;

	if (strncmp(path, prefix, pl) != 0)
		return false;
	rest = path + pl;
	n = strcspn(rest, "/");
	if (n == 0 || n >= segsize || strcmp(rest + n, suffix) != 0)
		return false;
	memcpy(seg, rest, n);
	seg[n] = '\0';
	return true;
}

/* What a small, healthy daemon answers. */
static void
daemon_reply(const struct request *rq, struct reply *r)
{
	char path[4000], seg[256], version[32];
	bool versioned, get = strcmp(rq->method, "GET") == 0, post = strcmp(rq->method, "POST") == 0;
	const char *json = "application/json";

	snprintf(path, sizeof(path), "%s", unversioned(rq->target, &versioned, version, sizeof(version)));
	path[strcspn(path, "?")] = '\0';
	r->body.len = 0;
	if (get && strcmp(path, "/networks") == 0) {
		set_reply(r, 200, json, scenario == S_SLOW_OK ? "[]\n" : network_list_json);
	} else if (get && strcmp(path, "/containers/json") == 0) {
		set_reply(r, 200, json, "[]\n");
	} else if (get && match_segment(path, "/containers/", "/json", seg, sizeof(seg))) {
		set_reply(r, 200, json, NULL);
		container_json(&r->body, seg);
	} else if (post && strcmp(path, "/networks/create") == 0) {
		set_reply(r, 201, json, "{\"Id\":\"c0ffee00aaaabbbbccccddddeeeeffff00001111222233334444555566667777\",\"Warning\":\"\"}\n");
	} else if (post && (match_segment(path, "/networks/", "/connect", seg, sizeof(seg)) ||
	                    match_segment(path, "/networks/", "/disconnect", seg, sizeof(seg)))) {
		set_reply(r, 200, json, "");
	} else if (strcmp(rq->method, "DELETE") == 0 && match_segment(path, "/networks/", "", seg, sizeof(seg))) {
		set_reply(r, 204, NULL, NULL);
	} else {
		set_reply(r, 404, json, "{\"message\":\"page not found\"}\n");
	}
}

/* ---- writing answers ------------------------------------------------------ */

enum framing { FRAME_LENGTH, FRAME_SLOW, FRAME_CHUNKED };

static void
head_lines(struct str *h, int status, const char *reason, const char *content_type)
{
	str_printf(h, "HTTP/1.1 %d %s\r\n", status, reason);
	str_printf(h, "Api-Version: %s\r\n", api_version);
	if (content_type)
		str_printf(h, "Content-Type: %s\r\n", content_type);
	str_printf(h, "Docker-Experimental: false\r\nOstype: linux\r\n");
	str_printf(h, "Server: Docker/20.10.24+dfsg1 (linux)\r\n");
	str_printf(h, "Date: Fri, 27 Nov 2026 23:05:49 GMT\r\n");
}

/*
 * A body in chunks of 1 to 7 bytes, each size line and each piece of data in
 * its own write, 1 ms apart, with an extension now and then, upper-case hex,
 * and a trailer at the end: every way a legal chunked body can be cut up.
 */
static bool
send_tiny_chunks(int fd, const char *p, size_t n)
{
	static const size_t sizes[] = { 1, 3, 2, 7, 5, 4, 6 };
	size_t off = 0, k = 0;
	char line[64];

	while (off < n) {
		size_t c = sizes[k % (sizeof(sizes) / sizeof(*sizes))];
		if (c > n - off)
			c = n - off;
		snprintf(line, sizeof(line), k % 5 == 4 ? "%zX;fake-ext=%zu\r\n" : "%zX\r\n", c, k);
		if (!send_str(fd, line))
			return false;
		sleep_ms(1);
		if (!send_all(fd, p + off, c) || !send_str(fd, "\r\n"))
			return false;
		sleep_ms(1);
		off += c;
		k++;
	}
	return send_str(fd, "0\r\nX-Fake-Trailer: yes\r\n\r\n");
}

static bool
send_reply(int fd, const struct reply *r, bool head, enum framing framing)
{
	struct str h = { NULL, 0, 0 };
	bool ok, has_body = r->content_type != NULL;

	head_lines(&h, r->status, r->reason, r->content_type);
	if (has_body && framing == FRAME_CHUNKED)
		str_printf(&h, "Transfer-Encoding: chunked\r\n");
	else if (has_body)
		str_printf(&h, "Content-Length: %zu\r\n", r->body.len);
	str_printf(&h, "\r\n");
	if (has_body && !head && framing != FRAME_CHUNKED)
		str_add(&h, r->body.p ? r->body.p : "", r->body.len);

	if (framing == FRAME_SLOW)
		ok = send_slowly(fd, h.p, h.len, 10);
	else
		ok = send_all(fd, h.p, h.len);
	if (ok && has_body && !head && framing == FRAME_CHUNKED)
		ok = send_tiny_chunks(fd, r->body.p ? r->body.p : "", r->body.len);
	free(h.p);
	return ok;
}

/* HEAD or GET /_ping, as Docker 20.10 answers it (unless the scenario is about the ping). */
static bool
send_ping(int fd, bool head)
{
	struct str h = { NULL, 0, 0 };
	const char *version = api_version;
	bool ok;

	pings++;
	if (scenario == S_PING_500) {
		str_printf(&h, "HTTP/1.1 500 Internal Server Error\r\nApi-Version: %s\r\n"
		           "Content-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s",
		           api_version, head ? 0 : 22, head ? "" : "fake daemon: not ready");
		ok = send_all(fd, h.p, h.len);
		free(h.p);
		return ok;
	}
	if (scenario == S_VERSION_TOO_OLD)
		version = "1.30";
	else if (scenario == S_DAEMON_UPGRADED && pings > 1)
		version = "1.44";
	str_printf(&h, "HTTP/1.1 200 OK\r\n");
	if (scenario != S_NO_API_VERSION)
		str_printf(&h, "Api-Version: %s\r\n", version);
	str_printf(&h, "Cache-Control: no-cache, no-store, must-revalidate\r\nDocker-Experimental: false\r\n");
	str_printf(&h, "Ostype: linux\r\nPragma: no-cache\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\n");
	str_printf(&h, "Date: Fri, 27 Nov 2026 23:05:49 GMT\r\n");
	str_printf(&h, "Content-Length: %d\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s",
	           head ? 0 : 2, head ? "" : "OK");
	ok = send_all(fd, h.p, h.len);
	free(h.p);
	return ok;
}

/* The first bytes of a chunked network list: a chunk of 0x100 bytes, cut short. */
static bool
send_cut_chunked(int fd)
{
	struct str h = { NULL, 0, 0 };
	bool ok;

	head_lines(&h, 200, "OK", "application/json");
	str_printf(&h, "Transfer-Encoding: chunked\r\n\r\n100\r\n");
	str_add(&h, network_list_json, 40);
	ok = send_all(fd, h.p, h.len);
	free(h.p);
	return ok;
}

/* A header section that never ends: 1 KiB lines up to 2 MiB, or until the peer leaves. */
static void
send_huge_header(int fd)
{
	char line[1100];
	size_t sent;
	int i;

	if (!send_str(fd, "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"))
		return;
	for (i = 0, sent = 0; sent < (size_t)2 * 1024 * 1024; i++) {
		int n = snprintf(line, sizeof(line), "X-Fake-Filler-%05d: %01000d\r\n", i, 0);
		if (!send_all(fd, line, (size_t)n))
			return;
		sent += (size_t)n;
	}
}

/*
 * Answers one non-ping request as the scenario says. Returns false when the
 * connection must be closed now.
 */
static bool
answer(int fd, const struct request *rq)
{
	struct reply r = { 0, NULL, NULL, { NULL, 0, 0 } };
	bool head = strcmp(rq->method, "HEAD") == 0, keep = true, versioned;
	char version[32];

	switch (scenario) {
	case S_HANG:
	case S_HANG_PING:
		drain_until_eof(fd);
		return false;
	case S_CLOSE:
		return false;
	case S_GARBAGE: {
		/* what a TLS server or some other protocol could send: NULs included */
		static const char garbage[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 this is not HTTP\r\n\r\n";
		send_all(fd, garbage, sizeof(garbage) - 1);
		return false;
	}
	case S_TRUNCATED_LENGTH: {
		struct str h = { NULL, 0, 0 };
		head_lines(&h, 200, "OK", "application/json");
		str_printf(&h, "Content-Length: 1000\r\n\r\n");
		str_add(&h, network_list_json, 40);
		send_all(fd, h.p, h.len);
		free(h.p);
		return false;
	}
	case S_TRUNCATED_CHUNKED:
		send_cut_chunked(fd);
		return false;
	case S_RESET_CHUNKED: {
		/*
		 * SO_LINGER 0 makes close() send a RST on TCP. On a unix socket it
		 * does nothing; there the reset comes from closing with unread data:
		 * the last byte of the request was left in the socket (hold_last),
		 * so the peer's next read fails with ECONNRESET.
		 */
		struct linger lg = { 1, 0 };
		send_cut_chunked(fd);
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		return false;
	}
	case S_HUGE_HEADER:
		send_huge_header(fd);
		return false;
	case S_500_TEXT:
		set_reply(&r, 500, "text/plain; charset=utf-8",
		          "fake daemon: internal failure\ngoroutine 1 [running]:\n");
		break;
	case S_400_JSON:
		set_reply(&r, 400, "application/json",
		          "{\"message\":\"the fake daemon refuses \\\"this\\\" request\"}\n");
		break;
	case S_BAD_JSON:
		set_reply(&r, 200, "application/json", "[{\"Name\":\"bridge\",}]\n");
		break;
	case S_VERSION_REFUSED:
	case S_DAEMON_UPGRADED:
		unversioned(rq->target, &versioned, version, sizeof(version));
		if (versioned && (scenario == S_VERSION_REFUSED || version_number(version) < 1044)) {
			struct str msg = { NULL, 0, 0 };
			str_printf(&msg, "client version %s is too old. Minimum supported API version is 1.44, "
			           "please upgrade your client to a newer version\n", version);
			set_reply(&r, 400, "text/plain; charset=utf-8", msg.p);
			free(msg.p);
			break;
		}
		daemon_reply(rq, &r);
		break;
	case S_INTERIM_100:
		keep = send_str(fd, "HTTP/1.1 100 Continue\r\n\r\n");
		daemon_reply(rq, &r);
		break;
	case S_OK:
	case S_PING_500:
	case S_BACKLOG_FULL:
	case S_SLOW_OK:
	case S_OK_CHUNKED:
	case S_NO_API_VERSION:
	case S_VERSION_TOO_OLD:
		daemon_reply(rq, &r);
		break;
	}
	keep = keep && send_reply(fd, &r, head,
	                          scenario == S_SLOW_OK ? FRAME_SLOW :
	                          scenario == S_OK_CHUNKED ? FRAME_CHUNKED : FRAME_LENGTH);
	free(r.body.p);
	return keep;
}

static bool
is_ping(const struct request *rq)
{
	return (strcmp(rq->method, "HEAD") == 0 || strcmp(rq->method, "GET") == 0) &&
	       strcmp(rq->target, "/_ping") == 0;
}

/* Serves the requests of one connection until it is closed, by either side. */
static void
serve(int fd)
{
	struct request rq;
	bool hold_last = scenario == S_RESET_CHUNKED;

	while (read_request(fd, &rq, hold_last) == 1) {
		bool ping = is_ping(&rq), healthy = !ping && healthy_left > 0;

		/* only the faulty answer leaves the request's last byte unread */
		if (hold_last && (ping || healthy) && !finish_request(fd))
			return;
		if (ping && scenario == S_HANG_PING) {
			drain_until_eof(fd);
			return;
		}
		if (ping) {
			if (!send_ping(fd, strcmp(rq.method, "HEAD") == 0))
				return;
		} else if (healthy) {  /* --after N: still answered correctly */
			struct reply r = { 0, NULL, NULL, { NULL, 0, 0 } };
			bool sent;
			healthy_left--;
			daemon_reply(&rq, &r);
			sent = send_reply(fd, &r, strcmp(rq.method, "HEAD") == 0, FRAME_LENGTH);
			free(r.body.p);
			if (!sent)
				return;
		} else if (!answer(fd, &rq)) {
			return;
		}
	}
}

/* ---- setup ---------------------------------------------------------------- */

static void
on_signal(int sig)
{
	(void)sig;
	unlink(socket_path);
	_exit(0);
}

static void
usage(void)
{
	size_t i;

	fprintf(stderr, "usage: fakedaemon <socket-path> <scenario> [--log FILE] [--ready-file FILE]\n"
	                "                  [--max-connections N] [--api-version V] [--after N]\nscenarios:\n");
	for (i = 0; i < sizeof(scenarios) / sizeof(*scenarios); i++)
		fprintf(stderr, "  %-18s %s\n", scenarios[i].name, scenarios[i].what);
	exit(2);
}

/* Binds and listens at path, after removing a stale socket (and nothing else). */
static int
listen_at(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		die("socket path longer than %zu bytes: %s", sizeof(sa.sun_path) - 1, path);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			die("%s exists and is not a socket: not removing it", path);
		if (unlink(path) != 0)
			die("cannot remove the stale socket %s: %s", path, strerror(errno));
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		die("socket: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die("bind %s: %s", path, strerror(errno));
	bound = true;
	if (listen(fd, scenario == S_BACKLOG_FULL ? 0 : 16) != 0)
		die("listen: %s", strerror(errno));
	return fd;
}

/*
 * backlog-full: connects to itself until the listen queue is full (a
 * non-blocking connect then fails with EAGAIN) and never accepts, as a daemon
 * too busy to accept would. The connections stay open until the end.
 */
static void
fill_backlog(const char *path)
{
	struct sockaddr_un sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	for (i = 0; i < 64; i++) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0)
			die("socket: %s", strerror(errno));
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
			if (errno != EAGAIN)
				die("connect to myself: %s", strerror(errno));
			close(fd);
			return;
		}
	}
	die("could not fill the listen queue");
}

int
main(int argc, char **argv)
{
	const char *log_path = NULL, *ready_file = NULL;
	long max_connections = 0, served;
	struct sigaction sa;
	size_t s;
	int i, lfd;

	if (argc < 3)
		usage();
	for (s = 0; s < sizeof(scenarios) / sizeof(*scenarios); s++)
		if (strcmp(argv[2], scenarios[s].name) == 0)
			break;
	if (s == sizeof(scenarios) / sizeof(*scenarios)) {
		fprintf(stderr, "fakedaemon: unknown scenario %s\n", argv[2]);
		usage();
	}
	scenario = scenarios[s].id;
	for (i = 3; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--log") == 0) {
			log_path = argv[++i];
		} else if (strcmp(argv[i], "--ready-file") == 0) {
			ready_file = argv[++i];
		} else if (strcmp(argv[i], "--max-connections") == 0) {
			char *end;
			max_connections = strtol(argv[++i], &end, 10);
			if (*end || max_connections <= 0)
				die("--max-connections needs a positive number");
		} else if (strcmp(argv[i], "--after") == 0) {
			char *end;
			healthy_left = strtol(argv[++i], &end, 10);
			if (*end || healthy_left < 0)
				die("--after needs a number");
		} else if (strcmp(argv[i], "--api-version") == 0) {
			api_version = argv[++i];
		} else {
			usage();
		}
	}
	if (log_path && (log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0)
		die("cannot open %s: %s", log_path, strerror(errno));
	snprintf(socket_path, sizeof(socket_path), "%s", argv[1]);

	/* a peer that leaves must not kill us; SIGTERM/SIGINT remove the socket */
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	lfd = listen_at(argv[1]);
	if (scenario == S_BACKLOG_FULL)
		fill_backlog(argv[1]);
	if (ready_file) {
		int fd = open(ready_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			die("cannot create %s: %s", ready_file, strerror(errno));
		close(fd);
	}
	printf("ready\n");
	fflush(stdout);
	if (scenario == S_BACKLOG_FULL)
		for (;;)
			pause();  /* never accept */

	for (served = 0; max_connections == 0 || served < max_connections;) {
		int c = accept(lfd, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept: %s", strerror(errno));
		}
		serve(c);
		close(c);
		served++;
	}
	unlink(socket_path);
	return 0;
}
