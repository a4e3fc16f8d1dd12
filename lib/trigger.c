#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "trigger.h"

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
	int i = 1;
	enum goflag_result r = goflag_parse(argc, argv, &i);

	if (r != GOFLAG_NONE) {
		log_stderr("Usage of %s:", argv[0]);
		exit(r == GOFLAG_HELP ? 0 : 2);
	}
	out->npos = 0;
	out->pos = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*out->pos));
	if (!out->pos)
		log_fail("out of memory");
	for (; i < argc; i++)
		out->pos[out->npos++] = argv[i];
}
