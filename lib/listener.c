#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "file.h"
#include "appctx.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "util.h"

#define DEFAULT_PORT "5000"

const char *
proc_type_error(const char *proc)
{
	size_t n = strlen(proc);

	if (n == 0)
		return "No process type specified";
	if (n > 64 || strspn(proc, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n)
		return "Invalid process type: it may only contain letters, digits, '_' and '-' (at most 64)";
	return NULL;
}

const char *
container_index_error(const char *index)
{
	size_t n = strlen(index);

	if (n == 0 || n > 5 || index[0] == '0' || strspn(index, "0123456789") != n)
		return "Invalid container index: it must be a number from 1 to 99999";
	return NULL;
}

struct indexed {
	long index;
	char *name;
};

static int
compare_indexed(const void *a, const void *b)
{
	const struct indexed *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
listeners_from_files(const char *dir, const char *proc, struct buf *out)
{
	struct buf path = BUF_INIT, ip = BUF_INIT, port = BUF_INIT, prefix = BUF_INIT;
	struct indexed *files = NULL;
	size_t nfiles = 0, cap = 0, i;
	struct dirent *e;
	DIR *d;

	buf_printf(&prefix, "IP.%s.", proc);
	/* the files are read through the directory's descriptor: short path walks */
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		const char *suffix;
		char *end;
		long index;

		if (strncmp(e->d_name, prefix.data, prefix.len) != 0)
			continue;
		suffix = e->d_name + prefix.len;
		index = strtol(suffix, &end, 10);
		if (*suffix == '\0')
			continue;
		if (*end)  /* not a number: sorts after the numbered ones, by name */
			index = 1L << 30;
		if (nfiles == cap) {
			cap = cap ? cap * 2 : 16;
			files = xreallocarray(files, cap, sizeof(*files));
		}
		files[nfiles].index = index;
		files[nfiles].name = xstrdup(e->d_name);
		nfiles++;
	}
	if (nfiles > 1)
		qsort(files, nfiles, sizeof(*files), compare_indexed);
	for (i = 0; i < nfiles; i++) {
		read_first_line_at(dirfd(d), files[i].name, &ip);
		buf_reset(&path);
		buf_printf(&path, "PORT.%s", files[i].name + 3);
		read_first_line_at(dirfd(d), path.data, &port);
		buf_printf(out, "%s%s:%s", i ? " " : "", buf_cstr(&ip), port.len ? port.data : DEFAULT_PORT);
		free(files[i].name);
	}
	if (d)
		closedir(d);
	free(files);
	buf_free(&path);
	buf_free(&ip);
	buf_free(&port);
	buf_free(&prefix);
}

void
listeners_get(struct app_ctx *a, const char *proc, struct buf *out)
{
	const struct buf *listener = strcmp(proc, "web") == 0 ? app_ctx_prop(a, NETPROP_STATIC_WEB_LISTENER) : NULL;

	if (listener && listener->len)
		buf_append(out, listener->data, listener->len);  /* raw, as the original prints it */
	else
		listeners_from_files(a->dir.data, proc, out);
}

/* Whether the file holds exactly value (a regular file, nothing more). */
static bool
file_holds(const char *path, const char *value)
{
	size_t n = strlen(value);
	char data[256];
	ssize_t got;
	int fd;

	if (n >= sizeof(data))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0)
		return false;
	got = read(fd, data, sizeof(data));
	close(fd);
	return got == (ssize_t)n && memcmp(data, value, n) == 0;
}

bool
listener_file_write(const char *dir, const char *kind, const char *proc,
                    const char *index, const char *value, struct buf *err)
{
	struct buf tmp = BUF_INIT, dst = BUF_INIT;
	struct stat st;
	bool ok = false;
	int fd;

	buf_printf(&dst, "%s/%s.%s.%s", dir, kind, proc, index);
	if (file_holds(dst.data, value)) {
		ok = true;  /* a redeploy often writes the same port: no new inode, no rename */
		goto out;
	}
	if (stat(dst.data, &st) == 0 && S_ISDIR(st.st_mode)) {  /* as the original's open fails */
		buf_puts(err, go_path_error("open", dst.data, EISDIR));
		goto out;
	}
	buf_printf(&tmp, "%s/.%s.%s.%s.tmp.%ld", dir, kind, proc, index, (long)getpid());
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0) {
		buf_puts(err, go_path_error("open", dst.data, errno));
		goto out;
	}
	/* the original truncates in place: a replaced file keeps its mode and owner */
	if (lstat(dst.data, &st) == 0 && S_ISREG(st.st_mode)) {
		(void)fchmod(fd, st.st_mode & 07777);
		if (geteuid() == 0)
			(void)fchown(fd, st.st_uid, st.st_gid);
	}
	if (!write_all(fd, value, strlen(value))) {
		buf_puts(err, go_path_error("write", dst.data, errno));
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	close(fd);
	if (rename(tmp.data, dst.data) != 0) {
		buf_puts(err, go_path_error("rename", dst.data, errno));
		unlink(tmp.data);
		goto out;
	}
	ok = true;
out:
	buf_free(&tmp);
	buf_free(&dst);
	return ok;
}

bool
listener_files_remove(const char *app)
{
	static const char *const prefixes[] = { "IP.", "PORT.", NULL };
	struct strlist names = STRLIST_INIT;
	struct buf path = BUF_INIT;
	bool ok = true;
	size_t i;

	app_files(app, prefixes, &names);
	for (i = 0; i < names.n; i++) {
		app_dir(app, &path);
		buf_printf(&path, "/%s", names.v[i]);
		if (unlink(path.data) != 0 && errno != ENOENT) {
			log_warn("Unable to remove file %s", path.data);
			ok = false;
		}
	}
	strlist_free(&names);
	buf_free(&path);
	return ok;
}
