#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "appctx.h"
#include "attach.h"
#include "buf.h"
#include "dockerargs.h"
#include "listener.h"
#include "log.h"
#include "netprop.h"
#include "netspec.h"

/* Network modes that take no network-scoped alias (Docker refuses them). */
static bool
takes_aliases(const char *net)
{
	return strcmp(net, "bridge") != 0 && strcmp(net, "host") != 0 && strcmp(net, "none") != 0 &&
	       strcmp(net, "default") != 0 && strncmp(net, "container:", 10) != 0;
}

int
trigger_docker_args_process(enum docker_args_phase phase, const char *app, const char *source_type,
                            const char *proc)
{
	struct buf out = BUF_INIT, net = BUF_INIT;
	struct strlist aliases = STRLIST_INIT;
	struct app_ctx a;
	size_t i;

	app_ctx_open(&a, app);
	if (*proc)
		log_fail_if(proc_type_error(proc));
	/* the initial network is deliberately not used for Dockerfile builds */
	if (!(phase == DOCKER_ARGS_BUILD && strcmp(source_type, "dockerfile") == 0)) {
		/* a deploy container's process type may have its own (network:set --process) */
		app_ctx_computed_for(&a, NETPROP_INITIAL_NETWORK, phase == DOCKER_ARGS_DEPLOY ? proc : "", &net);
		/* the value becomes docker run arguments: a hand-edited file must
		 * not smuggle in flags (a space, a newline, a NUL) */
		if (net.len && (strlen(net.data) != net.len || netprop_initial_network_error(net.data)))
			log_fail("Invalid network property %s.%s: not a network name", app, NETPROP_INITIAL_NETWORK);
		/* the container starts on it: one that network:create recorded comes
		 * back first if it went missing (a deploy's build container is the
		 * first to need it; the line on stderr: stdout is arguments) */
		if (net.len && takes_aliases(net.data)) {
			struct buf err = BUF_INIT;
			log_progress_to_stderr();
			if (!netspec_ensure_one(net.data, &err))
				log_fail("%s", buf_cstr(&err));
			buf_free(&err);
		}
		if (net.len) {
			buf_printf(&out, " --network=%s ", net.data);
			if (phase == DOCKER_ARGS_DEPLOY && *proc && takes_aliases(net.data)) {
				network_aliases(&a, proc, NULL, &aliases);
				for (i = 0; i < aliases.n; i++)
					buf_printf(&out, "--network-alias=%s ", aliases.v[i]);
			}
		}
	}
	/* then all of stdin, unchanged */
	for (;;) {
		ssize_t n;
		buf_reserve(&out, 4096);
		n = read(STDIN_FILENO, out.data + out.len, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out.len += (size_t)n;
	}
	write_all(STDOUT_FILENO, buf_cstr(&out), out.len);
	app_ctx_close(&a);
	buf_free(&out);
	buf_free(&net);
	strlist_free(&aliases);
	return 0;
}
