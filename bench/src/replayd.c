/*
 * replayd: a stand-in for the Docker daemon's socket that answers what
 * network:watch asks, from a file, so that part 7 can measure the watcher
 * (a) with a container list of any size, without starting that many
 * containers, and (b) idle with certainty: no event ever comes.
 *
 *   replayd SOCKET LISTFILE
 *
 *   HEAD|GET /_ping               200, "Api-Version: 1.41" (as Docker 20.10)
 *   GET .../containers/json...    200, LISTFILE's bytes (Content-Length)
 *   GET .../events...             200, chunked, and then nothing: the stream
 *                                 stays open, silent, until the client closes it
 *   anything else                 404 {"message":"page not found"}
 *
 * One process per connection (keep-alive requests served in turn); children
 * die with the parent. A stale socket at SOCKET is replaced (never another kind
 * of file). SIGTERM/SIGINT remove the socket and end it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *sock_path;
static char *list;
static size_t list_len;

static void
on_term(int sig)
{
	(void)sig;
	unlink(sock_path);
	_exit(0);
}

static int
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Serves the requests of one connection until it closes. */
static void
serve(int fd)
{
	static char in[65536];
	size_t have = 0;

	for (;;) {
		char *end, head[512], method[16], path[8192];
		size_t used;
		long clen = 0;
		const char *cl;

		while (!(end = memmem(in, have, "\r\n\r\n", 4))) {
			ssize_t r;
			if (have == sizeof(in))
				return;
			r = recv(fd, in + have, sizeof(in) - have, 0);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return;
			have += (size_t)r;
		}
		*end = '\0';
		used = (size_t)(end - in) + 4;
		if (sscanf(in, "%15s %8191s", method, path) != 2)
			return;
		if ((cl = strcasestr(in, "\r\nContent-Length:")))
			clen = strtol(cl + 17, NULL, 10);
		while (have < used + (size_t)clen) {  /* a body is read and ignored */
			ssize_t r = recv(fd, in + have, sizeof(in) - have, 0);
			if (r <= 0 || have + (size_t)r >= sizeof(in))
				return;
			have += (size_t)r;
		}
		used += (size_t)clen;
		memmove(in, in + used, have - used);
		have -= used;

		if (strcmp(path, "/_ping") == 0) {
			int n = snprintf(head, sizeof(head),
			                 "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: text/plain; charset=utf-8\r\n"
			                 "Content-Length: 2\r\n\r\n%s", strcmp(method, "HEAD") == 0 ? "" : "OK");
			if (send_all(fd, head, (size_t)n) != 0)
				return;
		} else if (strstr(path, "/containers/json")) {
			int n = snprintf(head, sizeof(head),
			                 "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
			                 "Content-Length: %zu\r\n\r\n", list_len);
			if (send_all(fd, head, (size_t)n) != 0 || send_all(fd, list, list_len) != 0)
				return;
		} else if (strstr(path, "/events")) {
			static const char h[] = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
			                        "Transfer-Encoding: chunked\r\n\r\n";
			char c;
			if (send_all(fd, h, sizeof(h) - 1) != 0)
				return;
			while (recv(fd, &c, 1, 0) > 0 || errno == EINTR)  /* silent until the client leaves */
				;
			return;
		} else {
			static const char nf[] = "{\"message\":\"page not found\"}\n";
			int n = snprintf(head, sizeof(head),
			                 "HTTP/1.1 404 Not Found\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
			                 "Content-Length: %zu\r\n\r\n%s", sizeof(nf) - 1, nf);
			if (send_all(fd, head, (size_t)n) != 0)
				return;
		}
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_un sa;
	struct sigaction act;
	struct stat st;
	int lfd, fd;
	FILE *f;
	pid_t parent = getpid();

	if (argc != 3) {
		fprintf(stderr, "usage: replayd SOCKET LISTFILE\n");
		return 2;
	}
	sock_path = argv[1];
	if (!(f = fopen(argv[2], "rb")) || fstat(fileno(f), &st) != 0 ||
	    !(list = malloc((size_t)st.st_size + 1)) ||
	    fread(list, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		perror(argv[2]);
		return 2;
	}
	fclose(f);
	list_len = (size_t)st.st_size;
	if (lstat(sock_path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "replayd: %s exists and is not a socket\n", sock_path);
			return 2;
		}
		unlink(sock_path);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(lfd, 64) != 0) {
		perror(sock_path);
		return 2;
	}
	memset(&act, 0, sizeof(act));
	act.sa_handler = SIG_IGN;
	act.sa_flags = SA_NOCLDWAIT;  /* no zombies */
	sigaction(SIGCHLD, &act, NULL);
	act.sa_flags = 0;
	sigaction(SIGPIPE, &act, NULL);
	act.sa_handler = on_term;
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	for (;;) {
		pid_t pid;
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			perror("accept");
			return 1;
		}
		pid = fork();
		if (pid == 0) {
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(0);
			close(lfd);
			serve(fd);
			_exit(0);
		}
		close(fd);
	}
}
