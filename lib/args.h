/*
 * args: command-line parsing as the original's Go programs do it.
 * Subcommands use spf13/pflag (doc/design.md §4): flags anywhere among the
 * arguments, --name=value and --name value, `--` ends the flags, -h/--help
 * print the usage block and exit 0, unknown flags print the usage block and
 * the error and exit 2. Triggers and `commands` use Go's flag package with no
 * flags defined: a leading argument that starts with '-' is a flag error.
 */
#ifndef ARGS_H
#define ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "strlist.h"

/*
 * Where a program's own arguments start. The dispatcher runs a subcommand as
 * `subcommands/<cmd> network:<cmd> <args...>`; plugn runs a trigger as
 * `<trigger> <args...>`.
 */
#define ARGS_SUBCOMMAND_FIRST 2
#define ARGS_TRIGGER_FIRST 1

/*
 * FLAG_INT is pflag's Int as far as the usage text goes (" int", an unquoted
 * default); its value stays text, which the caller checks against its range.
 */
enum flag_kind { FLAG_BOOL, FLAG_STRING, FLAG_STRING_ARRAY, FLAG_INT };

struct flag {
	const char *name;  /* long name, without the leading -- */
	enum flag_kind kind;
	const char *usage;
	const char *def;   /* default value of a string or int flag (NULL: "") */
	/* filled in by args_parse: */
	bool given;        /* the flag appeared */
	bool on;           /* value of a bool flag */
	const char *value; /* value of a string or int flag (def when not given) */
	struct strlist values; /* every value of a repeatable flag, in order */
};

struct args {
	char **pos; /* positional arguments, in order (pointers into argv) */
	int npos;
};

enum args_result { ARGS_OK, ARGS_HELP, ARGS_ERROR };

/*
 * The parser itself, which never exits: ARGS_HELP for -h/--help, ARGS_ERROR
 * with pflag's message in msg. out->pos must be freed with args_free.
 */
enum args_result args_parse_try(struct flag *flags, size_t nflags, int argc, char **argv,
                                int first, struct args *out, struct buf *msg);

/*
 * Parses argv[first..argc) for the flag set named `set` ("network:list").
 * Exits 0 after printing the usage block for -h/--help, 2 on a flag error.
 * Flags must be sorted by name (that is the order pflag prints them in).
 */
void args_parse(const char *set, struct flag *flags, size_t nflags,
                int argc, char **argv, int first, struct args *out);
/* Frees what args_parse made (not for trigger_args). */
void args_free(struct args *a);
/* Frees the values of repeatable flags. */
void args_flags_free(struct flag *flags, size_t nflags);

/* The usage block ("Usage of <set>:" and one line per flag), to stderr. */
void args_usage(const char *set, const struct flag *flags, size_t nflags);

/* The positional argument i, or "" when there are fewer. */
const char *args_pos(const struct args *a, int i);

/* The positional arguments from index k on (*n of them; none when there are fewer). */
char **args_from(const struct args *a, int k, int *n);

/* Fails " !     Too many arguments, usage: dokku <usage>" past max positionals. */
void args_max(const struct args *a, int max, const char *usage);

enum goflag_result { GOFLAG_NONE, GOFLAG_HELP, GOFLAG_ERROR };

/*
 * Go's flag package (flag.ExitOnError) with no flags defined, on argv[*i]:
 * "--" is skipped (*i advances) and GOFLAG_NONE returned, as it is for a
 * non-flag; -h/-help/--help (with or without "=value") are GOFLAG_HELP;
 * any other flag prints Go's error line to stderr and is GOFLAG_ERROR. The
 * caller prints its usage and exits 0 or 2.
 */
enum goflag_result goflag_parse(int argc, char **argv, int *i);

/*
 * A trigger's positional arguments (argv[1..], after Go's flag parsing:
 * "Usage of <argv[0]>:" and exit 0 or 2 on a flag). They point into argv:
 * no args_free.
 */
void trigger_args(int argc, char **argv, struct args *out);

#endif
