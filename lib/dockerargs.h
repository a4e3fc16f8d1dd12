/*
 * dockerargs: the docker-args-process-{build,deploy,run} triggers: the
 * computed initial network as `--network`, plus the deploy aliases.
 */
#ifndef DOCKERARGS_H
#define DOCKERARGS_H

enum docker_args_phase { DOCKER_ARGS_BUILD, DOCKER_ARGS_DEPLOY, DOCKER_ARGS_RUN };

/*
 * Prints " --network=<net> " (and for a deploy container of a known process
 * type on a user-defined network " --network-alias=<alias> ") followed by
 * all of stdin. proc may be "".
 */
int trigger_docker_args_process(enum docker_args_phase phase, const char *app, const char *source_type,
                        const char *proc);

#endif
