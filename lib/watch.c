#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "docker.h"
#include "engine.h"
#include "events.h"
#include "log.h"
#include "plugn.h"
#include "sweep.h"
#include "util.h"
#include "watch.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
#define RETRY_PASS_MS 1000  /* a pass the daemon could not answer is tried again */
/* what changes addresses, and die for the restart policy; the label filter
 * would drop every network event, so containers are matched here instead */
#define EVENT_FILTERS                                                          \
	"{\"type\":[\"container\",\"network\"],\"event\":[\"start\",\"restart\"," \
	"\"unpause\",\"die\",\"stop\",\"kill\",\"connect\",\"disconnect\"]}"

static volatile sig_atomic_t stop_requested, sweep_requested;
static int signal_pipe[2] = { -1, -1 };

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig == SIGHUP)
		sweep_requested = 1;
	else
		stop_requested = 1;
	if (write(signal_pipe[1], &c, 1) < 0) {
		/* the pipe is full: a wake-up is pending anyway */
	}
	errno = saved;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the watcher ------------------------------------------------------------ */

struct watcher {
	const struct watch_options *opt;
	struct engine_stream stream;
	bool subscribed;
	struct event_lines lines;
	long long last_event_nano;  /* resume after it */
	struct pending {            /* apps with events waiting for their debounce */
		char *app;              /* "" for containers of no known app: all apps */
		long long due;
	} *pending;
	size_t npending;
	struct strlist owners;      /* "<container ID> <app>", from the last sweep */
	long long retry_at;         /* when to reconnect */
	int backoff_ms;
	bool outage_reported;
	struct strlist died;        /* "app container" of deploy containers that died */
	pid_t *rebuilds;            /* receive-app calls still running */
	size_t nrebuilds;
};

/*
 * Fires proxy-build-config for each app, bounded; counts the failures. Once
 * a stop is asked for, the calls are still started (the files are already
 * rewritten and nothing would call them later) but not waited for.
 */
static int
rebuild_proxies(const struct watcher *w, const struct strlist *apps)
{
	int failures = 0;
	size_t i;

	for (i = 0; i < apps->n; i++) {
		const char *args[] = { "proxy-build-config", apps->v[i], NULL };
		pid_t pid;
		int rc;

		log_info1("Rebuilding the proxy configuration of %s", apps->v[i]);
		pid = plugn_trigger_start(args);
		rc = pid < 0 ? -1 : plugn_trigger_wait(pid, w->opt->trigger_timeout_ms, &stop_requested);
		if (rc == PLUGN_TIMED_OUT)
			log_warn("proxy-build-config %s took longer than %d s: stopped", apps->v[i],
			         w->opt->trigger_timeout_ms / 1000);
		else if (rc != 0 && rc != PLUGN_ABANDONED)
			log_warn("proxy-build-config %s failed (exit status %d)", apps->v[i], rc);
		if (rc != 0 && rc != PLUGN_ABANDONED)
			failures++;
	}
	return failures;
}

/*
 * Parity with dokku-event-listener: a deploy container that died for good
 * under an on-failure policy (no restart left) gets its app rebuilt, as
 * `dokku ps:rebuild` does it: `plugn trigger receive-app <app>`.
 */
static void
rebuild_exhausted(struct watcher *w, const char *app, const char *id)
{
	const char *args[] = { "receive-app", app, NULL };
	struct strlist ids = STRLIST_INIT;
	struct docker_container c;
	struct buf err = BUF_INIT;
	bool current = false;
	size_t i;
	pid_t pid;

	app_container_ids(app, &ids);
	for (i = 0; i < ids.n; i++)
		current |= strncmp(ids.v[i], id, strlen(ids.v[i])) == 0;
	strlist_free(&ids);
	if (!current || docker_container_inspect(id, &c, &err) != DOCKER_FOUND)
		goto out;
	if (!c.running && strcmp(c.state, "restarting") != 0 && strcmp(c.restart_policy, "on-failure") == 0 &&
	    c.restart_max > 0 && c.restart_count >= c.restart_max) {
		log_info1("Rebuilding %s: container %.12s exited after %d restarts (on-failure:%d); "
		          "plugn trigger receive-app %s, as ps:rebuild does", app, id, c.restart_count,
		          c.restart_max, app);
		if ((pid = plugn_trigger_start(args)) < 0) {
			log_warn("Unable to run plugn trigger receive-app %s", app);
		} else {
			w->rebuilds = xreallocarray(w->rebuilds, w->nrebuilds + 1, sizeof(*w->rebuilds));
			w->rebuilds[w->nrebuilds++] = pid;
		}
	}
	docker_container_free(&c);
out:
	buf_free(&err);
}

