#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"

bool
log_is_quiet(void)
{
	const char *q = getenv("DOKKU_QUIET_OUTPUT");
	return q && *q;
}

/* DOKKU_TRACE exactly "1", as the Go helpers test it. */
static bool
log_is_trace(void)
{
	const char *t = getenv("DOKKU_TRACE");
	return t && strcmp(t, "1") == 0;
}

bool
write_all(int fd, const void *s, size_t n)
{
	const char *p = s;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
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

/* Formats prefix + message + newline and writes it in one go. */
static void
emit_line(int fd, const char *prefix, bool one_line, const char *fmt, va_list ap)
{
	struct buf line;
	va_list cp;
	int n;
	char small[512], line_small[640];  /* a usual line needs no heap (buf_init_in) */

	buf_init_in(&line, line_small, sizeof(line_small));
	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp); // NOLINT(clang-analyzer-valist.Uninitialized): callers va_start
	va_end(cp);
	if (n < 0)
		return;
	buf_puts(&line, prefix);
	if ((size_t)n < sizeof(small)) {
		buf_append(&line, small, (size_t)n);
	} else {
		buf_reserve(&line, (size_t)n + 1);
		vsnprintf(line.data + line.len, (size_t)n + 1, fmt, ap);
		line.len += (size_t)n;
	}
	if (one_line) {
		/* an error is exactly one line, whatever text the daemon sent; a
		 * trailing space of the message itself stays, as Go prints it */
		size_t i;
		while (line.len > strlen(prefix) && (unsigned char)line.data[line.len - 1] < 0x20)
			line.len--;
		for (i = 0; i < line.len; i++)
			if ((unsigned char)line.data[i] < 0x20 && line.data[i] != '\t')
				line.data[i] = ' ';
	}
	buf_putc(&line, '\n');
	write_all(fd, line.data, line.len);
	buf_free(&line);
}

static void
emit(int fd, const char *prefix, const char *fmt, va_list ap)
{
	emit_line(fd, prefix, false, fmt, ap);
}

/* Where the progress lines go (log_info*, log_verbose*): stdout unless moved. */
static int progress_fd = STDOUT_FILENO;

void
log_progress_to_stderr(void)
{
	progress_fd = STDERR_FILENO;
}

/* One line with prefix on fd, unless quiet_aware and quiet mode is on. */
static void
say(int fd, const char *prefix, bool quiet_aware, const char *fmt, va_list ap)
{
	if (quiet_aware && log_is_quiet())
		return;
	emit(fd == STDOUT_FILENO ? progress_fd : fd, prefix, fmt, ap);
}

void
log_plain(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(STDOUT_FILENO, "", fmt, ap);
	va_end(ap);
}

void
log_info1(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(STDOUT_FILENO, "-----> ", false, fmt, ap);
	va_end(ap);
}

void
log_info1_quiet(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(STDOUT_FILENO, "-----> ", true, fmt, ap);
	va_end(ap);
}

void
log_info2_quiet(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(STDOUT_FILENO, "=====> ", true, fmt, ap);
	va_end(ap);
}

void
log_verbose(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(STDOUT_FILENO, "       ", false, fmt, ap);
	va_end(ap);
}

void
log_verbose_quiet(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(STDOUT_FILENO, "       ", true, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(STDERR_FILENO, " !     ", false, fmt, ap);
	va_end(ap);
}

void
log_stderr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(STDERR_FILENO, "", false, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_is_trace())
		return;
	va_start(ap, fmt);
	emit(STDERR_FILENO, " ?     ", fmt, ap);
	va_end(ap);
}

/* What the errors are about, when one run handles several apps (network:import). */
static char fail_prefix[512] = " !     ";

void
log_fail_context(const char *what)
{
	if (what)
		snprintf(fail_prefix, sizeof(fail_prefix), " !     %.400s: ", what);
	else
		snprintf(fail_prefix, sizeof(fail_prefix), " !     ");
}

void
log_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_line(STDERR_FILENO, fail_prefix, true, fmt, ap);
	va_end(ap);
	exit(1);
}

void
log_plain_buf(struct buf *b)
{
	/* one write: the bytes and the newline, like every other line */
	buf_putc(b, '\n');
	write_all(STDOUT_FILENO, b->data, b->len);
	b->len--;
	b->data[b->len] = '\0';
}

void
log_fail_if(const char *err)
{
	if (err)
		log_fail("%s", err);
}

void
log_fail_code(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_line(STDERR_FILENO, fail_prefix, true, fmt, ap);
	va_end(ap);
	exit(code);
}

const char *
go_strerror(int err)
{
	static char text[256];

	snprintf(text, sizeof(text), "%s", strerror(err));
	if (text[0] >= 'A' && text[0] <= 'Z')
		text[0] = (char)(text[0] - 'A' + 'a');
	return text;
}

const char *
go_path_error(const char *op, const char *path, int err)
{
	static char text[4096 + 512];

	snprintf(text, sizeof(text), "%s %s: %s", op, path, go_strerror(err));
	return text;
}
