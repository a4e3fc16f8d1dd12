#!/usr/bin/env bats
# network:rebuild and network:rebuildall (doc/design.md §8.3 BuildConfig and
# GetContainerIpaddress, §11) against real busybox containers: the IP
# files written, skipped and failing containers, exit statuses, and bug 8 (no
# stray state for invalid or missing apps). Bug numbers are those of
# doc/design.md §10.

# shellcheck disable=SC2154 # $stderr is set by run_split
load test_helper

NAME_ERROR="App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens"

setup() {
  dokku_env_setup
  create_test_app >/dev/null
}

teardown() {
  dokku_env_teardown
}

# start_container <app> <proc> <index> [docker run options...]: a labelled
# busybox container of the app, recorded in CONTAINER.<proc>.<index> as
# scheduler-docker-local does (full ID plus a newline). Prints the ID.
start_container() {
  local app="$1" proc="$2" index="$3" cid
  shift 3
  cid=$(docker run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-$proc-$index")" \
    --label "com.dokku.app-name=$app" --label "com.dokku.process-type=$proc" \
    "$@" "$DOKKU_TEST_IMAGE" sleep 600) || return 1
  echo "$cid" >"$DOKKU_ROOT/$app/CONTAINER.$proc.$index"
  echo "$cid"
}

# set_scale <app> <proc=count>...: the ps list property config/ps/<app>/scale,
# as ps:scale writes it (one proc=count line each, sorted, 0600).
set_scale() {
  local app="$1" dir="$DOKKU_LIB_ROOT/config/ps/$1"
  shift
  mkdir -p "$dir"
  printf '%s\n' "$@" | LC_ALL=C sort >"$dir/scale"
  chmod 0600 "$dir/scale"
}

# mark_deployed <app>: the common plugin's deployed property, as its
# core-post-deploy trigger writes it.
mark_deployed() {
  local dir="$DOKKU_LIB_ROOT/config/common/$1"
  mkdir -p "$dir"
  printf 'true' >"$dir/deployed"
  chmod 0600 "$dir/deployed"
}

# bridge_ip <cid> / network_ip <cid> <network>: what docker says.
bridge_ip() { docker inspect --format '{{.NetworkSettings.Networks.bridge.IPAddress}}' "$1"; }
network_ip() { docker inspect --format "{{(index .NetworkSettings.Networks \"$2\").IPAddress}}" "$1"; }

# assert_ip_file <app> <proc> <index> <ip>: exactly <ip>, no newline.
assert_ip_file() {
  local path="$DOKKU_ROOT/$1/IP.$2.$3"
  [[ -n "$4" ]] || fail "assert_ip_file: empty expected IP"
  [[ -f "$path" ]] || fail "missing $path"
  cmp -s "$path" <(printf '%s' "$4") || fail "$path holds [$(od -An -c "$path")], expected [$4] without a newline"
}

# tree_snapshot: every path under DOKKU_ROOT and DOKKU_LIB_ROOT with its type
# and mode, then the sha256 of every file.
tree_snapshot() {
  find "$DOKKU_ROOT" "$DOKKU_LIB_ROOT" -printf '%y %m %p\n' | LC_ALL=C sort
  find "$DOKKU_ROOT" "$DOKKU_LIB_ROOT" -type f -exec sha256sum {} + | LC_ALL=C sort
}

# ---- network:rebuild -------------------------------------------------------------

@test "(network:rebuild) writes each container's bridge IP, without a newline" {
  web1=$(start_container "$TEST_APP" web 1)
  web2=$(start_container "$TEST_APP" web 2)
  worker1=$(start_container "$TEST_APP" worker 1)
  set_scale "$TEST_APP" web=2 worker=1
  mark_deployed "$TEST_APP"
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $TEST_APP"
  assert_equal "$stderr" ""
  assert_ip_file "$TEST_APP" web 1 "$(bridge_ip "$web1")"
  assert_ip_file "$TEST_APP" web 2 "$(bridge_ip "$web2")"
  assert_ip_file "$TEST_APP" worker 1 "$(bridge_ip "$worker1")"
  # PORT files are not written by rebuild
  run bash -c "ls '$DOKKU_ROOT/$TEST_APP' | LC_ALL=C sort"
  assert_output "CONTAINER.web.1
CONTAINER.web.2
CONTAINER.worker.1
IP.web.1
IP.web.2
IP.worker.1"
  # and the listeners now use them
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_output "$(bridge_ip "$web1"):5000 $(bridge_ip "$web2"):5000"
}

