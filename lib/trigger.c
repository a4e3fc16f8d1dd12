#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "trigger.h"

void
trigger_args(int argc, char **argv, struct args *out)
{
	int i = 1;

	out->npos = 0;
	out->pos = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*out->pos));
	if (!out->pos)
		log_fail("out of memory");
	if (i < argc && strcmp(argv[i], "--") == 0) {
		i++;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *f = argv[i] + (argv[i][1] == '-' ? 2 : 1);
		size_t n = strcspn(f, "=");
		if ((n == 1 && f[0] == 'h') || (n == 4 && strncmp(f, "help", 4) == 0)) {
			log_stderr("Usage of %s:", argv[0]);
			exit(0);
		}
		log_stderr("flag provided but not defined: -%.*s", (int)n, f);
		log_stderr("Usage of %s:", argv[0]);
		exit(2);
	}
	for (; i < argc; i++)
		out->pos[out->npos++] = argv[i];
}
