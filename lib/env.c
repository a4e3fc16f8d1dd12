#include <stdlib.h>

#include "env.h"
#include "log.h"

const char *
env_required(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v)
		log_fail("%s not set!", name);
	return v;
}

const char *
env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}
