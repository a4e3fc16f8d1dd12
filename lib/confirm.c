#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "confirm.h"
#include "log.h"

/* One line of stdin without its newline; false at EOF before any byte. */
static bool
read_line(struct buf *line, bool *had_newline)
{
	char c;

	*had_newline = false;
	for (;;) {
		ssize_t n = read(STDIN_FILENO, &c, 1);  /* byte by byte: never read past the line */
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return line->len > 0;
		if (c == '\n') {
			*had_newline = true;
			return true;
		}
		buf_putc(line, c);
	}
}

void
confirm_destructive(const char *name, const char *type)
{
	struct buf line = BUF_INIT;
	bool newline;
	const char *s, *word, *rest;
	size_t wlen;

	log_warn("WARNING: Potentially Destructive Action");
	log_warn("This command will destroy %s %s.", type, name);
	log_warn("To proceed, type \"%s\"", name);
	write_all(STDOUT_FILENO, "> ", 2);

	/* the outcomes of Go's fmt.Scanln into one string */
	if (!read_line(&line, &newline))
		log_fail("EOF");
	s = buf_cstr(&line);
	if (line.len && s[line.len - 1] == '\r')
		line.data[--line.len] = '\0';
	word = s + strspn(s, " \t\r");
	if (!*word)
		log_fail(newline ? "unexpected newline" : "EOF");
	wlen = strcspn(word, " \t\r");
	rest = word + wlen;
	rest += strspn(rest, " \t\r");
	if (*rest)
		log_fail("expected newline");
	if (wlen != strlen(name) || strncmp(word, name, wlen) != 0) {
		log_stderr("Confirmation did not match test. Aborted.");
		exit(1);
	}
	buf_free(&line);
}
