/*
 * trigger: argument handling shared by the trigger programs. Dokku's Go
 * triggers parse their arguments with Go's flag package, so a leading
 * argument that starts with '-' is a flag error (exit 2); the rest are
 * positional.
 */
#ifndef TRIGGER_H
#define TRIGGER_H

#include "args.h"

/* The positional arguments of a trigger (argv[1..]). */
void trigger_args(int argc, char **argv, struct args *out);

#endif
