/* dokku network:create --adopt <network>
 * dokku network:create [--driver D] [--subnet S]... [--gateway G]... [--ip-range R]...
 *                      [--internal] [--ipv6] [--opt k=v]... [--label k=v]... <network> */
#include "args.h"
#include "network.h"
#include "util.h"

/* sorted by name: pflag prints them in this order */
enum { F_ADOPT, F_DRIVER, F_GATEWAY, F_INTERNAL, F_IP_RANGE, F_IPV6, F_LABEL, F_OPT, F_SUBNET };

int
main(int argc, char **argv)
{
	struct flag flags[] = {
		[F_ADOPT] = { .name = "adopt", .kind = FLAG_BOOL, .usage = "record an existing network as it is, so that it comes back if removed" },
		[F_DRIVER] = { .name = "driver", .kind = FLAG_STRING, .usage = "driver: [ bridge | overlay | macvlan | ipvlan ]", .def = "bridge" },
		[F_GATEWAY] = { .name = "gateway", .kind = FLAG_STRING_ARRAY, .usage = "gateway of a subnet (repeatable)" },
		[F_INTERNAL] = { .name = "internal", .kind = FLAG_BOOL, .usage = "restrict external access to the network" },
		[F_IP_RANGE] = { .name = "ip-range", .kind = FLAG_STRING_ARRAY, .usage = "allocate container IPs from a sub-range of a subnet (repeatable)" },
		[F_IPV6] = { .name = "ipv6", .kind = FLAG_BOOL, .usage = "enable IPv6 (needs an IPv6 --subnet)" },
		[F_LABEL] = { .name = "label", .kind = FLAG_STRING_ARRAY, .usage = "key=value label (repeatable)" },
		[F_OPT] = { .name = "opt", .kind = FLAG_STRING_ARRAY, .usage = "key=value driver option (repeatable)" },
		[F_SUBNET] = { .name = "subnet", .kind = FLAG_STRING_ARRAY, .usage = "subnet in CIDR form (repeatable)" },
	};
	struct network_create_options o;
	struct args a;
	size_t i;
	int rc;

	args_parse("network:create", flags, NELEM(flags), argc, argv, ARGS_SUBCOMMAND_FIRST, &a);
	args_max(&a, 1, "network:create <network>");
	o.adopt = flags[F_ADOPT].on;
	o.shaped = false;
	for (i = 0; i < NELEM(flags); i++)
		o.shaped = o.shaped || (i != F_ADOPT && flags[i].given);
	o.driver = flags[F_DRIVER].value;
	o.gateways = flags[F_GATEWAY].values;
	o.internal = flags[F_INTERNAL].on;
	o.ip_ranges = flags[F_IP_RANGE].values;
	o.ipv6 = flags[F_IPV6].on;
	o.labels = flags[F_LABEL].values;
	o.opts = flags[F_OPT].values;
	o.subnets = flags[F_SUBNET].values;
	rc = command_create(args_pos(&a, 0), &o);
	args_flags_free(flags, NELEM(flags));
	args_free(&a);
	return rc;
}
