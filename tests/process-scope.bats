#!/usr/bin/env bats
# Issue 14, part 1: network:set --process PROC scopes attach-post-create,
# attach-post-deploy and initial-network to one process type's deploy
# containers, with real deploys through the harness (tests/harness/deploy.bash):
# the containers really are on the networks, the aliases really resolve, the IP
# files really hold the address on the right network. Every docker object is
# named from $DOKKU_TEST_PREFIX and removed by teardown.
# shellcheck disable=SC2016,SC2154 # single-quoted container scripts; $stderr from run_split
load test_helper
load harness/deploy

setup() {
  dokku_env_setup
  deploy_harness_install
  create_test_app >/dev/null
  PROPS="$DOKKU_LIB_ROOT/config/network/$TEST_APP"
}

teardown() {
  dokku_env_teardown
}

# new_network <label>: a new, uniquely named network made by network:create, so
# that it is Dokku-managed (removed by teardown).
new_network() {
  local name
  name=$(unique_name "$DOKKU_TEST_PREFIX-$1")
  dokku network:create "$name" >/dev/null || return 1
  echo "$name"
}

# tree_state: every file of the tree's config and app directories with its mode and content hash.
tree_state() {
  (cd "$DOKKU_TEST_TREE" && find . -path ./var/lib/dokku/plugins -prune -o -path ./var/lib/dokku/core-plugins -prune \
    -o -type f -printf '%p %m\n' | LC_ALL=C sort | while read -r f m; do echo "$f $m $(sha256sum <"$f" | cut -c1-16)"; done)
}

# resolves <network> <name>: the IPv4 addresses <name> resolves to from a client on the network.
resolves() {
  on_network "$1" 'busybox nslookup "$1" 2>/dev/null |
    busybox awk "/^Name:/ { n = 1; next } n && /^Address/ { for (i = 2; i <= NF; i++) if (\$i ~ /^[0-9.]+\$/) print \$i }" |
    busybox sort | busybox xargs' "$2"
}

@test "(--process) web and worker join different attach-post-deploy and attach-post-create networks; each answers by its alias only where it belongs" {
  local front back early web worker
  front=$(new_network front)
  back=$(new_network back)
  early=$(new_network early)
  run dokku network:set "$TEST_APP" attach-post-deploy "$front"
  assert_success
  run_split dokku network:set --process worker "$TEST_APP" attach-post-deploy "$back"
  assert_success
  assert_output "=====> Setting attach-post-deploy for process worker to $back"
  run cat "$PROPS/attach-post-deploy.worker"
  assert_output "$back"
  run stat -c '%a %U' "$PROPS/attach-post-deploy.worker"
  assert_output "600 dokku"
  # after the app name, as pflag allows
  run dokku network:set "$TEST_APP" attach-post-create "$early" --process worker
  assert_success
  dokku ps:scale "$TEST_APP" web=1 worker=1 >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success

  web=$(app_container_id "$TEST_APP" web 1)
  worker=$(app_container_id "$TEST_APP" worker 1)
  run networks_of "$web"
  assert_output "$(sorted_words bridge "$front")"
  run networks_of "$worker"
  assert_output "$(sorted_words bridge "$back" "$early")"
  assert_dokku_aliases "$web" "$front" "$TEST_APP" web
  assert_dokku_aliases "$worker" "$back" "$TEST_APP" worker
  assert_dokku_aliases "$worker" "$early" "$TEST_APP" worker

  # the worker answers by its alias on its own network; the web process is not there
  run on_network "$back" 'wget -q -O - "http://$1:5000/"' "$TEST_APP.worker"
  assert_success
  assert_output "$TEST_APP worker 1"
  run resolves "$back" "$TEST_APP.web"
  assert_output ""
  run resolves "$front" "$TEST_APP.web"
  assert_output "$(ip_on "$web" "$front")"
  run resolves "$front" "$TEST_APP.worker"
  assert_output ""

  # a run container has no process type: it gets the app's attach-post-create (none)
  run dokku run "$TEST_APP" sh -c 'cat /proc/net/dev | grep -c eth'
  assert_success
  assert_output "1"

  # a redeploy attaches nothing twice
  run dokku ps:rebuild "$TEST_APP"
  assert_success
  run networks_of "$(app_container_id "$TEST_APP" worker 1)"
  assert_output "$(sorted_words bridge "$back" "$early")"
}

