/*
 * engine_conn: connections to the daemon for engine.c and engine_stream.c:
 * DOCKER_HOST, connect, deadlines, waiting and sending, the error text.
 */
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
#include "engine_conn.h"

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

static long long budget_deadline;  /* 0: none; else every step ends by then */
static char errbuf[1024];

void
conn_error(const char *fmt, const char *a, const char *b)
{
	snprintf(errbuf, sizeof(errbuf), fmt, a, b);
}

const char *
engine_error(void)
{
	return errbuf;
}

const char *
conn_endpoint_desc(void)
{
	return endpoint.desc;
}

bool
conn_deadline_is_budget(long long deadline)
{
	return budget_deadline && deadline == budget_deadline;
}





/* Reads DOCKER_HOST once; false (with the error set) for what is unsupported. */
static bool
conn_endpoint(void)
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
			conn_error("Invalid DOCKER_HOST %s: the socket path is empty or longer than %s bytes",
			          h, "107");
			return false;
		}
		endpoint.unix_socket = true;
		memcpy(endpoint.path, p, strlen(p) + 1);
	} else if (strncmp(h, "tcp://", 6) == 0) {
		const char *p = h + 6, *colon, *end;
		size_t hl;
		if ((tls && *tls) || (tls_on && *tls_on)) {
			conn_error("DOCKER_HOST %s asks for TLS (DOCKER_TLS or DOCKER_TLS_VERIFY is set), which this "
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
		conn_error("Unsupported DOCKER_HOST %s: only unix:// and plain tcp:// are supported%s",
		          h, " (not TLS, ssh://, npipe:// or fd://)");
		return false;
	}
	endpoint.parsed = true;
	return true;
bad_tcp:
	conn_error("Invalid DOCKER_HOST %s%s", h, ": expected tcp://host[:port]");
	return false;
}

long long
conn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
conn_timeout_ms(bool write_op)
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
	budget_deadline = conn_now_ms() + ms;
}

/* A step's deadline, cut to the caller's total budget (engine_limit_total). */
long long
conn_deadline(int ms)
{
	long long d = conn_now_ms() + ms;

	return budget_deadline && budget_deadline < d ? budget_deadline : d;
}

/* Waits for fd to be ready; false on timeout or error (errno set). */
bool
conn_wait(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		long long left = deadline - conn_now_ms();
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
		conn_error("Cannot connect to the Docker daemon at %s: the socket does not exist%s",
		          endpoint.desc, ". Is the docker daemon running?");
		break;
	case EACCES:
	case EPERM:
		conn_error("Permission denied while connecting to the Docker daemon at %s%s",
		          endpoint.desc, " (is this user in the docker group?)");
		break;
	case ECONNREFUSED:
		conn_error("Cannot connect to the Docker daemon at %s: connection refused%s",
		          endpoint.desc, ". Is the docker daemon running?");
		break;
	case ETIMEDOUT:
		conn_error("Timed out connecting to the Docker daemon at %s%s", endpoint.desc, "");
		break;
	default:
		snprintf(why, sizeof(why), ": %s", strerror(err));
		conn_error("Cannot connect to the Docker daemon at %s%s", endpoint.desc, why);
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
	if (!conn_wait(fd, POLLOUT, deadline)) {
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
int
conn_open(void)
{
	long long deadline = conn_deadline(CONNECT_TIMEOUT_MS);
	int fd = -1;

	if (!conn_endpoint())
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
			conn_error("Cannot resolve the Docker daemon host %s: %s", endpoint.desc, gai_strerror(rc));
			return -1;
		}
		for (ai = res; ai && fd < 0; ai = ai->ai_next)
			fd = connect_addr(ai->ai_family, ai->ai_addr, ai->ai_addrlen, deadline);
		freeaddrinfo(res);
	}
	return fd;
}


bool
conn_send(int fd, const char *p, size_t n, long long deadline)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if (!conn_wait(fd, POLLOUT, deadline))
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

