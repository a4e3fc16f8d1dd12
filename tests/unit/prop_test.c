/*
 * Unit tests of lib/prop.c (the properties on disk) and of what is computed
 * from them (lib/netprop.c, network_aliases in lib/attach.c), with
 * DOKKU_LIB_ROOT pointing at a mkdtemp directory.
 *
 * As root, files are chowned to DOKKU_SYSTEM_USER:DOKKU_SYSTEM_GROUP, which
 * must exist: they are set to the current user's and group's names, so the
 * test needs no dokku user. As another user the chown is skipped; the
 * owner checks then only expect the current user.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appctx.h"
#include "attach.h"
#include "buf.h"
#include "netprop.h"
#include "prop.h"
#include "strlist.h"
#include "tap.h"

static char root[4096];
static char lib[4200];

static const char *
path_of(const char *rel)
{
	static char p[4][8400];
	static int slot;
	char *o = p[slot++ % 4];

	snprintf(o, sizeof p[0], "%s/%s", lib, rel);
	return o;
}

static int
mode_of(const char *rel)
{
	struct stat st;

	return lstat(path_of(rel), &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static bool
exists(const char *rel)
{
	struct stat st;

	return lstat(path_of(rel), &st) == 0;
}

static bool
owned_by_us(const char *rel)
{
	struct stat st;

	return lstat(path_of(rel), &st) == 0 && st.st_uid == geteuid() && st.st_gid == getegid();
}

/* The file's bytes, NUL-terminated (n of them). */
static char *
file(const char *rel, size_t *n)
{
	FILE *f = fopen(path_of(rel), "rb");

	*n = 0;
	return f ? tap_slurp(f, n) : NULL;
}

static bool
file_is(const char *rel, const char *want, size_t wantn)
{
	size_t n;
	char *got = file(rel, &n);
	bool same = tap_same(got, n, want, wantn);

	free(got);
	return same;
}

/* Temporary files (".<prop>.tmp.*") left in a directory. */
static int
temporaries(const char *rel_dir)
{
	char cmd[9000];
	FILE *p;
	int n = 0, c;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '\\.tmp\\.'", path_of(rel_dir));
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	while ((c = fgetc(p)) != EOF)
		;
	pclose(p);
	return n;
}

/* ---- writes and reads ---- */

