#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "file.h"
#include "listener.h"
#include "env.h"
#include "log.h"
#include "plugn.h"
#include "prop.h"

#define APP_FILTER_MAX_ARGS 4096

#define NAME_RULE_MSG "App name must begin with lowercase alphanumeric character, " \
                      "and may only contain lowercase alphanumerics, dots, and hyphens"

/* ^[a-z0-9][a-z0-9.-]*$ (new rule), or with '_' too (old rule, still accepted). */
static bool
name_matches(const char *s, bool allow_underscore)
{
	const char *p;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (p = s + 1; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-')
			continue;
		if (*p == '_' && allow_underscore)
			continue;
		return false;
	}
	return true;
}

const char *
app_name_error(const char *app)
{
	if (!app || !*app)
		return "Please specify an app to run the command on";
	if (strlen(app) > APP_NAME_MAX)
		return "App name must be at most 255 characters";
	if (!name_matches(app, false) && !name_matches(app, true))
		return NAME_RULE_MSG;
	return NULL;
}

bool
app_container_name_split(char *name, const char **proc)
{
	char *last = strrchr(name, '.'), *mid;

	if (!last || container_index_error(last + 1))
		return false;
	*last = '\0';
	mid = strrchr(name, '.');
	if (mid && !proc_type_error(mid + 1)) {
		*mid = '\0';
		if (!app_name_error(name)) {
			*proc = mid + 1;
			return true;
		}
		*mid = '.';
	}
	*last = '.';
	return false;
}

