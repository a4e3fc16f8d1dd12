/*
 * libFuzzer target for the pflag-style argument parser (lib/args.c).
 *
 * The input, split on NUL bytes, is the list of arguments a user typed after
 * the subcommand (at most MAX_ARGS; each one its own exact-size allocation).
 * args_parse_try, which never exits, parses it with network:list's flag set
 * (--dokku-managed, a bool, and --format, a string defaulting to "text"):
 * once as the program sees it (argv[0] the program, argv[1] the subcommand,
 * first = 2) and once on the bare list (first = 0, so also argc == 0).
 * Checked: the result is one of the three; the message is set exactly on
 * ARGS_ERROR and holds no NUL; npos <= argc - first; positionals are
 * arguments at or after first, each at most once, in order; a string flag's
 * value is its default or points into an argument; a bool is only on when
 * the flag was given; everything is freed (LeakSanitizer).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "buf.h"
#include "fuzz_common.h"

#define MAX_ARGS 64

/* True if p points into one of argv[first..argc) (its bytes or its NUL). */
static bool
points_into(const char *p, char **argv, int argc, int first)
{
	int i;

	for (i = first; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

static void
run(int argc, char **argv, int first)
{
	static const char format_def[] = "text";
	struct flag flags[] = {
		{ .name = "dokku-managed", .kind = FLAG_BOOL, .usage = "show only dokku-managed networks" },
		{ .name = "format", .kind = FLAG_STRING, .usage = "format: [ text | json ]", .def = format_def },
	};
	struct buf msg = BUF_INIT;
	struct args a;
	enum args_result res;
	int i, j, last;

	/* Stale values must be reset by the parser. */
	flags[0].given = flags[1].given = true;
	flags[0].on = true;
	flags[1].value = "stale";

	res = args_parse_try(flags, 2, argc, argv, first, &a, &msg);
	FUZZ_CHECK(res == ARGS_OK || res == ARGS_HELP || res == ARGS_ERROR);
	FUZZ_CHECK((res == ARGS_ERROR) == (msg.len > 0));
	if (msg.len > 0)
		FUZZ_CHECK(msg.data[msg.len] == '\0' && strlen(msg.data) == msg.len);

	FUZZ_CHECK(a.pos != NULL);
	FUZZ_CHECK(a.npos >= 0 && a.npos <= (argc > first ? argc - first : 0));
	last = first - 1;
	for (i = 0; i < a.npos; i++) {
		/* an argument itself (not a copy), later than the one before */
		for (j = last + 1; j < argc && a.pos[i] != argv[j]; j++)
			;
		FUZZ_CHECK(j < argc);
		last = j;
	}
	for (i = 0; i < a.npos && i < 4; i++)
		FUZZ_CHECK(args_pos(&a, i) == a.pos[i]);
	FUZZ_CHECK(strcmp(args_pos(&a, a.npos), "") == 0);

	FUZZ_CHECK(!flags[0].on || flags[0].given);
	FUZZ_CHECK(flags[1].value != NULL);
	FUZZ_CHECK(flags[1].value == format_def || points_into(flags[1].value, argv, argc, first));
	if (!flags[1].given)
		FUZZ_CHECK(flags[1].value == format_def);
	if (res == ARGS_OK && flags[1].given)
		FUZZ_CHECK(points_into(flags[1].value, argv, argc, first));

	args_free(&a);
	FUZZ_CHECK(a.pos == NULL && a.npos == 0);
	buf_free(&msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 3];
	int argc = 0, i;
	size_t start = 0, k;

	argv[argc++] = fuzz_strndup("/var/lib/dokku/plugins/enabled/network/subcommands/list", 55);
	argv[argc++] = fuzz_strndup("network:list", 12);
	/* "a\0b" is two arguments, "a\0" is "a" and "", "" is none. */
	for (k = 0; k <= size && size > 0 && argc < MAX_ARGS + 2; k++) {
		if (k == size || data[k] == '\0') {
			argv[argc++] = fuzz_strndup(data + start, k - start);
			start = k + 1;
		}
	}
	argv[argc] = NULL;

	run(argc, argv, 2);
	run(argc - 2, argv + 2, 0);

	for (i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
