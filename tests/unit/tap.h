/*
 * tap.h: the small TAP-style harness the C unit tests share. Each check
 * prints "ok N - what" or "not ok N - what"; tap_done() prints "1..N" and
 * returns the exit status (non-zero when any check failed).
 *
 * Beside check() and the string comparisons it can run a piece of code in a
 * child process with stdin, stdout and stderr redirected (tap_run), for the
 * library functions that print or exit (log_fail is exit 1).
 *
 * Everything is static inline: a test includes it once and uses what it needs.
 */
#ifndef TAP_H
#define TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int tap_tests, tap_failures;

static inline void __attribute__((format(printf, 2, 3)))
check(int ok, const char *fmt, ...)
{
	va_list ap;

	tap_tests++;
	if (!ok)
		tap_failures++;
	printf("%s %d - ", ok ? "ok" : "not ok", tap_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#define CHECK(cond, ...) check(!!(cond), __VA_ARGS__)

/* A printable form of s[0..n) for descriptions: \xNN for the rest. Four slots. */
static inline const char *
tap_show(const char *s, size_t n)
{
	static char out[4][512];
	static int slot;
	char *o = out[slot++ % 4];
	size_t i, k = 0;

	if (!s)
		return "(null)";
	for (i = 0; i < n && k < sizeof out[0] - 8; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			o[k++] = '\\';
			o[k++] = '\\';
		} else if (c >= 0x20 && c < 0x7f) {
			o[k++] = (char)c;
		} else {
			k += (size_t)snprintf(o + k, 8, "\\x%02x", c);
		}
	}
	if (i < n)
		k += (size_t)snprintf(o + k, 8, "...");
	o[k] = '\0';
	return o;
}

#define tap_shows(s) tap_show((s), (s) ? strlen(s) : 0)

/* Two byte strings are equal; on failure prints both as TAP comments. */
static inline bool
tap_same(const char *got, size_t gotn, const char *want, size_t wantn)
{
	bool same = got && gotn == wantn && memcmp(got, want, wantn) == 0;

	if (!same) {
		printf("# got:  \"%s\"\n", tap_show(got, gotn));
		printf("# want: \"%s\"\n", tap_show(want, wantn));
	}
	return same;
}

/* NUL-terminated strings (either may be NULL: equal only when both are). */
static inline bool
tap_streq(const char *got, const char *want)
{
	if (!got || !want) {
		if (got != want)
			printf("# got: %s, want: %s\n", got ? tap_shows(got) : "NULL",
			       want ? tap_shows(want) : "NULL");
		return got == want;
	}
	return tap_same(got, strlen(got), want, strlen(want));
}

#define CHECK_STR(got, want, ...) check(tap_streq((got), (want)), __VA_ARGS__)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_tests);
	if (tap_failures)
		printf("# %d of %d failed\n", tap_failures, tap_tests);
	fflush(stdout);
	return tap_failures != 0;
}

/* ---- running code in a child with its output captured ---- */

struct tap_run {
	int status;   /* exit status, or 128 + signal */
	char *out;    /* all of stdout, NUL-terminated (may hold NULs: outn) */
	size_t outn;
	char *err;    /* all of stderr */
	size_t errn;
};

static inline void
tap_die(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(2);
}

/* A temporary file's whole content (it is closed). */
static inline char *
tap_slurp(FILE *f, size_t *n)
{
	char *data = NULL;
	size_t len = 0, cap = 0, got;

	rewind(f);
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (!(data = realloc(data, cap)))
				tap_die("realloc");
		}
		got = fread(data + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	data[len] = '\0';
	fclose(f);
	*n = len;
	return data;
}

/*
 * Runs fn(ctx) in a child: stdin reads `input` (NULL: empty), stdout and
 * stderr are captured. The child exits with fn's return value, unless fn
 * exits itself. r must be freed with tap_run_free.
 */
static inline void
tap_run(int (*fn)(void *ctx), void *ctx, const char *input, struct tap_run *r)
{
	FILE *in = tmpfile(), *out = tmpfile(), *err = tmpfile();
	int status;
	pid_t pid;

	if (!in || !out || !err)
		tap_die("tmpfile");
	if (input) {
		fputs(input, in);
		fflush(in);
		rewind(in);
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		tap_die("fork");
	if (pid == 0) {
		if (dup2(fileno(in), 0) < 0 || dup2(fileno(out), 1) < 0 || dup2(fileno(err), 2) < 0)
			_exit(127);
		exit(fn(ctx));
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			tap_die("waitpid");
	fclose(in);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r->out = tap_slurp(out, &r->outn);
	r->err = tap_slurp(err, &r->errn);
}

static inline void
tap_run_free(struct tap_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* The run exited with status and printed exactly out and err (NULL: don't care). */
static inline bool
tap_run_is(const struct tap_run *r, int status, const char *out, const char *err)
{
	bool ok = r->status == status;

	if (!ok)
		printf("# exit status %d, want %d\n", r->status, status);
	if (out && !tap_same(r->out, r->outn, out, strlen(out)))
		ok = false;
	if (err && !tap_same(r->err, r->errn, err, strlen(err)))
		ok = false;
	if (!ok && (!out || !err))
		printf("# stdout: \"%s\"\n# stderr: \"%s\"\n", tap_show(r->out, r->outn),
		       tap_show(r->err, r->errn));
	return ok;
}

/* ---- temporary trees ---- */

/* mkdtemp of TMPDIR/<tag>.XXXXXX (TMPDIR defaults to /tmp) into path. */
static inline void
tap_mkdtemp(char *path, size_t size, const char *tag)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(path, size, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	if (!mkdtemp(path))
		tap_die("mkdtemp");
}

/* Writes a file (creating it 0644); value may hold NULs (n bytes). */
static inline void
tap_write_file(const char *path, const char *value, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(value, 1, n, f) != n || fclose(f) != 0)
		tap_die(path);
}

/* rm -rf of a temporary tree (through the shell: a test helper, not the code under test). */
static inline void
tap_rm_rf(const char *path)
{
	char cmd[4200];

	if (!path || !*path || strlen(path) > 4000 || strchr(path, '\''))
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", path);
}

#endif
