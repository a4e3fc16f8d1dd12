#!/usr/bin/env bats
# network:watch (issue 12) against the real daemon, through the harness: stale
# IP files repaired at start (--once, a "reboot"), on events, across apps, after
# the daemon went away; strangers and old containers ignored; signals; the
# on-failure rebuild. Every app is deployed on a network of its own test
# (initial-network), so that addresses can be moved deterministically: stop a
# container, let another one take its address, start it again.
# shellcheck disable=SC2154 # $stderr from run_split
load test_helper
load harness/deploy

setup() {
  dokku_env_setup
  deploy_harness_install
  NET=$(unique_name "$DOKKU_TEST_PREFIX-net")
  docker network create "$NET" >/dev/null
  PROXY_LOG="$DOKKU_ROOT/.proxy-build-config.log"
  WATCH_OUT="$BATS_TEST_TMPDIR/watch.out"
  WATCH_PID=
}

teardown() {
  stop_watcher
  if [[ -n "$RELAY_PID" ]]; then
    pkill -P "$RELAY_PID" 2>/dev/null || true
    kill "$RELAY_PID" 2>/dev/null || true
  fi
  dokku_env_teardown
}

# deploy_app <app> [<proc>=<n>...]: an app deployed with one web container (or
# the scale given) on $NET.
deploy_app() {
  local app="$1"
  shift
  dokku apps:create "$app" >/dev/null
  dokku network:set "$app" initial-network "$NET" >/dev/null
  if [[ $# -gt 0 ]]; then
    mkdir -p "$DOKKU_LIB_ROOT/config/ps/$app"
    printf '%s\n' "$@" >"$DOKKU_LIB_ROOT/config/ps/$app/scale"
  fi
  dokku deploy "$app" >/dev/null 2>&1 || fail "deploy of $app failed"
}

ip_file() { cat "$DOKKU_ROOT/$1/IP.$2.$3"; }

# move_address <container>: stops it, lets a new container on $NET take its
# address, starts it again (with a new address). Prints the taker's name.
move_address() {
  local cid="$1" taker
  taker=$(unique_name "$DOKKU_TEST_PREFIX-taker")
  docker container stop --time 0 "$cid" >/dev/null
  docker container run -d --name "$taker" --network "$NET" "$DOKKU_TEST_IMAGE" sleep 600 >/dev/null
  docker container start "$cid" >/dev/null
  echo "$taker"
}

# start_watcher [flags...]: network:watch in the background, output in
# $WATCH_OUT; returns once it is subscribed ("Watching" printed). It is started
# as the dispatcher starts it (argv[1] network:watch), but without the dokku
# script in between, so that WATCH_PID is the watcher itself (the script does
# not pass signals on; systemd signals the whole cgroup).
start_watcher() {
  "$PLUGIN_ENABLED_PATH/network/subcommands/watch" network:watch "$@" >"$WATCH_OUT" 2>&1 &
  WATCH_PID=$!
  wait_for 10 grep -q "Watching Docker events for Dokku apps" "$WATCH_OUT" ||
    fail "the watcher did not start: $(cat "$WATCH_OUT")"
}

stop_watcher() {
  [[ -n "$WATCH_PID" ]] || return 0
  kill "$WATCH_PID" 2>/dev/null || true
  wait "$WATCH_PID" 2>/dev/null || true
  WATCH_PID=
}

# wait_for <seconds> <command...>: polls every 50 ms until the command succeeds.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  while ! "$@"; do
    [[ $SECONDS -lt $deadline ]] || return 1
    sleep 0.05
  done
}

file_is() { [[ "$(cat "$1" 2>/dev/null)" == "$2" ]]; }

# subscribed_times <n>: the watcher has said n times that it is watching.
subscribed_times() { [[ "$(grep -c "Watching Docker events" "$WATCH_OUT")" -eq "$1" ]]; }

@test "(watch) --once repairs a stale IP file and rebuilds only that app's proxy; a second --once does nothing" {
  local a="$DOKKU_TEST_PREFIX-a" b="$DOKKU_TEST_PREFIX-b" cid old new
  deploy_app "$a"
  deploy_app "$b"
  cid=$(app_container_id "$a" web 1)
  old=$(ip_file "$a" web 1)
  move_address "$cid" >/dev/null
  new=$(ip_on "$cid" "$NET")
  [[ "$new" != "$old" ]] || fail "the address did not move"
  : >"$PROXY_LOG"
  run_split dokku network:watch --once
  assert_success
  assert_equal "$stderr" ""
  assert_line "       $a web.1: $old -> $new"
  assert_equal "$(ip_file "$a" web 1)" "$new"
  assert_equal "$(ip_file "$b" web 1)" "$(ip_on "$(app_container_id "$b" web 1)" "$NET")"
  # the proxy was rebuilt for a alone, and saw the new address
  assert_equal "$(cat "$PROXY_LOG")" "$a $new:5000"
  : >"$PROXY_LOG"
  run_split dokku network:watch --once
  assert_success
  assert_equal "$output" ""
  assert_equal "$(cat "$PROXY_LOG")" ""
}

@test "(watch) the files made stale before the watcher started (a reboot) are repaired at start" {
  local a="$DOKKU_TEST_PREFIX-a" w1 w2 old1 old2
  deploy_app "$a" web=2
  w1=$(app_container_id "$a" web 1)
  w2=$(app_container_id "$a" web 2)
  old1=$(ip_file "$a" web 1)
  old2=$(ip_file "$a" web 2)
  # as after a reboot: both containers came back with other addresses
  docker container stop --time 0 "$w1" "$w2" >/dev/null
  docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-t")" --network "$NET" "$DOKKU_TEST_IMAGE" sleep 600 >/dev/null
  docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-t")" --network "$NET" "$DOKKU_TEST_IMAGE" sleep 600 >/dev/null
  docker container start "$w2" "$w1" >/dev/null
  : >"$PROXY_LOG"
  start_watcher
  assert_equal "$(ip_file "$a" web 1)" "$(ip_on "$w1" "$NET")"
  assert_equal "$(ip_file "$a" web 2)" "$(ip_on "$w2" "$NET")"
  [[ "$(ip_file "$a" web 1)" != "$old1" && "$(ip_file "$a" web 2)" != "$old2" ]] || fail "nothing moved"
  # one rebuild for the app, with both new addresses
  assert_equal "$(cat "$PROXY_LOG")" "$a $(ip_on "$w1" "$NET"):5000 $(ip_on "$w2" "$NET"):5000"
}

@test "(watch) a running watcher repairs an address change within 2 s; the proxy sees the new address" {
  local a="$DOKKU_TEST_PREFIX-a" cid new
  deploy_app "$a"
  cid=$(app_container_id "$a" web 1)
  start_watcher --debounce-ms 100
  : >"$PROXY_LOG"
  move_address "$cid" >/dev/null
  new=$(ip_on "$cid" "$NET")
  wait_for 2 file_is "$DOKKU_ROOT/$a/IP.web.1" "$new" || fail "not repaired: $(ip_file "$a" web 1) (watcher: $(cat "$WATCH_OUT"))"
  wait_for 2 grep -qx "$a $new:5000" "$PROXY_LOG" || fail "no proxy rebuild with $new: $(cat "$PROXY_LOG")"
  assert_equal "$(cat "$DOKKU_ROOT/$a/PROXY_LISTENERS")" "$new:5000"
  # and the proxy's upstream really is the app
  run container_http "$cid" "$NET"
  assert_output "$a web 1"
}

@test "(watch) cross-app: a stopped app's file that points at another app's new container is removed and its proxy gets no upstream" {
  local a="$DOKKU_TEST_PREFIX-a" b="$DOKKU_TEST_PREFIX-b" acid bcid bip
  deploy_app "$b"
  bcid=$(app_container_id "$b" web 1)
  bip=$(ip_file "$b" web 1)
  deploy_app "$a"
  acid=$(app_container_id "$a" web 1)
  # b's container stops for good; a's restarts and takes b's old address
  docker container stop --time 0 "$bcid" "$acid" >/dev/null
  docker container start "$acid" >/dev/null
  assert_equal "$(ip_on "$acid" "$NET")" "$bip"
  : >"$PROXY_LOG"
  run_split dokku network:watch --once
  assert_success
  assert_line --partial "$b web.1: $bip is now ${acid:0:12}'s ($a), and ${bcid:0:12} is not running: IP file removed"
  [[ ! -e "$DOKKU_ROOT/$b/IP.web.1" ]] || fail "b's IP file still points at a: $(ip_file "$b" web 1)"
  assert_equal "$(ip_file "$a" web 1)" "$bip"
  # b's proxy was rebuilt without listeners (nginx renders its 502 page then)
  run grep -x "$b " "$PROXY_LOG"
  assert_success
  assert_equal "$(cat "$DOKKU_ROOT/$b/PROXY_LISTENERS")" ""
  # when b's container comes back, its file comes back too
  docker container start "$bcid" >/dev/null
  run_split dokku network:watch --once
  assert_success
  assert_equal "$(ip_file "$b" web 1)" "$(ip_on "$bcid" "$NET")"
}

@test "(watch) strangers, run containers, old containers and undeployed apps cause no repair and no rebuild" {
  local a="$DOKKU_TEST_PREFIX-a" idle="$DOKKU_TEST_PREFIX-idle" cid before
  deploy_app "$a"
  dokku apps:create "$idle" >/dev/null
  cid=$(app_container_id "$a" web 1)
  start_watcher --debounce-ms 50
  : >"$PROXY_LOG"
  before=$(ip_file "$a" web 1)
  # a stranger, a one-off run container of the app, an old container of the app
  docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-s")" --network "$NET" "$DOKKU_TEST_IMAGE" sleep 600 >/dev/null
  dokku run "$a" true >/dev/null 2>&1
  docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-old")" --network "$NET" \
    --label "com.dokku.app-name=$a" --label com.dokku.process-type=web "$DOKKU_TEST_IMAGE" sleep 600 >/dev/null
  docker network connect "$NET" "$(docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-s")" "$DOKKU_TEST_IMAGE" sleep 600)"
  sleep 1
  assert_equal "$(cat "$PROXY_LOG")" ""
  assert_equal "$(ip_file "$a" web 1)" "$before"
  [[ ! -e "$DOKKU_ROOT/$idle/IP.web.1" ]] || fail "an IP file appeared for $idle"
  run grep -c " -> \|removed" "$WATCH_OUT"
  assert_output 0
  kill -0 "$WATCH_PID" || fail "the watcher died"
}

