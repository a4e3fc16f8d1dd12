#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "buf.h"
#include "log.h"
#include "util.h"

/* What pflag prints after a flag's name. */
static const char *
type_name(enum flag_kind kind)
{
	switch (kind) {
	case FLAG_STRING:
		return " string";
	case FLAG_STRING_ARRAY:
		return " stringArray";
	case FLAG_INT:
		return " int";
	default:
		return "";
	}
}

void
args_usage(const char *set, const struct flag *flags, size_t nflags)
{
	struct buf out = BUF_INIT;
	size_t i, width = 0;

	buf_printf(&out, "Usage of %s:\n", set);
	for (i = 0; i < nflags; i++) {
		size_t w = strlen("      --") + strlen(flags[i].name) + strlen(type_name(flags[i].kind));
		if (w > width)
			width = w;
	}
	for (i = 0; i < nflags; i++) {
		size_t start = out.len;
		buf_printf(&out, "      --%s%s", flags[i].name, type_name(flags[i].kind));
		/* pflag pads to the widest entry, then separates with 3 spaces */
		while (out.len - start < width + 3)
			buf_putc(&out, ' ');
		buf_puts(&out, flags[i].usage);
		if (flags[i].kind == FLAG_STRING && flags[i].def && *flags[i].def) {
			buf_puts(&out, " (default ");
			buf_quote_go(&out, flags[i].def);
			buf_putc(&out, ')');
		} else if (flags[i].kind == FLAG_INT && flags[i].def && *flags[i].def && strcmp(flags[i].def, "0") != 0) {
			/* pflag leaves out a zero default */
			buf_printf(&out, " (default %s)", flags[i].def);
		}
		buf_putc(&out, '\n');
	}
	write_all(STDERR_FILENO, out.data, out.len);
	buf_free(&out);
}

NORETURN static void
flag_error(const char *set, const struct flag *flags, size_t nflags, const char *msg)
{
	args_usage(set, flags, nflags);
	log_stderr("%s", msg);
	exit(2);
}

static struct flag *
flag_find(struct flag *flags, size_t nflags, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nflags; i++)
		if (strlen(flags[i].name) == len && strncmp(flags[i].name, name, len) == 0)
			return &flags[i];
	return NULL;
}

