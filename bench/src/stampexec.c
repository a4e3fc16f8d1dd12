/*
 * stampexec: records when a program was started, then becomes it. Part 7
 * installs it as <dir>/plugn with <dir> first on the PATH of network:watch,
 * so that the moment the watcher fires `plugn trigger proxy-build-config`
 * is known without tracing the watcher:
 *
 *   appends "<CLOCK_REALTIME ns>\t<argv[1]>\t<argv[2]>...\n" to $STAMPEXEC_LOG
 *   (one O_APPEND write), then execv($STAMPEXEC_REAL, argv)
 *
 * The stamp is taken first thing in main, so it trails the caller's spawn by
 * this program's own exec and start (dynamic linking included; a -static
 * build was no faster here). That delay is measured too:
 *
 *   stampexec --calibrate N
 *
 * spawns itself N times (STAMPEXEC_REAL=/bin/true, the log in a temporary
 * file), reads CLOCK_REALTIME just before each posix_spawn, and prints the
 * median of (stamp - time before spawn) in microseconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int
calibrate(int n)
{
	char self[4096], logpath[] = "/tmp/stampexec.XXXXXX", line[256];
	char *args[] = { self, "calibration", NULL };
	long long *before = calloc((size_t)n, sizeof(*before)), *delta = calloc((size_t)n, sizeof(*delta));
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int fd = mkstemp(logpath), i = 0, st;
	FILE *f;

	if (len <= 0 || fd < 0 || !before || !delta)
		return 2;
	self[len] = '\0';
	close(fd);
	setenv("STAMPEXEC_LOG", logpath, 1);
	setenv("STAMPEXEC_REAL", "/bin/true", 1);
	for (i = 0; i < n; i++) {
		pid_t pid;
		before[i] = now_ns();
		if (posix_spawn(&pid, self, NULL, NULL, args, environ) != 0)
			return 2;
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR)
				return 2;
	}
	f = fopen(logpath, "r");
	for (i = 0; f && i < n && fgets(line, sizeof(line), f); i++)
		delta[i] = strtoll(line, NULL, 10) - before[i];
	if (f)
		fclose(f);
	unlink(logpath);
	if (i != n)
		return 2;
	qsort(delta, (size_t)n, sizeof(*delta), cmp_ll);
	printf("%.1f\n", (n % 2 ? delta[n / 2] : (delta[n / 2 - 1] + delta[n / 2]) / 2) / 1000.0);
	return 0;
}

int
main(int argc, char **argv)
{
	long long t = now_ns();
	const char *log = getenv("STAMPEXEC_LOG"), *real = getenv("STAMPEXEC_REAL");
	char line[8192];
	int len, i;

	if (argc == 3 && strcmp(argv[1], "--calibrate") == 0)
		return calibrate(atoi(argv[2]) > 0 ? atoi(argv[2]) : 1);
	if (log && *log) {
		len = snprintf(line, sizeof(line), "%lld", t);
		for (i = 1; i < argc && len < (int)sizeof(line) - 2; i++)
			len += snprintf(line + len, sizeof(line) - (size_t)len, "\t%s", argv[i]);
		if (len > (int)sizeof(line) - 2)
			len = (int)sizeof(line) - 2;
		line[len++] = '\n';
		int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0) {
			ssize_t w = write(fd, line, (size_t)len);
			(void)w;
			close(fd);
		}
	}
	if (!real || !*real) {
		fprintf(stderr, "stampexec: STAMPEXEC_REAL is not set\n");
		return 127;
	}
	execv(real, argv);
	fprintf(stderr, "stampexec: %s: %s\n", real, strerror(errno));
	return 127;
}