@test "(watch) the daemon going away is not fatal: it reconnects and repairs what changed meanwhile" {
  local a="$DOKKU_TEST_PREFIX-a" cid new relay="$BATS_TEST_TMPDIR/relay.sock"
  deploy_app "$a"
  cid=$(app_container_id "$a" web 1)
  start_relay() {
    socat "UNIX-LISTEN:$relay,fork,reuseaddr" UNIX-CONNECT:/var/run/docker.sock &
    RELAY_PID=$!
    wait_for 5 test -S "$relay"
  }
  # socat serves each connection in a child: stop those too
  stop_relay() {
    pkill -P "$RELAY_PID" || true
    kill "$RELAY_PID"
    wait "$RELAY_PID" 2>/dev/null || true
    rm -f "$relay"
  }
  start_relay
  DOCKER_HOST="unix://$relay" start_watcher --debounce-ms 50
  stop_relay
  wait_for 5 grep -q "Lost the Docker daemon" "$WATCH_OUT" || fail "no outage seen: $(cat "$WATCH_OUT")"
  # meanwhile the address moves
  move_address "$cid" >/dev/null
  new=$(ip_on "$cid" "$NET")
  sleep 0.5
  start_relay
  # subscribed again (the sweep's repairs come before the line)
  wait_for 10 subscribed_times 2 || fail "no reconnect: $(cat "$WATCH_OUT")"
  assert_equal "$(ip_file "$a" web 1)" "$new"
  kill -0 "$WATCH_PID" || fail "the watcher died"
}