/* strconv.ParseBool */
static int
parse_bool(const char *s)
{
	static const char *yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *no[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t i;

	for (i = 0; i < NELEM(yes); i++) {
		if (strcmp(s, yes[i]) == 0)
			return 1;
		if (strcmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

enum args_result
args_parse_try(struct flag *flags, size_t nflags, int argc, char **argv, int first,
               struct args *out, struct buf *msg)
{
	int i;
	size_t f;

	for (f = 0; f < nflags; f++) {
		flags[f].given = false;
		flags[f].on = false;
		flags[f].value = flags[f].def ? flags[f].def : "";
		strlist_free(&flags[f].values);
	}
	out->npos = 0;
	out->pos = xcalloc((size_t)(argc > 0 ? argc : 1), sizeof(*out->pos));

	for (i = first; i < argc; i++) {
		const char *a = argv[i];
		const char *name, *eq;
		struct flag *fl;
		size_t len;

		if (a[0] != '-' || a[1] == '\0') {
			out->pos[out->npos++] = argv[i];
			continue;
		}
		if (a[1] != '-') {
			/* shorthand: only -h exists (pflag's implicit help) */
			if (a[1] == 'h')
				return ARGS_HELP;
			/* pflag quotes the byte with %q */
			buf_puts(msg, "unknown shorthand flag: ");
			buf_quote_go_byte(msg, (unsigned char)a[1]);
			buf_printf(msg, " in %s", a);
			return ARGS_ERROR;
		}
		if (a[2] == '\0') {  /* "--" ends the flags */
			for (i++; i < argc; i++)
				out->pos[out->npos++] = argv[i];
			break;
		}
		name = a + 2;
		if (name[0] == '-' || name[0] == '=') {
			buf_printf(msg, "bad flag syntax: %s", a);
			return ARGS_ERROR;
		}
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		fl = flag_find(flags, nflags, name, len);
		if (!fl) {
			if (len == 4 && strncmp(name, "help", 4) == 0)
				return ARGS_HELP;
			buf_printf(msg, "unknown flag: --%.*s", (int)len, name);
			return ARGS_ERROR;
		}
		fl->given = true;
		if (fl->kind == FLAG_BOOL) {
			int v = eq ? parse_bool(eq + 1) : 1;
			if (v < 0) {
				buf_puts(msg, "invalid argument ");
				buf_quote_go(msg, eq + 1);
				buf_printf(msg, " for \"--%s\" flag: strconv.ParseBool: parsing ", fl->name);
				buf_quote_go(msg, eq + 1);
				buf_puts(msg, ": invalid syntax");
				return ARGS_ERROR;
			}
			fl->on = v == 1;
		} else if (eq || i + 1 < argc) {
			fl->value = eq ? eq + 1 : argv[++i];
			if (fl->kind == FLAG_STRING_ARRAY)
				strlist_add(&fl->values, fl->value);
		} else {
			buf_printf(msg, "flag needs an argument: --%s", fl->name);
			return ARGS_ERROR;
		}
	}
	return ARGS_OK;
}

void
args_parse(const char *set, struct flag *flags, size_t nflags,
           int argc, char **argv, int first, struct args *out)
{
	struct buf msg = BUF_INIT;

	switch (args_parse_try(flags, nflags, argc, argv, first, out, &msg)) {
	case ARGS_OK:
		break;
	case ARGS_HELP:
		args_usage(set, flags, nflags);
		exit(0);
	case ARGS_ERROR:
		flag_error(set, flags, nflags, msg.data);
	}
	buf_free(&msg);
}

void
args_free(struct args *a)
{
	free(a->pos);
	a->pos = NULL;
	a->npos = 0;
}

void
args_flags_free(struct flag *flags, size_t nflags)
{
	size_t i;

	for (i = 0; i < nflags; i++)
		strlist_free(&flags[i].values);
}

const char *
args_pos(const struct args *a, int i)
{
	return i < a->npos ? a->pos[i] : "";
}

char **
args_from(const struct args *a, int k, int *n)
{
	*n = a->npos > k ? a->npos - k : 0;
	return a->pos + (a->npos > k ? k : a->npos);
}

void
args_max(const struct args *a, int max, const char *usage)
{
	if (a->npos > max)
		log_fail("Too many arguments, usage: dokku %s", usage);
}

/* ---- Go's flag package, as the original's triggers and commands use it ---- */

enum goflag_result
goflag_parse(int argc, char **argv, int *i)
{
	const char *s, *name;
	size_t n;

	if (*i >= argc)
		return GOFLAG_NONE;
	s = argv[*i];
	if (s[0] != '-' || !s[1])
		return GOFLAG_NONE;
	if (strcmp(s, "--") == 0) {
		(*i)++;
		return GOFLAG_NONE;
	}
	name = s + (s[1] == '-' ? 2 : 1);
	if (!*name || *name == '-' || *name == '=') {
		log_stderr("bad flag syntax: %s", s);
		return GOFLAG_ERROR;
	}
	n = strcspn(name, "=");
	if ((n == 1 && name[0] == 'h') || (n == 4 && strncmp(name, "help", 4) == 0))
		return GOFLAG_HELP;
	log_stderr("flag provided but not defined: -%.*s", (int)n, name);
	return GOFLAG_ERROR;
}

void
trigger_args(int argc, char **argv, struct args *out)
{
	int i = ARGS_TRIGGER_FIRST;
	enum goflag_result r = goflag_parse(argc, argv, &i);

	if (r != GOFLAG_NONE) {
		log_stderr("Usage of %s:", argv[0]);
		exit(r == GOFLAG_HELP ? 0 : 2);
	}
	/* argv's own array: nothing to copy or to free */
	out->pos = argv + i;
	out->npos = argc > i ? argc - i : 0;
}
