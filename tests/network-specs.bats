#!/usr/bin/env bats
# Issue 14, part 2: declared networks that come back. network:create records
# each network's spec in config/network/--networks/<network>, network:destroy
# forgets it; a recorded network that is missing is recreated by the next
# deploy (attach-post-deploy, initial-network) and by network:ensure;
# network:create --adopt records an existing one; network:export and
# network:import carry the records and every app's and the global network
# properties to another Dokku. Real daemon; every network is named from
# $DOKKU_TEST_PREFIX and removed by teardown.
# shellcheck disable=SC2154 # $stderr from run_split
load test_helper
load harness/deploy

setup() {
  dokku_env_setup
  deploy_harness_install
  create_test_app >/dev/null
  RECORDS="$DOKKU_LIB_ROOT/config/network/--networks"
}

teardown() {
  dokku_env_teardown
}

# create_recorded <name> <args...>: `dokku network:create` with --subnet
# 10.N.0.0/16 for a random N (another N while the daemon reports an
# overlapping pool); "@N@" in args becomes N. Sets NET_N.
create_recorded() {
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

# net_shape <network>: driver, subnets with gateways, internal, IPv6, labels and options, one line.
net_shape() {
  docker network inspect --format '{{.Driver}} {{range .IPAM.Config}}{{.Subnet}}/{{.Gateway}}/{{.IPRange}} {{end}}internal={{.Internal}} ipv6={{.EnableIPv6}} {{json .Labels}} {{json .Options}}' "$1"
}

# tree_state: every path of the test tree with its type, mode and owner, and the sha256 of every file.
tree_state() {
  {
    find "$DOKKU_TEST_TREE" -printf '%y %m %U:%G %p -> %l\n'
    find "$DOKKU_TEST_TREE" -type f -exec sha256sum -- {} +
  } 2>&1 | LC_ALL=C sort
}

# ---- records ---------------------------------------------------------------------------

@test "(network:create) records the spec: JSON, 0600 in a 0755 directory, owned by dokku; destroy forgets it" {
  local net
  net=$(unique_name "$DOKKU_TEST_PREFIX-rec")
  create_recorded "$net" --gateway 10.@N@.0.1 --ip-range 10.@N@.1.0/24 --internal --label team=blue \
    --opt com.docker.network.driver.mtu=1400
  [[ -f "$RECORDS/$net" ]] || fail "no record"
  assert_equal "$(stat -c '%a %U:%G' "$RECORDS/$net")" "600 dokku:dokku"
  assert_equal "$(stat -c '%a %U:%G' "$RECORDS")" "755 dokku:dokku"
  run jq -c . "$RECORDS/$net"
  assert_success
  assert_output "{\"Name\":\"$net\",\"Driver\":\"bridge\",\"Internal\":true,\"IPv6\":false,\"Subnets\":[{\"Subnet\":\"10.$NET_N.0.0/16\",\"Gateway\":\"10.$NET_N.0.1\",\"IPRange\":\"10.$NET_N.1.0/24\"}],\"Options\":{\"com.docker.network.driver.mtu\":\"1400\"},\"Labels\":{\"team\":\"blue\"}}"
  # no temporary file is left beside it
  assert_equal "$(ls -A "$RECORDS")" "$net"

  # an app that names the network is warned about; the records' directory is no app
  dokku network:set "$TEST_APP" attach-post-deploy "$net" >/dev/null 2>&1
  run_split dokku --force network:destroy "$net"
  assert_success
  assert_equal "$stderr" " !     Network $net is still used by $TEST_APP (attach-post-deploy): their next deploy will fail unless it is recreated or the properties are changed"
  [[ ! -e "$RECORDS/$net" ]] || fail "the record is still there"
  run docker network inspect "$net"
  assert_failure
}

@test "(network:create) without --subnet records the subnet the daemon chose" {
  local net
  net=$(unique_name "$DOKKU_TEST_PREFIX-auto")
  run dokku network:create "$net"
  assert_success
  run jq -r '.Subnets[0].Subnet' "$RECORDS/$net"
  assert_output "$(docker network inspect --format '{{range .IPAM.Config}}{{.Subnet}}{{end}}' "$net")"
  refute_output ""
  # a failed create records nothing
  run dokku network:create "$net"
  assert_failure
  run dokku network:create --subnet 10.1.0.0/16 --gateway 10.2.0.1 "$net-x"
  assert_failure
  [[ ! -e "$RECORDS/$net-x" ]] || fail "a refused network was recorded"
}

@test "(network:destroy) a recorded network that is already gone: its record is forgotten" {
  local net
  net=$(unique_name "$DOKKU_TEST_PREFIX-gone")
  create_recorded "$net"
  docker network rm "$net" >/dev/null
  run dokku --force network:destroy "$net"
  assert_success
  assert_output "-----> Forgetting network $net, which no longer exists"
  [[ ! -e "$RECORDS/$net" ]] || fail "the record is still there"
  run_split dokku --force network:destroy "$net"
  assert_failure
  assert_equal "$stderr" " !     Network $net does not exist"
}

@test "(network:create --adopt) records an existing network as it is; refused with other flags, for a missing network, for Docker's own" {
  local net n
  net=$(unique_name "$DOKKU_TEST_PREFIX-adopt")
  for _ in 1 2 3 4 5 6 7 8; do
    n=$((RANDOM % 200 + 30))
    docker network create --subnet "10.$n.0.0/16" --label origin=cli "$net" >/dev/null 2>&1 && break
  done
  run_split dokku network:create --adopt "$net" --driver bridge
  assert_failure
  assert_equal "$stderr" " !     --adopt records the network as it is: it takes no other flag"
  run dokku network:create --adopt "$net"
  assert_success
  assert_output "-----> Recording network $net as it is"
  run jq -c '[.Driver, .Subnets[0].Subnet, .Labels]' "$RECORDS/$net"
  assert_output "[\"bridge\",\"10.$n.0.0/16\",{\"origin\":\"cli\"}]"
  # adopting again refreshes the record; the network is not touched
  run dokku network:create --adopt "$net"
  assert_success
  run docker network inspect --format '{{json .Labels}}' "$net"
  assert_output '{"origin":"cli"}'

  run_split dokku network:create --adopt "$net-missing"
  assert_failure
  assert_equal "$stderr" " !     Network $net-missing does not exist: create it without --adopt"
  run_split dokku network:create --adopt bridge
  assert_failure
  assert_equal "$stderr" " !     Network bridge is Docker's own: it cannot be recorded"
  [[ ! -e "$RECORDS/bridge" && ! -e "$RECORDS/$net-missing" ]] || fail "recorded what it refused"

  # once removed it comes back, with the same subnet and labels (and Dokku's)
  docker network rm "$net" >/dev/null
  run dokku network:ensure "$net"
  assert_success
  assert_output "-----> Recreating missing network $net"
  run docker network inspect --format '{{range .IPAM.Config}}{{.Subnet}}{{end}} {{index .Labels "origin"}} {{index .Labels "com.dokku.network-name"}}' "$net"
  assert_output "10.$n.0.0/16 cli $net"
}

# ---- network:ensure --------------------------------------------------------------------

@test "(network:ensure) recreates only what is missing, warns about one that differs, names unrecorded ones; idempotent" {
  local present missing differs unrecorded shape
  present=$(unique_name "$DOKKU_TEST_PREFIX-present")
  missing=$(unique_name "$DOKKU_TEST_PREFIX-missing")
  differs=$(unique_name "$DOKKU_TEST_PREFIX-differs")
  unrecorded=$(unique_name "$DOKKU_TEST_PREFIX-unrec")
  create_recorded "$present"
  create_recorded "$missing" --gateway 10.@N@.0.254 --label tier=db --opt com.docker.network.driver.mtu=1400
  shape=$(net_shape "$missing")
  create_recorded "$differs" --label tier=web
  # as network:create labels them, but created before records were kept
  docker network create --label "com.dokku.network-name=$unrecorded" "$unrecorded" >/dev/null
  docker network rm "$missing" "$differs" >/dev/null
  docker network create --label tier=cache "$differs" >/dev/null
  local present_id
  present_id=$(docker network inspect --format '{{.Id}}' "$present")

  run_split dokku network:ensure
  assert_success
  assert_equal "$(grep -c '^-----> Recreating missing network ' <<<"$output")" 1
  assert_line "-----> Recreating missing network $missing"
  assert_line "       Network $unrecorded is not recorded (created before records were kept): dokku network:create --adopt $unrecorded records it"
  refute_output --partial "$present"
  refute_output --partial "$differs"
  [[ "$stderr" == *" !     Network $differs differs from its record ("*"labels tier=cache, recorded tier=web"*"): left as it is"* ]] ||
    fail "no warning about $differs: $stderr"
  assert_equal "$(grep -c . <<<"$stderr")" 1
  # the same network as before, and the other one untouched
  assert_equal "$(net_shape "$missing")" "$shape"
  assert_equal "$(docker network inspect --format '{{.Id}}' "$present")" "$present_id"
  run docker network inspect --format '{{json .Labels}}' "$differs"
  assert_output '{"tier":"cache"}'

  # again: nothing to do
  run_split dokku network:ensure
  assert_success
  refute_output --partial "Recreating"
  # named networks only: no line about the unrecorded ones
  docker network rm "$missing" >/dev/null
  run_split dokku network:ensure "$present" "$missing"
  assert_success
  assert_output "-----> Recreating missing network $missing"
  assert_equal "$stderr" ""
  run_split dokku network:ensure "$unrecorded"
  assert_failure 1
  assert_equal "$stderr" " !     Network $unrecorded is not recorded: dokku network:create --adopt $unrecorded records an existing one"
  run_split dokku network:ensure "bad name"
  assert_failure 1
  assert_equal "$stderr" " !     Invalid network name: it must start with a letter or digit and contain only letters, digits, '_', '.' and '-'"
}

@test "(network:ensure) a recreation that fails: one line, the others still done, exit 1" {
  local blocked other squatter
  blocked=$(unique_name "$DOKKU_TEST_PREFIX-blocked")
  other=$(unique_name "$DOKKU_TEST_PREFIX-other")
  squatter=$(unique_name "$DOKKU_TEST_PREFIX-squat")
  create_recorded "$blocked"
  create_recorded "$other"
  docker network rm "$blocked" "$other" >/dev/null
  # another network now holds the recorded subnet
  docker network create --subnet "$(jq -r '.Subnets[0].Subnet' "$RECORDS/$blocked")" "$squatter" >/dev/null
  run_split dokku network:ensure
  assert_failure 1
  assert_line "-----> Recreating missing network $blocked"
  assert_line "-----> Recreating missing network $other"
  [[ "$stderr" == " !     Unable to recreate network $blocked: "* ]] || fail "stderr: $stderr"
  assert_equal "$(grep -c . <<<"$stderr")" 1
  run docker network inspect "$other"
  assert_success
  # a record that is not one: named, exit 1, nothing asked of it
  printf '{"Name":' >"$RECORDS/$other"
  run_split dokku network:ensure "$other"
  assert_failure 1
  assert_equal "$stderr" " !     The record of network $other is invalid (not JSON): dokku network:create --adopt $other records the network again, dokku network:destroy $other forgets it"
}

# ---- deploys (these need netspec_ensure_one/netspec_recreate wired into
# lib/dockerargs.c and lib/attach.c) ------------------------------------------------------

@test "(deploy) a removed attach-post-deploy network is recreated by the next deploy, same subnet and labels" {
  local net shape cid
  net=$(unique_name "$DOKKU_TEST_PREFIX-apd")
  create_recorded "$net" --label tier=web
  shape=$(net_shape "$net")
  dokku network:set "$TEST_APP" attach-post-deploy "$net" >/dev/null 2>&1
  docker network rm "$net" >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success
  assert_output_contains "-----> Recreating missing network $net"
  assert_equal "$(net_shape "$net")" "$shape"
  cid=$(app_container_id "$TEST_APP" web 1)
  run networks_of "$cid"
  assert_output --partial "$net"
}

@test "(deploy) a removed initial-network is recreated by the next deploy, same subnet and labels" {
  local net shape cid
  net=$(unique_name "$DOKKU_TEST_PREFIX-init")
  create_recorded "$net" --label tier=init
  shape=$(net_shape "$net")
  dokku network:set "$TEST_APP" initial-network "$net" >/dev/null 2>&1
  docker network rm "$net" >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success
  assert_output_contains "-----> Recreating missing network $net"
  assert_equal "$(net_shape "$net")" "$shape"
  cid=$(app_container_id "$TEST_APP" web 1)
  run networks_of "$cid"
  assert_output "$net"
}

@test "(deploy) an unrecorded missing network still fails the deploy as before" {
  local net
  net=$(unique_name "$DOKKU_TEST_PREFIX-unrec")
  docker network create "$net" >/dev/null
  dokku network:set "$TEST_APP" attach-post-deploy "$net" >/dev/null 2>&1
  docker network rm "$net" >/dev/null
  run dokku deploy "$TEST_APP"
  assert_failure
  refute_output --partial "Recreating"
  run docker network inspect "$net"
  assert_failure
}

# ---- export and import ------------------------------------------------------------------

@test "(network:export) every record, the global and every app's properties (scoped too), keys sorted" {
  local net other
  net=$(unique_name "$DOKKU_TEST_PREFIX-exp")
  create_recorded "$net" --label a=b
  other=$(unique_name "$DOKKU_TEST_PREFIX-app2")
  dokku apps:create "$other" >/dev/null
  dokku network:set --global tld svc.test >/dev/null 2>&1
  dokku network:set "$TEST_APP" attach-post-deploy "$net" other-net >/dev/null 2>&1
  dokku network:set "$TEST_APP" static-web-listener 127.0.0.1:5000 >/dev/null 2>&1
  dokku network:set --process worker "$TEST_APP" initial-network "$net" >/dev/null 2>&1
  run_split dokku network:export
  assert_success
  assert_equal "$stderr" ""
  run jq -c '[.Version, [.Networks[].Name], .Global, .Apps]' <<<"$output"
  # the app without properties is left out
  assert_output "[1,[\"$net\"],{\"tld\":\"svc.test\"},{\"$TEST_APP\":{\"attach-post-deploy\":\"$net,other-net\",\"initial-network.worker\":\"$net\",\"static-web-listener\":\"127.0.0.1:5000\"}}]"
  # indented, keys in a fixed order, the same every time
  run dokku network:export
  assert_equal "$(head -n 3 <<<"$output")" $'{\n  "Version": 1,\n  "Networks": ['
  assert_equal "$(dokku network:export | sha256sum)" "$(dokku network:export | sha256sum)"
  run_split dokku network:export extra
  assert_failure 1
  assert_equal "$stderr" " !     Too many arguments, usage: dokku network:export"
}

@test "(network:import) export, a fresh Dokku, import, ensure: the same reports, networks with the same subnets" {
  local net1 net2 app2 prefix export_file reports_before subnets_before
  net1=$(unique_name "$DOKKU_TEST_PREFIX-rt1")
  net2=$(unique_name "$DOKKU_TEST_PREFIX-rt2")
  create_recorded "$net1" --label tier=db --gateway 10.@N@.0.1
  create_recorded "$net2" --internal
  app2=$(unique_name "$DOKKU_TEST_PREFIX-app2")
  dokku apps:create "$app2" >/dev/null
  dokku network:set --global tld svc.test >/dev/null 2>&1
  dokku network:set --global attach-post-create "$net2" >/dev/null 2>&1
  dokku network:set "$TEST_APP" attach-post-deploy "$net1" >/dev/null 2>&1
  dokku network:set "$TEST_APP" bind-all-interfaces true >/dev/null 2>&1
  dokku network:set --process worker "$TEST_APP" attach-post-deploy "$net1" other-net >/dev/null 2>&1
  dokku network:set "$app2" initial-network "$net1" >/dev/null 2>&1
  dokku network:set "$app2" tld other.test >/dev/null 2>&1
  export_file="$BATS_TEST_TMPDIR/network.json"
  dokku network:export >"$export_file"
  reports_before=$(dokku network:report "$TEST_APP"; dokku network:report "$app2"; dokku network:report --global)
  subnets_before=$(net_shape "$net1"; net_shape "$net2")

  # a fresh tree (its own prefix; teardown must clean the first one's networks)
  prefix=$DOKKU_TEST_PREFIX
  dokku_env_setup
  DOKKU_TEST_PREFIX=$prefix
  dokku apps:create "$TEST_APP" >/dev/null
  dokku apps:create "$app2" >/dev/null
  run dokku network:import <"$export_file"
  assert_success
  assert_output "-----> Recording network $net1
-----> Recording network $net2
-----> Importing the global network properties
-----> Importing the network properties of $TEST_APP
-----> Importing the network properties of $app2
       dokku network:ensure creates the recorded networks that are missing"
  assert_equal "$(dokku network:report "$TEST_APP"; dokku network:report "$app2"; dokku network:report --global)" "$reports_before"
  assert_equal "$(dokku network:export)" "$(cat "$export_file")"
  assert_equal "$(stat -c '%a %U:%G' "$DOKKU_LIB_ROOT/config/network/--networks/$net1")" "600 dokku:dokku"
  # importing again changes nothing
  run dokku network:import <"$export_file"
  assert_success
  assert_equal "$(dokku network:export)" "$(cat "$export_file")"

  docker network rm "$net1" "$net2" >/dev/null
  run dokku network:ensure "$net1" "$net2"
  assert_success
  assert_output "-----> Recreating missing network $net1
-----> Recreating missing network $net2"
  assert_equal "$(net_shape "$net1"; net_shape "$net2")" "$subnets_before"
}

@test "(network:import) an app's properties become exactly the document's; apps it does not name are untouched" {
  local other
  other=$(unique_name "$DOKKU_TEST_PREFIX-app2")
  dokku apps:create "$other" >/dev/null
  dokku network:set "$TEST_APP" tld old.test >/dev/null 2>&1
  dokku network:set --process web "$TEST_APP" attach-post-create old-net >/dev/null 2>&1
  dokku network:set "$other" tld keep.test >/dev/null 2>&1
  run dokku network:import <<<"{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"initial-network\":\"bridge\"}}}"
  assert_success
  assert_equal "$(ls "$DOKKU_LIB_ROOT/config/network/$TEST_APP")" "initial-network"
  assert_equal "$(cat "$DOKKU_LIB_ROOT/config/network/$other/tld")" "keep.test"
  assert_equal "$(cat "$DOKKU_LIB_ROOT/config/network/--global/tld" 2>/dev/null)" ""
}

@test "(network:import) bad documents: one clear error, nothing written" {
  local big before app_missing net
  net=$(unique_name "$DOKKU_TEST_PREFIX-imp")
  app_missing="$DOKKU_TEST_PREFIX-nosuchapp"
  dokku network:set "$TEST_APP" tld before.test >/dev/null 2>&1
  big="$BATS_TEST_TMPDIR/big.json"
  { printf '{"Version":1,"Global":{"tld":"'; head -c 10485760 /dev/zero | tr '\0' a; printf '"}}'; } >"$big"
  before=$(tree_state)
  local cases=(
    '{]|Invalid document: it is not valid JSON; nothing was imported'
    '{"Version":1|Invalid document: the JSON is truncated; nothing was imported'
    '{"Version":1}{}|Invalid document: it is not valid JSON; nothing was imported'
    '[]|Invalid document: the document must be a JSON object; nothing was imported'
    '{"Version":2}|Invalid document: Version must be 1; nothing was imported'
    '{"Networks":[]}|Invalid document: no Version (network:export writes "Version": 1); nothing was imported'
    '{"Version":1,"Extra":1}|Invalid document: unknown key "Extra"; nothing was imported'
    "{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"nope\":\"x\"}}}|Invalid document: $TEST_APP: \"nope\" is not a network property; nothing was imported"
    "{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"tld.web\":\"x.test\"}}}|Invalid document: $TEST_APP: \"tld.web\" cannot be scoped to a process type; nothing was imported"
    '{"Version":1,"Global":{"static-web-listener":"127.0.0.1:80"}}|Invalid document: --global: "static-web-listener" cannot be set globally; nothing was imported'
    '{"Version":1,"Apps":{"Bad App":{}}}|Invalid document: app "Bad App": App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens; nothing was imported'
    '{"Version":1,"Networks":[{"Name":"bad name"}]}|Invalid document: Networks[0]: Invalid network name: it must start with a letter or digit and contain only letters, digits, '"'"'_'"'"', '"'"'.'"'"' and '"'"'-'"'"'; nothing was imported'
    "{\"Version\":1,\"Networks\":[{\"Name\":\"$net\",\"Driver\":\"nope\"}]}|Invalid document: Networks[0]: network $net: unknown driver nope (bridge, overlay, macvlan or ipvlan); nothing was imported"
    "{\"Version\":1,\"Networks\":[{\"Name\":\"$net\",\"Subnets\":[{\"Subnet\":\"10.1.0.0/16\",\"Gateway\":\"10.2.0.1\"}]}]}|Invalid document: Networks[0]: network $net: gateway 10.2.0.1 is not a host address of subnet 10.1.0.0/16; nothing was imported"
    "{\"Version\":1,\"Networks\":[{\"Name\":\"$net\",\"Labels\":{\"com.dokku.network-name\":\"x\"}}]}|Invalid document: Networks[0]: network $net: label com.dokku.network-name is Dokku's own; nothing was imported"
    "{\"Version\":1,\"Networks\":[{\"Name\":\"$net\"},{\"Name\":\"$net\"}]}|Invalid document: network $net given twice; nothing was imported"
    "{\"Version\":1,\"Networks\":[{\"Name\":\"$net\"}],\"Apps\":{\"$TEST_APP\":{\"tld\":\"Not A Tld\"}}}|$TEST_APP: Invalid tld: it may only contain lowercase letters, digits, '-' and '.'"
    "{\"Version\":1,\"Networks\":[{\"Name\":\"$net\"}],\"Apps\":{\"$TEST_APP\":{\"attach-post-deploy\":\"bridge\"}}}|$TEST_APP: Invalid network name specified for attach: bridge"
    "{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"attach-post-deploy\":\"a\",\"attach-post-create\":\"a\"}}}|$TEST_APP: Network name already associated with this app: a"
    # checked against the document, not against what is stored: a network moving between the lists is fine
    "{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"attach-post-deploy.worker\":\"b\",\"attach-post-create\":\"b\",\"attach-post-create.worker\":\"c\",\"attach-post-deploy\":\"c\",\"tld\":\"x..y\"}}}|$TEST_APP: Invalid tld: it has an empty label"
    "{\"Version\":1,\"Networks\":[{\"Name\":\"$net\"}],\"Apps\":{\"$TEST_APP\":{\"tld\":\"x.test\"},\"$app_missing\":{\"tld\":\"x.test\"}}}|App $app_missing does not exist: nothing was imported (create it first, or leave it out of the document)"
  )
  local c doc msg
  for c in "${cases[@]}"; do
    doc="${c%%|*}"
    msg="${c#*|}"
    run_split dokku network:import <<<"$doc"
    [[ "$status" -ne 0 ]] || fail "accepted: $doc"
    assert_equal "$stderr" " !     $msg"
    assert_equal "$output" ""
  done
  run_split dokku network:import <<<"{\"Version\":1,\"Apps\":{\"$app_missing\":{}}}"
  assert_failure 20
  run_split dokku network:import <"$big"
  assert_failure 1
  assert_equal "$stderr" " !     Invalid document: it is larger than 4194304 bytes; nothing was imported"
  run_split dokku network:import </dev/null
  assert_failure 1
  assert_equal "$stderr" " !     Invalid document: standard input is empty; nothing was imported"
  assert_equal "$(tree_state)" "$before"
}
