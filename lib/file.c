#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "file.h"

void
read_first_line(const char *path, struct buf *out)
{
	read_first_line_at(AT_FDCWD, path, out);
}

void
read_first_line_at(int dirfd, const char *name, struct buf *out)
{
	char data[4096];
	const char *p;
	ssize_t n;
	int fd;

	buf_reset(out);
	/* O_NONBLOCK: a FIFO or device reads as nothing instead of blocking; a
	 * directory fails the read */
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	n = read(fd, data, sizeof(data) - 1);
	close(fd);
	if (n <= 0)
		return;
	data[n] = '\0';
	for (p = data; *p;) {
		const char *eol = p + strcspn(p, "\n");
		const char *s = p, *e = eol;
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e > s) {
			buf_append(out, s, (size_t)(e - s));
			return;
		}
		if (!*eol)
			break;
		p = eol + 1;
	}
}