/* Reaps the receive-app calls that have finished. */
static void
reap_rebuilds(struct watcher *w)
{
	size_t i = 0;
	int status;

	while (i < w->nrebuilds) {
		if (waitpid(w->rebuilds[i], &status, WNOHANG) == w->rebuilds[i]) {
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				log_warn("plugn trigger receive-app (pid %ld) failed", (long)w->rebuilds[i]);
			w->rebuilds[i] = w->rebuilds[--w->nrebuilds];
		} else {
			i++;
		}
	}
}

/* The pending entry of app, or NULL. */
static struct pending *
pending_of(const struct watcher *w, const char *app)
{
	size_t i;

	for (i = 0; i < w->npending; i++)
		if (strcmp(w->pending[i].app, app) == 0)
			return &w->pending[i];
	return NULL;
}

/* An app whose debounce has not run out yet waits for its own pass. */
static bool
deferred(const struct watcher *w, const char *app, long long now)
{
	const struct pending *p = pending_of(w, app);

	return p && p->due > now;
}

/* When the next pass is due: the earliest debounce; 0 when none is pending. */
static long long
next_pass(const struct watcher *w)
{
	long long due = 0;
	size_t i;

	for (i = 0; i < w->npending; i++)
		if (!due || w->pending[i].due < due)
			due = w->pending[i].due;
	return due;
}

/* Forgets the entries whose pass has run (all of them when now < 0). */
static void
pending_done(struct watcher *w, long long now)
{
	size_t i = 0;

	while (i < w->npending) {
		if (now < 0 || w->pending[i].due <= now) {
			free(w->pending[i].app);
			w->pending[i] = w->pending[--w->npending];
		} else {
			i++;
		}
	}
}

/* The passes due now wait delay_ms more. */
static void
pending_postpone(struct watcher *w, long long now, long long delay_ms)
{
	size_t i;

	for (i = 0; i < w->npending; i++)
		if (w->pending[i].due <= now)
			w->pending[i].due = now + delay_ms;
}

/*
 * An event for app ("" when it is not known) starts its debounce; later ones
 * do not push it back, so that a burst gives one pass.
 */
static void
schedule(struct watcher *w, const char *app, long long delay_ms)
{
	if (pending_of(w, app))
		return;
	w->pending = xreallocarray(w->pending, w->npending + 1, sizeof(*w->pending));
	w->pending[w->npending].app = xstrdup(app);
	w->pending[w->npending++].due = now_ms() + delay_ms;
}

/*
 * A sweep of every app whose debounce is not still running (now < 0: of
 * every app), then the proxy rebuilds; false when the daemon could not be
 * asked.
 */
static bool
sweep_all(struct watcher *w, int *failures, long long now)
{
	struct sweep sw;
	struct strlist apps = STRLIST_INIT, died = STRLIST_INIT;
	struct buf err = BUF_INIT;
	size_t i;
	bool ok;

	ok = sweep_begin(&sw, &err);
	if (!ok) {
		log_warn("Unable to check the listener files: %s", buf_cstr(&err));
		*failures += 1;
		goto out;
	}
	/* the last sweep's owners are not read during this one: not held twice */
	strlist_free(&w->owners);
	app_list_unfiltered(&apps);
	for (i = 0; i < apps.n && !stop_requested; i++)
		if (!app_name_error(apps.v[i]) && !(now >= 0 && deferred(w, apps.v[i], now)))
			sweep_app(&sw, apps.v[i]);
	*failures += sw.failures + rebuild_proxies(w, &sw.changed);
	strlist_free(&w->owners);
	w->owners = sw.owners;  /* moved */
	memset(&sw.owners, 0, sizeof(sw.owners));
	/* the deaths of the apps swept now (the daemon had time to restart them) */
	for (i = 0; i < w->died.n; i++) {
		char *sp = strchr(w->died.v[i], ' ');
		*sp = '\0';
		if (now >= 0 && deferred(w, w->died.v[i], now)) {
			*sp = ' ';
			strlist_add(&died, w->died.v[i]);
		} else {
			rebuild_exhausted(w, w->died.v[i], sp + 1);
		}
	}
	strlist_free(&w->died);
	w->died = died;
out:
	strlist_free(&apps);
	sweep_end(&sw);
	buf_free(&err);
	return ok;
}

