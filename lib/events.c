#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "json.h"
#include "log.h"
#include "util.h"

/* Tokens of a usual event (a container's labels included) fit on the stack. */
#define STACK_TOKENS 256

/* Copies the decoded string token i into dst (cut to size), "" for others. */
static void
copy_string(const char *js, const struct json_token *t, int i, char *dst, size_t size)
{
	struct buf v = BUF_INIT;
	size_t n;

	dst[0] = '\0';
	if (i < 0 || t[i].type != JSON_STRING || !json_string_decode(js, t, i, &v))
		goto out;
	n = v.len < size - 1 ? v.len : size - 1;
	memcpy(dst, buf_cstr(&v), n);
	dst[n] = '\0';
out:
	buf_free(&v);
}

/* A primitive token of decimal digits (optionally signed) as a number; def otherwise. */
static long long
token_number(const char *js, const struct json_token *t, int i, long long def)
{
	long long v = 0;
	int p, neg = 0;

	if (i < 0 || t[i].end - t[i].start > 19 || t[i].end == t[i].start)
		return def;
	p = t[i].start;
	if (t[i].type == JSON_STRING && js[p] == '-')  /* exitCode is a string */
		neg = 1, p++;
	if (t[i].type != JSON_PRIMITIVE && t[i].type != JSON_STRING)
		return def;
	if (p == t[i].end)
		return def;
	for (; p < t[i].end; p++) {
		if (js[p] < '0' || js[p] > '9')
			return def;
		if (v > (LLONG_MAX - (js[p] - '0')) / 10)
			return def;  /* past LLONG_MAX (19 digits may be) */
		v = v * 10 + (js[p] - '0');
	}
	return neg ? -v : v;
}

bool
docker_event_parse(const char *line, size_t n, struct docker_event *ev)
{
	struct json_token stack[STACK_TOKENS], *t = stack;
	int ntok, actor, attrs;
	long long code;
	char *colon;
	bool ok = false;

	memset(ev, 0, sizeof(*ev));
	ev->exit_code = -1;
	ntok = json_parse(line, n, NULL, 0);
	if (ntok <= 0)
		return false;
	if (ntok > STACK_TOKENS)
		t = xcalloc((size_t)ntok, sizeof(*t));
	if (json_parse(line, n, t, (unsigned)ntok) != ntok || t[0].type != JSON_OBJECT)
		goto out;
	copy_string(line, t, json_object_get(line, t, ntok, 0, "Type"), ev->type, sizeof(ev->type));
	copy_string(line, t, json_object_get(line, t, ntok, 0, "Action"), ev->action, sizeof(ev->action));
	if ((colon = strchr(ev->action, ':')))  /* "exec_start: sh -c ..." */
		*colon = '\0';
	ev->time_nano = token_number(line, t, json_object_get(line, t, ntok, 0, "timeNano"), 0);
	actor = json_object_get(line, t, ntok, 0, "Actor");
	copy_string(line, t, json_object_get(line, t, ntok, actor, "ID"), ev->id, sizeof(ev->id));
	attrs = json_object_get(line, t, ntok, actor, "Attributes");
	copy_string(line, t, json_object_get(line, t, ntok, attrs, "container"), ev->container,
	            sizeof(ev->container));
	copy_string(line, t, json_object_get(line, t, ntok, attrs, "com.dokku.app-name"), ev->app,
	            sizeof(ev->app));
	code = token_number(line, t, json_object_get(line, t, ntok, attrs, "exitCode"), -1);
	ev->exit_code = code >= INT_MIN && code <= INT_MAX ? (int)code : -1;  /* not cut to another code */
	ok = ev->type[0] && ev->action[0];
out:
	if (t != stack)
		free(t);
	return ok;
}

void
event_lines_init(struct event_lines *l)
{
	buf_init(&l->pending);
	l->skipping = false;
}

void
event_lines_free(struct event_lines *l)
{
	buf_free(&l->pending);
}

static void
emit(const char *line, size_t len, void (*fn)(const char *, size_t, void *), void *ctx)
{
	if (len && line[len - 1] == '\r')
		len--;
	if (len)
		fn(line, len, ctx);
}

void
event_lines_feed(struct event_lines *l, const char *data, size_t n,
                 void (*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
	while (n > 0) {
		const char *nl = memchr(data, '\n', n);
		size_t take = nl ? (size_t)(nl - data) : n;

		if (l->skipping) {
			if (nl)
				l->skipping = false;
		} else if (l->pending.len + take > EVENT_LINE_MAX) {
			buf_reset(&l->pending);
			fn(NULL, 0, ctx);
			l->skipping = !nl;
		} else if (nl && l->pending.len == 0) {
			emit(data, take, fn, ctx);  /* a whole line: no copy */
		} else {
			buf_append(&l->pending, data, take);
			if (nl) {
				emit(buf_cstr(&l->pending), l->pending.len, fn, ctx);
				buf_reset(&l->pending);
			}
		}
		if (!nl)
			break;
		data = nl + 1;
		n -= take + 1;
	}
}
