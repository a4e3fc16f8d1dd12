/*
 * readfloor: the file work of network-get-listeners and nothing else, as the
 * floor of what that trigger can cost: list $DOKKU_ROOT/<app>, read each
 * IP.<proc>.<n> and PORT.<proc>.<n>, print ip:port joined by spaces. No
 * validation, no sorting, no error messages; a bad argument just exits 1.
 *
 *   readfloor APP PROC
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t
read_at(int dfd, const char *kind, const char *proc, const char *index, char *out, size_t size)
{
	char name[256];
	ssize_t n;
	int fd;

	snprintf(name, sizeof(name), "%s.%s.%s", kind, proc, index);
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, out, size);
	close(fd);
	return n < 0 ? 0 : n;
}

int
main(int argc, char **argv)
{
	char dir[4096], prefix[256], out[65536], ip[256], port[64];
	const char *root = getenv("DOKKU_ROOT");
	size_t o = 0, plen;
	struct dirent *e;
	DIR *d;

	if (argc != 3 || !root)
		return 1;
	snprintf(dir, sizeof(dir), "%s/%s", root, argv[1]);
	plen = (size_t)snprintf(prefix, sizeof(prefix), "IP.%s.", argv[2]);
	if (!(d = opendir(dir)))
		return 1;
	while ((e = readdir(d)) && o + 400 < sizeof(out)) {
		ssize_t a, b;
		if (strncmp(e->d_name, prefix, plen) != 0)
			continue;
		a = read_at(dirfd(d), "IP", argv[2], e->d_name + plen, ip, sizeof(ip));
		b = read_at(dirfd(d), "PORT", argv[2], e->d_name + plen, port, sizeof(port));
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%.*s:%.*s", o ? " " : "", (int)a, ip, (int)b, port);
	}
	closedir(d);
	out[o++] = '\n';
	return write(1, out, o) == (ssize_t)o ? 0 : 1;
}
