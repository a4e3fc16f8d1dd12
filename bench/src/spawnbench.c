/*
 * spawnbench: runs commands in interleaved batches, timing each batch with
 * clock_gettime(CLOCK_MONOTONIC) around posix_spawn + waitpid, and prints
 * per-execution statistics. No shell is involved between executions.
 *
 *   spawnbench BATCHES PER_BATCH WARMUP SPECFILE...
 *
 * A SPECFILE describes one contender:
 *   line 1   its label
 *   line 2   a file for stdin ("" = /dev/null), opened anew for every execution
 *   then     one argv element per line (argv[0] an absolute path); a line
 *            "--then--" starts another command that runs after the previous
 *            one within the same execution (e.g. two docker CLI calls);
 *            a line "@env NAME=VALUE" sets NAME for every command of the spec.
 *
 * Round b runs PER_BATCH executions of every spec in turn, starting with spec
 * (b mod nspecs), so that contenders alternate and share whatever the machine
 * is doing at the time. stdout and stderr go to /dev/null (SPAWNBENCH_STDERR=1
 * keeps stderr).
 *
 * Output, one TSV line per spec:
 *   label  median  p25  p75  min  max  failures  executions
 * times in microseconds per execution (batch time / PER_BATCH), quantiles over
 * the batches; failures = executions with a non-zero exit status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_CMDS 64

struct cmd {
	char **argv;
	int argc;
};

struct spec {
	char *label;
	char *stdin_path;
	struct cmd cmds[MAX_CMDS];
	int ncmds;
	char **envp;
	double *batch_us;
	long fails;
	long execs;
};

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("spawnbench");
		exit(3);
	}
	return p;
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d) {
		perror("spawnbench");
		exit(3);
	}
	return d;
}

static double
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void
cmd_push(struct cmd *c, const char *arg)
{
	c->argv = xrealloc(c->argv, sizeof(char *) * (size_t)(c->argc + 2));
	c->argv[c->argc++] = xstrdup(arg);
	c->argv[c->argc] = NULL;
}

static void
load_spec(const char *path, struct spec *s)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	size_t nenv = 0, i;
	char **overrides = NULL;
	size_t noverrides = 0;

	if (!f) {
		fprintf(stderr, "spawnbench: %s: %s\n", path, strerror(errno));
		exit(3);
	}
	memset(s, 0, sizeof(*s));
	s->ncmds = 1;
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		lineno++;
		if (lineno == 1) {
			s->label = xstrdup(line);
		} else if (lineno == 2) {
			s->stdin_path = xstrdup(*line ? line : "/dev/null");
		} else if (strcmp(line, "--then--") == 0) {
			if (s->ncmds == MAX_CMDS) {
				fprintf(stderr, "spawnbench: %s: too many commands\n", path);
				exit(3);
			}
			s->ncmds++;
		} else if (strncmp(line, "@env ", 5) == 0) {
			overrides = xrealloc(overrides, sizeof(char *) * (noverrides + 1));
			overrides[noverrides++] = xstrdup(line + 5);
		} else {
			cmd_push(&s->cmds[s->ncmds - 1], line);
		}
	}
	free(line);
	fclose(f);
	for (i = 0; i < (size_t)s->ncmds; i++)
		if (s->cmds[i].argc == 0) {
			fprintf(stderr, "spawnbench: %s: empty command\n", path);
			exit(3);
		}
	/* environment: environ with the overrides replacing or adding entries */
	while (environ[nenv])
		nenv++;
	s->envp = xrealloc(NULL, sizeof(char *) * (nenv + noverrides + 1));
	for (i = 0; i < nenv; i++)
		s->envp[i] = environ[i];
	for (size_t o = 0; o < noverrides; o++) {
		size_t klen = strcspn(overrides[o], "=");
		size_t j;
		for (j = 0; j < nenv; j++)
			if (strncmp(s->envp[j], overrides[o], klen + 1) == 0)
				break;
		s->envp[j] = overrides[o];
		if (j == nenv)
			nenv++;
	}
	s->envp[nenv] = NULL;
	free(overrides);
}

/* One execution of a spec: its commands in order. False if one failed. */
static int
run_once(struct spec *s, int keep_stderr)
{
	int ok = 1;

	for (int c = 0; c < s->ncmds; c++) {
		posix_spawn_file_actions_t fa;
		pid_t pid;
		int st, rc;

		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 0, s->stdin_path, O_RDONLY, 0);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		if (!keep_stderr)
			posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
		rc = posix_spawn(&pid, s->cmds[c].argv[0], &fa, NULL, s->cmds[c].argv, s->envp);
		posix_spawn_file_actions_destroy(&fa);
		if (rc != 0) {
			fprintf(stderr, "spawnbench: %s: %s\n", s->cmds[c].argv[0], strerror(rc));
			exit(3);
		}
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR) {
				perror("spawnbench: waitpid");
				exit(3);
			}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			ok = 0;
	}
	return ok;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
quantile(const double *sorted, int n, double q)
{
	double pos = q * (n - 1);
	int lo = (int)pos;
	double frac = pos - lo;

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] * (1 - frac) + sorted[lo + 1] * frac;
}

int
main(int argc, char **argv)
{
	int batches, per, warmup, nspecs, keep_stderr;
	struct spec *specs;

	if (argc < 5) {
		fprintf(stderr, "usage: spawnbench BATCHES PER_BATCH WARMUP SPECFILE...\n");
		return 3;
	}
	batches = atoi(argv[1]);
	per = atoi(argv[2]);
	warmup = atoi(argv[3]);
	if (batches < 1 || per < 1 || warmup < 0) {
		fprintf(stderr, "spawnbench: bad counts\n");
		return 3;
	}
	keep_stderr = getenv("SPAWNBENCH_STDERR") && *getenv("SPAWNBENCH_STDERR");
	nspecs = argc - 4;
	specs = calloc((size_t)nspecs, sizeof(*specs));
	if (!specs)
		return 3;
	for (int i = 0; i < nspecs; i++) {
		load_spec(argv[4 + i], &specs[i]);
		specs[i].batch_us = calloc((size_t)batches, sizeof(double));
		if (!specs[i].batch_us)
			return 3;
	}
	for (int w = 0; w < warmup; w++)
		for (int i = 0; i < nspecs; i++)
			run_once(&specs[i], keep_stderr);
	for (int b = 0; b < batches; b++) {
		for (int k = 0; k < nspecs; k++) {
			struct spec *s = &specs[(b + k) % nspecs];
			double t0 = now_us(), t1;
			for (int e = 0; e < per; e++) {
				if (!run_once(s, keep_stderr))
					s->fails++;
				s->execs++;
			}
			t1 = now_us();
			s->batch_us[b] = (t1 - t0) / per;
		}
	}
	for (int i = 0; i < nspecs; i++) {
		struct spec *s = &specs[i];
		qsort(s->batch_us, (size_t)batches, sizeof(double), cmp_double);
		printf("%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%ld\t%ld\n", s->label,
		       quantile(s->batch_us, batches, 0.5), quantile(s->batch_us, batches, 0.25),
		       quantile(s->batch_us, batches, 0.75), s->batch_us[0], s->batch_us[batches - 1],
		       s->fails, s->execs);
	}
	return 0;
}
