/* dokku network:create [--driver D] [--subnet S] [--gateway G] [--ip-range R]
 *                      [--internal] [--ipv6] [--opt k=v] [--label k=v] <network> */
#include "args.h"
#include "network.h"

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		{ .name = "driver", .kind = FLAG_STRING, .usage = "driver: [ bridge | overlay | macvlan | ipvlan ]", .def = "bridge" },
		{ .name = "gateway", .kind = FLAG_STRING_ARRAY, .usage = "gateway of a subnet (repeatable)" },
		{ .name = "internal", .kind = FLAG_BOOL, .usage = "restrict external access to the network" },
		{ .name = "ip-range", .kind = FLAG_STRING_ARRAY, .usage = "allocate container IPs from a sub-range of a subnet (repeatable)" },
		{ .name = "ipv6", .kind = FLAG_BOOL, .usage = "enable IPv6 (needs an IPv6 --subnet)" },
		{ .name = "label", .kind = FLAG_STRING_ARRAY, .usage = "key=value label (repeatable)" },
		{ .name = "opt", .kind = FLAG_STRING_ARRAY, .usage = "key=value driver option (repeatable)" },
		{ .name = "subnet", .kind = FLAG_STRING_ARRAY, .usage = "subnet in CIDR form (repeatable)" },
	};
	struct network_create_options o = {
		.driver = NULL, .internal = false, .ipv6 = false,
		.subnets = STRLIST_INIT, .gateways = STRLIST_INIT, .ip_ranges = STRLIST_INIT,
		.opts = STRLIST_INIT, .labels = STRLIST_INIT,
	};
	struct args a;
	int rc;

	args_parse("network:create", flags, 8, argc, argv, 2, &a);
	args_max(&a, 1, "network:create <network>");
	o.driver = flags[0].value;
	o.gateways = flags[1].values;
	o.internal = flags[2].on;
	o.ip_ranges = flags[3].values;
	o.ipv6 = flags[4].on;
	o.labels = flags[5].values;
	o.opts = flags[6].values;
	o.subnets = flags[7].values;
	rc = network_create(args_pos(&a, 0), &o);
	args_flags_free(flags, 8);
	args_free(&a);
	return rc;
}
