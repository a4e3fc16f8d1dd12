/*
 * peakrss: the peak resident set size of one process itself, without the
 * children it spawns (/usr/bin/time reports the maximum over the process and
 * every descendant it waited for, so a program that runs `plugn trigger`
 * shows bash's footprint there).
 *
 *   peakrss OUTFILE COMMAND [ARG]...
 *
 * Runs COMMAND under ptrace with PTRACE_O_TRACEEXIT only (its children are
 * not traced); at the exit stop, while its memory is still mapped, reads
 * VmHWM from /proc/<pid>/status and writes "<VmHWM kB>\t<exit status>" to
 * OUTFILE. stdio is inherited; the exit status is passed on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static long
read_hwm(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

int
main(int argc, char **argv)
{
	pid_t pid;
	int st, code = 127;
	long hwm = -1;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: peakrss OUTFILE COMMAND [ARG]...\n");
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	/* the exec stop */
	if (waitpid(pid, &st, 0) < 0 || !WIFSTOPPED(st))
		return 2;
	ptrace(PTRACE_SETOPTIONS, pid, NULL,
	       (void *)(long)(PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL));
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	for (;;) {
		if (waitpid(pid, &st, 0) < 0) {
			if (errno == EINTR)
				continue;
			return 2;
		}
		if (WIFEXITED(st)) {
			code = WEXITSTATUS(st);
			break;
		}
		if (WIFSIGNALED(st)) {
			code = 128 + WTERMSIG(st);
			break;
		}
		if (WIFSTOPPED(st)) {
			int event = st >> 16, sig = 0;
			if (event == PTRACE_EVENT_EXIT)
				hwm = read_hwm(pid);
			else if (event == 0 && WSTOPSIG(st) != SIGTRAP)
				sig = WSTOPSIG(st); /* pass real signals on */
			ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
		}
	}
	out = fopen(argv[1], "w");
	if (out) {
		fprintf(out, "%ld\t%d\n", hwm, code);
		fclose(out);
	}
	return code;
}
