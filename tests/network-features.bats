#!/usr/bin/env bats
# Issue 7 against the real daemon: network:create's options and their local
# validation, overlay networks through Docker swarm, network:destroy's warning
# about networks that properties still name, and network:rebuild applying
# attach-post-deploy changes to running containers (--dry-run, --prune).
# Every docker object is named from $DOKKU_TEST_PREFIX and removed by teardown;
# the swarm test leaves swarm mode as it found it.
# shellcheck disable=SC2016,SC2154 # single-quoted container scripts; $stderr from run_split
load test_helper
load harness/deploy

setup() {
  dokku_env_setup
  deploy_harness_install
  SWARM_INITIALIZED_BY_TEST=""
}

teardown() {
  dokku_env_teardown
  # only a swarm this test created: a daemon that was in one before stays in it
  if [[ "$SWARM_INITIALIZED_BY_TEST" == "1" ]]; then
    docker swarm leave --force >/dev/null 2>&1 || true
    SWARM_INITIALIZED_BY_TEST=""
  fi
}

# ---- helpers ----------------------------------------------------------------------

# `probe <name>...` prints, per name: the IPv4 addresses it resolves to (sorted,
# one line, "NXDOMAIN" if none), then the page it serves on port 5000.
PROBE_SCRIPT='
for name in "$@"; do
  addrs=$(busybox nslookup "$name" 2>/dev/null |
    busybox awk "/^Name:/ { n = 1; next } n && /^Address/ { for (i = 2; i <= NF; i++) if (\$i ~ /^[0-9.]+\$/) print \$i }" |
    busybox sort -u | busybox xargs)
  echo "${addrs:-NXDOMAIN}"
  wget -q -O - "http://$name:5000/" || echo "NO ANSWER from $name"
done'

