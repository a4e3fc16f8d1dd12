/*
 * timeshim: stands in for one of the plugin's programs during the simulated
 * deploy (part 4). Installed under the program's name, with the real program
 * moved to .real/<name> beside it; it spawns the real program with the same
 * argv, stdio and environment, waits for it, and appends one line to
 * $NETWORK_BENCH_LOG:
 *
 *   <name>\t<wall microseconds>\t<exit status>\t<child user+sys µs>\t<arg1>\t<arg2>...
 *
 * The wall time runs from just before posix_spawn to just after waitpid, so
 * it covers the real program's exec, dynamic linking, work and exit, plus the
 * children it waits for (plugn), and not this shim's own start. The exit
 * status is passed on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char **argv)
{
	char self[PATH_MAX], real[PATH_MAX + 16], name[PATH_MAX];
	char *slash, *dir_base;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int st, rc;
	const char *log;
	long long wall_us, cpu_us;

	(void)argc;
	if (n <= 0)
		return 127;
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	snprintf(real, sizeof(real), "%s/.real/%s", self, slash + 1);
	/* subcommands/<name> are logged with their directory */
	dir_base = strrchr(self, '/');
	if (dir_base && strcmp(dir_base + 1, "subcommands") == 0)
		snprintf(name, sizeof(name), "subcommands/%s", slash + 1);
	else
		snprintf(name, sizeof(name), "%s", slash + 1);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = posix_spawn(&pid, real, NULL, NULL, argv, environ);
	if (rc != 0) {
		fprintf(stderr, "timeshim: %s: %s\n", real, strerror(rc));
		return 127;
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			return 127;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wall_us = (long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
	cpu_us = (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 + ru.ru_utime.tv_usec +
	         ru.ru_stime.tv_usec;

	log = getenv("NETWORK_BENCH_LOG");
	if (log && *log) {
		char line[16384];
		int len = snprintf(line, sizeof(line), "%s\t%lld\t%d\t%lld", name, wall_us,
		                   WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), cpu_us);
		for (int i = 1; argv[i] && len < (int)sizeof(line) - 2; i++)
			len += snprintf(line + len, sizeof(line) - (size_t)len, "\t%s", argv[i]);
		if (len > (int)sizeof(line) - 2)
			len = (int)sizeof(line) - 2;
		line[len++] = '\n';
		int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0) {
			ssize_t w = write(fd, line, (size_t)len); /* one write: O_APPEND keeps lines whole */
			(void)w;
			close(fd);
		}
	}
	if (WIFSIGNALED(st)) {
		signal(WTERMSIG(st), SIG_DFL);
		raise(WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	return WEXITSTATUS(st);
}