void
app_dir(const char *app, struct buf *out)
{
	buf_reset(out);
	buf_printf(out, "%s/%s", env_required("DOKKU_ROOT"), app);
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* filterApps: only what user-auth-app lets this user see, when a plugin decides. */
static void
filter_apps(struct strlist *apps)
{
	const char *args[APP_FILTER_MAX_ARGS];
	struct buf out = BUF_INIT;
	struct strlist kept = STRLIST_INIT, lines = STRLIST_INIT;
	size_t i, n = 0;

	if (!plugn_trigger_implemented("user-auth-app"))
		return;
	if (apps->n > APP_FILTER_MAX_ARGS - 4)
		log_fail("Too many apps to filter through user-auth-app");
	args[n++] = "user-auth-app";
	args[n++] = env_or("SSH_USER", env_or("USER", ""));
	args[n++] = env_or("SSH_NAME", env_or("NAME", "default"));
	for (i = 0; i < apps->n; i++)
		args[n++] = apps->v[i];
	args[n] = NULL;
	if (plugn_trigger(&out, args) != 0)
		log_fail("Unable to filter apps through user-auth-app");
	strlist_split(&lines, buf_cstr(&out), '\n', true);
	for (i = 0; i < lines.n; i++)
		if (strlist_contains(apps, lines.v[i]))
			strlist_add(&kept, lines.v[i]);
	strlist_free(apps);
	*apps = kept;
	strlist_free(&lines);
	buf_free(&out);
}

void
app_verify(const char *app)
{
	struct buf dir = BUF_INIT;
	struct strlist one = STRLIST_INIT;
	const char *err = app_name_error(app);

	if (err)
		log_fail("%s", err);
	app_dir(app, &dir);
	if (!is_dir(dir.data))
		log_fail_code(EXIT_APP_MISSING, "App %s does not exist", app);
	strlist_add(&one, app);
	filter_apps(&one);
	if (one.n != 1)
		log_fail_code(EXIT_APP_MISSING, "App %s does not exist", app);
	strlist_free(&one);
	buf_free(&dir);
}

void
app_list_unfiltered(struct strlist *apps)
{
	const char *root = env_required("DOKKU_ROOT");
	struct buf path = BUF_INIT;
	struct dirent *e;
	DIR *d = opendir(root);

	while (d && (e = readdir(d))) {
		const char *n = e->d_name;
		if (n[0] == '.' || (n[0] >= 'A' && n[0] <= 'Z'))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", root, n);
		if (is_dir(path.data))
			strlist_add(apps, n);
	}
	if (d)
		closedir(d);
	buf_free(&path);
	strlist_sort(apps);
}

bool
app_list(struct strlist *apps)
{
	app_list_unfiltered(apps);
	if (apps->n > 0)
		filter_apps(apps);
	return apps->n > 0;
}

/* The first non-empty line of s, without surrounding blanks, into out (reset first). */
static void
first_line(const char *s, struct buf *out)
{
	const char *e;

	buf_reset(out);
	s += strspn(s, " \t\r\n");
	e = s + strcspn(s, "\r\n");
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	buf_append(out, s, (size_t)(e - s));
}

/* The first line of what `plugn trigger scheduler-detect <app>` prints, trimmed. */
static void
scheduler_detect_trigger(const char *app, struct buf *out)
{
	const char *args[] = { "scheduler-detect", app, NULL };
	struct buf raw = BUF_INIT;

	buf_reset(out);
	if (plugn_trigger(&raw, args) == 0)
		first_line(buf_cstr(&raw), out);
	buf_free(&raw);
}

/* A property of Dokku's scheduler plugin as its scheduler-detect prints it. */
static void
scheduler_property(const char *app, struct buf *out)
{
	struct buf raw = BUF_INIT;

	prop_get_of("scheduler", app, "selected", &raw);
	first_line(buf_cstr(&raw), out);
	buf_free(&raw);
}

void
app_scheduler(const char *app, struct buf *out)
{
	/* Read what Dokku's own scheduler-detect prints, without a plugn and a
	 * bash process; any other plugin implementing the trigger gets asked.
	 * Looked up once per process: rebuildall asks for every app. */
	static int direct = -1;
	void (*detect)(const char *, struct buf *);

	if (direct < 0)
		direct = plugn_trigger_only_in("scheduler-detect", "scheduler");
	detect = direct ? scheduler_property : scheduler_detect_trigger;
	detect(app, out);
	if (out->len == 0)
		detect(PROP_GLOBAL, out);
	if (out->len == 0)
		buf_puts(out, "docker-local");
}

int
app_deployed_property(const char *app)
{
	struct buf path = BUF_INIT;
	char value[16] = "";
	FILE *f;

	buf_printf(&path, "%s/config/common/%s/deployed", env_required("DOKKU_LIB_ROOT"), app);
	f = fopen(path.data, "r");
	if (f) {
		size_t n = fread(value, 1, sizeof(value) - 1, f);
		value[n] = '\0';
		fclose(f);
	}
	buf_free(&path);
	return value[0] ? strcmp(value, "true") == 0 : -1;
}

bool
app_scheduler_says_deployed(const char *app, const char *scheduler)
{
	const char *args[] = { "scheduler-is-deployed", scheduler, app, NULL };

	return plugn_trigger(NULL, args) == 0;
}

bool
app_is_deployed(const char *app)
{
	struct buf sched = BUF_INIT;
	int deployed = app_deployed_property(app);

	if (deployed < 0) {
		app_scheduler(app, &sched);
		deployed = app_scheduler_says_deployed(app, sched.data);
	}
	buf_free(&sched);
	return deployed;
}

void
app_files(const char *app, const char *const *prefixes, struct strlist *out)
{
	struct buf dir = BUF_INIT;
	struct dirent *e;
	DIR *d;
	size_t i;

	app_dir(app, &dir);
	d = opendir(dir.data);
	while (d && (e = readdir(d)))
		for (i = 0; prefixes[i]; i++)
			if (strncmp(e->d_name, prefixes[i], strlen(prefixes[i])) == 0) {
				strlist_add(out, e->d_name);
				break;
			}
	if (d)
		closedir(d);
	strlist_sort(out);
	buf_free(&dir);
}

void
app_container_ids(const char *app, struct strlist *out)
{
	static const char *const prefixes[] = { "CONTAINER.", NULL };
	struct strlist names = STRLIST_INIT;
	struct buf path = BUF_INIT, id = BUF_INIT;
	size_t i;

	app_dir(app, &path);
	buf_puts(&path, "/CONTAINER");
	read_first_line(path.data, &id);
	if (id.len)
		strlist_add(out, id.data);
	app_files(app, prefixes, &names);
	for (i = 0; i < names.n; i++) {
		app_dir(app, &path);
		buf_printf(&path, "/%s", names.v[i]);
		read_first_line(path.data, &id);
		if (id.len)
			strlist_add(out, id.data);
	}
	strlist_free(&names);
	buf_free(&path);
	buf_free(&id);
}

bool
app_current_scale(const char *app, struct strlist *procs, struct strlist *counts, struct buf *err)
{
	const char *args[] = { "ps-current-scale", app, NULL };
	struct buf out = BUF_INIT;
	struct strlist lines = STRLIST_INIT;
	bool ok = true;
	size_t i;

	if (plugn_trigger(&out, args) != 0) {
		buf_printf(err, "Unable to read the scale of %s (ps-current-scale failed)", app);
		ok = false;
		goto out;
	}
	strlist_split(&lines, buf_cstr(&out), '\n', true);
	if (lines.n == 0) {
		buf_puts(err, "invalid scale output stored by dokku: ");
		ok = false;
	}
	for (i = 0; ok && i < lines.n; i++) {
		char *eq = strchr(lines.v[i], '=');
		if (eq)
			*eq = '\0';
		if (!eq || proc_type_error(lines.v[i]) || strspn(eq + 1, "0123456789") != strlen(eq + 1) ||
		    strlen(eq + 1) > 5) {
			buf_printf(err, "invalid scale output stored by dokku: %s%s%s", lines.v[i], eq ? "=" : "",
			           eq ? eq + 1 : "");
			ok = false;
			break;
		}
		strlist_add(procs, lines.v[i]);
		strlist_add(counts, eq + 1);
	}
out:
	strlist_free(&lines);
	buf_free(&out);
	return ok;
}
