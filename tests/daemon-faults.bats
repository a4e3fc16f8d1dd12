#!/usr/bin/env bats
# The Engine API client (lib/engine.c, lib/http.c, lib/docker.c) against a
# daemon that misbehaves. tests/tools/fakedaemon plays one fault per scenario
# on a unix socket (DOCKER_HOST=unix://...); every command and trigger that
# asks the daemon must then fail with exactly one " !     " line on stderr that
# says what went wrong, a non-zero exit that is not a crash (< 128), and no
# change under DOKKU_ROOT or DOKKU_LIB_ROOT. Also: sockets that cannot be
# reached, DOCKER_HOST values that are refused, and faults the real daemon
# produces itself.

# shellcheck disable=SC2154,SC2030,SC2031 # $stderr is set by run_split; each @test is a subshell
load test_helper

FAKEDAEMON="${UNIT_TEST_DIR:-$REPO_ROOT/build/tests}/fakedaemon"
# what the fake daemon's well-behaved scenarios know (tests/tools/fakedaemon.c)
FAKE_NETWORK=fake-dokku-net
FAKE_IP=172.17.0.5
CID=0af02e4547c2166e5768ff5dd92190dd10e4feea27fde5dab80a95eab54ea772
# every command and trigger of the plugin that asks the daemon (see command_for)
ALL_COMMANDS=(list exists info create ipaddr attach)
UNSUPPORTED="only unix:// and plain tcp:// are supported (not TLS, ssh://, npipe:// or fd://)"

setup_file() {
  if [[ ! -x "$FAKEDAEMON" ]]; then
    echo "daemon-faults.bats: no $FAKEDAEMON (build it first: make unit)" >&2
    return 1
  fi
  dokku_env_setup
  create_test_app >/dev/null
  # post-container-create asks the daemon only when the app attaches somewhere
  local dir="$DOKKU_LIB_ROOT/config/network/$TEST_APP"
  mkdir -p "$dir"
  printf '%s' "$FAKE_NETWORK" >"$dir/attach-post-create"
  chmod 0600 "$dir/attach-post-create"
  chown -R dokku:dokku "$DOKKU_LIB_ROOT/config"
}

teardown_file() { dokku_env_teardown; }

setup() {
  FAKE_SOCK="$BATS_TEST_TMPDIR/docker.sock"
  FAKE_LOG="$BATS_TEST_TMPDIR/requests.log"
  FAKE_PID=
  STARTED_PIDS=()
  NEW_NETWORK=$(unique_name "$DOKKU_TEST_PREFIX-net")
  PERM_DIR=
  # no test changes anything on disk: one snapshot to compare every command with
  TREE_BEFORE=$(tree_snapshot)
}

teardown() {
  local pid
  stop_fake
  if [[ -n "$PERM_DIR" ]]; then rm -rf "$PERM_DIR"; fi
  docker network rm "$NEW_NETWORK" >/dev/null 2>&1 || true
  # no fake daemon outlives its test
  for pid in "${STARTED_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then fail "fakedaemon $pid is still running"; fi
  done
}

# start_fake <scenario> [fakedaemon options...]: starts the fake daemon on
# $FAKE_SOCK in the background (logging to $FAKE_LOG) and waits for its "ready".
start_fake() {
  local out="$BATS_TEST_TMPDIR/fakedaemon.out" i
  : >"$FAKE_LOG"
  : >"$out"
  "$FAKEDAEMON" "$FAKE_SOCK" "$@" --log "$FAKE_LOG" >"$out" 2>&1 3>&- &
  FAKE_PID=$!
  STARTED_PIDS+=("$FAKE_PID")
  for ((i = 0; i < 100; i++)); do
    if grep -qx ready "$out"; then return 0; fi
    kill -0 "$FAKE_PID" 2>/dev/null || break
    sleep 0.05
  done
  fail "fakedaemon $* did not start: $(cat "$out")"
}

# stop_fake: kills the fake daemon (if any) and reaps it: nothing is left running.
stop_fake() {
  [[ -n "$FAKE_PID" ]] || return 0
  kill "$FAKE_PID" 2>/dev/null || true
  wait "$FAKE_PID" 2>/dev/null || true
  if kill -0 "$FAKE_PID" 2>/dev/null; then
    kill -9 "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
  fi
  FAKE_PID=
}

