/*
 * libFuzzer target for network:import's parser and checks (lib/netdoc.c,
 * lib/netspec_json.c), which touch neither the disk nor the daemon.
 *
 * The input is a document. netdoc_parse must either refuse it with a reason
 * that is one line of printable text (it becomes a " !     " line), or
 * accept it with every record valid (netspec_valid), network names unique,
 * app names valid and unique, and every property name one prop_name_valid
 * accepts with a non-empty value. An accepted document written again
 * (netdoc_write) must parse again to the same document: writing that gives
 * the same bytes. Each record alone (netspec_write_json, netspec_parse)
 * must read back as it was written.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "fuzz_common.h"
#include "netdoc.h"
#include "netspec.h"
#include "prop.h"

static void
check_reason(const struct buf *why)
{
	size_t i;

	FUZZ_CHECK(why->len > 0);
	for (i = 0; i < why->len; i++)
		FUZZ_CHECK((unsigned char)why->data[i] >= 0x20 && why->data[i] != 0x7f);
}

static void
check_owner(const struct netdoc_owner *o)
{
	size_t i;

	FUZZ_CHECK(o->props.n == o->values.n);
	for (i = 0; i < o->props.n; i++) {
		FUZZ_CHECK(prop_name_valid(o->props.v[i]));
		FUZZ_CHECK(*o->values.v[i]);
		FUZZ_CHECK(strlen(o->values.v[i]) <= PROP_MAX_VALUE);
	}
}

static void
check_doc(const struct netdoc *d)
{
	struct buf why = BUF_INIT;
	size_t i, j;

	for (i = 0; i < d->nnetworks; i++) {
		const struct netspec *s = &d->networks[i];
		FUZZ_CHECK(netspec_valid(s, &why));
		FUZZ_CHECK(why.len == 0);
		FUZZ_CHECK(s->subnets.n == s->gateways.n && s->subnets.n == s->ip_ranges.n);
		FUZZ_CHECK(s->opt_keys.n == s->opt_values.n && s->label_keys.n == s->label_values.n);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(d->networks[j].name, s->name) != 0);
	}
	check_owner(&d->global);
	for (i = 0; i < d->napps; i++) {
		FUZZ_CHECK(app_name_error(d->apps[i].name) == NULL);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(d->apps[j].name, d->apps[i].name) != 0);
		check_owner(&d->apps[i]);
	}
	buf_free(&why);
}

/* Each record alone, written and read back, is the same record. */
static void
check_records(const struct netdoc *d)
{
	size_t i;

	for (i = 0; i < d->nnetworks; i++) {
		struct buf a = BUF_INIT, b = BUF_INIT, why = BUF_INIT;
		struct netspec s;
		char *copy;

		netspec_write_json(&d->networks[i], &a);
		copy = fuzz_dup(a.data, a.len);
		FUZZ_CHECK(netspec_parse(copy, a.len, &s, &why));
		netspec_write_json(&s, &b);
		FUZZ_CHECK(fuzz_mem_eq(a.data, a.len, b.data, b.len));
		netspec_free(&s);
		free(copy);
		buf_free(&a);
		buf_free(&b);
		buf_free(&why);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *js = fuzz_dup(data, size), *again;
	struct buf why = BUF_INIT, out = BUF_INIT, out2 = BUF_INIT;
	struct netdoc d, d2;

	if (!netdoc_parse(js, size, &d, &why)) {
		check_reason(&why);
		netdoc_free(&d);
		buf_free(&why);
		free(js);
		return 0;
	}
	FUZZ_CHECK(why.len == 0);
	check_doc(&d);
	check_records(&d);

	netdoc_write(&d, &out);
	again = fuzz_dup(out.data, out.len);
	FUZZ_CHECK(netdoc_parse(again, out.len, &d2, &why));
	FUZZ_CHECK(d2.nnetworks == d.nnetworks && d2.napps == d.napps);
	FUZZ_CHECK(d2.global.props.n == d.global.props.n);
	netdoc_write(&d2, &out2);
	FUZZ_CHECK(fuzz_mem_eq(out.data, out.len, out2.data, out2.len));

	netdoc_free(&d);
	netdoc_free(&d2);
	buf_free(&why);
	buf_free(&out);
	buf_free(&out2);
	free(again);
	free(js);
	return 0;
}