@test "(--process) a scoped initial-network: the worker is created on it with its alias, its IP file and network-get-ipaddr hold that address; web stays on bridge" {
  local net web worker
  net=$(new_network initial)
  run dokku network:set "$TEST_APP" tld svc.test
  assert_success
  run dokku network:set --process worker "$TEST_APP" initial-network "$net"
  assert_success
  dokku ps:scale "$TEST_APP" web=1 worker=1 >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success

  web=$(app_container_id "$TEST_APP" web 1)
  worker=$(app_container_id "$TEST_APP" worker 1)
  run docker container inspect --format '{{.HostConfig.NetworkMode}}' "$worker"
  assert_output "$net"
  run networks_of "$worker"
  assert_output "$net"
  [[ " $(aliases_on "$worker" "$net") " == *" $TEST_APP.worker.svc.test "* ]] || fail "the worker lacks its alias on $net"
  run networks_of "$web"
  assert_output "bridge"

  [[ -n "$(ip_on "$worker" "$net")" ]]
  run cat "$DOKKU_ROOT/$TEST_APP/IP.worker.1"
  assert_output "$(ip_on "$worker" "$net")"
  run plugn trigger network-get-ipaddr "$TEST_APP" worker "$worker"
  assert_output "$(ip_on "$worker" "$net")"
  run cat "$DOKKU_ROOT/$TEST_APP/IP.web.1"
  assert_output "$(ip_on "$web" bridge)"
  run on_network "$net" 'wget -q -O - "http://$1:5000/"' "$TEST_APP.worker.svc.test"
  assert_output "$TEST_APP worker 1"

  # the docker run arguments per phase: only the worker's deploy gets the network
  # (docker-args-process-deploy <app> <source type> <image tag> <process type>)
  run bash -c ': | plugn trigger docker-args-process-deploy "$1" herokuish latest worker' _ "$TEST_APP"
  assert_output " --network=$net --network-alias=$TEST_APP.worker.svc.test "
  run bash -c ': | plugn trigger docker-args-process-deploy "$1" herokuish latest web' _ "$TEST_APP"
  assert_output ""
  run bash -c ': | plugn trigger docker-args-process-run "$1" herokuish latest worker' _ "$TEST_APP"
  assert_output ""

  # network-build-config (network:rebuild) rewrites a stale worker IP from the right network
  echo 10.255.255.254 >"$DOKKU_ROOT/$TEST_APP/IP.worker.1"
  run dokku network:rebuild "$TEST_APP"
  assert_success
  run cat "$DOKKU_ROOT/$TEST_APP/IP.worker.1"
  assert_output "$(ip_on "$worker" "$net")"
  # and so does the watcher's sweep
  echo 10.255.255.254 >"$DOKKU_ROOT/$TEST_APP/IP.worker.1"
  run dokku network:watch --once
  assert_success
  run cat "$DOKKU_ROOT/$TEST_APP/IP.worker.1"
  assert_output "$(ip_on "$worker" "$net")"
  run cat "$DOKKU_ROOT/$TEST_APP/IP.web.1"
  assert_output "$(ip_on "$web" bridge)"
}

