#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

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

int
env_openat(const char *root_env, const char *rel, int flags)
{
	/* two roots at most: DOKKU_ROOT and DOKKU_LIB_ROOT */
	static struct {
		const char *name;
		int fd;
	} roots[2];
	size_t i;

	for (i = 0; i < 2 && roots[i].name && strcmp(roots[i].name, root_env) != 0; i++)
		;
	if (i == 2)
		log_fail("env_openat: more than two roots");
	if (!roots[i].name) {
		roots[i].name = root_env;
		roots[i].fd = open(env_required(root_env), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (roots[i].fd < 0)
			roots[i].fd = -errno - 1;
	}
	if (roots[i].fd < 0) {
		errno = -roots[i].fd - 1;  /* as opening the whole path would fail */
		return -1;
	}
	return openat(roots[i].fd, rel, flags, 0);
}
