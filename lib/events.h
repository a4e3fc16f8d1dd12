/*
 * events: Docker's event stream (GET /events), one JSON object per line,
 * cut into lines as the bytes come and parsed into the few fields the
 * watcher needs. Separate from the socket so that it can be fuzzed.
 */
#ifndef EVENTS_H
#define EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* A longer line is dropped (and reported): no event is anywhere near it. */
#define EVENT_LINE_MAX ((size_t)256 * 1024)

struct docker_event {
	char type[16];       /* "container", "network", ... */
	char action[64];     /* "start", "die", "connect", ... ("exec_start: sh" cut at the colon) */
	char id[72];         /* Actor.ID: the container, or for network events the network */
	char container[72];  /* network events: Actor.Attributes.container */
	char app[256];       /* Actor.Attributes["com.dokku.app-name"], "" when absent */
	long long time_nano; /* timeNano (nanoseconds since the epoch), 0 when absent */
	int exit_code;       /* die: Actor.Attributes.exitCode, else -1 */
};

/* Parses one line (without its newline); false when it is not an event object. */
bool docker_event_parse(const char *line, size_t n, struct docker_event *ev);

/* Cuts a byte stream into lines of at most EVENT_LINE_MAX bytes. */
struct event_lines {
	struct buf pending;  /* the start of a line whose end has not come yet */
	bool skipping;       /* inside a line that was too long */
};

void event_lines_init(struct event_lines *l);
void event_lines_free(struct event_lines *l);

/*
 * Feeds data[0..n): fn is called for every complete line (without "\n";
 * a trailing "\r" is dropped too, empty lines are skipped), and with
 * line == NULL once for each line that was too long.
 */
void event_lines_feed(struct event_lines *l, const char *data, size_t n,
                      void (*fn)(const char *line, size_t len, void *ctx), void *ctx);

#endif