# tree_snapshot: every path under DOKKU_ROOT and DOKKU_LIB_ROOT with its type,
# mode, owner, size and link target, then the sha256 of every file.
tree_snapshot() {
  local d
  for d in "$DOKKU_ROOT" "$DOKKU_LIB_ROOT"; do
    find "$d" -printf '%y %m %u:%g %s %p -> %l\n' | LC_ALL=C sort
    find "$d" -type f -exec sha256sum {} + | LC_ALL=C sort
  done
}

# command_for <kind>: sets CMD to the command of that kind.
command_for() {
  case "$1" in
    list) CMD=(dokku network:list) ;;
    exists) CMD=(dokku network:exists "$FAKE_NETWORK") ;;
    info) CMD=(dokku network:info "$FAKE_NETWORK") ;;
    create) CMD=(dokku network:create "$NEW_NETWORK") ;;
    ipaddr) CMD=(plugn trigger network-get-ipaddr "$TEST_APP" web "$CID") ;;
    attach) CMD=(plugn trigger post-container-create app "$CID" "$TEST_APP" deploy web) ;;
    *) fail "command_for: unknown kind $1" ;;
  esac
}

# fault_line <kind> transport|daemon <text>: the one stderr line a command of
# that kind prints when its first request after the ping fails, either on the
# way (transport: the client's own words) or with an HTTP error (daemon: the
# daemon's message).
fault_line() {
  local kind="$1" type="$2" text="$3"
  if [[ "$type" == transport ]]; then
    if [[ "$kind" == create ]]; then
      echo " !     Unable to create network: $text"
    else
      echo " !     $text"
    fi
    return
  fi
  case "$kind" in
    create) echo " !     Unable to create network: Error response from daemon: $text" ;;
    ipaddr) echo " !     Error response from daemon: $text" ;;
    *) echo " !     Unable to list networks: Error response from daemon: $text" ;;
  esac
}

# assert_unchanged: nothing under DOKKU_ROOT or DOKKU_LIB_ROOT changed since setup.
assert_unchanged() {
  assert_equal "$(tree_snapshot)" "$TREE_BEFORE"
}

# assert_fault <expected stderr> <command...>: the command fails without
# crashing, prints exactly <expected> (one " !     " line) on stderr, and
# changes nothing under DOKKU_ROOT or DOKKU_LIB_ROOT.
assert_fault() {
  local expected="$1"
  shift
  run_split "$@"
  [[ "$status" -ne 0 ]] || fail "exit 0 for: $* (stdout: $output)"
  [[ "$status" -lt 128 ]] || fail "crashed with exit $status for: $* (stderr: $stderr)"
  assert_equal "$stderr" "$expected"
  assert_equal "$(grep -c '^ !     ' <<<"$stderr")" 1
  assert_unchanged
}

