/* dokku network:watch [--once] [--debounce-ms N] [--trigger-timeout SECONDS] */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "log.h"
#include "util.h"
#include "watch.h"

enum { F_DEBOUNCE_MS, F_ONCE, F_TRIGGER_TIMEOUT };  /* sorted by name, as pflag prints them */

/* A whole number from min to max, or exit 1 naming the flag. */
static int
number(const struct flag *f, int def, int min, int max)
{
	char *end;
	long v;

	if (!f->given)
		return def;
	v = strtol(f->value, &end, 10);
	if (!*f->value || strspn(f->value, "0123456789") != strlen(f->value) || *end || v < min || v > max)
		log_fail("Invalid --%s: a whole number from %d to %d is expected", f->name, min, max);
	return (int)v;
}

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		[F_DEBOUNCE_MS] = { .name = "debounce-ms", .kind = FLAG_INT, .def = "250",
		                    .usage = "one pass for the events of this many milliseconds" },
		[F_ONCE] = { .name = "once", .kind = FLAG_BOOL, .usage = "repair what is stale, then exit" },
		[F_TRIGGER_TIMEOUT] = { .name = "trigger-timeout", .kind = FLAG_INT, .def = "60",
		                        .usage = "seconds a proxy-build-config call may take" },
	};
	struct watch_options opt;
	struct args a;

	args_parse("network:watch", flags, NELEM(flags), argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 0, "network:watch [--once] [--debounce-ms N] [--trigger-timeout SECONDS]");
	opt.once = flags[F_ONCE].on;
	opt.debounce_ms = number(&flags[F_DEBOUNCE_MS], WATCH_DEBOUNCE_MS, 0, 60000);
	opt.trigger_timeout_ms = number(&flags[F_TRIGGER_TIMEOUT], WATCH_TRIGGER_TIMEOUT_MS / 1000, 1, 86400) * 1000;
	args_free(&a);
	return command_watch(&opt);
}