/* The app whose CONTAINER.* file names this container at the last sweep, or "". */
static const char *
app_of_container(const struct watcher *w, const char *id)
{
	size_t i, n = strlen(id);

	for (i = 0; i < w->owners.n; i++) {
		const char *sp = strchr(w->owners.v[i], ' ');
		size_t k = (size_t)(sp - w->owners.v[i]);
		if (strncmp(w->owners.v[i], id, k < n ? k : n) == 0)
			return sp + 1;
	}
	return "";
}

static void
on_event_line(const char *line, size_t len, void *ctx)
{
	struct watcher *w = ctx;
	struct docker_event ev;
	bool container;

	if (!line) {
		log_warn("Skipped a Docker event longer than %zu bytes", EVENT_LINE_MAX);
		return;
	}
	if (!docker_event_parse(line, len, &ev)) {
		log_warn("Skipped a malformed Docker event: %.100s", line);
		return;
	}
	if (ev.time_nano > w->last_event_nano)
		w->last_event_nano = ev.time_nano;
	log_debug("event: %s %s %.12s%s%s", ev.type, ev.action, ev.container[0] ? ev.container : ev.id,
	          ev.app[0] ? " app " : "", ev.app);
	container = strcmp(ev.type, "container") == 0;
	if (container && (strcmp(ev.action, "start") == 0 || strcmp(ev.action, "restart") == 0 ||
	                  strcmp(ev.action, "unpause") == 0)) {
		/* an app's own container; a stranger's address can be another app's old one */
		schedule(w, app_name_error(ev.app) ? "" : ev.app, w->opt->debounce_ms);
	} else if (strcmp(ev.type, "network") == 0 &&
	           (strcmp(ev.action, "connect") == 0 || strcmp(ev.action, "disconnect") == 0)) {
		schedule(w, app_of_container(w, ev.container), w->opt->debounce_ms);
	} else if (container && strcmp(ev.action, "die") == 0 && ev.app[0] && ev.exit_code != 0 &&
	           !app_name_error(ev.app) && is_container_id(ev.id)) {
		struct buf entry = BUF_INIT;
		buf_printf(&entry, "%s %s", ev.app, ev.id);
		if (!strlist_contains(&w->died, entry.data))
			strlist_add(&w->died, entry.data);
		buf_free(&entry);
		schedule(w, ev.app, w->opt->debounce_ms);  /* checked after it: the daemon may still restart it */
	}
}

/* Subscribes to the events (after the last one seen, when there is one). */
static bool
subscribe(struct watcher *w)
{
	struct buf path = BUF_INIT;
	bool ok;

	buf_puts(&path, "/events?filters=");
	url_encode(&path, EVENT_FILTERS);
	if (w->last_event_nano > 0) {
		long long since = w->last_event_nano + 1;  /* not the last one again */
		buf_printf(&path, "&since=%lld.%09lld", since / 1000000000LL, since % 1000000000LL);
	}
	ok = engine_stream_open(&w->stream, path.data);
	buf_free(&path);
	if (ok) {
		event_lines_free(&w->lines);
		event_lines_init(&w->lines);
	}
	return ok;
}

static void
lost_connection(struct watcher *w, const char *why)
{
	if (w->subscribed)
		engine_stream_close(&w->stream);
	w->subscribed = false;
	if (!w->outage_reported)
		log_warn("Lost the Docker daemon (%s); reconnecting", why);
	else
		log_debug("watch: still no daemon: %s", why);
	w->outage_reported = true;
	w->retry_at = now_ms() + w->backoff_ms;
	w->backoff_ms = w->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : w->backoff_ms * 2;
}