static void
test_write_read(void)
{
	struct buf b = BUF_INIT;
	bool found;

	buf_puts(&b, "keep:");
	found = prop_get("app1", "tld", &b);
	CHECK(!found && tap_streq(b.data, "keep:"), "a missing property: false, nothing appended");
	CHECK(!exists("config"), "reading creates nothing");

	prop_write("app1", "tld", "example.com");
	CHECK(file_is("config/network/app1/tld", "example.com", 11), "prop_write stores the raw value, no newline");
	CHECK(mode_of("config") == 0755 && mode_of("config/network") == 0755 &&
	      mode_of("config/network/app1") == 0755, "directories are 0755 (umask 077)");
	CHECK(mode_of("config/network/app1/tld") == 0600, "the file is 0600");
	CHECK(owned_by_us("config/network/app1") && owned_by_us("config/network/app1/tld"),
	      "owned by DOKKU_SYSTEM_USER:GROUP (%s)", geteuid() == 0 ? "root: chowned" : "not root: no chown");
	CHECK(temporaries("config/network/app1") == 0, "no temporary file is left");

	found = prop_get("app1", "tld", &b);
	CHECK(found && tap_streq(b.data, "keep:example.com"), "prop_get appends the value");

	{
		/* a reader that opened the old file keeps reading all of the old value */
		int fd = open(path_of("config/network/app1/tld"), O_RDONLY);
		char old[64];
		ssize_t n;
		struct stat before, after;

		fstat(fd, &before);
		prop_write("app1", "tld", "other.example");
		n = read(fd, old, sizeof old);
		stat(path_of("config/network/app1/tld"), &after);
		CHECK(n == 11 && memcmp(old, "example.com", 11) == 0 && before.st_ino != after.st_ino,
		      "a rewrite renames a new file into place (the old one is intact)");
		close(fd);
	}
	CHECK(file_is("config/network/app1/tld", "other.example", 13) && mode_of("config/network/app1/tld") == 0600,
	      "the rewritten value, still 0600");

	prop_write("app1", "attach-post-create", "a\nb\n\n");
	buf_reset(&b);
	CHECK(prop_get("app1", "attach-post-create", &b) && b.len == 5 && memcmp(b.data, "a\nb\n\n", 5) == 0,
	      "newlines are kept, raw");
	prop_write("app1", "initial-network", "");
	buf_reset(&b);
	CHECK(prop_get("app1", "initial-network", &b) && b.len == 0 && file_is("config/network/app1/initial-network", "", 0),
	      "an empty value is an empty file that exists");

	tap_write_file(path_of("config/network/app1/raw"), "a\0b\0", 4);
	buf_reset(&b);
	CHECK(prop_get("app1", "raw", &b) && b.len == 4 && memcmp(b.data, "a\0b\0", 4) == 0 && b.data[4] == '\0',
	      "NUL bytes are read raw (and the buffer stays terminated)");

	{
		/* exactly PROP_MAX_VALUE, over several reads */
		char *big = malloc(PROP_MAX_VALUE + 1);
		memset(big, 'v', PROP_MAX_VALUE);
		big[PROP_MAX_VALUE] = '\0';
		big[4095] = '\n';
		big[4096] = 'w';
		prop_write("app1", "big", big);
		buf_reset(&b);
		CHECK(prop_get("app1", "big", &b) && b.len == PROP_MAX_VALUE && memcmp(b.data, big, PROP_MAX_VALUE) == 0,
		      "a value of PROP_MAX_VALUE bytes round-trips");
		free(big);
	}
	buf_free(&b);

	{
		struct buf dir = BUF_INIT;
		prop_app_dir("app1", &dir);
		CHECK_STR(dir.data, path_of("config/network/app1"), "prop_app_dir");
		prop_app_dir(PROP_GLOBAL, &dir);
		CHECK_STR(dir.data, path_of("config/network/--global"), "prop_app_dir of --global (reset first)");
		buf_free(&dir);
	}
}

/* ---- failures (each in a child) ---- */

struct op {
	const char *what;  /* get, write, delete, setup, clone, destroy */
	const char *app, *prop, *value;
	const char *lib;   /* another DOKKU_LIB_ROOT, or NULL */
	const char *user, *group;
};

static struct op
mkop(const char *what, const char *app, const char *prop, const char *value, const char *lib_root,
     const char *user, const char *group)
{
	struct op o = { what, app, prop, value, lib_root, user, group };

	return o;
}

static int
run_op(void *p)
{
	struct op *o = p;
	struct buf b = BUF_INIT;

	if (o->lib)
		setenv("DOKKU_LIB_ROOT", o->lib, 1);
	if (o->user)
		setenv("DOKKU_SYSTEM_USER", o->user, 1);
	if (o->group)
		setenv("DOKKU_SYSTEM_GROUP", o->group, 1);
	if (strcmp(o->what, "get") == 0) {
		buf_puts(&b, "[");
		printf("%d ", prop_get(o->app, o->prop, &b));
		buf_puts(&b, "]");
		fwrite(b.data, 1, b.len, stdout);
	} else if (strcmp(o->what, "write") == 0) {
		prop_write(o->app, o->prop, o->value);
	} else if (strcmp(o->what, "delete") == 0) {
		prop_delete(o->app, o->prop);
	} else if (strcmp(o->what, "setup") == 0) {
		prop_setup();
	} else if (strcmp(o->what, "alias") == 0) {
		struct strlist l = STRLIST_INIT;
		struct app_ctx a;
		size_t i;
		app_ctx_open(&a, o->app);
		network_aliases(&a, o->prop, o->value, &l);
		app_ctx_close(&a);
		for (i = 0; i < l.n; i++)
			printf("%s\n", l.v[i]);
		strlist_free(&l);
	}
	buf_free(&b);
	return 0;
}

static void
op_is(struct op o, int status, const char *out, const char *err, const char *what)
{
	struct tap_run r;

	tap_run(run_op, &o, NULL, &r);
	CHECK(tap_run_is(&r, status, out, err), "%s", what);
	tap_run_free(&r);
}

