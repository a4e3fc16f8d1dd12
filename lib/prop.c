/* nftw() is in POSIX.1-2008 XSI */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "env.h"
#include "log.h"
#include "prop.h"

#define TMP_INFIX ".tmp."

bool
prop_name_valid(const char *prop)
{
	const char *dot = strchr(prop, '.');
	size_t n = dot ? (size_t)(dot - prop) : strlen(prop), m;

	if (n == 0 || n > 64 || strspn(prop, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return false;
	if (!dot)
		return true;
	/* a process-scoped value: <property>.<process type> */
	m = strlen(dot + 1);
	return m > 0 && m <= 64 &&
	       strspn(dot + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == m;
}

static void
plugin_dir(struct buf *out)
{
	buf_reset(out);
	buf_printf(out, "%s/config/%s", env_required("DOKKU_LIB_ROOT"), PROP_PLUGIN);
}

void
prop_app_dir(const char *app, struct buf *out)
{
	plugin_dir(out);
	buf_printf(out, "/%s", app);
}

/*
 * When running as root, files belong to the dokku user. Returns false with
 * errno-like text in why when the user or group does not exist.
 */
static bool
owner(uid_t *uid, gid_t *gid, const char **why)
{
	const char *user = env_or("DOKKU_SYSTEM_USER", "dokku");
	const char *group = env_or("DOKKU_SYSTEM_GROUP", "dokku");
	static char msg[300];
	struct passwd *pw;
	struct group *gr;

	if (geteuid() != 0)
		return false;
	/* the group first, as Go's SetPermissions looks them up */
	gr = getgrnam(group);
	if (!gr) {
		snprintf(msg, sizeof(msg), "group: unknown group %s", group);
		*why = msg;
		return false;
	}
	pw = getpwnam(user);
	if (!pw) {
		snprintf(msg, sizeof(msg), "user: unknown user %s", user);
		*why = msg;
		return false;
	}
	*uid = pw->pw_uid;
	*gid = gr->gr_gid;
	return true;
}

/* mkdir -p of one level + chmod 0755 + chown; NULL on success, else why. */
static const char *
setup_dir(const char *path, bool skip_if_symlink)
{
	struct stat st;
	uid_t uid;
	gid_t gid;
	const char *why = NULL;

	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return go_path_error("mkdir", path, errno);
	if (lstat(path, &st) != 0)
		return go_path_error("lstat", path, errno);
	/* config/ is Dokku's; below it a link (which the dokku user can plant)
	 * would make root chown, chmod and write outside the tree */
	if (S_ISLNK(st.st_mode))
		return skip_if_symlink ? NULL : "is a symbolic link";
	if (!S_ISDIR(st.st_mode))
		return "not a directory";
	if ((st.st_mode & 07777) != 0755 && chmod(path, 0755) != 0)
		return go_path_error("chmod", path, errno);
	if (owner(&uid, &gid, &why)) {
		if ((st.st_uid != uid || st.st_gid != gid) && chown(path, uid, gid) != 0)
			return go_path_error("chown", path, errno);
	} else if (why) {
		return why;
	}
	return NULL;
}

static const char *
setup_dirs(const char *app)
{
	struct buf path = BUF_INIT;
	const char *why;

	buf_printf(&path, "%s/config", env_required("DOKKU_LIB_ROOT"));
	why = setup_dir(path.data, true);
	if (!why) {
		buf_printf(&path, "/%s", PROP_PLUGIN);
		why = setup_dir(path.data, false);
	}
	if (!why && app) {
		buf_printf(&path, "/%s", app);
		why = setup_dir(path.data, false);
	}
	buf_free(&path);
	return why;
}

void
prop_setup(void)
{
	const char *why = setup_dirs(NULL);

	if (why)
		log_fail("Unable to install the network plugin: %s", why);
}

bool
prop_get(const char *app, const char *prop, struct buf *out)
{
	return prop_get_of(PROP_PLUGIN, app, prop, out);
}

bool
prop_get_of(const char *plugin, const char *app, const char *prop, struct buf *out)
{
	/* on the stack, not the heap: the hottest triggers read one property and
	 * allocate nothing (see buf_init_in) */
	char path[PATH_MAX], chunk[4096];
	size_t start = out->len;
	int fd, n;
	bool exists = true;

	n = snprintf(path, sizeof(path), "config/%s/%s/%s", plugin, app, prop);
	/* O_NONBLOCK: a FIFO planted there must not hang a deploy */
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		fd = -1;
	} else {
		fd = env_openat("DOKKU_LIB_ROOT", path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	}
	if (fd < 0) {
		exists = errno != ENOENT && errno != ENOTDIR;
		if (exists)
			log_warn("Unable to read %s property %s.%s", plugin, app, prop);
		return exists;
	}
	for (;;) {
		ssize_t got = read(fd, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || out->len - start + (size_t)got > PROP_MAX_VALUE) {
			log_warn("Unable to read %s property %s.%s", plugin, app, prop);
			out->len = start;
			break;
		}
		if (got == 0)
			break;
		buf_append(out, chunk, (size_t)got);
		/* a short read of a file that is only ever replaced (rename), never
		 * appended to, is its end: one read(2) fewer per property */
		if ((size_t)got < sizeof(chunk))
			break;
	}
	if (out->data)
		out->data[out->len] = '\0';
	close(fd);
	return exists;
}

/*
 * Removes temporary files that writers killed mid-write left behind. Once
 * per directory and process: a process's own temporaries never outlive its
 * writes, and a scan per write made writing N properties (network:import,
 * a clone) cost N^2.
 */
static void
remove_stale_temporaries(const char *dir)
{
	static struct buf scanned;
	struct dirent *e;
	DIR *d;

	if (scanned.len && strcmp(scanned.data, dir) == 0)
		return;
	buf_reset(&scanned);
	buf_puts(&scanned, dir);
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *n = e->d_name, *infix = NULL, *p;
		char *end;
		long pid;

		/* .<property>.tmp.<pid>: the last infix (a process type may be "tmp") */
		for (p = n; n[0] == '.' && (p = strstr(p + 1, TMP_INFIX)); )
			infix = p;
		if (!infix || infix == n)
			continue;
		pid = strtol(infix + strlen(TMP_INFIX), &end, 10);
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
			struct buf path = BUF_INIT;
			buf_printf(&path, "%s/%s", dir, n);
			unlink(path.data);
			buf_free(&path);
		}
	}
	closedir(d);
}

void
prop_write(const char *app, const char *prop, const char *value)
{
	prop_write_n(app, prop, value, strlen(value));
}

void
prop_write_n(const char *app, const char *prop, const char *value, size_t len)
{
	struct buf dir = BUF_INIT, tmp = BUF_INIT, dst = BUF_INIT;
	/* the original's wording names the step: write, close, set permissions for */
	const char *why, *step = "write";
	struct stat st;
	uid_t uid;
	gid_t gid;
	int fd = -1;

	/* refused before anything is made on disk */
	if (len > PROP_MAX_VALUE)
		log_fail("Unable to set %s.%s: the value is longer than %zu bytes", app, prop, PROP_MAX_VALUE);
	if ((why = setup_dirs(app)))
		log_fail("Unable to create %s config directory for %s: %s", PROP_PLUGIN, app, why);
	prop_app_dir(app, &dir);
	remove_stale_temporaries(dir.data);
	buf_printf(&tmp, "%s/.%s%s%ld", dir.data, prop, TMP_INFIX, (long)getpid());
	buf_printf(&dst, "%s/%s", dir.data, prop);
	unlink(tmp.data);
	/* errors name the property's own path, as the original's do; a
	 * directory in its place fails as the original's open of it does */
	if (stat(dst.data, &st) == 0 && S_ISDIR(st.st_mode)) {
		why = go_path_error("open", dst.data, EISDIR);
		goto fail;
	}
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		why = go_path_error("open", dst.data, errno);
		goto fail;
	}
	if (!write_all(fd, value, len)) {
		why = go_path_error("write", dst.data, errno);
		goto fail;
	}
	step = "set permissions for";
	if (fchmod(fd, 0600) != 0) {
		why = go_path_error("chmod", dst.data, errno);
		goto fail;
	}
	why = NULL;
	if (owner(&uid, &gid, &why)) {
		if (fchown(fd, uid, gid) != 0) {
			why = go_path_error("chown", dst.data, errno);
			goto fail;
		}
	} else if (why) {
		goto fail;
	}
	step = "close";
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		why = go_path_error("close", dst.data, errno);
		goto fail;
	}
	fd = -1;
	step = "write";
	if (rename(tmp.data, dst.data) != 0) {
		why = go_path_error("rename", dst.data, errno);
		goto fail;
	}
	buf_free(&dir);
	buf_free(&tmp);
	buf_free(&dst);
	return;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp.data);
	log_fail("Unable to %s %s config value %s.%s: %s", step, PROP_PLUGIN, app, prop, why);
}

