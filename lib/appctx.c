#include <string.h>

#include "app.h"
#include "appctx.h"
#include "log.h"
#include "prop.h"

static struct netprop_values globals;
static bool globals_ready;

struct netprop_values *
app_ctx_globals(void)
{
	if (!globals_ready) {
		netprop_values_init(&globals, PROP_GLOBAL);
		globals_ready = true;
	}
	return &globals;
}

void
app_ctx_forget_globals(void)
{
	if (globals_ready)
		netprop_values_free(&globals);
	globals_ready = false;
}

void
app_ctx_init(struct app_ctx *a, const char *name)
{
	a->name = name;
	buf_init_in(&a->dir, a->dir_small, sizeof(a->dir_small));
	app_dir(name, &a->dir);
	a->globals = app_ctx_globals();
	netprop_values_init(&a->props, name);  /* (unused for --global: see own_values) */
	a->scoped = (struct strlist)STRLIST_INIT;
	a->scoped_read = false;
	buf_init(&a->scheduler);
	a->deployed = -1;
}

void
app_ctx_open(struct app_ctx *a, const char *name)
{
	log_fail_if(app_name_error(name));
	app_ctx_init(a, name);
}

void
app_ctx_verify(struct app_ctx *a, const char *name)
{
	app_verify(name);
	app_ctx_init(a, name);
}

void
app_ctx_close(struct app_ctx *a)
{
	netprop_values_free(&a->props);
	buf_free(&a->dir);
	buf_free(&a->scheduler);
	strlist_free(&a->scoped);
}

/* --global reads through the shared copy, so that each value is read once. */
static struct netprop_values *
own_values(struct app_ctx *a)
{
	return strcmp(a->name, PROP_GLOBAL) == 0 ? a->globals : &a->props;
}

const struct buf *
app_ctx_prop(struct app_ctx *a, const char *prop)
{
	return netprop_values_get(own_values(a), prop);
}

void
app_ctx_computed(struct app_ctx *a, const char *prop, struct buf *out)
{
	netprop_values_computed(own_values(a), a->globals, prop, out);
}

void
app_ctx_computed_list(struct app_ctx *a, const char *prop, struct strlist *out)
{
	struct buf v = BUF_INIT;

	app_ctx_computed(a, prop, &v);
	if (v.len)
		strlist_split(out, v.data, ',', true);
	buf_free(&v);
}

const struct strlist *
app_ctx_scoped(struct app_ctx *a)
{
	if (!a->scoped_read) {
		netprop_scoped_list(a->name, &a->scoped);
		a->scoped_read = true;
	}
	return &a->scoped;
}

void
app_ctx_computed_for(struct app_ctx *a, const char *prop, const char *proc, struct buf *out)
{
	struct buf name = BUF_INIT;

	buf_reset(out);
	if (*proc && netprop_process_scopable(prop) && !netprop_process_error(proc)) {
		netprop_scoped_name(prop, proc, &name);
		/* once the directory was listed, a process without a value costs no open(2) */
		if (!a->scoped_read || strlist_contains(&a->scoped, name.data))
			prop_get(a->name, name.data, out);
	}
	if (out->len == 0)
		app_ctx_computed(a, prop, out);
	buf_free(&name);
}

void
app_ctx_computed_list_for(struct app_ctx *a, const char *prop, const char *proc, struct strlist *out)
{
	struct buf v = BUF_INIT;

	app_ctx_computed_for(a, prop, proc, &v);
	if (v.len)
		strlist_split(out, v.data, ',', true);
	buf_free(&v);
}

const char *
app_ctx_scheduler(struct app_ctx *a)
{
	if (a->scheduler.len == 0)
		app_scheduler(a->name, &a->scheduler);
	return a->scheduler.data;
}

bool
app_ctx_deployed(struct app_ctx *a)
{
	/* the scheduler is asked only when the deployed property does not say */
	if (a->deployed < 0)
		a->deployed = app_deployed_property(a->name);
	if (a->deployed < 0)
		a->deployed = app_scheduler_says_deployed(a->name, app_ctx_scheduler(a));
	return a->deployed;
}