@test "(network:rebuild) a stale IP file is replaced; PORT files are kept" {
  web1=$(start_container "$TEST_APP" web 1)
  set_scale "$TEST_APP" web=1
  printf '10.99.99.99\n' >"$DOKKU_ROOT/$TEST_APP/IP.web.1"
  printf '3000' >"$DOKKU_ROOT/$TEST_APP/PORT.web.1"
  run dokku network:rebuild "$TEST_APP"
  assert_success
  assert_ip_file "$TEST_APP" web 1 "$(bridge_ip "$web1")"
  assert_equal "$(cat "$DOKKU_ROOT/$TEST_APP/PORT.web.1")" "3000"
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_output "$(bridge_ip "$web1"):3000"
}

@test "(network:rebuild) is deployed when CONTAINER files exist, without the deployed property" {
  web1=$(start_container "$TEST_APP" web 1)
  set_scale "$TEST_APP" web=1
  run dokku network:rebuild "$TEST_APP"
  assert_success
  assert_output "-----> Ensuring network configuration is in sync for $TEST_APP"
  assert_ip_file "$TEST_APP" web 1 "$(bridge_ip "$web1")"
}

@test "(network:rebuild) uses the initial-network IP when the container is on it" {
  net=$(unique_name "$DOKKU_TEST_PREFIX-initial")
  docker network create "$net" >/dev/null
  run dokku network:set "$TEST_APP" initial-network "$net"
  assert_success
  web1=$(start_container "$TEST_APP" web 1 --network "$net")
  web2=$(start_container "$TEST_APP" web 2)
  set_scale "$TEST_APP" web=2
  mark_deployed "$TEST_APP"
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$stderr" ""
  [[ -n "$(network_ip "$web1" "$net")" ]]
  assert_ip_file "$TEST_APP" web 1 "$(network_ip "$web1" "$net")"
  # not on the initial network: falls back to the bridge address
  assert_ip_file "$TEST_APP" web 2 "$(bridge_ip "$web2")"
}

@test "(network:rebuild) a global initial-network counts too" {
  net=$(unique_name "$DOKKU_TEST_PREFIX-initial")
  docker network create "$net" >/dev/null
  run dokku network:set --global initial-network "$net"
  assert_success
  web1=$(start_container "$TEST_APP" web 1 --network "$net")
  set_scale "$TEST_APP" web=1
  run dokku network:rebuild "$TEST_APP"
  assert_success
  assert_ip_file "$TEST_APP" web 1 "$(network_ip "$web1" "$net")"
}

@test "(network:rebuild) a host-mode container gets 127.0.0.1" {
  start_container "$TEST_APP" web 1 --network host >/dev/null
  set_scale "$TEST_APP" web=1
  run dokku network:rebuild "$TEST_APP"
  assert_success
  assert_ip_file "$TEST_APP" web 1 127.0.0.1
}

@test "(network:rebuild) a stopped container is skipped with a verbose line, not a failure" {
  web1=$(start_container "$TEST_APP" web 1)
  web2=$(start_container "$TEST_APP" web 2)
  docker container stop --time 0 "$web2" >/dev/null
  set_scale "$TEST_APP" web=2
  mark_deployed "$TEST_APP"
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $TEST_APP
       Skipping $TEST_APP.web.2 (${web2:0:12}): not running"
  assert_equal "$stderr" ""
  assert_ip_file "$TEST_APP" web 1 "$(bridge_ip "$web1")"
  [[ ! -e "$DOKKU_ROOT/$TEST_APP/IP.web.2" ]] || fail "IP.web.2 written for a stopped container"
}

@test "(network:rebuild) a removed container and a missing CONTAINER file are skipped" {
  web1=$(start_container "$TEST_APP" web 1)
  docker container rm --force "$web1" >/dev/null
  set_scale "$TEST_APP" web=3
  mark_deployed "$TEST_APP"
  web3=$(start_container "$TEST_APP" web 3)
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $TEST_APP
       Skipping $TEST_APP.web.1 (${web1:0:12}): not running"
  assert_equal "$stderr" ""
  assert_ip_file "$TEST_APP" web 3 "$(bridge_ip "$web3")"
  [[ ! -e "$DOKKU_ROOT/$TEST_APP/IP.web.1" && ! -e "$DOKKU_ROOT/$TEST_APP/IP.web.2" ]]
}

@test "(network:rebuild) a paused container still counts as running, as .State.Running says" {
  web1=$(start_container "$TEST_APP" web 1)
  docker container pause "$web1" >/dev/null
  set_scale "$TEST_APP" web=1
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $TEST_APP"
  assert_ip_file "$TEST_APP" web 1 "$(bridge_ip "$web1")"
}