void
prop_delete(const char *app, const char *prop)
{
	struct buf path = BUF_INIT;

	prop_app_dir(app, &path);
	buf_printf(&path, "/%s", prop);
	if (unlink(path.data) != 0 && errno != ENOENT && errno != ENOTDIR)
		log_fail("Unable to remove %s property %s.%s", PROP_PLUGIN, app, prop);
	buf_free(&path);
}

static int
remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

void
prop_destroy(const char *app)
{
	struct buf path = BUF_INIT;
	struct stat st;

	prop_app_dir(app, &path);
	if (lstat(path.data, &st) == 0) {
		int rc = S_ISDIR(st.st_mode)
		         ? nftw(path.data, remove_entry, 16, FTW_DEPTH | FTW_PHYS)
		         : unlink(path.data);
		if (rc != 0)
			log_fail("Unable to remove %s properties of %s: %s", PROP_PLUGIN, app, go_strerror(errno));
	}
	buf_free(&path);
}

void
prop_clone(const char *from, const char *to)
{
	struct buf dir = BUF_INIT, value = BUF_INIT;
	struct dirent *e;
	DIR *d;

	prop_app_dir(from, &dir);
	d = opendir(dir.data);
	if (!d) {
		buf_free(&dir);
		return;  /* nothing to clone; Dokku ignores these errors too */
	}
	while ((e = readdir(d))) {
		struct buf path = BUF_INIT;
		struct stat st;
		bool regular;

		if (e->d_name[0] == '.' || !prop_name_valid(e->d_name))
			continue;
		buf_printf(&path, "%s/%s", dir.data, e->d_name);
		regular = stat(path.data, &st) == 0 && S_ISREG(st.st_mode);
		buf_free(&path);
		if (!regular)
			continue;
		buf_reset(&value);
		prop_get(from, e->d_name, &value);
		prop_write_n(to, e->d_name, buf_cstr(&value), value.len);  /* NULs too */
	}
	closedir(d);
	buf_free(&value);
	buf_free(&dir);
}