# assert_web_reachable_on <network> <app> <count>: from a client on the network,
# <app>.web resolves to exactly the <count> web containers' addresses there and
# answers; each <hostname>.<app>.web resolves to its own container and answers
# with its page.
assert_web_reachable_on() {
  local net="$1" app="$2" count="$3" i cid ips=() names=() expected=()
  for ((i = 1; i <= count; i++)); do
    cid=$(app_container_id "$app" web "$i")
    ips+=("$(ip_on "$cid" "$net")")
    [[ -n "${ips[-1]}" ]] || fail "web.$i has no address on $net"
    names+=("$(docker container inspect --format '{{.Config.Hostname}}' "$cid").$app.web")
  done
  run on_network "$net" "$PROBE_SCRIPT" "$app.web" "${names[@]}"
  assert_success
  expected=("$(sorted_words "${ips[@]}")" "(any web page, checked below)")
  for ((i = 1; i <= count; i++)); do expected+=("${ips[$((i - 1))]}" "$app web $i"); done
  assert_equal "${#lines[@]}" "${#expected[@]}"
  assert_line --index 0 "${expected[0]}"
  assert_line --index 1 --regexp "^$app web [0-9]+$"
  for ((i = 2; i < ${#expected[@]}; i++)); do assert_line --index "$i" "${expected[$i]}"; done
}

# assert_web_attached_and_reachable <network> <app> <count>: each web container
# is on bridge and the network, with both aliases there, and the app answers
# over it (assert_web_reachable_on).
assert_web_attached_and_reachable() {
  local net="$1" app="$2" count="$3" i cid
  for ((i = 1; i <= count; i++)); do
    cid=$(app_container_id "$app" web "$i")
    run networks_of "$cid"
    assert_output "$(sorted_words bridge "$net")"
    assert_dokku_aliases "$cid" "$net" "$app" web
  done
  assert_web_reachable_on "$net" "$app" "$count"
}

# create_with_free_subnet <name> <args...>: `dokku network:create` with
# --subnet 10.N.0.0/16 and the args (in which "@N@" becomes the chosen N), for a
# random N, trying another N while the daemon reports an overlapping pool.
# Sets NET_N; prints nothing; fails with the daemon's answer otherwise.
create_with_free_subnet() {
  local name="$1" n args=() a out
  shift
  for _ in 1 2 3 4 5 6 7 8; do
    n=$((RANDOM % 200 + 30))
    args=()
    for a in "$@"; do args+=("${a//@N@/$n}"); done
    if out=$(dokku network:create --subnet "10.$n.0.0/16" "${args[@]}" "$name" 2>&1); then
      NET_N=$n
      return 0
    fi
    [[ "$out" == *"overlaps"* ]] || {
      echo "$out" >&2
      return 1
    }
  done
  echo "no free 10.N.0.0/16 subnet after 8 tries" >&2
  return 1
}

# ---- 1. network:create options ------------------------------------------------------

@test "(network:create) --subnet --gateway --ip-range --internal --ipv6 --opt --label make exactly that network; network:info shows it" {
  local net v6 n
  net=$(unique_name "$DOKKU_TEST_PREFIX-opts")
  v6="fd$(printf '%02x' $((RANDOM % 256))):$(printf '%x' $((RANDOM % 65535 + 1)))::/64"
  create_with_free_subnet "$net" --gateway 10.@N@.0.1 --ip-range 10.@N@.5.0/24 --internal \
    --ipv6 --subnet "$v6" --opt com.docker.network.driver.mtu=1400 \
    --label team=blue --label note=a=b --label empty=
  n=$NET_N

  # what the daemon holds
  run docker network inspect --format '{{.Driver}} {{.Scope}} internal={{.Internal}} ipv6={{.EnableIPv6}} attachable={{.Attachable}}' "$net"
  assert_success
  assert_output "bridge local internal=true ipv6=true attachable=true"
  run bash -c "docker network inspect --format '{{json .IPAM.Config}}' '$net' | jq -c '[.[] | select(.Subnet | contains(\".\")) | {Subnet, Gateway, IPRange}]'"
  assert_success
  assert_output "[{\"Subnet\":\"10.$n.0.0/16\",\"Gateway\":\"10.$n.0.1\",\"IPRange\":\"10.$n.5.0/24\"}]"
  # the IPv6 subnet, without a range (the daemon may or may not report a gateway of its own)
  run bash -c "docker network inspect --format '{{json .IPAM.Config}}' '$net' | jq -c '[.[] | select(.Subnet | contains(\":\")) | {Subnet, IPRange: (.IPRange // \"\")}]'"
  assert_output "[{\"Subnet\":\"$v6\",\"IPRange\":\"\"}]"
  run docker network inspect --format '{{json .Options}}' "$net"
  assert_output '{"com.docker.network.driver.mtu":"1400"}'
  run bash -c "docker network inspect --format '{{json .Labels}}' '$net' | jq -cS ."
  assert_output "{\"com.dokku.network-name\":\"$net\",\"empty\":\"\",\"note\":\"a=b\",\"team\":\"blue\"}"

  # and a container on it really gets them: MTU 1400, an IPv4 address from the
  # range, an IPv6 address from the subnet
  run on_network "$net" 'cat /sys/class/net/eth0/mtu; ip -4 -o addr show eth0 | awk "{print \$4}"; ip -6 -o addr show eth0 scope global | awk "{print \$4}"'
  assert_success
  assert_equal "${#lines[@]}" 3
  assert_line --index 0 "1400"
  assert_line --index 1 --regexp "^10\.$n\.5\.[0-9]+/16$"
  assert_line --index 2 --regexp "^${v6%%::/64}:[0-9a-f:]+/64$"

  # network:info, text
  run dokku network:info "$net"
  assert_success
  assert_line "       Driver:         bridge"
  assert_line "       Dokku managed:  true"
  assert_line "       Internal:       true"
  assert_line "       IPv6:           true"
  assert_line "       Attachable:     true"
  assert_line "       Subnet:         10.$n.0.0/16 gateway 10.$n.0.1 ip-range 10.$n.5.0/24"
  assert_line --regexp "^       Subnet:         ${v6//./\\.}( gateway [0-9a-f:]+)?$"
  assert_line "       Label:          com.dokku.network-name=$net"
  assert_line "       Label:          empty="
  assert_line "       Label:          note=a=b"
  assert_line "       Label:          team=blue"
  assert_line "       Option:         com.docker.network.driver.mtu=1400"
  assert_equal "$(grep -c '^       Subnet:' <<<"$output")" 2
  assert_equal "$(grep -c '^       Label:' <<<"$output")" 4
  assert_equal "$(grep -c '^       Option:' <<<"$output")" 1

  # network:info, JSON
  run bash -c "dokku network:info '$net' --format json | jq -cS '{Attachable, DokkuManaged, Driver, Internal, IPv6, Labels, Options, Scope, V4: [.Subnets[] | select(.Subnet | contains(\".\"))], V6: [.Subnets[] | select(.Subnet | contains(\":\")) | {Subnet, IPRange}]}'"
  assert_success
  assert_output "{\"Attachable\":true,\"DokkuManaged\":true,\"Driver\":\"bridge\",\"IPv6\":true,\"Internal\":true,\"Labels\":{\"com.dokku.network-name\":\"$net\",\"empty\":\"\",\"note\":\"a=b\",\"team\":\"blue\"},\"Options\":{\"com.docker.network.driver.mtu\":\"1400\"},\"Scope\":\"local\",\"V4\":[{\"Gateway\":\"10.$n.0.1\",\"IPRange\":\"10.$n.5.0/24\",\"Subnet\":\"10.$n.0.0/16\"}],\"V6\":[{\"IPRange\":\"\",\"Subnet\":\"$v6\"}]}"
}

@test "(network:create) without options: a plain attachable bridge, not internal, no IPv6, no options, only Dokku's label" {
  local net
  net=$(unique_name "$DOKKU_TEST_PREFIX-plain")
  run dokku network:create --driver bridge "$net"
  assert_success
  assert_output "-----> Creating network $net"
  run docker network inspect --format '{{.Driver}} internal={{.Internal}} ipv6={{.EnableIPv6}} attachable={{.Attachable}} {{json .Options}} {{json .Labels}}' "$net"
  assert_output "bridge internal=false ipv6=false attachable=true {} {\"com.dokku.network-name\":\"$net\"}"
  run bash -c "dokku network:info '$net' --format json | jq -c '{Internal, IPv6, Options, Labels, n: (.Subnets | length)}'"
  assert_output "{\"Internal\":false,\"IPv6\":false,\"Options\":{},\"Labels\":{\"com.dokku.network-name\":\"$net\"},\"n\":1}"
}

# ---- 2. local validation --------------------------------------------------------------

@test "(network:create) invalid options are refused locally, before the daemon is asked: one exact line, exit 1" {
  local net i
  net=$(unique_name "$DOKKU_TEST_PREFIX-bad")
  export DOCKER_HOST=unix:///nonexistent/docker.sock
  local -a cases=(
    "--subnet 10.1.0.0|Invalid --subnet 10.1.0.0: it must be an address and a prefix length, like 10.10.0.0/16"
    "--subnet banana/16|Invalid --subnet banana/16: it must be an address and a prefix length, like 10.10.0.0/16"
    "--subnet 10.1.0.0/|Invalid --subnet 10.1.0.0/: it must be an address and a prefix length, like 10.10.0.0/16"
    "--subnet 10.1.0.0/x|Invalid --subnet 10.1.0.0/x: it must be an address and a prefix length, like 10.10.0.0/16"
    "--subnet 10.1.0.0/33|Invalid --subnet 10.1.0.0/33: it has a prefix length longer than the address"
    "--subnet fd00::/129|Invalid --subnet fd00::/129: it has a prefix length longer than the address"
    "--subnet 10.1.2.0/16|Invalid --subnet 10.1.2.0/16: it has host bits set (use the network address)"
    "--subnet fd00::1/64|Invalid --subnet fd00::1/64: it has host bits set (use the network address)"
    "--subnet 10.1.0.0/16 --gateway 10.2.0.1|Invalid --gateway 10.2.0.1: it is in none of the subnets"
    "--subnet 10.1.0.0/16 --gateway fd00::1|Invalid --gateway fd00::1: it is in none of the subnets"
    "--subnet 10.1.0.0/16 --gateway nope|Invalid --gateway nope: not an IP address"
    "--subnet 10.1.0.0/16 --gateway 10.1.0.1 --gateway 10.1.0.2|Invalid --gateway 10.1.0.2: subnet 10.1.0.0/16 already has a gateway"
    "--subnet 10.1.0.0/16 --ip-range 10.2.0.0/24|Invalid --ip-range 10.2.0.0/24: it is in none of the subnets"
    "--subnet 10.1.0.0/24 --ip-range 10.1.0.0/16|Invalid --ip-range 10.1.0.0/16: it is in none of the subnets"
    "--subnet 10.1.0.0/16 --ip-range 10.1.0.5/24|Invalid --ip-range 10.1.0.5/24: it has host bits set (use the network address)"
    "--subnet 10.1.0.0/16 --ip-range 10.1.0.0/24 --ip-range 10.1.1.0/24|Invalid --ip-range 10.1.1.0/24: subnet 10.1.0.0/16 already has an IP range"
    "--subnet 10.1.0.0/16 --subnet 10.1.4.0/24|Invalid --subnet 10.1.4.0/24: it overlaps 10.1.0.0/16"
    "--subnet 10.1.4.0/24 --subnet 10.1.0.0/16|Invalid --subnet 10.1.0.0/16: it overlaps 10.1.4.0/24"
    "--subnet 10.1.0.0/16 --subnet 10.1.0.0/16|Invalid --subnet 10.1.0.0/16: it overlaps 10.1.0.0/16"
    "$(for i in $(seq 0 32); do printf -- '--subnet 10.%d.0.0/16 ' "$i"; done)|Invalid --subnet: at most 32 subnets"
    "--gateway 10.1.0.1|--gateway and --ip-range need a --subnet"
    "--ip-range 10.1.0.0/24|--gateway and --ip-range need a --subnet"
    "--ipv6|--ipv6 needs an IPv6 --subnet, e.g. --subnet fd00:1::/64"
    "--ipv6 --subnet 10.1.0.0/16|--ipv6 needs an IPv6 --subnet, e.g. --subnet fd00:1::/64"
    "--driver foo|Invalid --driver foo: use bridge, overlay, macvlan or ipvlan"
    "--driver host|Invalid --driver host: use bridge, overlay, macvlan or ipvlan"
    "--driver null|Invalid --driver null: use bridge, overlay, macvlan or ipvlan"
    "--opt foo|Invalid --opt foo: expected key=value"
    "--opt =x|Invalid --opt =x: expected key=value"
    "--label foo|Invalid --label foo: expected key=value"
    "--label =x|Invalid --label =x: expected key=value"
    "--opt a=1 --opt a=2|Duplicate --opt a"
    "--label a=1 --label b=2 --label a=1|Duplicate --label a"
    "--label com.dokku.network-name=x|Invalid --label com.dokku.network-name: Dokku sets it itself"
  )
  for i in "${cases[@]}"; do
    # shellcheck disable=SC2086 # the options are words
    run_split dokku network:create ${i%%|*} "$net"
    [[ "$status" -eq 1 && "$stderr" == " !     ${i#*|}" && -z "$output" ]] ||
      fail "network:create ${i%%|*}: expected exit 1, no output and ' !     ${i#*|}'; got $status, output '$output', stderr '$stderr'"
  done

  # valid combinations pass the checks and only then reach the (missing) daemon
  local -a valid=(
    "--subnet 10.1.0.0/16 --gateway 10.1.0.1 --ip-range 10.1.5.0/24"
    "--subnet 10.1.0.0/16 --subnet fd00::/64 --gateway fd00::1 --ip-range fd00::/80 --ipv6"
    "--subnet 10.1.0.0/24 --subnet 10.1.1.0/24 --gateway 10.1.1.1 --gateway 10.1.0.1"
    "--driver macvlan --opt parent=eth0 --opt x=1 --label a=1 --label b=a=b"
    "--driver ipvlan --internal"
  )
  for i in "${valid[@]}"; do
    # shellcheck disable=SC2086
    run_split dokku network:create $i "$net"
    [[ "$status" -eq 1 && "$output" == "-----> Creating network $net" &&
      "$stderr" == " !     Unable to create network: Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock"* ]] ||
      fail "network:create $i: expected to pass validation and fail at the daemon; got $status, output '$output', stderr '$stderr'"
  done
}

@test "(network:create) -h lists every flag" {
  local flag
  run_split dokku network:create -h
  assert_success
  assert_equal "$(head -n 1 <<<"$stderr")" "Usage of network:create:"
  for flag in "driver string" "gateway stringArray" "internal" "ip-range stringArray" "ipv6" \
    "label stringArray" "opt stringArray" "subnet stringArray"; do
    grep -qE "^      --$flag {3,}[^ ]" <<<"$stderr" || fail "no usage line for --$flag in: $stderr"
  done
  grep -qF '(default "bridge")' <<<"$stderr" || fail "the --driver default is not shown: $stderr"
}

# ---- 3. overlay networks through swarm ------------------------------------------------

# enter_swarm: makes the daemon a swarm manager for this test: a single-node
# swarm when it is in none (left again by teardown), the swarm it is in when it
# already manages one. Skips when neither works.
enter_swarm() {
  local state out
  state=$(docker info --format '{{.Swarm.LocalNodeState}}')
  if [[ "$state" == "inactive" ]]; then
    if ! out=$(docker swarm init --advertise-addr 127.0.0.1 2>&1); then
      docker swarm leave --force >/dev/null 2>&1 || true
      skip "docker swarm init failed on this machine: $out"
    fi
    SWARM_INITIALIZED_BY_TEST=1
  elif [[ "$state" != "active" ]]; then
    skip "the daemon's swarm state is '$state', neither inactive nor active"
  fi
  [[ "$(docker info --format '{{.Swarm.ControlAvailable}}')" == "true" ]] ||
    skip "this node is in a swarm but not a manager: it cannot create overlay networks"
}

# The message of moby/moby#42351: the daemon (20.10 at least) cannot rename a
# container that is attached to an overlay network.

@test "(overlay) needs swarm mode; in a single-node swarm it is an attachable overlay network; running app containers join it (network:rebuild) and APP.web resolves and answers over it" {
  local net app
  net=$(unique_name "$DOKKU_TEST_PREFIX-overlay")
  if [[ "$(docker info --format '{{.Swarm.LocalNodeState}}')" == "inactive" ]]; then
    run_split dokku network:create --driver overlay "$net"
    assert_failure 1
    assert_equal "$stderr" " !     Overlay networks need Docker swarm mode: run 'docker swarm init' on this host (or join it to a swarm as a manager), then create the network again"
    assert_equal "$output" ""
    run docker network inspect "$net"
    assert_failure
  fi
  enter_swarm

  run dokku network:create --driver overlay --label purpose=multi-host "$net"
  assert_success
  assert_output "-----> Creating network $net"
  run docker network inspect --format '{{.Driver}} {{.Scope}} attachable={{.Attachable}} {{index .Labels "com.dokku.network-name"}} {{index .Labels "purpose"}}' "$net"
  assert_success
  assert_output "overlay swarm attachable=true $net multi-host"
  run bash -c "dokku network:list --dokku-managed --format json | jq -c '.[] | select(.Name == \"$net\") | {Driver, Scope, DokkuManaged}'"
  assert_output '{"Driver":"overlay","Scope":"swarm","DokkuManaged":true}'

  # deployed on bridge, then attached live (a deploy would rename them on the
  # overlay network: see the next test)
  create_test_app >/dev/null
  app="$TEST_APP"
  dokku ps:scale "$app" web=2 >/dev/null
  run dokku deploy "$app"
  assert_success
  run dokku network:set "$app" attach-post-deploy "$net"
  assert_success
  run_split dokku network:rebuild "$app"
  assert_success
  assert_equal "$stderr" ""
  assert_line "       Attaching $app.web.1 to $net"
  assert_line "       Attaching $app.web.2 to $net"
  assert_web_attached_and_reachable "$net" "$app" 2
}

@test "(overlay) a deploy with attach-post-deploy on an overlay network attaches the new containers; APP.web resolves and answers over it" {
  local net app
  enter_swarm
  net=$(unique_name "$DOKKU_TEST_PREFIX-overlay")
  run dokku network:create --driver overlay "$net"
  assert_success
  create_test_app >/dev/null
  app="$TEST_APP"
  run dokku network:set "$app" attach-post-deploy "$net"
  assert_success
  dokku ps:scale "$app" web=2 >/dev/null
  # swarm-scoped networks are attached in post-deploy, after Dokku's rename
  # (Docker cannot rename a container on an overlay network: moby/moby#42351)
  run dokku deploy "$app"
  assert_success
  assert_output --partial "-----> Associating app with network $net"
  assert_web_attached_and_reachable "$net" "$app" 2
}

@test "(overlay) network:exists, info, destroy and network:set find an overlay network" {
  local net app
  enter_swarm
  net=$(unique_name "$DOKKU_TEST_PREFIX-overlay")
  run dokku network:create --driver overlay "$net"
  assert_success
  run dokku network:exists "$net"
  assert_success
  assert_output "-----> Network exists"
  run bash -c "dokku network:info '$net' --format json | jq -c '{Name, Driver, Scope, Attachable, DokkuManaged}'"
  assert_output "{\"Name\":\"$net\",\"Driver\":\"overlay\",\"Scope\":\"swarm\",\"Attachable\":true,\"DokkuManaged\":true}"
  run dokku network:info "$net"
  assert_success
  assert_line "       Scope:          swarm"
  # an attach property naming it: no "does not exist yet" warning
  create_test_app >/dev/null
  app="$TEST_APP"
  run_split dokku network:set "$app" attach-post-deploy "$net"
  assert_success
  assert_equal "$stderr" ""
  run dokku network:set "$app" attach-post-deploy
  assert_success
  run_split dokku --force network:destroy "$net"
  assert_success
  assert_output "-----> Destroying network $net"
  assert_equal "$stderr" ""
  run docker network inspect "$net"
  assert_failure
}

# ---- 4. network:destroy warns about properties that name the network --------------------

@test "(network:destroy) warns naming the apps (and --global) whose properties still use the network; destroys anyway" {
  local net other a1 a2 warn
  net=$(unique_name "$DOKKU_TEST_PREFIX-used")
  other=$(unique_name "$DOKKU_TEST_PREFIX-other")
  a1=$(unique_name "$DOKKU_TEST_PREFIX-a1")
  a2=$(unique_name "$DOKKU_TEST_PREFIX-a2")
  dokku apps:create "$a1" >/dev/null
  dokku apps:create "$a2" >/dev/null
  dokku network:create "$net" >/dev/null
  dokku network:create "$other" >/dev/null
  dokku network:set "$a1" attach-post-deploy "$other" "$net" >/dev/null
  dokku network:set "$a2" initial-network "$net" >/dev/null
  dokku network:set "$a2" attach-post-create "$other" >/dev/null
  dokku network:set --global attach-post-create "$net" >/dev/null
  warn=" !     Network $net is still used by --global (attach-post-create), $a1 (attach-post-deploy), $a2 (initial-network): their next deploy will fail unless it is recreated or the properties are changed"

  # --force: the warning, then the destroy
  run_split dokku --force network:destroy "$net"
  assert_success
  assert_equal "$stderr" "$warn"
  assert_output "-----> Destroying network $net"
  run docker network inspect "$net"
  assert_failure
  # the properties are left alone
  run dokku network:report "$a1" --network-attach-post-deploy
  assert_output "$other,$net"

  # without --force: the warning comes before the prompt, a wrong answer keeps the network
  dokku network:create "$net" >/dev/null
  run_split bash -c "echo wrong | dokku network:destroy '$net'"
  assert_failure 1
  assert_equal "$(head -n 1 <<<"$stderr")" "$warn"
  assert_equal "$(sed -n 2p <<<"$stderr")" " !     WARNING: Potentially Destructive Action"
  assert_equal "$(tail -n 1 <<<"$stderr")" "Confirmation did not match test. Aborted."
  run docker network inspect "$net"
  assert_success
  # the right answer destroys it
  run_split bash -c "echo '$net' | dokku network:destroy '$net'"
  assert_success
  assert_equal "$stderr" "$warn
 !     WARNING: Potentially Destructive Action
 !     This command will destroy network $net.
 !     To proceed, type \"$net\""
  assert_equal "$output" "> -----> Destroying network $net"
  run docker network inspect "$net"
  assert_failure

  # only the users that remain are named; the other network names a1 and a2 by their own properties
  dokku network:create "$net" >/dev/null
  dokku network:set --global attach-post-create >/dev/null
  dokku network:set "$a2" initial-network >/dev/null
  run_split dokku --force network:destroy "$net"
  assert_success
  assert_equal "$stderr" " !     Network $net is still used by $a1 (attach-post-deploy): their next deploy will fail unless it is recreated or the properties are changed"
  run_split dokku --force network:destroy "$other"
  assert_success
  assert_equal "$stderr" " !     Network $other is still used by $a1 (attach-post-deploy), $a2 (attach-post-create): their next deploy will fail unless it is recreated or the properties are changed"

  # nothing references it: no warning at all
  dokku network:create "$net" >/dev/null
  dokku network:set "$a1" attach-post-deploy >/dev/null
  run_split dokku --force network:destroy "$net"
  assert_success
  assert_equal "$stderr" ""
  assert_output "-----> Destroying network $net"
  # a name that only starts like a referenced one is not a reference
  dokku network:create "$net" >/dev/null
  dokku network:set "$a1" attach-post-deploy "$net-x" >/dev/null 2>&1
  run_split dokku --force network:destroy "$net"
  assert_success
  assert_equal "$stderr" ""
  run docker network inspect "$net"
  assert_failure
}

# ---- 5. network:rebuild applies attach changes to running containers --------------------

@test "(network:rebuild) attaches running containers to a new attach-post-deploy network with aliases; --dry-run changes nothing; --prune detaches only Dokku-managed, unconfigured networks" {
  local app new init create foreign missing w1 w2 ip1 ip2 before1 before2 snap i
  create_test_app >/dev/null
  app="$TEST_APP"
  new=$(unique_name "$DOKKU_TEST_PREFIX-new")
  init=$(unique_name "$DOKKU_TEST_PREFIX-init")
  create=$(unique_name "$DOKKU_TEST_PREFIX-create")
  foreign=$(unique_name "$DOKKU_TEST_PREFIX-foreign")
  for i in "$new" "$init" "$create"; do dokku network:create "$i" >/dev/null; done
  docker network create "$foreign" >/dev/null # not Dokku's: no com.dokku.network-name label

  run dokku network:set "$app" initial-network "$init"
  assert_success
  run dokku network:set "$app" attach-post-create "$create"
  assert_success
  dokku ps:scale "$app" web=2 >/dev/null
  run dokku deploy "$app"
  assert_success
  w1=$(app_container_id "$app" web 1)
  w2=$(app_container_id "$app" web 2)
  # by hand: web.1 also joins bridge and a network Dokku did not create
  docker network connect bridge "$w1"
  docker network connect "$foreign" "$w1"
  run networks_of "$w1"
  assert_output "$(sorted_words bridge "$create" "$foreign" "$init")"
  run networks_of "$w2"
  assert_output "$(sorted_words "$create" "$init")"
  ip1=$(ip_on "$w1" "$init")
  ip2=$(ip_on "$w2" "$init")
  run cat "$DOKKU_ROOT/$app/IP.web.1"
  assert_output "$ip1"

  # a new network in attach-post-deploy, no redeploy
  run dokku network:set "$app" attach-post-deploy "$new"
  assert_success

  # --dry-run: the plan, and no change (a stale IP file stays stale)
  printf '192.0.2.1' >"$DOKKU_ROOT/$app/IP.web.1"
  before1=$(docker container inspect --format '{{json .NetworkSettings.Networks}}' "$w1")
  before2=$(docker container inspect --format '{{json .NetworkSettings.Networks}}' "$w2")
  snap=$(cd "$DOKKU_ROOT/$app" && sha256sum IP.* PORT.* CONTAINER.*)
  run_split dokku network:rebuild --dry-run "$app"
  assert_success
  assert_equal "$stderr" ""
  assert_equal "$output" "-----> Planning the network configuration of $app (dry run: nothing changes)
       Would attach $app.web.1 to $new
       Would attach $app.web.2 to $new"
  assert_equal "$(docker container inspect --format '{{json .NetworkSettings.Networks}}' "$w1")" "$before1"
  assert_equal "$(docker container inspect --format '{{json .NetworkSettings.Networks}}' "$w2")" "$before2"
  assert_equal "$(cd "$DOKKU_ROOT/$app" && sha256sum IP.* PORT.* CONTAINER.*)" "$snap"

  # the real thing: both containers join NEW with both aliases; the IP file is rewritten
  run_split dokku network:rebuild "$app"
  assert_success
  assert_equal "$stderr" ""
  assert_line "       Attaching $app.web.1 to $new"
  assert_line "       Attaching $app.web.2 to $new"
  run networks_of "$w1"
  assert_output "$(sorted_words bridge "$create" "$foreign" "$init" "$new")"
  run networks_of "$w2"
  assert_output "$(sorted_words "$create" "$init" "$new")"
  assert_dokku_aliases "$w1" "$new" "$app" web
  assert_dokku_aliases "$w2" "$new" "$app" web
  run cat "$DOKKU_ROOT/$app/IP.web.1"
  assert_output "$ip1"
  run cat "$DOKKU_ROOT/$app/IP.web.2"
  assert_output "$ip2"
  assert_web_reachable_on "$new" "$app" 2
  # nothing left to do: a second rebuild attaches nothing
  run_split dokku network:rebuild "$app"
  assert_success
  refute_output --partial "Attaching"

  # unset: a plain rebuild keeps the containers on NEW ...
  run dokku network:set "$app" attach-post-deploy
  assert_success
  run_split dokku network:rebuild "$app"
  assert_success
  run networks_of "$w1"
  assert_output "$(sorted_words bridge "$create" "$foreign" "$init" "$new")"
  run networks_of "$w2"
  assert_output "$(sorted_words "$create" "$init" "$new")"
  # ... --prune --dry-run only says what it would detach ...
  run_split dokku network:rebuild --prune --dry-run "$app"
  assert_success
  assert_equal "$output" "-----> Planning the network configuration of $app (dry run: nothing changes)
       Would detach $app.web.1 from $new
       Would detach $app.web.2 from $new"
  run networks_of "$w1"
  assert_output "$(sorted_words bridge "$create" "$foreign" "$init" "$new")"
  # ... and --prune detaches from NEW only: not from bridge, the initial network,
  # the attach-post-create network or the network Dokku did not create
  run_split dokku network:rebuild --prune "$app"
  assert_success
  assert_equal "$stderr" ""
  assert_line "       Detaching $app.web.1 from $new"
  assert_line "       Detaching $app.web.2 from $new"
  assert_equal "$(grep -c Detaching <<<"$output")" 2
  run networks_of "$w1"
  assert_output "$(sorted_words bridge "$create" "$foreign" "$init")"
  run networks_of "$w2"
  assert_output "$(sorted_words "$create" "$init")"
  run container_http "$w1" "$init"
  assert_output "$app web 1"

  # a configured network that does not exist: a warning per container, exit = failures
  missing=$(unique_name "$DOKKU_TEST_PREFIX-missing")
  run dokku network:set "$app" attach-post-deploy "$missing"
  assert_success
  run_split dokku network:rebuild "$app"
  assert_failure 2
  assert_equal "$stderr" " !     Network $missing does not exist: $app.web.1 cannot join it
 !     Network $missing does not exist: $app.web.2 cannot join it"
  run_split dokku network:rebuild --dry-run "$app"
  assert_failure 2
  run networks_of "$w2"
  assert_output "$(sorted_words "$create" "$init")"
}

@test "(network:rebuild) without initial-network: containers on bridge join the new network and --prune never leaves bridge" {
  local app new w1
  create_test_app >/dev/null
  app="$TEST_APP"
  new=$(unique_name "$DOKKU_TEST_PREFIX-new")
  dokku network:create "$new" >/dev/null
  run dokku deploy "$app"
  assert_success
  w1=$(app_container_id "$app" web 1)
  run networks_of "$w1"
  assert_output "bridge"
  run dokku network:set "$app" attach-post-deploy "$new"
  assert_success
  run dokku network:rebuild "$app"
  assert_success
  assert_web_attached_and_reachable "$new" "$app" 1
  run dokku network:set "$app" attach-post-deploy
  assert_success
  run dokku network:rebuild --prune "$app"
  assert_success
  run networks_of "$w1"
  assert_output "bridge"
  run container_http "$w1"
  assert_output "$app web 1"
}

@test "(network:rebuild) --prune never detaches a container from the network it was created on, even after initial-network is unset" {
  local app init w1
  create_test_app >/dev/null
  app="$TEST_APP"
  init=$(unique_name "$DOKKU_TEST_PREFIX-init")
  dokku network:create "$init" >/dev/null
  run dokku network:set "$app" initial-network "$init"
  assert_success
  run dokku deploy "$app"
  assert_success
  w1=$(app_container_id "$app" web 1)
  run dokku network:set "$app" initial-network
  assert_success
  run dokku network:rebuild --prune "$app"
  refute_output --partial "Detaching $app.web.1 from $init"
  run networks_of "$w1"
  assert_output "$init"
  run container_http "$w1" "$init"
  assert_output "$app web 1"
}
