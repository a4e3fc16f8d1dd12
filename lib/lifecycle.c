#include <string.h>

#include "app.h"
#include "buf.h"
#include "lifecycle.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "plugn.h"
#include "prop.h"

/* Whether proxy-is-enabled prints "true" for the app (its exit status is always 0). */
static bool
proxy_enabled(const char *app)
{
	const char *args[] = { "proxy-is-enabled", app, NULL };
	struct buf out = BUF_INIT;
	const char *s;
	size_t n;
	bool enabled;

	if (plugn_trigger(&out, args) != 0) {
		buf_free(&out);
		return true;  /* unknown: keep ports private */
	}
	s = buf_cstr(&out);
	s += strspn(s, " \t\r\n");
	n = strcspn(s, " \t\r\n");
	enabled = !(n == 5 && strncmp(s, "false", 5) == 0);
	buf_free(&out);
	return enabled;
}

int
trigger_install(void)
{
	struct strlist apps = STRLIST_INIT;
	struct buf value = BUF_INIT;
	size_t i;

	prop_setup();
	app_list_unfiltered(&apps);
	for (i = 0; i < apps.n; i++) {
		const char *v;
		if (app_name_error(apps.v[i]))
			continue;
		buf_reset(&value);
		if (prop_get(apps.v[i], NETPROP_BIND_ALL_INTERFACES, &value))
			continue;
		/* read what proxy-is-enabled prints, not its exit status (doc/design.md §10, bug 4):
		 * only an app without a proxy listens on all interfaces */
		v = proxy_enabled(apps.v[i]) ? "false" : "true";
		log_verbose_quiet("Setting network property 'bind-all-interfaces' to %s", v);
		prop_write(apps.v[i], NETPROP_BIND_ALL_INTERFACES, v);
	}
	strlist_free(&apps);
	buf_free(&value);
	return 0;
}

static int
clear_and_clone(const char *old_app, const char *new_app)
{
	log_fail_if(app_name_error(old_app));
	log_fail_if(app_name_error(new_app));
	/* clearing the new name would clear the old one: refuse before touching either */
	if (strcmp(old_app, new_app) == 0)
		log_fail("The old and new app names are the same: %s", old_app);
	if (!listener_files_remove(new_app))
		log_fail("Unable to remove the old IP and PORT files of %s", new_app);
	prop_clone(old_app, new_app);
	return 0;
}

int
trigger_post_app_clone_setup(const char *old_app, const char *new_app)
{
	return clear_and_clone(old_app, new_app);
}

int
trigger_post_app_rename_setup(const char *old_app, const char *new_app)
{
	clear_and_clone(old_app, new_app);
	prop_destroy(old_app);
	return 0;
}

int
trigger_post_delete(const char *app)
{
	log_fail_if(app_name_error(app));
	prop_destroy(app);
	return 0;
}