static void
test_failures(void)
{
	char want[9000], other[4200], *big;

	mkdir(path_of("config/network/app1/dir"), 0755);
	snprintf(want, sizeof want, " !     Unable to write network config value app1.dir: open %s: is a directory\n",
	         path_of("config/network/app1/dir"));
	op_is(mkop("write", "app1", "dir", "x", NULL, NULL, NULL), 1, "", want,
	      "writing over a directory fails as Go's open does");
	op_is(mkop("get", "app1", "dir", NULL, NULL, NULL, NULL), 0, "1 []", " !     Unable to read network property app1.dir\n",
	      "reading a directory warns and reads as \"\" (but exists)");
	op_is(mkop("delete", "app1", "dir", NULL, NULL, NULL, NULL), 1, "", " !     Unable to remove network property app1.dir\n",
	      "deleting a directory fails");
	CHECK(temporaries("config/network/app1") == 0, "a failed write leaves no temporary file");

	big = malloc(PROP_MAX_VALUE + 2);
	memset(big, 'x', PROP_MAX_VALUE + 1);
	big[PROP_MAX_VALUE + 1] = '\0';
	op_is(mkop("write", "app1", "huge", big, NULL, NULL, NULL), 1, "",
	      " !     Unable to set app1.huge: the value is longer than 1048576 bytes\n", "a value past PROP_MAX_VALUE is refused");
	CHECK(!exists("config/network/app1/huge"), "and nothing is written");
	op_is(mkop("write", "app-new", "huge", big, NULL, NULL, NULL), 1, "",
	      " !     Unable to set app-new.huge: the value is longer than 1048576 bytes\n", "the same for an app with no properties yet");
	CHECK(!exists("config/network/app-new"), "and its directory is not made either");
	tap_write_file(path_of("config/network/app1/huge"), big, PROP_MAX_VALUE + 1);
	op_is(mkop("get", "app1", "huge", NULL, NULL, NULL, NULL), 0, "1 []", " !     Unable to read network property app1.huge\n",
	      "a file past PROP_MAX_VALUE warns and reads as \"\", keeping what the buffer held");
	free(big);

	if (mkfifo(path_of("config/network/app1/fifo"), 0600) == 0)
		op_is(mkop("get", "app1", "fifo", NULL, NULL, NULL, NULL), 0, "1 []", "", "a FIFO reads as \"\" at once, without a writer");
	else
		CHECK(0, "mkfifo: %s", strerror(errno));

	op_is(mkop("get", "no-such-app", "tld", NULL, NULL, NULL, NULL), 0, "0 []", "", "a missing app: not found, no warning");
	tap_write_file(path_of("config/network/plainfile"), "x", 1);
	op_is(mkop("get", "plainfile", "tld", NULL, NULL, NULL, NULL), 0, "0 []", "", "an app path that is a file (ENOTDIR): not found");
	op_is(mkop("delete", "plainfile", "tld", NULL, NULL, NULL, NULL), 0, "", "", "deleting below a file is fine (ENOTDIR)");
	op_is(mkop("delete", "no-such-app", "tld", NULL, NULL, NULL, NULL), 0, "", "", "deleting in a missing app is fine");

	/* config/network as a symbolic link: refused (the dokku user could plant it) */
	snprintf(other, sizeof other, "%s/other", root);
	mkdir(other, 0755);
	{
		char cfg[8400], target[4200], link[8400];
		snprintf(cfg, sizeof cfg, "%s/config", other);
		snprintf(target, sizeof target, "%s/elsewhere", root);
		snprintf(link, sizeof link, "%s/config/network", other);
		mkdir(cfg, 0755);
		mkdir(target, 0700);
		if (symlink(target, link) != 0)
			tap_die("symlink");
		op_is(mkop("write", "app1", "tld", "x", other, NULL, NULL), 1, "",
		      " !     Unable to create network config directory for app1: is a symbolic link\n",
		      "config/network as a symbolic link is refused");
		op_is(mkop("setup", NULL, NULL, NULL, other, NULL, NULL), 1, "",
		      " !     Unable to install the network plugin: is a symbolic link\n", "prop_setup refuses it too");
		snprintf(cfg, sizeof cfg, "%s/app1", target);
		CHECK(access(cfg, F_OK) != 0, "nothing was created through the link");
	}
	{
		/* config/network as a file */
		char other2[4400], cfg[8400];
		snprintf(other2, sizeof other2, "%s/other2", root);
		snprintf(cfg, sizeof cfg, "%s/config", other2);
		mkdir(other2, 0755);
		mkdir(cfg, 0755);
		snprintf(cfg, sizeof cfg, "%s/config/network", other2);
		tap_write_file(cfg, "", 0);
		op_is(mkop("write", "app1", "tld", "x", other2, NULL, NULL), 1, "",
		      " !     Unable to create network config directory for app1: not a directory\n",
		      "config/network as a file");
	}
	if (geteuid() == 0) {
		op_is(mkop("write", "app1", "tld", "x", NULL, NULL, "no-such-group-xyz"), 1, "",
		      " !     Unable to create network config directory for app1: group: unknown group no-such-group-xyz\n",
		      "as root: an unknown DOKKU_SYSTEM_GROUP is an error (the group is looked up first)");
		op_is(mkop("write", "app1", "tld", "x", NULL, "no-such-user-xyz", "no-such-group-xyz"), 1, "",
		      " !     Unable to create network config directory for app1: group: unknown group no-such-group-xyz\n",
		      "as root: the group is checked before the user");
		op_is(mkop("write", "app1", "tld", "x", NULL, "no-such-user-xyz", NULL), 1, "",
		      " !     Unable to create network config directory for app1: user: unknown user no-such-user-xyz\n",
		      "as root: an unknown DOKKU_SYSTEM_USER is an error");
	} else {
		op_is(mkop("write", "app1", "tld", "x", NULL, "no-such-user-xyz", "no-such-group-xyz"), 0, "", "",
		      "not root: the owner is not looked up (no chown)");
	}
}

