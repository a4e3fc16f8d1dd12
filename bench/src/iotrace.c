/*
 * iotrace: an LD_PRELOAD library that timestamps the few calls of
 * network:watch that make up its reaction to an event, so that part 7 can
 * say where the time between a start event and the proxy rebuild goes,
 * without strace's overhead:
 *
 *   recv         the event stream and the container list as they arrive
 *   send         a request going out (its request line)
 *   rename       a file put in place (the IP file)
 *   posix_spawnp a program started (plugn trigger ...)
 *
 * Each call appends one line to $IOTRACE_LOG (one write, O_APPEND):
 *
 *   <CLOCK_REALTIME ns>\t<pid>\t<call>\t<fd or ->\t<result>\t<detail>
 *
 * detail: for recv, "match <timeNano>" when the bytes received contain
 * $IOTRACE_MATCH (e.g. "Action":"start","Actor":{"ID":"<container>"), with the
 * digits of the first "timeNano" after it (the daemon's time of that event),
 * else "-"; for send, the request
 * line; for rename, the new path; for posix_spawnp, the arguments. The
 * programs spawned get the environment without LD_PRELOAD: only the process
 * under test is traced.
 * Build: cc -shared -fPIC -o iotrace.so iotrace.c -ldl
 *
 * A statically linked program ignores LD_PRELOAD; for one, the same calls are
 * wrapped at link time instead: cc -c -DIOTRACE_WRAP -o iotrace-wrap.o
 * iotrace.c, then link the program with iotrace-wrap.o and -Wl,--wrap=recv
 * -Wl,--wrap=send -Wl,--wrap=rename -Wl,--wrap=posix_spawnp (its calls then
 * reach __wrap_<name>, which calls the C library's as __real_<name>).
 */
#define _GNU_SOURCE
#ifndef IOTRACE_WRAP
#include <dlfcn.h>
#endif
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifdef IOTRACE_WRAP
#define TRACED(name) __wrap_##name
#define REAL_FN(name) (&__real_##name)
ssize_t __real_recv(int, void *, size_t, int);
ssize_t __real_send(int, const void *, size_t, int);
int __real_rename(const char *, const char *);
int __real_posix_spawnp(pid_t *, const char *, const posix_spawn_file_actions_t *,
                        const posix_spawnattr_t *, char *const[], char *const[]);
ssize_t __wrap_recv(int, void *, size_t, int);
ssize_t __wrap_send(int, const void *, size_t, int);
int __wrap_rename(const char *, const char *);
int __wrap_posix_spawnp(pid_t *, const char *, const posix_spawn_file_actions_t *,
                        const posix_spawnattr_t *, char *const[], char *const[]);
#else
#define TRACED(name) name
#define REAL_FN(name) dlsym(RTLD_NEXT, #name)
#endif

static int log_fd = -2;

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
emit(long long t, const char *call, int fd, long result, const char *detail, size_t dlen)
{
	char line[1024];
	int n, saved = errno;

	if (log_fd == -2) {
		const char *p = getenv("IOTRACE_LOG");
		log_fd = p && *p ? open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
	}
	if (log_fd < 0) {
		errno = saved;
		return;
	}
	if (fd >= 0)
		n = snprintf(line, sizeof(line), "%lld\t%d\t%s\t%d\t%ld\t", t, (int)getpid(), call, fd, result);
	else
		n = snprintf(line, sizeof(line), "%lld\t%d\t%s\t-\t%ld\t", t, (int)getpid(), call, result);
	for (size_t i = 0; i < dlen && n < (int)sizeof(line) - 2; i++)
		line[n++] = (detail[i] == '\n' || detail[i] == '\r' || detail[i] == '\t') ? ' ' : detail[i];
	line[n++] = '\n';
	if (write(log_fd, line, (size_t)n) < 0) {
		/* nothing to be done */
	}
	errno = saved;
}

ssize_t
TRACED(recv)(int fd, void *buf, size_t len, int flags)
{
	static ssize_t (*real)(int, void *, size_t, int);
	const char *m = getenv("IOTRACE_MATCH");
	ssize_t r;
	long long t;

	if (!real)
		real = (ssize_t (*)(int, void *, size_t, int))REAL_FN(recv);
	r = real(fd, buf, len, flags);
	t = now_ns();
	if (r > 0) {
		const char *hit = m && *m ? memmem(buf, (size_t)r, m, strlen(m)) : NULL;
		if (hit) {
			char d[64] = "match ";
			size_t dn = 6, left = (size_t)((const char *)buf + r - hit);
			const char *tn = memmem(hit, left, "\"timeNano\":", 11);
			if (tn)
				for (tn += 11; tn < (const char *)buf + r && *tn >= '0' && *tn <= '9' && dn < sizeof(d) - 1; tn++)
					d[dn++] = *tn;
			emit(t, "recv", fd, (long)r, d, dn);
		} else {
			emit(t, "recv", fd, (long)r, "-", 1);
		}
	}
	return r;
}

ssize_t
TRACED(send)(int fd, const void *buf, size_t len, int flags)
{
	static ssize_t (*real)(int, const void *, size_t, int);
	const char *eol;
	long long t = now_ns();

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, int))REAL_FN(send);
	eol = memchr(buf, '\r', len);
	emit(t, "send", fd, (long)len, buf, eol ? (size_t)(eol - (const char *)buf) : (len > 200 ? 200 : len));
	return real(fd, buf, len, flags);
}

int
TRACED(rename)(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	int r;

	if (!real)
		real = (int (*)(const char *, const char *))REAL_FN(rename);
	r = real(from, to);
	emit(now_ns(), "rename", -1, r, to, strlen(to));
	return r;
}

int
TRACED(posix_spawnp)(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
             const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	static int (*real)(pid_t *, const char *, const posix_spawn_file_actions_t *,
	                   const posix_spawnattr_t *, char *const[], char *const[]);
	char args[512];
	size_t n = 0, ne = 0, k = 0;
	long long t = now_ns();
	char **env;
	int rc;

	if (!real)
		real = (int (*)(pid_t *, const char *, const posix_spawn_file_actions_t *,
		                const posix_spawnattr_t *, char *const[], char *const[]))REAL_FN(posix_spawnp);
	for (int i = 0; argv[i] && n < sizeof(args) - 1; i++)
		n += (size_t)snprintf(args + n, sizeof(args) - n, "%s%s", i ? " " : "", argv[i]);
	if (n > sizeof(args) - 1)
		n = sizeof(args) - 1;
	emit(t, "spawn", -1, 0, args, n);
	while (envp[ne])
		ne++;
	if (!(env = calloc(ne + 1, sizeof(*env))))
		return ENOMEM;
	for (size_t i = 0; i < ne; i++)
		if (strncmp(envp[i], "LD_PRELOAD=", 11) != 0)
			env[k++] = envp[i];
	rc = real(pid, file, fa, attr, argv, env);
	free(env);
	return rc;
}
