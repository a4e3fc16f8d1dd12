#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "docker.h"
#include "ipaddr.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "plugn.h"
#include "rebuild.h"

#define MAX_EXIT_STATUS 125  /* above it the shell gives exit codes other meanings */

/* Parses ps-current-scale output: "proc=count" lines. */
static void
read_scale(const char *app, struct strlist *procs, struct strlist *counts)
{
	const char *args[] = { "ps-current-scale", app, NULL };
	struct buf out = BUF_INIT;
	struct strlist lines = STRLIST_INIT;
	size_t i;

	if (plugn_trigger(&out, args) != 0)
		log_fail("Unable to read the scale of %s (ps-current-scale failed)", app);
	strlist_split(&lines, buf_cstr(&out), '\n', true);
	if (lines.n == 0)
		log_fail("invalid scale output stored by dokku: ");
	for (i = 0; i < lines.n; i++) {
		char *eq = strchr(lines.v[i], '=');
		if (!eq)
			log_fail("invalid scale output stored by dokku: %s", lines.v[i]);
		*eq = '\0';
		if (proc_type_error(lines.v[i]) || strspn(eq + 1, "0123456789") != strlen(eq + 1) ||
		    strlen(eq + 1) > 5)
			log_fail("invalid scale output stored by dokku: %s=%s", lines.v[i], eq + 1);
		strlist_add(procs, lines.v[i]);
		strlist_add(counts, eq + 1);
	}
	strlist_free(&lines);
	buf_free(&out);
}

static int
build_container(const char *app, const char *proc, const char *index,
                const struct docker_container_list *running)
{
	struct buf path = BUF_INIT, cid = BUF_INIT, ip = BUF_INIT, err = BUF_INIT;
	struct docker_container c;
	bool owned = false, found;
	int failed = 0;

	app_dir(app, &path);
	buf_printf(&path, "/CONTAINER.%s.%s", proc, index);
	read_first_line(path.data, &cid);
	if (cid.len == 0)
		goto out;
	found = docker_container_resolve(running, cid.data, &c, &owned);
	if (!found || !c.running) {
		log_verbose_quiet("Skipping %s.%s.%s (%.12s): not running", app, proc, index, cid.data);
		goto out;
	}
	container_ip_address(app, proc, &c, &ip);
	if (ip.len == 0) {
		log_warn("Unable to determine the IP address of %s.%s.%s (%.12s)", app, proc, index, cid.data);
		failed = 1;
	} else if (!listener_file_write(app, "IP", proc, index, ip.data, &err)) {
		log_warn("%s", buf_cstr(&err));
		failed = 1;
	}
out:
	if (owned)
		docker_container_free(&c);
	buf_free(&path);
	buf_free(&cid);
	buf_free(&ip);
	buf_free(&err);
	return failed;
}

int
network_build_config(const char *app)
{
	struct strlist procs = STRLIST_INIT, counts = STRLIST_INIT;
	struct docker_container_list running;
	struct buf listener = BUF_INIT, sched = BUF_INIT, err = BUF_INIT, index = BUF_INIT;
	int failures = 0;
	size_t i;
	long n, k;

	if (!app_is_deployed(app))
		return 0;
	netprop_raw(app, NETPROP_STATIC_WEB_LISTENER, &listener);
	if (listener.len) {
		buf_free(&listener);
		return 0;
	}
	read_scale(app, &procs, &counts);
	app_scheduler(app, &sched);
	if (procs.n == 0 || strcmp(sched.data, "docker-local") != 0)
		goto out;
	log_info1("Ensuring network configuration is in sync for %s", app);
	/* one request for all of the app's running containers */
	if (!docker_app_containers(app, &running, &err))
		log_fail("%s", buf_cstr(&err));
	for (i = 0; i < procs.n; i++) {
		n = strtol(counts.v[i], NULL, 10);
		for (k = 1; k <= n; k++) {
			buf_reset(&index);
			buf_printf(&index, "%ld", k);
			failures += build_container(app, procs.v[i], index.data, &running);
		}
	}
	docker_container_list_free(&running);
out:
	strlist_free(&procs);
	strlist_free(&counts);
	buf_free(&listener);
	buf_free(&sched);
	buf_free(&err);
	buf_free(&index);
	return failures;
}

int
network_rebuild(const char *app)
{
	int failures;

	app_verify(app);
	failures = network_build_config(app);
	return failures > MAX_EXIT_STATUS ? MAX_EXIT_STATUS : failures;
}

int
network_rebuildall(void)
{
	struct strlist apps = STRLIST_INIT;
	int failures = 0;
	size_t i;

	if (!app_list(&apps)) {
		log_warn("You haven't deployed any applications yet");
		return 0;
	}
	for (i = 0; i < apps.n; i++) {
		if (!app_is_deployed(apps.v[i])) {
			log_verbose_quiet("Skipping %s: not deployed", apps.v[i]);
			continue;
		}
		failures += network_build_config(apps.v[i]);
	}
	strlist_free(&apps);
	return failures > MAX_EXIT_STATUS ? MAX_EXIT_STATUS : failures;
}

int
network_build_config_trigger(const char *app)
{
	const char *err = app_name_error(app);

	if (err)
		log_fail("%s", err);
	/* per-container failures are warnings here: the proxy build goes on */
	network_build_config(app);
	return 0;
}