@test "(network:rebuild) deployed=false in the common property wins over CONTAINER files" {
  start_container "$TEST_APP" web 1 >/dev/null
  set_scale "$TEST_APP" web=1
  mkdir -p "$DOKKU_LIB_ROOT/config/common/$TEST_APP"
  printf 'false' >"$DOKKU_LIB_ROOT/config/common/$TEST_APP/deployed"
  before=$(tree_snapshot)
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" ""
  assert_equal "$(tree_snapshot)" "$before"
}

@test "(network:rebuild) quiet mode hides the skip line, not the sync line" {
  start_container "$TEST_APP" web 1 >/dev/null
  web2=$(start_container "$TEST_APP" web 2)
  docker container stop --time 0 "$web2" >/dev/null
  set_scale "$TEST_APP" web=2
  run_split dokku --quiet network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $TEST_APP"
}

@test "(network:rebuild) the exit status counts containers whose IP cannot be determined" {
  web1=$(start_container "$TEST_APP" web 1)
  web2=$(start_container "$TEST_APP" web 2 --network none)
  web3=$(start_container "$TEST_APP" web 3 --network none)
  set_scale "$TEST_APP" web=3
  mark_deployed "$TEST_APP"
  run_split dokku network:rebuild "$TEST_APP"
  assert_failure 2
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $TEST_APP"
  assert_equal "$stderr" " !     Unable to determine the IP address of $TEST_APP.web.2 (${web2:0:12})
 !     Unable to determine the IP address of $TEST_APP.web.3 (${web3:0:12})"
  # the good container is still written, the others are not
  assert_ip_file "$TEST_APP" web 1 "$(bridge_ip "$web1")"
  [[ ! -e "$DOKKU_ROOT/$TEST_APP/IP.web.2" && ! -e "$DOKKU_ROOT/$TEST_APP/IP.web.3" ]]
}

@test "(network:rebuild) with static-web-listener set nothing is rewritten" {
  start_container "$TEST_APP" web 1 >/dev/null
  set_scale "$TEST_APP" web=1
  mark_deployed "$TEST_APP"
  printf '10.99.99.99' >"$DOKKU_ROOT/$TEST_APP/IP.web.1"
  run dokku network:set "$TEST_APP" static-web-listener 127.0.0.1:9000
  assert_success
  before=$(tree_snapshot)
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" ""
  assert_equal "$stderr" ""
  assert_equal "$(tree_snapshot)" "$before"
}

@test "(network:rebuild) an app that is not deployed is left alone, without a stray deployed file" {
  set_scale "$TEST_APP" web=1
  before=$(tree_snapshot)
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" ""
  assert_equal "$stderr" ""
  assert_equal "$(tree_snapshot)" "$before"
  [[ ! -e "$DOKKU_LIB_ROOT/config/common/$TEST_APP/deployed" ]]
}

@test "(network:rebuild) a non docker-local scheduler is left alone" {
  start_container "$TEST_APP" web 1 >/dev/null
  set_scale "$TEST_APP" web=1
  mark_deployed "$TEST_APP"
  mkdir -p "$DOKKU_LIB_ROOT/config/scheduler/$TEST_APP"
  printf 'k3s' >"$DOKKU_LIB_ROOT/config/scheduler/$TEST_APP/selected"
  before=$(tree_snapshot)
  run_split dokku network:rebuild "$TEST_APP"
  assert_success
  assert_equal "$output" ""
  assert_equal "$(tree_snapshot)" "$before"
}

@test "(network:rebuild) no app is an error and writes nothing (bug 8)" {
  before=$(tree_snapshot)
  run_split dokku network:rebuild
  assert_failure 1
  assert_equal "$output" ""
  assert_equal "$stderr" " !     Please specify an app to run the command on"
  assert_equal "$(tree_snapshot)" "$before"
  [[ ! -e "$DOKKU_LIB_ROOT/config/common/deployed" ]]
}

@test "(network:rebuild) a nonexistent app exits 20 and writes nothing (bug 8)" {
  before=$(tree_snapshot)
  run_split dokku network:rebuild "$TEST_APP-missing"
  assert_failure 20
  assert_equal "$output" ""
  assert_equal "$stderr" " !     App $TEST_APP-missing does not exist"
  assert_equal "$(tree_snapshot)" "$before"
  [[ ! -e "$DOKKU_LIB_ROOT/config/common/$TEST_APP-missing" ]]
}