/* (Re)connects: subscribe first, so that nothing between the sweep and the stream is missed. */
static void
connect_and_sweep(struct watcher *w)
{
	int failures = 0;

	engine_close();  /* a daemon that went away leaves a dead keep-alive connection */
	if (!subscribe(w)) {
		lost_connection(w, engine_error());
		return;
	}
	w->subscribed = true;
	if (!sweep_all(w, &failures, -1)) {
		lost_connection(w, "the container list failed");
		return;
	}
	w->backoff_ms = BACKOFF_MIN_MS;
	w->outage_reported = false;
	pending_done(w, -1);
	log_info1("Watching Docker events for Dokku apps");
}

static void
read_events(struct watcher *w)
{
	struct buf body = BUF_INIT;

	for (;;) {
		int rc;
		buf_reset(&body);
		rc = engine_stream_next(&w->stream, &body, 0);
		if (body.len)
			event_lines_feed(&w->lines, body.data, body.len, on_event_line, w);
		if (rc == ENGINE_STREAM_WAIT)
			break;
		if (rc == ENGINE_STREAM_ERROR || rc == ENGINE_STREAM_END) {
			lost_connection(w, rc == ENGINE_STREAM_END ? "the event stream ended" : engine_error());
			break;
		}
	}
	buf_free(&body);
}

static void
install_signals(void)
{
	struct sigaction sa;

	if (pipe(signal_pipe) != 0)
		log_fail("Unable to create a pipe: %s", go_strerror(errno));
	fcntl(signal_pipe[0], F_SETFL, fcntl(signal_pipe[0], F_GETFL) | O_NONBLOCK);
	fcntl(signal_pipe[1], F_SETFL, fcntl(signal_pipe[1], F_GETFL) | O_NONBLOCK);
	fcntl(signal_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(signal_pipe[1], F_SETFD, FD_CLOEXEC);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static void
drain_signal_pipe(void)
{
	char b[64];

	while (read(signal_pipe[0], b, sizeof(b)) > 0)
		;
}

int
command_watch(const struct watch_options *opt)
{
	struct watcher w;
	int failures = 0;

	memset(&w, 0, sizeof(w));
	w.opt = opt;
	w.backoff_ms = BACKOFF_MIN_MS;
	engine_stream_init(&w.stream);
	event_lines_init(&w.lines);
	if (opt->once) {
		sweep_all(&w, &failures, -1);
		event_lines_free(&w.lines);
		strlist_free(&w.died);
		strlist_free(&w.owners);
		return failures ? 1 : 0;
	}
	install_signals();
	while (!stop_requested) {
		struct pollfd p[2];
		long long now = now_ms(), wake = -1, due;
		int n = 1;

		reap_rebuilds(&w);
		if (!w.subscribed && now >= w.retry_at) {
			connect_and_sweep(&w);
			continue;
		}
		if (sweep_requested && w.subscribed) {
			sweep_requested = 0;
			if (sweep_all(&w, &failures, -1))
				pending_done(&w, -1);
			continue;
		}
		due = next_pass(&w);
		if (due && now >= due) {
			if (sweep_all(&w, &failures, now))
				pending_done(&w, now);
			else  /* tried again in a while, or after the reconnect */
				pending_postpone(&w, now, RETRY_PASS_MS);
			continue;
		}
		memset(p, 0, sizeof(p));
		p[0].fd = signal_pipe[0];
		p[0].events = POLLIN;
		if (w.subscribed) {
			p[1].fd = engine_stream_fd(&w.stream);
			p[1].events = POLLIN;
			n = 2;
		}
		if (!w.subscribed)
			wake = w.retry_at;
		if (due && (wake < 0 || due < wake))
			wake = due;
		if (w.nrebuilds && (wake < 0 || now + 1000 < wake))
			wake = now + 1000;  /* to reap them */
		/* idle means blocked here: no timer unless something is due */
		if (poll(p, (nfds_t)n, wake < 0 ? -1 : (int)(wake > now ? wake - now : 0)) < 0 && errno != EINTR)
			log_fail("poll: %s", go_strerror(errno));
		if (p[0].revents)
			drain_signal_pipe();
		if (n == 2 && p[1].revents)
			read_events(&w);
	}
	if (w.subscribed)
		engine_stream_close(&w.stream);
	event_lines_free(&w.lines);
	strlist_free(&w.died);
	strlist_free(&w.owners);
	pending_done(&w, -1);
	free(w.pending);
	free(w.rebuilds);
	return 0;
}
