/*
 * docker_swarm: who still uses a swarm-scoped network, for network:destroy's
 * refusal. A manager refuses to remove an overlay that a container on any
 * host is attached to, with "network <id> is in use by task <task>": its
 * names come from this host's containers and the swarm's gossip
 * (verbose inspect), and, when this host sees none of them, from that
 * network attachment task (its container ID and its node's address).
 */
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "docker_json.h"
#include "engine.h"
#include "util.h"

#define TASK_MARK "in use by task "
#define ID_MAX 64

/* Adds "<name> (host <address>)" to the comma-separated list. */
static void
add_user(struct buf *users, const char *name, const char *host)
{
	buf_printf(users, "%s%s (host %s)", users->len ? ", " : "", name, *host ? host : "unknown");
}

/* The task ID in the daemon's refusal, or false. */
static bool
task_of_refusal(const char *refusal, char id[ID_MAX + 1])
{
	const char *p = strstr(refusal, TASK_MARK);
	size_t n = 0;

	if (!p)
		return false;
	for (p += strlen(TASK_MARK); n < ID_MAX && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')); p++)
		id[n++] = *p;
	id[n] = '\0';
	return n > 0;
}

/* GET /<kind>s/<id> as an object. */
static bool
get_object(const char *kind, const char *id, struct docker_answer *a)
{
	struct buf path = BUF_INIT, ignored = BUF_INIT;
	bool ok;

	buf_printf(&path, "/%ss/", kind);
	url_encode(&path, id);
	ok = docker_get_json(path.data, JSON_OBJECT, false, "", "", a, &ignored) == DOCKER_FOUND;
	buf_free(&path);
	buf_free(&ignored);
	return ok;
}

/* The refusal's task as "container <short id> (host <addr>)": its container and node. */
static void
add_task_user(const char *refusal, struct buf *users)
{
	struct docker_answer task, node;
	char id[ID_MAX + 1];
	char *container = NULL, *node_id = NULL, *addr = NULL;

	if (!task_of_refusal(refusal, id))
		return;
	if (get_object("task", id, &task)) {
		container = doc_string(&task.doc, doc_object(&task.doc, doc_object(&task.doc, 0, "Spec"),
		                                             "NetworkAttachmentSpec"), "ContainerID");
		node_id = doc_string(&task.doc, 0, "NodeID");
	}
	docker_answer_free(&task);
	if (node_id && *node_id && get_object("node", node_id, &node))
		addr = doc_string(&node.doc, doc_object(&node.doc, 0, "Status"), "Addr");
	if (node_id && *node_id)
		docker_answer_free(&node);
	if (container && *container) {
		struct buf name = BUF_INIT;
		buf_printf(&name, "container %.12s", container);
		add_user(users, name.data, addr ? addr : "");
		buf_free(&name);
	}
	free(container);
	free(node_id);
	free(addr);
}

void
docker_swarm_network_users(const struct docker_network *n, const char *refusal, struct buf *users)
{
	struct docker_container_list local;
	struct docker_swarm_view view;
	struct buf err = BUF_INIT;
	size_t i;

	buf_reset(users);
	if (!docker_network_swarm_view(n->id, &view, &err)) {
		buf_free(&err);
		return;
	}
	if (docker_network_containers(n->name, &local, &err)) {
		for (i = 0; i < local.n; i++)
			add_user(users, local.v[i].name, view.local_host);
		docker_container_list_free(&local);
	}
	for (i = 0; i < view.n; i++)
		add_user(users, view.v[i].name, view.v[i].host);
	docker_swarm_view_free(&view);
	buf_free(&err);
	if (!users->len)
		add_task_user(refusal, users);
}