@test "(watch) SIGTERM and SIGINT end it with status 0 within a second; SIGHUP sweeps now" {
  local a="$DOKKU_TEST_PREFIX-a" sig start status
  deploy_app "$a"
  for sig in TERM INT; do
    start_watcher --debounce-ms 60000
    # SIGHUP: a sweep without any event (the debounce would wait a minute)
    printf 10.9.9.9 >"$DOKKU_ROOT/$a/IP.web.1"
    kill -HUP "$WATCH_PID"
    wait_for 2 file_is "$DOKKU_ROOT/$a/IP.web.1" "$(ip_on "$(app_container_id "$a" web 1)" "$NET")" || fail "SIGHUP did not sweep"
    start=$(date +%s%N)
    kill "-$sig" "$WATCH_PID"
    status=0
    wait "$WATCH_PID" || status=$?
    WATCH_PID=
    assert_equal "$status" 0
    [[ $((($(date +%s%N) - start) / 1000000)) -lt 1000 ]] || fail "SIG$sig took more than a second"
  done
}

@test "(watch) a deploy container that used up its on-failure restarts gets its app rebuilt (plugn trigger receive-app)" {
  local a="$DOKKU_TEST_PREFIX-a" dir cid
  deploy_app "$a"
  dir=$(make_test_plugin zz-receive)
  add_hook "$dir" receive-app 'echo "receive-app $*" >>"$DOKKU_ROOT/.receive-app.log"'
  start_watcher --debounce-ms 50
  # one that fails twice under on-failure:1, named in the app's CONTAINER file
  cid=$(docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-f")" --restart on-failure:1 \
    --label "com.dokku.app-name=$a" --label com.dokku.process-type=worker --network "$NET" \
    "$DOKKU_TEST_IMAGE" sh -c 'sleep 1; exit 3')
  echo "$cid" >"$DOKKU_ROOT/$a/CONTAINER.worker.1"
  wait_for 15 test -s "$DOKKU_ROOT/.receive-app.log" || fail "no rebuild: $(cat "$WATCH_OUT")"
  assert_equal "$(cat "$DOKKU_ROOT/.receive-app.log")" "receive-app $a"
  grep -q "Rebuilding $a: container ${cid:0:12} exited after 1 restarts (on-failure:1)" "$WATCH_OUT" ||
    fail "$(cat "$WATCH_OUT")"
  # an always-restarting one never is
  : >"$DOKKU_ROOT/.receive-app.log"
  cid=$(docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-f")" --restart always \
    --label "com.dokku.app-name=$a" --label com.dokku.process-type=worker --network "$NET" \
    "$DOKKU_TEST_IMAGE" sh -c 'sleep 1; exit 3')
  echo "$cid" >"$DOKKU_ROOT/$a/CONTAINER.worker.1"
  sleep 3
  assert_equal "$(cat "$DOKKU_ROOT/.receive-app.log")" ""
}