@test "(--process) refused with one line and exit 1, nothing written: with --global, for bind-all-interfaces/tld/static-web-listener, invalid or reserved process types" {
  local net before
  net=$(new_network refused)
  before=$(tree_state)
  check_refused() {
    local want="$1"
    shift
    run_split dokku network:set "$@"
    assert_failure 1
    assert_equal "$stderr" " !     $want"
    assert_output ""
    assert_equal "$(tree_state)" "$before"
  }
  check_refused "--process cannot be combined with --global: a process type belongs to one app" \
    --global --process web attach-post-deploy "$net"
  check_refused "--process cannot be combined with --global: a process type belongs to one app" \
    --process web attach-post-deploy "$net" --global
  for prop in bind-all-interfaces tld static-web-listener; do
    check_refused "Property $prop cannot be scoped to a process type: only attach-post-create, attach-post-deploy and initial-network can" \
      --process web "$TEST_APP" "$prop" true
  done
  check_refused "Invalid process type: _default_ is reserved" --process _default_ "$TEST_APP" attach-post-deploy "$net"
  check_refused "No process type specified" --process "" "$TEST_APP" attach-post-deploy "$net"
  for bad in web.1 a/b ../x 'a b' "$(printf 'a\nb')" "$(printf '%065d' 0)"; do
    check_refused "Invalid process type: it may only contain letters, digits, '_' and '-' (at most 64)" \
      --process "$bad" "$TEST_APP" attach-post-deploy "$net"
  done
  # one bad process type among good ones: none is written
  check_refused "Invalid process type: _default_ is reserved" --process web --process _default_ "$TEST_APP" initial-network "$net"
  # the values are checked as without --process
  check_refused "Invalid network name specified for attach: bridge" --process web "$TEST_APP" attach-post-deploy bridge
  check_refused "Property initial-network takes a single value, 2 given" --process web "$TEST_APP" initial-network a b
  run dokku network:set --process worker "$TEST_APP" attach-post-create "$net"
  assert_success
  before=$(tree_state)
  # the worker's own attach-post-create is what its attach-post-deploy may not repeat
  check_refused "Network name already associated with this app: $net" --process worker "$TEST_APP" attach-post-deploy "$net"
  run dokku network:set --process web "$TEST_APP" attach-post-deploy "$net"
  assert_success
}

@test "(--process) repeatable for several process types; an unscaled one is stored with a warning; an empty value removes only that scope" {
  local net
  net=$(new_network many)
  dokku ps:scale "$TEST_APP" web=1 worker=1 >/dev/null
  run_split dokku network:set --process web --process worker --process clock "$TEST_APP" attach-post-deploy "$net"
  assert_success
  assert_equal "$stderr" " !     Process type clock is not in the current scale of $TEST_APP: stored for a later deploy"
  for proc in web worker clock; do
    run cat "$PROPS/attach-post-deploy.$proc"
    assert_output "$net"
  done
  [[ ! -e "$PROPS/attach-post-deploy" ]] || fail "the app-wide value was written"
  run_split dokku network:set --process clock "$TEST_APP" attach-post-deploy ""
  assert_success
  assert_output "=====> Unsetting attach-post-deploy for process clock"
  [[ ! -e "$PROPS/attach-post-deploy.clock" ]] || fail "clock's value is still there"
  [[ -e "$PROPS/attach-post-deploy.web" && -e "$PROPS/attach-post-deploy.worker" ]] || fail "another scope went too"
  # network:destroy names the scoped users of the network
  run dokku --force network:destroy "$net"
  assert_output_contains "$TEST_APP (attach-post-deploy.web)"
  assert_output_contains "$TEST_APP (attach-post-deploy.worker)"
}