@test "(network:rebuild) an invalid app name exits 1 and writes nothing (bug 8)" {
  before=$(tree_snapshot)
  for app in Upper "a b" a/b .. ../.. "$(printf 'x\ny')"; do
    run_split dokku network:rebuild -- "$app"
    assert_failure 1
    assert_equal "$output" ""
    assert_equal "$stderr" " !     $NAME_ERROR"
  done
  assert_equal "$(tree_snapshot)" "$before"
}

@test "(network:rebuild) extra arguments are refused" {
  run_split dokku network:rebuild "$TEST_APP" other
  assert_failure 1
  assert_equal "$stderr" " !     Too many arguments, usage: dokku network:rebuild <app>"
  run_split dokku network:rebuild "$TEST_APP" --bogus
  assert_failure 2
  assert_equal "$stderr" "Usage of network:rebuild:
      --dry-run   print what would change, change nothing
      --prune     also detach from Dokku-managed networks no longer configured
unknown flag: --bogus"
}

# ---- network:rebuildall ------------------------------------------------------------

@test "(network:rebuildall) one line per app, the exit status totals the failures" {
  local first="$DOKKU_TEST_PREFIX-a" second="$DOKKU_TEST_PREFIX-b"
  destroy_test_app >/dev/null
  create_test_app "$second" >/dev/null
  b1=$(start_container "$second" web 1 --network none)
  b2=$(start_container "$second" web 2)
  set_scale "$second" web=2
  create_test_app "$first" >/dev/null
  a1=$(start_container "$first" web 1)
  a2=$(start_container "$first" web 2 --network none)
  w1=$(start_container "$first" worker 1 --network none)
  set_scale "$first" web=2 worker=1
  run_split dokku network:rebuildall
  assert_failure 3
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $first
-----> Ensuring network configuration is in sync for $second"
  assert_equal "$stderr" " !     Unable to determine the IP address of $first.web.2 (${a2:0:12})
 !     Unable to determine the IP address of $first.worker.1 (${w1:0:12})
 !     Unable to determine the IP address of $second.web.1 (${b1:0:12})"
  assert_ip_file "$first" web 1 "$(bridge_ip "$a1")"
  assert_ip_file "$second" web 2 "$(bridge_ip "$b2")"
}

@test "(network:rebuildall) all good: exit 0 and every app's IP files written" {
  local other="$TEST_APP-2"
  web1=$(start_container "$TEST_APP" web 1)
  set_scale "$TEST_APP" web=1
  dokku apps:create "$other" >/dev/null
  o1=$(start_container "$other" web 1)
  set_scale "$other" web=1
  run_split dokku network:rebuildall
  assert_success
  assert_equal "$stderr" ""
  assert_equal "${#lines[@]}" 2
  assert_ip_file "$TEST_APP" web 1 "$(bridge_ip "$web1")"
  assert_ip_file "$other" web 1 "$(bridge_ip "$o1")"
}

@test "(network:rebuildall) apps that are not deployed are skipped silently, as in the original (named only under DOKKU_TRACE)" {
  local idle="$TEST_APP-idle" app="$TEST_APP"
  web1=$(start_container "$app" web 1)
  set_scale "$app" web=1
  dokku apps:create "$idle" >/dev/null
  run_split dokku network:rebuildall
  assert_success
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $app"
  assert_equal "$stderr" ""
  assert_ip_file "$app" web 1 "$(bridge_ip "$web1")"
  [[ ! -e "$DOKKU_LIB_ROOT/config/common/$idle" ]] || fail "a deployed property was written for $idle"
  run_split env DOKKU_TRACE=1 dokku network:rebuildall
  assert_success
  assert_equal "$output" "-----> Ensuring network configuration is in sync for $app"
  # (the dispatcher's set -x writes to stderr too)
  [[ "$stderr" == *" ?     Skipping $idle: not deployed"* ]] || fail "no trace line for $idle in: $stderr"
}

@test "(network:rebuildall) no apps: a warning on stderr and exit 0" {
  destroy_test_app >/dev/null
  before=$(tree_snapshot)
  run_split dokku network:rebuildall
  assert_success
  assert_equal "$output" ""
  assert_equal "$stderr" " !     You haven't deployed any applications yet"
  assert_equal "$(tree_snapshot)" "$before"
}

@test "(network:rebuildall) arguments are refused" {
  run_split dokku network:rebuildall "$TEST_APP"
  assert_failure 1
  assert_equal "$stderr" " !     Too many arguments, usage: dokku network:rebuildall"
}