@test "(watch) bad files, a failing and a hanging proxy-build-config: reported, bounded, the rest goes on" {
  local a="$DOKKU_TEST_PREFIX-a" b="$DOKKU_TEST_PREFIX-b" dir acid start
  deploy_app "$a"
  deploy_app "$b"
  acid=$(app_container_id "$a" web 1)
  # garbage next to the real files: a non-hex ID, an empty and a binary CONTAINER file, a directory as IP file
  echo "not-a-container-id" >"$DOKKU_ROOT/$a/CONTAINER.web.2"
  : >"$DOKKU_ROOT/$a/CONTAINER.web.3"
  head -c 64 /dev/urandom >"$DOKKU_ROOT/$a/CONTAINER.web.4"
  echo "$acid" >"$DOKKU_ROOT/$a/CONTAINER.worker.1"
  mkdir "$DOKKU_ROOT/$a/IP.worker.1"
  printf 10.9.9.9 >"$DOKKU_ROOT/$a/IP.web.1"
  printf 10.9.9.8 >"$DOKKU_ROOT/$b/IP.web.1"
  dir=$(make_test_plugin zz-proxy)
  add_hook "$dir" proxy-build-config "case \"\$1\" in $a) exit 7 ;; $b) sleep 30 ;; esac"
  start=$(date +%s)
  run_split dokku network:watch --once --trigger-timeout 1
  assert_failure 1
  [[ $(($(date +%s) - start)) -lt 10 ]] || fail "the hung trigger was not stopped"
  assert_line "       $a web.1: 10.9.9.9 -> $(ip_on "$acid" "$NET")"
  assert_line "       $b web.1: 10.9.9.8 -> $(ip_on "$(app_container_id "$b" web 1)" "$NET")"
  assert_regex "$stderr" "Unable to repair $a worker.1: open $DOKKU_ROOT/$a/IP.worker.1: is a directory"
  assert_regex "$stderr" "proxy-build-config $a failed \\(exit status 7\\)"
  assert_regex "$stderr" "proxy-build-config $b took longer than 1 s: stopped"
  # nothing but IP files was written
  [[ -z "$(find "$DOKKU_ROOT" -newer "$DOKKU_ROOT/$a/CONTAINER.worker.1" -type f ! -name 'IP.*' ! -name '.*.log' ! -name 'PROXY_*')" ]] ||
    fail "the watcher wrote: $(find "$DOKKU_ROOT" -newer "$DOKKU_ROOT/$a/CONTAINER.worker.1" -type f)"
}