/* ---- stale temporaries, delete, clone, destroy, setup ---- */

static void
test_lifecycle(void)
{
	char name[256];
	struct buf b = BUF_INIT;

	/*
	 * writers killed mid-write leave .<prop>.tmp.<pid>: the first write of a
	 * process into that directory removes the dead ones, of any property
	 * (the scan runs once per directory and process, hence a fresh app here)
	 */
	mkdir(path_of("config/network/stale1"), 0755);
	tap_write_file(path_of("config/network/stale1/.tld.tmp.999999999"), "dead", 4);
	tap_write_file(path_of("config/network/stale1/.tld.tmp.abc"), "junk", 4);
	tap_write_file(path_of("config/network/stale1/.tld.tmp.1"), "pid 1 lives", 11);
	tap_write_file(path_of("config/network/stale1/.tls.tmp.999999999"), "another property", 16);
	tap_write_file(path_of("config/network/stale1/.attach-post-deploy.tmp.tmp.999999999"), "scoped to tmp", 13);
	tap_write_file(path_of("config/network/stale1/.tld.tmp.1x"), "not a pid", 9);
	snprintf(name, sizeof name, "config/network/stale1/.tld.tmp.%ld", (long)getpid());
	tap_write_file(path_of(name), "ours", 4);
	prop_write("stale1", "tld", "new.example");
	CHECK(!exists("config/network/stale1/.tld.tmp.999999999") && !exists("config/network/stale1/.tld.tmp.abc") &&
	      !exists("config/network/stale1/.tld.tmp.1x") && !exists(name),
	      "dead writers' temporaries (and a stale one of this pid) are removed");
	CHECK(!exists("config/network/stale1/.tls.tmp.999999999") &&
	      !exists("config/network/stale1/.attach-post-deploy.tmp.tmp.999999999"),
	      "another property's dead temporaries too, a process type named tmp included");
	CHECK(exists("config/network/stale1/.tld.tmp.1"), "a live writer's temporary is kept");
	unlink(path_of("config/network/stale1/.tld.tmp.1"));
	prop_delete("stale1", "tld");
	rmdir(path_of("config/network/stale1"));

	prop_delete("app1", "tld");
	CHECK(!exists("config/network/app1/tld") && exists("config/network/app1"), "prop_delete removes the file only");
	prop_delete("app1", "tld");
	CHECK(!exists("config/network/app1/tld"), "deleting it again is fine");

	/* clone: app1's regular files with valid names onto app2, keeping app2's others */
	prop_write("app1", "tld", "from.one");
	prop_write("app2", "tld", "from.two");
	prop_write("app2", "bind-all-interfaces", "true");
	tap_write_file(path_of("config/network/app1/UPPER"), "x", 1);
	tap_write_file(path_of("config/network/app1/.hidden"), "x", 1);
	unlink(path_of("config/network/app1/huge"));
	unlink(path_of("config/network/app1/big"));
	unlink(path_of("config/network/app1/fifo"));
	prop_clone("app1", "app2");
	CHECK(file_is("config/network/app2/tld", "from.one", 8), "clone overwrites a property of the same name");
	CHECK(file_is("config/network/app2/bind-all-interfaces", "true", 4), "clone keeps the target's other properties");
	CHECK(file_is("config/network/app2/attach-post-create", "a\nb\n\n", 5) &&
	      file_is("config/network/app2/initial-network", "", 0), "clone copies newlines and empty values");
	CHECK(!exists("config/network/app2/UPPER") && !exists("config/network/app2/.hidden") &&
	      !exists("config/network/app2/dir"), "clone skips invalid names, hidden files and directories");
	CHECK(mode_of("config/network/app2") == 0755 && mode_of("config/network/app2/tld") == 0600 &&
	      mode_of("config/network/app2/attach-post-create") == 0600, "cloned files are 0600");
	prop_clone("no-such-app", "app3");
	CHECK(!exists("config/network/app3"), "cloning a missing app does nothing");
	CHECK(file_is("config/network/app2/raw", "a\0b\0", 4), "clone copies a value with NUL bytes whole");

	/* destroy: the whole directory, subdirectories too */
	mkdir(path_of("config/network/app2/sub"), 0755);
	tap_write_file(path_of("config/network/app2/sub/f"), "x", 1);
	prop_destroy("app2");
	CHECK(!exists("config/network/app2") && exists("config/network/app1"), "prop_destroy removes the app's directory");
	prop_destroy("app2");
	CHECK(!exists("config/network/app2"), "destroying it again is fine");
	{
		/* a link in the app's place: the link goes, not what it points to */
		char target[4400], f[4500];
		snprintf(target, sizeof target, "%s/victim", root);
		snprintf(f, sizeof f, "%s/precious", target);
		mkdir(target, 0755);
		tap_write_file(f, "keep", 4);
		if (symlink(target, path_of("config/network/linked")) != 0)
			tap_die("symlink");
		prop_destroy("linked");
		CHECK(!exists("config/network/linked") && access(f, F_OK) == 0,
		      "prop_destroy of a symbolic link removes only the link");
	}

	/* setup: config and config/network back to 0755 */
	chmod(path_of("config/network"), 0700);
	prop_setup();
	CHECK(mode_of("config/network") == 0755, "prop_setup repairs config/network's mode");
	buf_free(&b);
}

