#include <dirent.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "env.h"
#include "log.h"
#include "plugn.h"
#include "util.h"

extern char **environ;

/* argv for `plugn trigger <args...>` (NULL-terminated), malloc'd. */
static const char **
plugn_argv(const char *const *args)
{
	const char **argv;
	size_t n = 0, count = 0;

	while (args[count])
		count++;
	argv = xcalloc(count + 3, sizeof(*argv));
	argv[n++] = "plugn";
	argv[n++] = "trigger";
	for (; *args; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	return argv;
}

pid_t
plugn_trigger_start(const char *const *args)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	const char **argv = plugn_argv(args);
	pid_t pid;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawnattr_init(&attr);
	/* a group of its own, so that a hung hook can be stopped with its children */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	log_debug("exec: plugn trigger %s", argv[2]);
	rc = posix_spawnp(&pid, "plugn", &fa, &attr, (char *const *)argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	return rc == 0 ? pid : -1;
}

int
plugn_trigger_wait(pid_t pid, int timeout_ms, volatile sig_atomic_t *give_up)
{
	struct timespec tick = { 0, 10L * 1000 * 1000 };
	int status, waited;

	for (waited = 0; timeout_ms < 0 || waited < timeout_ms; waited += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (r < 0 && errno != EINTR)
			return -1;
		if (give_up && *give_up)
			return PLUGN_ABANDONED;
		nanosleep(&tick, NULL);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return PLUGN_TIMED_OUT;
}

int
plugn_trigger(struct buf *out, const char *const *args)
{
	posix_spawn_file_actions_t fa;
	const char **argv = plugn_argv(args);
	int pipefd[2] = { -1, -1 }, status = 0, rc;
	pid_t pid;

	if (out && pipe(pipefd) != 0) {
		free(argv);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (out) {
		posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
		posix_spawn_file_actions_addclose(&fa, pipefd[0]);
		posix_spawn_file_actions_addclose(&fa, pipefd[1]);
	}
	log_debug("exec: plugn trigger %s", argv[2]);
	rc = posix_spawnp(&pid, "plugn", &fa, NULL, (char *const *)argv, environ);
	free(argv);
	if (rc != 0) {
		posix_spawn_file_actions_destroy(&fa);
		if (out) {
			close(pipefd[0]);
			close(pipefd[1]);
		}
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (out) {
		close(pipefd[1]);
		for (;;) {
			ssize_t r;
			buf_reserve(out, 4096);
			r = read(pipefd[0], out->data + out->len, 4096);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			out->len += (size_t)r;
			out->data[out->len] = '\0';
		}
		close(pipefd[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * Counts the enabled plugins but 20_events (which logs every trigger) that
 * implement the trigger, up to 2, and whether plugin is one of them.
 */
static int
implementers(const char *trigger, const char *plugin, bool *plugin_has_it)
{
	const char *root = getenv("PLUGIN_PATH");
	struct buf dir = BUF_INIT, path = BUF_INIT;
	struct dirent *e;
	int n = 0;
	DIR *d;

	*plugin_has_it = false;
	if (!root || !*root)
		return 0;
	buf_printf(&dir, "%s/enabled", root);
	d = opendir(dir.data);
	while (d && n < 2 && (e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' || strcmp(e->d_name, "20_events") == 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s/%s", dir.data, e->d_name, trigger);
		if (stat(path.data, &st) == 0 && S_ISREG(st.st_mode)) {
			n++;
			if (plugin && strcmp(e->d_name, plugin) == 0)
				*plugin_has_it = true;
		}
	}
	if (d)
		closedir(d);
	buf_free(&dir);
	buf_free(&path);
	return n;
}

bool
plugn_trigger_implemented(const char *trigger)
{
	bool unused;

	return implementers(trigger, NULL, &unused) > 0;
}

bool
plugn_trigger_only_in(const char *trigger, const char *plugin)
{
	bool has;

	return implementers(trigger, plugin, &has) == 1 && has;
}