@test "(watch) usage: -h, unknown flags, bad values, extra arguments; network:help lists it" {
  run_split dokku network:watch -h
  assert_success
  assert_equal "$stderr" "Usage of network:watch:
      --debounce-ms int       one pass for the events of this many milliseconds (default 250)
      --once                  repair what is stale, then exit
      --trigger-timeout int   seconds a proxy-build-config call may take (default 60)"
  run_split dokku network:watch --bogus
  assert_failure 2
  run_split dokku network:watch --debounce-ms x
  assert_failure 1
  assert_equal "$stderr" " !     Invalid --debounce-ms: a whole number from 0 to 60000 is expected"
  run_split dokku network:watch --trigger-timeout 0
  assert_failure 1
  run_split dokku network:watch extra
  assert_failure 1
  assert_equal "$stderr" " !     Too many arguments, usage: dokku network:watch [--once] [--debounce-ms N] [--trigger-timeout SECONDS]"
  run dokku network:help
  assert_line "    network:watch [--once]                               Keeps every app's listener IPs in line with its containers"
}

@test "(watch) --once against a daemon that is missing or answers garbage: one line each, exit 1, nothing written" {
  local a="$DOKKU_TEST_PREFIX-a" fake="${UNIT_TEST_DIR:-$REPO_ROOT/build/tests}/fakedaemon" sock="$BATS_TEST_TMPDIR/fake.sock"
  deploy_app "$a"
  printf 10.9.9.9 >"$DOKKU_ROOT/$a/IP.web.1"
  run_split env DOCKER_HOST="unix://$BATS_TEST_TMPDIR/none.sock" dokku network:watch --once
  assert_failure 1
  assert_equal "$stderr" " !     Unable to check the listener files: Unable to list containers: Cannot connect to the Docker daemon at unix://$BATS_TEST_TMPDIR/none.sock: the socket does not exist. Is the docker daemon running?"
  "$fake" "$sock" garbage >"$BATS_TEST_TMPDIR/fake.out" 2>&1 &
  local fpid=$!
  wait_for 5 grep -qx ready "$BATS_TEST_TMPDIR/fake.out"
  run_split env DOCKER_HOST="unix://$sock" dokku network:watch --once
  kill "$fpid"
  wait "$fpid" 2>/dev/null || true
  assert_failure 1
  assert_regex "$stderr" "^ !     Unable to check the listener files: .*Invalid reply from the Docker daemon"
  assert_equal "$(ip_file "$a" web 1)" "10.9.9.9"
}

@test "(watch) DOKKU_TRACE=1 shows the requests and every event" {
  local a="$DOKKU_TEST_PREFIX-a" cid
  deploy_app "$a"
  cid=$(app_container_id "$a" web 1)
  DOKKU_TRACE=1 start_watcher --debounce-ms 50
  grep -q " ?     engine: GET /v1\.[0-9]*/events?filters=.* (stream)" "$WATCH_OUT" || fail "$(cat "$WATCH_OUT")"
  grep -q " ?     engine: GET /v1\.[0-9]*/containers/json?all=0 (stream)" "$WATCH_OUT" || fail "$(cat "$WATCH_OUT")"
  docker container restart --time 0 "$cid" >/dev/null
  wait_for 5 grep -q " ?     event: container start ${cid:0:12} app $a" "$WATCH_OUT" || fail "$(cat "$WATCH_OUT")"
  grep -q " ?     event: container die ${cid:0:12} app $a" "$WATCH_OUT" || fail "$(cat "$WATCH_OUT")"
}

@test "(watch) two containers of one app moving within --debounce-ms give one proxy rebuild with both addresses" {
  local a="$DOKKU_TEST_PREFIX-a" w1 w2
  deploy_app "$a" web=2
  w1=$(app_container_id "$a" web 1)
  w2=$(app_container_id "$a" web 2)
  start_watcher --debounce-ms 4000
  : >"$PROXY_LOG"
  move_address "$w1" >/dev/null
  move_address "$w2" >/dev/null
  wait_for 10 file_is "$DOKKU_ROOT/$a/IP.web.2" "$(ip_on "$w2" "$NET")" || fail "not repaired: $(cat "$WATCH_OUT")"
  assert_equal "$(ip_file "$a" web 1)" "$(ip_on "$w1" "$NET")"
  sleep 0.5
  assert_equal "$(cat "$PROXY_LOG")" "$a $(ip_on "$w1" "$NET"):5000 $(ip_on "$w2" "$NET"):5000"
}