@test "(report) byte-identical without process-scoped values; with them: a sorted text line, JSON keys and an info flag each" {
  local net before_text before_json
  net=$(new_network report)
  run dokku network:set "$TEST_APP" attach-post-deploy "$net"
  before_text=$(dokku network:report "$TEST_APP")
  before_json=$(dokku network:report "$TEST_APP" --format json)
  run dokku network:set --process worker "$TEST_APP" attach-post-deploy "$net"
  assert_success
  run dokku network:set --process worker "$TEST_APP" attach-post-deploy
  assert_success
  run dokku network:report "$TEST_APP"
  assert_output "$before_text"
  run dokku network:report "$TEST_APP" --format json
  assert_output "$before_json"

  run dokku network:set --process worker "$TEST_APP" attach-post-deploy "$net"
  run dokku network:set --process web_2 "$TEST_APP" initial-network host
  run dokku network:report "$TEST_APP"
  assert_success
  assert_line --index 2 "       Network attach post deploy:           $net"
  assert_line --index 3 "       Network attach post deploy worker:    $net"
  assert_line --index 4 "       Network bind all interfaces:          "
  assert_line --index 15 "       Network initial network:              "
  assert_line --index 16 "       Network initial network web_2:        host"
  assert_equal "${#lines[@]}" 20
  run dokku network:report "$TEST_APP" --network-attach-post-deploy.worker
  assert_success
  assert_output "$net"
  run dokku network:report "$TEST_APP" --network-initial-network.web_2
  assert_output "host"
  run_split dokku network:report "$TEST_APP" --network-initial-network.worker
  assert_failure
  assert_equal "$stderr" " !     Invalid flag passed, valid flags: --network-attach-post-create, --network-attach-post-deploy, --network-attach-post-deploy.worker, --network-bind-all-interfaces, --network-computed-attach-post-create, --network-computed-attach-post-deploy, --network-computed-bind-all-interfaces, --network-computed-initial-network, --network-computed-tld, --network-global-attach-post-create, --network-global-attach-post-deploy, --network-global-bind-all-interfaces, --network-global-initial-network, --network-global-tld, --network-initial-network, --network-initial-network.web_2, --network-static-web-listener, --network-tld, --network-web-listeners"
  run bash -c 'dokku network:report "$1" --format json | jq -c "{a: .[\"attach-post-deploy.worker\"], b: .[\"network-attach-post-deploy.worker\"], c: .[\"initial-network.web_2\"], n: (keys | length), sorted: (keys_unsorted == (keys_unsorted | sort))}"' _ "$TEST_APP"
  assert_output "{\"a\":\"$net\",\"b\":\"$net\",\"c\":\"host\",\"n\":38,\"sorted\":true}"
  # the --global report has no process-scoped keys
  run dokku network:report --global --format json
  assert_output --partial '"computed-tld"'
  refute_output --partial '.worker'

  # a process type longer than the usual labels widens every label, as Dokku pads
  local long
  long=$(printf 'p%.0s' {1..40})
  run dokku network:set --process "$long" "$TEST_APP" attach-post-create other-net
  assert_success
  run dokku network:report "$TEST_APP"
  # the longest key, --network-attach-post-create.<40 p>, is 69 characters: labels pad to 69
  assert_line --index 1 "       $(printf '%-69s' 'Network attach post create:')"
  assert_line --index 2 "       Network attach post create $long: other-net"
}

@test "(rebuild) network:rebuild re-attaches each process to its own networks; --prune detaches a worker from a network only web keeps" {
  local old new web worker
  old=$(new_network old)
  new=$(new_network new)
  dokku ps:scale "$TEST_APP" web=1 worker=1 >/dev/null
  run dokku network:set "$TEST_APP" attach-post-deploy "$old"
  run dokku deploy "$TEST_APP"
  assert_success
  web=$(app_container_id "$TEST_APP" web 1)
  worker=$(app_container_id "$TEST_APP" worker 1)
  run networks_of "$worker"
  assert_output "$(sorted_words bridge "$old")"

  run dokku network:set --process worker "$TEST_APP" attach-post-deploy "$new"
  run dokku network:rebuild "$TEST_APP"
  assert_success
  run networks_of "$worker"
  assert_output "$(sorted_words bridge "$old" "$new")"
  assert_dokku_aliases "$worker" "$new" "$TEST_APP" worker
  run networks_of "$web"
  assert_output "$(sorted_words bridge "$old")"

  run dokku network:rebuild --prune "$TEST_APP"
  assert_success
  run networks_of "$worker"
  assert_output "$(sorted_words bridge "$new")"
  run networks_of "$web"
  assert_output "$(sorted_words bridge "$old")"
}

@test "(lifecycle) apps:clone copies the process-scoped values, apps:rename moves them, apps:destroy removes them" {
  local net clone renamed
  net=$(new_network life)
  run dokku network:set --process worker "$TEST_APP" attach-post-deploy "$net"
  clone=$(unique_name "$DOKKU_TEST_PREFIX-clone")
  renamed=$(unique_name "$DOKKU_TEST_PREFIX-renamed")
  run dokku apps:clone "$TEST_APP" "$clone"
  assert_success
  run cat "$DOKKU_LIB_ROOT/config/network/$clone/attach-post-deploy.worker"
  assert_output "$net"
  run dokku apps:rename "$clone" "$renamed"
  assert_success
  run cat "$DOKKU_LIB_ROOT/config/network/$renamed/attach-post-deploy.worker"
  assert_output "$net"
  [[ ! -e "$DOKKU_LIB_ROOT/config/network/$clone" ]] || fail "the old name's properties are still there"
  run dokku --force apps:destroy "$renamed"
  assert_success
  [[ ! -e "$DOKKU_LIB_ROOT/config/network/$renamed" ]] || fail "the destroyed app's properties are still there"
}
