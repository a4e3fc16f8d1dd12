/*
 * trigger: argument handling shared by the trigger programs. Dokku's Go
 * triggers parse their arguments with Go's flag package, so a leading
 * argument that starts with '-' is a flag error (exit 2); the rest are
 * positional.
 */
#ifndef TRIGGER_H
#define TRIGGER_H

#include "args.h"

enum goflag_result { GOFLAG_NONE, GOFLAG_HELP, GOFLAG_ERROR };

/*
 * Go's flag package (flag.ExitOnError) with no flags defined, on argv[*i]:
 * "--" is skipped (*i advances) and GOFLAG_NONE returned, as it is for a
 * non-flag; -h/-help/--help (with or without "=value") are GOFLAG_HELP;
 * any other flag prints Go's error line to stderr and is GOFLAG_ERROR. The
 * caller prints its usage and exits 0 or 2.
 */
enum goflag_result goflag_parse(int argc, char **argv, int *i);

/* The positional arguments of a trigger (argv[1..]). */
void trigger_args(int argc, char **argv, struct args *out);

#endif
