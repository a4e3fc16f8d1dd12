/*
 * libFuzzer target for the pflag-style argument parser (lib/args.c).
 *
 * The input, split on NUL bytes, is the list of arguments a user typed after
 * the subcommand (at most MAX_ARGS; each one its own exact-size allocation).
 * args_parse_try, which never exits, parses it with network:list's flag set
 * (--dokku-managed, a bool, and --format, a string defaulting to "text"):
 * once as the program sees it (argv[0] the program, argv[1] the subcommand,
 * first = 2) and once on the bare list (first = 0, so also argc == 0); and
 * with some of network:create's flags (a string with a default, a bool, two
 * repeatable FLAG_STRING_ARRAY flags). Each parse runs twice on the same
 * flags, which must give the same result (nothing left over from the first).
 * Checked: the result is one of the three; the message is set exactly on
 * ARGS_ERROR and holds no NUL; npos <= argc - first; positionals are
 * arguments at or after first, each at most once, in order; a string flag's
 * value is its default or points into an argument; a bool is only on when
 * the flag was given; a repeatable flag's values are copies, the last equal
 * to its value, given exactly when there is one; everything is freed
 * (args_free, args_flags_free; LeakSanitizer).
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

/* The checks that hold for one parse with any flag set. */
static void
check_parse(const struct flag *flags, size_t nflags, const char *const *defs, int argc,
            char **argv, int first, enum args_result res, const struct args *a,
            const struct buf *msg)
{
	int i, j, last;
	size_t f, k;

	FUZZ_CHECK(res == ARGS_OK || res == ARGS_HELP || res == ARGS_ERROR);
	FUZZ_CHECK((res == ARGS_ERROR) == (msg->len > 0));
	if (msg->len > 0)
		FUZZ_CHECK(msg->data[msg->len] == '\0' && strlen(msg->data) == msg->len);

	FUZZ_CHECK(a->pos != NULL);
	FUZZ_CHECK(a->npos >= 0 && a->npos <= (argc > first ? argc - first : 0));
	last = first - 1;
	for (i = 0; i < a->npos; i++) {
		/* an argument itself (not a copy), later than the one before */
		for (j = last + 1; j < argc && a->pos[i] != argv[j]; j++)
			;
		FUZZ_CHECK(j < argc);
		last = j;
	}
	for (i = 0; i < a->npos && i < 4; i++)
		FUZZ_CHECK(args_pos(a, i) == a->pos[i]);
	FUZZ_CHECK(strcmp(args_pos(a, a->npos), "") == 0);

	for (f = 0; f < nflags; f++) {
		const struct flag *fl = &flags[f];
		const char *def = defs[f] ? defs[f] : "";

		FUZZ_CHECK(!fl->on || (fl->given && fl->kind == FLAG_BOOL));
		FUZZ_CHECK(fl->value != NULL);
		if (fl->kind == FLAG_BOOL) {
			FUZZ_CHECK(strcmp(fl->value, def) == 0);
			FUZZ_CHECK(fl->values.n == 0);
			continue;
		}
		/* a string's value is its default or points into an argument */
		if (!fl->given)
			FUZZ_CHECK(strcmp(fl->value, def) == 0 && (!defs[f] || fl->value == defs[f]));
		else if (res == ARGS_OK)
			FUZZ_CHECK(points_into(fl->value, argv, argc, first));
		else
			FUZZ_CHECK(fl->value == defs[f] || strcmp(fl->value, def) == 0 ||
			           points_into(fl->value, argv, argc, first));
		if (fl->kind == FLAG_STRING) {
			FUZZ_CHECK(fl->values.n == 0);
			continue;
		}
		/* a repeatable flag: owned copies, the last one being the value */
		FUZZ_CHECK(fl->values.n <= (size_t)(argc > first ? argc - first : 0));
		FUZZ_CHECK(fl->values.n == 0 || fl->given);
		if (res == ARGS_OK)
			FUZZ_CHECK(fl->given == (fl->values.n > 0));
		for (k = 0; k < fl->values.n; k++) {
			FUZZ_CHECK(fl->values.v[k] != NULL);
			FUZZ_CHECK(!points_into(fl->values.v[k], argv, argc, 0));
		}
		if (fl->values.n > 0)
			FUZZ_CHECK(strcmp(fl->values.v[fl->values.n - 1], fl->value) == 0);
	}
}

/* Parses twice with the same flags: the second parse must not see the first. */
static void
run(struct flag *flags, size_t nflags, const char *const *defs, int argc, char **argv, int first)
{
	struct buf msg = BUF_INIT, msg2 = BUF_INIT;
	struct args a, a2;
	enum args_result res, res2;
	size_t f, nvalues[8];

	FUZZ_CHECK(nflags <= sizeof(nvalues) / sizeof(*nvalues));
	/* Stale values must be reset by the parser. */
	for (f = 0; f < nflags; f++) {
		flags[f].given = true;
		flags[f].on = flags[f].kind == FLAG_BOOL;
		flags[f].value = "stale";
	}

	res = args_parse_try(flags, nflags, argc, argv, first, &a, &msg);
	check_parse(flags, nflags, defs, argc, argv, first, res, &a, &msg);
	for (f = 0; f < nflags; f++)
		nvalues[f] = flags[f].values.n;

	res2 = args_parse_try(flags, nflags, argc, argv, first, &a2, &msg2);
	check_parse(flags, nflags, defs, argc, argv, first, res2, &a2, &msg2);
	FUZZ_CHECK(res2 == res && a2.npos == a.npos);
	FUZZ_CHECK(fuzz_mem_eq(msg.data, msg.len, msg2.data, msg2.len));
	for (f = 0; f < nflags; f++)
		FUZZ_CHECK(flags[f].values.n == nvalues[f]);

	args_free(&a);
	args_free(&a2);
	FUZZ_CHECK(a.pos == NULL && a.npos == 0);
	args_flags_free(flags, nflags);
	for (f = 0; f < nflags; f++)
		FUZZ_CHECK(flags[f].values.n == 0);
	buf_free(&msg);
	buf_free(&msg2);
}

/* network:list's flags. */
static void
run_list(int argc, char **argv, int first)
{
	static const char *const defs[] = { NULL, "text" };
	struct flag flags[] = {
		{ .name = "dokku-managed", .kind = FLAG_BOOL, .usage = "show only dokku-managed networks" },
		{ .name = "format", .kind = FLAG_STRING, .usage = "format: [ text | json ]", .def = defs[1] },
	};

	run(flags, sizeof(flags) / sizeof(*flags), defs, argc, argv, first);
}

/* Some of network:create's flags, with repeatable ones. */
static void
run_create(int argc, char **argv, int first)
{
	static const char *const defs[] = { "bridge", NULL, NULL, NULL };
	struct flag flags[] = {
		{ .name = "driver", .kind = FLAG_STRING, .usage = "driver", .def = defs[0] },
		{ .name = "gateway", .kind = FLAG_STRING_ARRAY, .usage = "gateway (repeatable)" },
		{ .name = "internal", .kind = FLAG_BOOL, .usage = "internal" },
		{ .name = "label", .kind = FLAG_STRING_ARRAY, .usage = "key=value label (repeatable)" },
	};

	run(flags, sizeof(flags) / sizeof(*flags), defs, argc, argv, first);
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

	run_list(argc, argv, 2);
	run_list(argc - 2, argv + 2, 0);
	run_create(argc, argv, 2);

	for (i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