/* ---- computed values ---- */

static void
test_computed(void)
{
	struct app_ctx a;
	struct buf b = BUF_INIT;
	struct strlist l = STRLIST_INIT;
	size_t i;
	char joined[512] = "";

	prop_write("--global", "tld", "global.tld");
	prop_write("--global", "attach-post-deploy", "g1,,g2,");
	prop_write("app1", "tld", "");
	prop_write("app1", "initial-network", "net-x");
	app_ctx_open(&a, "app1");
	app_ctx_computed(&a, "tld", &b);
	CHECK_STR(b.data, "global.tld", "an empty app value falls back to the global one");
	app_ctx_computed(&a, "initial-network", &b);
	CHECK_STR(b.data, "net-x", "the app's value wins");
	app_ctx_computed(&a, "bind-all-interfaces", &b);
	CHECK_STR(b.data, "false", "bind-all-interfaces defaults to false");
	app_ctx_computed(&a, "attach-post-create", &b);
	CHECK_STR(b.data, "a\nb\n\n", "computed values are raw");
	CHECK(app_ctx_prop(&a, "tld")->len == 0, "app_ctx_prop: the raw value, empty");
	app_ctx_computed_list(&a, "attach-post-deploy", &l);
	for (i = 0; i < l.n; i++)
		snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s[%s]", i ? " " : "", l.v[i]);
	CHECK_STR(joined, "[g1] [g2]", "app_ctx_computed_list splits on ',' and drops empty pieces");
	strlist_free(&l);
	app_ctx_close(&a);
	app_ctx_init(&a, PROP_GLOBAL);
	app_ctx_computed(&a, "tld", &b);
	CHECK_STR(b.data, "global.tld", "the computed value of --global is its own");
	app_ctx_close(&a);

	/* who names a network */
	prop_write("app1", "attach-post-deploy", "shared,x");
	prop_write("app3", "attach-post-create", "shared");
	prop_write("app3", "initial-network", "shared");
	prop_write("--global", "initial-network", "shared");
	prop_write("app4", "tld", "shared");
	tap_write_file(path_of("config/network/BadApp"), "", 0);
	mkdir(path_of("config/network/Bad_App"), 0755);
	tap_write_file(path_of("config/network/Bad_App/initial-network"), "shared", 6);
	netprop_network_users("shared", &l);
	joined[0] = '\0';
	for (i = 0; i < l.n; i++)
		snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", i ? "; " : "", l.v[i]);
	CHECK_STR(joined, "--global (initial-network); app1 (attach-post-deploy); app3 (attach-post-create); "
	          "app3 (initial-network)", "netprop_network_users: sorted owners, the attach and initial properties only");
	strlist_free(&l);
	netprop_network_users("shar", &l);
	CHECK(l.n == 0, "netprop_network_users matches whole names only");
	strlist_free(&l);

	/* aliases for the network-alias flags: app.proc[.tld] and hostname.app.proc[.tld] */
	op_is(mkop("alias", "app1", "web", "", NULL, NULL, NULL), 0, "app1.web.global.tld\n", "", "network_aliases with the global tld");
	op_is(mkop("alias", "app1", "web", "web.1", NULL, NULL, NULL), 0, "app1.web.global.tld\nweb.1.app1.web.global.tld\n", "",
	      "network_aliases with a hostname");
	prop_write("app4", "tld", "a..b");
	op_is(mkop("alias", "app4", "worker", "", NULL, NULL, NULL), 1, "",
	      " !     Invalid network property app4.tld: it has an empty label\n", "a hand-edited invalid tld is refused");
	tap_write_file(path_of("config/network/app4/tld"), "ok\0x", 4);
	op_is(mkop("alias", "app4", "worker", "", NULL, NULL, NULL), 1, "",
	      " !     Invalid network property app4.tld: it holds a NUL byte\n", "a tld with a NUL byte is refused");
	prop_delete("--global", "tld");
	prop_delete("app4", "tld");
	app_ctx_forget_globals();  /* read again, by the child too */
	op_is(mkop("alias", "app4", "worker", "h", NULL, NULL, NULL), 0, "app4.worker\nh.app4.worker\n", "", "no tld at all");
	buf_free(&b);
}

int
main(void)
{
	struct passwd *pw = getpwuid(geteuid());
	struct group *gr = getgrgid(getegid());

	if (!pw || !gr) {
		printf("Bail out! no name for uid %ld or gid %ld\n", (long)geteuid(), (long)getegid());
		return 2;
	}
	tap_mkdtemp(root, sizeof root, "prop_test");
	snprintf(lib, sizeof lib, "%s/lib", root);
	mkdir(lib, 0755);
	setenv("DOKKU_LIB_ROOT", lib, 1);
	setenv("DOKKU_ROOT", root, 1);  /* the apps' directories (app contexts) */
	setenv("DOKKU_SYSTEM_USER", pw->pw_name, 1);
	setenv("DOKKU_SYSTEM_GROUP", gr->gr_name, 1);
	umask(077);
	test_write_read();
	test_failures();
	test_lifecycle();
	test_computed();
	tap_rm_rf(root);
	return tap_done();
}
