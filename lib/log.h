/*
 * log: Dokku's output conventions (doc/design.md §4). Every line is written
 * with a single write(2), so stdout and stderr interleave exactly as Dokku's
 * unbuffered Go helpers do.
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>

#include "buf.h"

#define PRINTF(a, b) __attribute__((format(printf, a, b)))
#define NORETURN __attribute__((noreturn))

/* Exit status Dokku uses for "App X does not exist". */
#define EXIT_APP_MISSING 20

bool log_is_quiet(void);  /* DOKKU_QUIET_OUTPUT non-empty */

/*
 * From now on the progress lines (log_info*, log_verbose*) go to stderr: for
 * a trigger whose stdout is data, such as docker run arguments.
 */
void log_progress_to_stderr(void);

void log_plain(const char *fmt, ...) PRINTF(1, 2);          /* stdout: t */
void log_plain_buf(struct buf *b);                           /* stdout: b's raw bytes (NULs too) */
void log_info1(const char *fmt, ...) PRINTF(1, 2);          /* stdout: -----> t */
void log_info1_quiet(const char *fmt, ...) PRINTF(1, 2);
void log_info2_quiet(const char *fmt, ...) PRINTF(1, 2);    /* stdout: =====> t, not when quiet */
void log_verbose(const char *fmt, ...) PRINTF(1, 2);        /* stdout: 7 spaces + t */
void log_verbose_quiet(const char *fmt, ...) PRINTF(1, 2);
void log_warn(const char *fmt, ...) PRINTF(1, 2);           /* stderr: " !     t" */
void log_stderr(const char *fmt, ...) PRINTF(1, 2);         /* stderr: t */
void log_debug(const char *fmt, ...) PRINTF(1, 2);          /* stderr: " ?     t", trace only */

/* stderr " !     t", then exit 1 (or code). */
NORETURN void log_fail(const char *fmt, ...) PRINTF(1, 2);
NORETURN void log_fail_code(int code, const char *fmt, ...) PRINTF(2, 3);

/* log_fail(err) when a validator returned an error message (err != NULL). */
void log_fail_if(const char *err);
/*
 * From now on the errors of log_fail* read " !     <what>: message" (NULL:
 * back to " !     message"): for a run that handles several apps at once.
 */
void log_fail_context(const char *what);

/*
 * An errno as Go words it (strerror with a lower-case first letter: "no such
 * file or directory"), and "<op> <path>: <that>" as Go's *PathError prints
 * it. Both return a static buffer, overwritten by the next call.
 */
const char *go_strerror(int err);
const char *go_path_error(const char *op, const char *path, int err);

/* Writes all of s[0..n) to fd, retrying on EINTR and short writes. */
bool write_all(int fd, const void *s, size_t n);

#endif