# assert_commands_fail transport|daemon <text> [kinds...]: every command of
# these kinds (default: all) fails against $FAKE_SOCK as fault_line says.
assert_commands_fail() {
  local type="$1" text="$2" kind kinds
  shift 2
  kinds=("$@")
  [[ ${#kinds[@]} -gt 0 ]] || kinds=("${ALL_COMMANDS[@]}")
  for kind in "${kinds[@]}"; do
    command_for "$kind"
    assert_fault "$(fault_line "$kind" "$type" "$text")" \
      env DOCKER_HOST="unix://$FAKE_SOCK" DOKKU_DOCKER_API_TIMEOUT="${API_TIMEOUT:-5}" "${CMD[@]}"
  done
}

# assert_log <"METHOD /path"...>: the fake daemon received exactly these
# requests, in this order (query strings left out: the filters are the
# business of the other test files).
assert_log() {
  assert_equal "$(sed -e 's/?[^ ]*//' -e 's/ HTTP\/1\.1$//' "$FAKE_LOG")" "$(printf '%s\n' "$@")"
}

# elapsed_ms <start>: milliseconds since <start> (date +%s%N).
elapsed_ms() {
  echo $((($(date +%s%N) - $1) / 1000000))
}

# ---- the daemon answers, but wrongly ---------------------------------------------

# assert_every_command_times_out: with DOKKU_DOCKER_API_TIMEOUT=2, every command
# fails with the timeout error, having waited for the limit and not much longer.
assert_every_command_times_out() {
  local kind start ms
  for kind in "${ALL_COMMANDS[@]}"; do
    command_for "$kind"
    start=$(date +%s%N)
    assert_fault "$(fault_line "$kind" transport "Timed out waiting 2s for the Docker daemon at unix://$FAKE_SOCK")" \
      env DOCKER_HOST="unix://$FAKE_SOCK" DOKKU_DOCKER_API_TIMEOUT=2 "${CMD[@]}"
    ms=$(elapsed_ms "$start")
    # a bound, not a benchmark
    [[ "$ms" -ge 1900 && "$ms" -lt 10000 ]] || fail "$kind took $ms ms with a 2 s limit"
  done
}

@test "(faults) hang: every command ends with the timeout error within DOKKU_DOCKER_API_TIMEOUT" {
  start_fake hang
  assert_every_command_times_out
  # the ping was answered, the request after it was not
  run grep -c '^HEAD /_ping HTTP/1.1$' "$FAKE_LOG"
  assert_output "${#ALL_COMMANDS[@]}"
}

@test "(faults) hang-ping: a daemon that never answers the ping times out the same way" {
  start_fake hang-ping
  assert_every_command_times_out
  # nothing but pings was ever asked
  run grep -vc '^HEAD /_ping HTTP/1.1$' "$FAKE_LOG"
  assert_output 0
}

@test "(faults) garbage: bytes that are not HTTP are an invalid reply" {
  start_fake garbage
  assert_commands_fail transport "Invalid reply from the Docker daemon at unix://$FAKE_SOCK: malformed status line"
}

@test "(faults) truncated-length: a body shorter than its Content-Length is an invalid reply" {
  start_fake truncated-length
  assert_commands_fail transport "Invalid reply from the Docker daemon at unix://$FAKE_SOCK: truncated body"
}

@test "(faults) truncated-chunked: a chunked body cut short is an invalid reply" {
  start_fake truncated-chunked
  assert_commands_fail transport "Invalid reply from the Docker daemon at unix://$FAKE_SOCK: truncated chunked body"
}

@test "(faults) reset-chunked: a connection reset in the middle of a chunked body" {
  start_fake reset-chunked
  assert_commands_fail transport "Error reading from the Docker daemon at unix://$FAKE_SOCK: Connection reset by peer"
}

@test "(faults) huge-header: a header section beyond 64 KiB is refused, not buffered forever" {
  local start ms
  start_fake huge-header
  start=$(date +%s%N)
  API_TIMEOUT=30 assert_commands_fail transport "Invalid reply from the Docker daemon at unix://$FAKE_SOCK: headers too long"
  ms=$(elapsed_ms "$start")
  # refused at the limit, not after waiting for the 30 s deadline
  [[ "$ms" -lt 20000 ]] || fail "took $ms ms"
}

@test "(faults) 500-text: the daemon's text/plain message, folded onto one line" {
  start_fake 500-text
  assert_commands_fail daemon "fake daemon: internal failure goroutine 1 [running]:"
}

@test "(faults) 400-json: the daemon's JSON message, decoded" {
  start_fake 400-json
  assert_commands_fail daemon 'the fake daemon refuses "this" request'
}

@test "(faults) version-too-old: a daemon below API 1.41 is refused after the ping, nothing else is asked" {
  start_fake version-too-old
  assert_commands_fail transport "The Docker daemon at unix://$FAKE_SOCK speaks API 1.30; this plugin needs 1.41 (Docker 20.10) or newer"
  run grep -vc '^HEAD /_ping HTTP/1.1$' "$FAKE_LOG"
  assert_output 0
}

@test "(faults) version-refused: the daemon's 'too old' text, after one renegotiation and one retry" {
  start_fake version-refused
  assert_commands_fail daemon "client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version"
  : >"$FAKE_LOG"
  command_for list
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" "${CMD[@]}"
  assert_failure 1
  assert_log "HEAD /_ping" "GET /v1.41/networks" "HEAD /_ping" "GET /v1.41/networks"
}

@test "(faults) ping-500: a daemon whose ping fails is reported after a GET retry, nothing else is asked" {
  start_fake ping-500
  assert_commands_fail transport "The Docker daemon at unix://$FAKE_SOCK answered /_ping with HTTP 500"
  run grep -vEc '^(HEAD|GET) /_ping HTTP/1.1$' "$FAKE_LOG"
  assert_output 0
}

@test "(faults) daemon-upgraded: a 'too old' answer leads to a new ping and the retry at the new version" {
  start_fake daemon-upgraded
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku --quiet network:list
  assert_success
  assert_equal "$stderr" ""
  assert_line "$FAKE_NETWORK"
  assert_log "HEAD /_ping" "GET /v1.41/networks" "HEAD /_ping" "GET /v1.44/networks"
}

@test "(faults) daemon-upgraded: an empty DOCKER_API_VERSION counts as unset for the retry too" {
  start_fake daemon-upgraded
  run_split env DOCKER_API_VERSION= DOCKER_HOST="unix://$FAKE_SOCK" dokku --quiet network:list
  assert_success
  assert_log "HEAD /_ping" "GET /v1.41/networks" "HEAD /_ping" "GET /v1.44/networks"
}

@test "(faults) bad-json: a 200 whose body is not JSON" {
  start_fake bad-json
  assert_commands_fail transport "Unable to list networks: the Docker daemon sent invalid JSON" list exists info attach
  assert_commands_fail transport "Unable to inspect container: the Docker daemon sent invalid JSON" ipaddr
}

@test "(faults) close: a daemon that closes without answering (the request is retried once)" {
  start_fake close
  assert_commands_fail transport "Invalid reply from the Docker daemon at unix://$FAKE_SOCK: truncated response"
  : >"$FAKE_LOG"
  command_for list
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" "${CMD[@]}"
  assert_failure 1
  # the kept-alive connection looked stale: the GET was sent again on a new one
  assert_log "HEAD /_ping" "GET /v1.41/networks" "GET /v1.41/networks"
}

@test "(faults) close: a POST is not sent twice when the daemon closes without answering" {
  start_fake close
  command_for create
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" "${CMD[@]}"
  assert_failure 1
  assert_log "HEAD /_ping" "POST /v1.41/networks/create"
}

@test "(faults) after healthy answers: a fault at the second or third request of a command" {
  local msg scenario
  # network:info: the network lookup works, then the container list fails
  start_fake 400-json --after 1
  command_for info
  assert_fault " !     Unable to list containers: Error response from daemon: the fake daemon refuses \"this\" request" \
    env DOCKER_HOST="unix://$FAKE_SOCK" "${CMD[@]}"
  assert_log "HEAD /_ping" "GET /v1.41/networks" "GET /v1.41/containers/json"
  stop_fake

  # post-container-create: the network check works, the inspect fails
  for scenario in 400-json reset-chunked; do
    start_fake "$scenario" --after 1
    if [[ "$scenario" == 400-json ]]; then
      msg="Error response from daemon: the fake daemon refuses \"this\" request"
    else
      msg="Error reading from the Docker daemon at unix://$FAKE_SOCK: Connection reset by peer"
    fi
    command_for attach
    assert_fault " !     Unable to attach container to network: $msg" env DOCKER_HOST="unix://$FAKE_SOCK" "${CMD[@]}"
    assert_log "HEAD /_ping" "GET /v1.41/networks" "GET /v1.41/containers/$CID/json"
    stop_fake
  done

  # post-container-create: the network check and the inspect work, the connect fails
  start_fake 400-json --after 2
  assert_fault " !     Unable to attach container to network: Error response from daemon: the fake daemon refuses \"this\" request" \
    env DOCKER_HOST="unix://$FAKE_SOCK" "${CMD[@]}"
  assert_log "HEAD /_ping" "GET /v1.41/networks" "GET /v1.41/containers/$CID/json" "POST /v1.41/networks/$FAKE_NETWORK/connect"
  stop_fake
  start_fake hang --after 2
  assert_fault " !     Unable to attach container to network: Timed out waiting 2s for the Docker daemon at unix://$FAKE_SOCK" \
    env DOCKER_HOST="unix://$FAKE_SOCK" DOKKU_DOCKER_API_TIMEOUT=2 "${CMD[@]}"
}

@test "(faults) interim-100: a 100 Continue before the real answer is skipped" {
  start_fake interim-100
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:list
  assert_success
  assert_line "$FAKE_NETWORK"
}

# ---- the daemon answers correctly, in awkward ways ---------------------------------

@test "(faults) slow-ok: an answer sent one byte every 10 ms is read whole" {
  start_fake slow-ok
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:list
  assert_success
  assert_equal "$stderr" ""
  assert_output "=====> Networks"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:list --format json
  assert_success
  assert_output "[]"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:exists "$FAKE_NETWORK"
  assert_failure 1
  assert_equal "$stderr" " !     Network does not exist"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:create "$NEW_NETWORK"
  assert_success
  assert_equal "$stderr" ""
  assert_output "-----> Creating network $NEW_NETWORK"
  # the last GET reads the new network back for its record (lib/netspec.h)
  assert_log "HEAD /_ping" "GET /v1.41/networks" "HEAD /_ping" "GET /v1.41/networks" \
    "HEAD /_ping" "GET /v1.41/networks" "HEAD /_ping" "POST /v1.41/networks/create" "GET /v1.41/networks"
}

@test "(faults) ok-chunked: answers in many tiny chunks, with extensions and a trailer" {
  start_fake ok-chunked
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku --quiet network:list
  assert_success
  assert_equal "$stderr" ""
  assert_output "bridge
$FAKE_NETWORK
host
none"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:list --dokku-managed --format json
  assert_success
  assert_output "[{\"CreatedAt\":\"2026-11-27T23:06:23.12887Z\",\"DokkuManaged\":true,\"Driver\":\"bridge\",\"ID\":\"f4ce0000aaaa\",\"Internal\":false,\"IPv6\":false,\"Labels\":{\"com.dokku.network-name\":\"$FAKE_NETWORK\"},\"Name\":\"$FAKE_NETWORK\",\"Scope\":\"local\"}]"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:exists "$FAKE_NETWORK"
  assert_success
  assert_output "-----> Network exists"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:info "$FAKE_NETWORK"
  assert_success
  assert_line --index 1 "       ID:             f4ce0000aaaa"
  assert_line "       Subnet:         172.30.0.0/16 gateway 172.30.0.1"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" plugn trigger network-get-ipaddr "$TEST_APP" web "$CID"
  assert_success
  assert_equal "$stderr" ""
  assert_output "$FAKE_IP"
  : >"$FAKE_LOG"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" plugn trigger post-container-create app "$CID" "$TEST_APP" deploy web
  assert_success
  assert_equal "$stderr" ""
  assert_log "HEAD /_ping" "GET /v1.41/networks" "GET /v1.41/containers/$CID/json" "POST /v1.41/networks/$FAKE_NETWORK/connect"
  assert_unchanged
}

@test "(faults) no-api-version: a ping without Api-Version means unversioned paths" {
  start_fake no-api-version
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku --quiet network:list
  assert_success
  assert_line "$FAKE_NETWORK"
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" plugn trigger network-get-ipaddr "$TEST_APP" web "$CID"
  assert_success
  assert_output "$FAKE_IP"
  assert_log "HEAD /_ping" "GET /networks" "HEAD /_ping" "GET /containers/$CID/json"
}

@test "(faults) the ping's Api-Version is capped at the newest version the plugin knows (1.52)" {
  start_fake ok --api-version 1.60
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku --quiet network:list
  assert_success
  assert_log "HEAD /_ping" "GET /v1.52/networks"
}

# ---- the daemon cannot be reached ----------------------------------------------------

@test "(sockets) a missing socket: the socket does not exist" {
  FAKE_SOCK="$BATS_TEST_TMPDIR/missing.sock"
  assert_commands_fail transport "Cannot connect to the Docker daemon at unix://$FAKE_SOCK: the socket does not exist. Is the docker daemon running?"
}

@test "(sockets) a daemon too busy to accept (listen queue full): one clear line at once" {
  local start ms
  start_fake backlog-full
  start=$(date +%s%N)
  assert_commands_fail transport "Cannot connect to the Docker daemon at unix://$FAKE_SOCK: Resource temporarily unavailable" list create ipaddr
  ms=$(elapsed_ms "$start")
  [[ "$ms" -lt 20000 ]] || fail "took $ms ms"
  assert_equal "$(cat "$FAKE_LOG")" ""
}

@test "(sockets) a stale socket (its daemon died) and a regular file: connection refused" {
  start_fake ok
  kill -9 "$FAKE_PID"
  wait "$FAKE_PID" 2>/dev/null || true
  FAKE_PID=
  [[ -S "$FAKE_SOCK" ]]
  assert_commands_fail transport "Cannot connect to the Docker daemon at unix://$FAKE_SOCK: connection refused. Is the docker daemon running?"
  rm -f "$FAKE_SOCK"
  echo "not a socket" >"$FAKE_SOCK"
  assert_commands_fail transport "Cannot connect to the Docker daemon at unix://$FAKE_SOCK: connection refused. Is the docker daemon running?"
}

@test "(sockets) permission denied: a root socket with mode 000, the command run as dokku" {
  [[ $EUID -eq 0 ]] || skip "needs root, to run the command as the dokku user"
  local plugin="${NETWORK_PLUGIN_DIR:-$REPO_ROOT/build/network}" sub
  # a directory the dokku user can reach (the bats tree is private to root)
  PERM_DIR=$(mktemp -d /tmp/dnt-faults.XXXXXX)
  chmod 0755 "$PERM_DIR"
  FAKE_SOCK="$PERM_DIR/docker.sock"
  start_fake ok
  chmod 0666 "$FAKE_SOCK"
  # runuser keeps the environment (HOME, USER and SHELL aside)
  run_split runuser -u dokku -- env DOCKER_HOST="unix://$FAKE_SOCK" "$plugin/subcommands/list" network:list
  assert_success
  assert_line "$FAKE_NETWORK"
  chmod 0000 "$FAKE_SOCK"
  assert_equal "$(stat -c '%a %U' "$FAKE_SOCK")" "0 root"
  : >"$FAKE_LOG"
  for sub in "list network:list" "exists network:exists $FAKE_NETWORK" "info network:info $FAKE_NETWORK"; do
    # shellcheck disable=SC2086 # "program command args"
    set -- $sub
    assert_fault " !     Permission denied while connecting to the Docker daemon at unix://$FAKE_SOCK (is this user in the docker group?)" \
      runuser -u dokku -- env DOCKER_HOST="unix://$FAKE_SOCK" "$plugin/subcommands/$1" "${@:2}"
  done
  assert_fault " !     Unable to create network: Permission denied while connecting to the Docker daemon at unix://$FAKE_SOCK (is this user in the docker group?)" \
    runuser -u dokku -- env DOCKER_HOST="unix://$FAKE_SOCK" "$plugin/subcommands/create" network:create "$NEW_NETWORK"
  # the daemon never heard of it
  assert_equal "$(cat "$FAKE_LOG")" ""
}

@test "(sockets) a socket path of 108 bytes is refused; 107 bytes work" {
  local dir="$BATS_TEST_TMPDIR/"
  # the longest path that fits sun_path (108 bytes with the NUL): <dir>/docker.sock
  while [[ ${#dir} -lt $((107 - 12)) ]]; do dir="${dir}p"; done
  mkdir -p "$dir"
  FAKE_SOCK="$dir/docker.sock"
  [[ ${#FAKE_SOCK} -eq 107 ]] || fail "built a ${#FAKE_SOCK}-byte path"
  start_fake ok
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:exists "$FAKE_NETWORK"
  assert_success
  stop_fake
  FAKE_SOCK="${FAKE_SOCK}x"
  assert_commands_fail transport "Invalid DOCKER_HOST unix://$FAKE_SOCK: the socket path is empty or longer than 107 bytes"
}

# ---- DOCKER_HOST and friends that are refused ------------------------------------------

@test "(DOCKER_HOST) ssh://, https://, npipe:// and fd:// are refused before any connection" {
  local host kind kinds
  for host in ssh://dokku@127.0.0.1 https://127.0.0.1:2376 npipe:////./pipe/docker_engine fd:// fd://3; do
    # every command for the first; the three ways of wording it for the others
    kinds=(list create ipaddr)
    [[ "$host" == ssh://* ]] && kinds=("${ALL_COMMANDS[@]}")
    for kind in "${kinds[@]}"; do
      command_for "$kind"
      assert_fault "$(fault_line "$kind" transport "Unsupported DOCKER_HOST $host: $UNSUPPORTED")" \
        env DOCKER_HOST="$host" "${CMD[@]}"
    done
  done
}

@test "(DOCKER_HOST) tcp:// with DOCKER_TLS_VERIFY is refused, not spoken to in plain HTTP" {
  local kind
  for kind in "${ALL_COMMANDS[@]}"; do
    command_for "$kind"
    assert_fault "$(fault_line "$kind" transport "DOCKER_HOST tcp://127.0.0.1:2376 asks for TLS (DOCKER_TLS or DOCKER_TLS_VERIFY is set), which this plugin does not support; use the daemon's unix socket")" \
      env DOCKER_HOST=tcp://127.0.0.1:2376 DOCKER_TLS_VERIFY=1 "${CMD[@]}"
  done
}

@test "(DOCKER_HOST) tcp:// with DOCKER_TLS=1 is refused, not spoken to in plain HTTP" {
  run_split env DOCKER_HOST=tcp://127.0.0.1:1 DOCKER_TLS=1 dokku network:list
  assert_failure 1
  assert_regex "$stderr" '^ !     DOCKER_HOST tcp://127\.0\.0\.1:1 asks for TLS'
}

@test "(DOCKER_HOST) malformed values and a malformed DOCKER_API_VERSION are one clear line" {
  command_for list
  assert_fault " !     Invalid DOCKER_HOST unix://: the socket path is empty or longer than 107 bytes" \
    env DOCKER_HOST=unix:// "${CMD[@]}"
  assert_fault " !     Invalid DOCKER_HOST tcp://: expected tcp://host[:port]" env DOCKER_HOST=tcp:// "${CMD[@]}"
  assert_fault " !     Invalid DOCKER_HOST tcp://127.0.0.1:: expected tcp://host[:port]" env DOCKER_HOST=tcp://127.0.0.1: "${CMD[@]}"
  assert_fault " !     Cannot connect to the Docker daemon at tcp://127.0.0.1:1: connection refused. Is the docker daemon running?" \
    env DOCKER_HOST=tcp://127.0.0.1:1 "${CMD[@]}"
  assert_fault " !     Invalid DOCKER_API_VERSION 1.x: expected MAJOR.MINOR" env DOCKER_API_VERSION=1.x "${CMD[@]}"
}

# ---- the real daemon produces the fault --------------------------------------------------

@test "(real daemon) network:create of an existing name: the daemon's 409 message" {
  docker network create "$NEW_NETWORK" >/dev/null
  command_for create
  assert_fault " !     Unable to create network: Error response from daemon: network with name $NEW_NETWORK already exists" "${CMD[@]}"
  assert_output "-----> Creating network $NEW_NETWORK"
}

@test "(real daemon) DOCKER_API_VERSION out of the daemon's range: the daemon's own words" {
  local max min kind
  max=$(docker version --format '{{.Server.APIVersion}}')
  min=$(docker version --format '{{.Server.MinAPIVersion}}')
  for kind in list exists info create ipaddr attach; do
    command_for "$kind"
    assert_fault "$(fault_line "$kind" daemon "client version 1.99 is too new. Maximum supported API version is $max")" \
      env DOCKER_API_VERSION=1.99 "${CMD[@]}"
  done
  # below the minimum the daemon answers in text/plain
  command_for list
  assert_fault "$(fault_line list daemon "client version 1.5 is too old. Minimum supported API version is $min, please upgrade your client to a newer version")" \
    env DOCKER_API_VERSION=1.5 "${CMD[@]}"
}

@test "(faults) hang: network:set asks once for all its networks, gives up after about a second with one line, and stores the value" {
  local start ms a="$DOKKU_TEST_PREFIX-a" b="$DOKKU_TEST_PREFIX-b" file
  file="$DOKKU_LIB_ROOT/config/network/$TEST_APP/attach-post-deploy"
  start_fake hang
  start=$(date +%s%N)
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:set "$TEST_APP" attach-post-deploy "$a" "$b"
  ms=$(elapsed_ms "$start")
  assert_success
  assert_equal "$output" "=====> Setting attach-post-deploy to $a,$b"
  assert_equal "$stderr" " !     Unable to check that networks $a, $b exist (Timed out waiting for the Docker daemon at unix://$FAKE_SOCK); stored anyway"
  assert_equal "$(cat "$file")" "$a,$b"
  # one request for both names (before: one 30 s deadline per network)
  assert_equal "$(grep -c '^GET /v[0-9.]*/networks?filters=' "$FAKE_LOG")" 1
  [[ "$ms" -lt 10000 ]] || fail "took $ms ms"
  # the same bound when not even the ping is answered
  stop_fake
  start_fake hang-ping
  start=$(date +%s%N)
  run_split env DOCKER_HOST="unix://$FAKE_SOCK" dokku network:set "$TEST_APP" initial-network "$a"
  ms=$(elapsed_ms "$start")
  assert_success
  assert_equal "$stderr" " !     Unable to check that network $a exists (Timed out waiting for the Docker daemon at unix://$FAKE_SOCK); stored anyway"
  [[ "$ms" -lt 10000 ]] || fail "took $ms ms"
  # this file's tests change nothing on disk: undo
  rm -f "$file" "$DOKKU_LIB_ROOT/config/network/$TEST_APP/initial-network"
}
