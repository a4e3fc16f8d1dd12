/*
 * apireq: the bare-request floor. Sends Engine API requests over one
 * keep-alive connection to the daemon's unix socket and reads each reply
 * in full (Content-Length or chunked), nothing else: no version
 * negotiation, no JSON parsing.
 *
 *   apireq [-k] [-o] METHOD PATH BODY [METHOD PATH BODY]...
 *
 * PATH is sent as given (include the /v1.NN prefix); BODY "-" means none
 * (a POST without a body still sends Content-Length: 0). The socket is
 * DOCKER_HOST's unix:// path, else /var/run/docker.sock.
 *   -k  keep going and exit 0 whatever HTTP status comes back
 *       (used to disconnect containers between runs)
 *   -o  copy each reply body to stdout, followed by a newline
 * Exit: 0 if every reply was 2xx (or -k), 1 if one was not, 2 on a transport error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int fd = -1;
static char *in;
static size_t in_len, in_cap;

static void
die(const char *what)
{
	fprintf(stderr, "apireq: %s: %s\n", what, errno ? strerror(errno) : "protocol error");
	exit(2);
}

static void
connect_socket(void)
{
	const char *h = getenv("DOCKER_HOST");
	const char *path = "/var/run/docker.sock";
	struct sockaddr_un sa;

	if (h && strncmp(h, "unix://", 7) == 0)
		path = h + 7;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die(path);
	in_len = 0;
}

static void
send_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("send");
		}
		p += w;
		n -= (size_t)w;
	}
}

/* Reads more bytes into the buffer; returns the count (0 at EOF). */
static size_t
fill(void)
{
	ssize_t r;

	if (in_cap - in_len < 65536) {
		in_cap = in_cap * 2 + 65536;
		in = realloc(in, in_cap + 1);
		if (!in)
			die("realloc");
	}
	do
		r = recv(fd, in + in_len, in_cap - in_len, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		die("recv");
	in_len += (size_t)r;
	in[in_len] = '\0';
	return (size_t)r;
}

static void
consume(size_t n)
{
	memmove(in, in + n, in_len - n);
	in_len -= n;
	if (in)
		in[in_len] = '\0';
}

/* Reads one reply; returns the status. The body goes to out if non-NULL. */
static int
read_reply(int head, FILE *out, int *keep_alive)
{
	char *hdr_end, *p;
	size_t hdr_len, clen = 0;
	int status, chunked = 0, have_len = 0;

	errno = 0;
	while (!in || !(hdr_end = strstr(in, "\r\n\r\n")))
		if (fill() == 0)
			die("connection closed before the headers");
	hdr_len = (size_t)(hdr_end - in) + 4;
	if (sscanf(in, "HTTP/1.%*d %d", &status) != 1)
		die("status line");
	*keep_alive = 1;
	for (p = strstr(in, "\r\n") + 2; p < hdr_end; p = strstr(p, "\r\n") + 2) {
		if (strncasecmp(p, "Content-Length:", 15) == 0) {
			clen = strtoul(p + 15, NULL, 10);
			have_len = 1;
		} else if (strncasecmp(p, "Transfer-Encoding:", 18) == 0 && strstr(p, "chunked") &&
		           strstr(p, "chunked") < strstr(p, "\r\n")) {
			chunked = 1;
		} else if (strncasecmp(p, "Connection:", 11) == 0 && strcasestr(p, "close") &&
		           strcasestr(p, "close") < strstr(p, "\r\n")) {
			*keep_alive = 0;
		}
	}
	consume(hdr_len);
	if (head || status == 204 || status == 304 || (status >= 100 && status < 200))
		return status;
	if (chunked) {
		for (;;) {
			char *eol;
			size_t size;
			while (!(eol = strstr(in ? in : "", "\r\n")))
				if (fill() == 0)
					die("connection closed in a chunk header");
			size = strtoul(in, NULL, 16);
			consume((size_t)(eol - in) + 2);
			while (in_len < size + 2)
				if (fill() == 0)
					die("connection closed in a chunk");
			if (out && size)
				fwrite(in, 1, size, out);
			consume(size + 2);
			if (size == 0)
				break;
		}
	} else if (have_len) {
		while (in_len < clen)
			if (fill() == 0)
				die("connection closed in the body");
		if (out)
			fwrite(in, 1, clen, out);
		consume(clen);
	} else {
		while (fill() > 0)
			;
		if (out)
			fwrite(in, 1, in_len, out);
		consume(in_len);
		*keep_alive = 0;
	}
	if (out)
		fputc('\n', out);
	return status;
}

int
main(int argc, char **argv)
{
	int i = 1, keep_going = 0, print = 0, failed = 0;
	char *req = NULL;
	size_t req_cap = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-k") == 0)
			keep_going = 1;
		else if (strcmp(argv[i], "-o") == 0)
			print = 1;
		else
			break;
	}
	if (i >= argc || (argc - i) % 3 != 0) {
		fprintf(stderr, "usage: apireq [-k] [-o] METHOD PATH BODY [METHOD PATH BODY]...\n");
		return 2;
	}
	connect_socket();
	for (; i < argc; i += 3) {
		const char *method = argv[i], *path = argv[i + 1], *body = argv[i + 2];
		int has_body = strcmp(body, "-") != 0, post = strcmp(method, "GET") && strcmp(method, "HEAD");
		size_t blen = has_body ? strlen(body) : 0, need = strlen(method) + strlen(path) + blen + 256;
		int n, status, keep_alive;

		if (fd < 0)
			connect_socket();
		if (need > req_cap) {
			req_cap = need;
			req = realloc(req, req_cap);
			if (!req)
				die("realloc");
		}
		n = snprintf(req, req_cap, "%s %s HTTP/1.1\r\nHost: docker\r\n", method, path);
		if (has_body || post)
			n += snprintf(req + n, req_cap - (size_t)n,
			              "Content-Type: application/json\r\nContent-Length: %zu\r\n", blen);
		n += snprintf(req + n, req_cap - (size_t)n, "\r\n%s", has_body ? body : "");
		send_all(req, (size_t)n);
		status = read_reply(strcmp(method, "HEAD") == 0, print ? stdout : NULL, &keep_alive);
		if (status < 200 || status > 299) {
			if (!keep_going) {
				fprintf(stderr, "apireq: %s %s: HTTP %d\n", method, path, status);
				failed = 1;
			}
		}
		if (!keep_alive) {
			close(fd);
			fd = -1;
		}
	}
	free(req);
	free(in);
	return failed;
}
