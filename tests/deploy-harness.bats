#!/usr/bin/env bats
# Tests of the docker-local deploy simulator itself (tests/harness/deploy.bash,
# doc/design.md §8.4), with real containers but WITHOUT the network plugin: where
# the network triggers matter, a fake `network` plugin logs its calls. "test N" is
# the original suite's test of doc/design.md §9.
# shellcheck disable=SC2016,SC2154 # single-quoted container scripts; $stderr from run_split
load test_helper
load harness/deploy

setup() {
  dokku_env_setup --without-network
  deploy_harness_install
  LOG="$DOKKU_TEST_TREE/triggers.log"
  export LOG
  create_test_app >/dev/null
}

teardown() {
  dokku_env_teardown
}

# install_fake_network: a core plugin named `network` (so it sorts where the real
# one does, doc/design.md §3) implementing the triggers of §8.1. Every call is
# logged to $LOG as "<trigger> [arg]..." with the app as APP, container IDs as CID
# and IPs as IP. It behaves just enough like network: docker-args-* echo stdin, IP/PORT
# files, listeners; $DOKKU_TEST_TREE/bind-all is bind-all-interfaces, and
# post-container-create fails for the phase in $DOKKU_TEST_TREE/fail-phase.
install_fake_network() {
  local dir t
  dir=$(make_test_plugin network)
  add_hook "$dir" hook "$(
    cat <<'EOS'
t="${0##*/}" line="${0##*/}" root="$DOKKU_ROOT/$1"
for a in "$@"; do
  [[ "$a" =~ ^[0-9a-f]{64}$ ]] && a=CID
  [[ "$a" =~ ^[0-9]+(\.[0-9]+){3}$ ]] && a=IP
  [[ "$a" == "$TEST_APP" ]] && a=APP
  line+=" [$a]"
done
echo "$line" >>"$LOG"
case "$t" in
  docker-args-process-*) cat ;;
  post-container-create)
    if [[ "$4" == "$(cat "$DOKKU_TEST_TREE/fail-phase" 2>/dev/null)" ]]; then
      echo " !     fake attach failure ($4)" >&2
      exit 1
    fi ;;
  network-get-property) [[ "$2" != bind-all-interfaces ]] || cat "$DOKKU_TEST_TREE/bind-all" 2>/dev/null || echo false ;;
  network-get-ipaddr) docker container inspect --format '{{.NetworkSettings.IPAddress}}' "$3" ;;
  network-write-ipaddr) printf '%s' "$4" >"$root/IP.$2.$3" ;;
  network-write-port) printf '%s' "$4" >"$root/PORT.$2.$3" ;;
  network-config-exists) [[ -f "$root/IP.web.1" && -f "$root/PORT.web.1" ]] && echo true || echo false ;;
  network-get-listeners)
    for f in "$root/IP.$2".*; do [[ -f "$f" ]] && printf '%s:%s ' "$(<"$f")" "$(<"${f/\/IP./\/PORT.}")"; done
    echo ;;
  core-post-deploy) # what network sees here (§8.4 step 3): deployed already true, names not yet final
    name=$(docker container inspect --format '{{.Name}}' "$(head -n 1 "$root/CONTAINER.web.1")")
    echo "  deployed=$(<"$DOKKU_LIB_ROOT/config/common/$1/deployed") renamed=$([[ "$name" == "/$1.web.1" ]] && echo yes || echo no)" >>"$LOG" ;;
esac
exit 0
EOS
  )"
  for t in docker-args-process-build docker-args-process-deploy docker-args-process-run post-container-create \
    core-post-deploy network-build-config network-clear-config network-config-exists network-get-ipaddr \
    network-get-listeners network-get-property network-get-static-listeners network-write-ipaddr network-write-port; do
    ln -s hook "$dir/$t"
  done
}

disable_proxy() {
  mkdir -p "$DOKKU_LIB_ROOT/config/proxy/$TEST_APP"
  : >"$DOKKU_LIB_ROOT/config/proxy/$TEST_APP/disabled"
}

# state_files: the app's CONTAINER/IP/PORT files, one line.
state_files() {
  (cd "$DOKKU_ROOT/$TEST_APP" && shopt -s nullglob && echo CONTAINER* IP* PORT*)
}

@test "(deploy) web=2 worker=1: three running, labelled, renamed containers serving on 5000" {
  run dokku ps:scale "$TEST_APP" web=2 worker=1
  assert_success
  refute_output --partial "Deploying" # not deployed yet: ps:scale only stores the scale
  run dokku deploy "$TEST_APP"
  assert_success
  assert_output --partial "-----> Deploying web (count=2)"
  assert_output --partial "=====> Application deployed:"

  run app_containers
  assert_output "$TEST_APP.web.1 $TEST_APP.web.2 $TEST_APP.worker.1" # build container removed too
  run state_files
  assert_output "CONTAINER.web.1 CONTAINER.web.2 CONTAINER.worker.1" # no network plugin, no IP/PORT
  local dyno cid port
  for dyno in web.1 web.2 worker.1; do
    cid=$(app_container_id "$TEST_APP" "${dyno%.*}" "${dyno#*.}")
    [[ "$(cat "$DOKKU_ROOT/$TEST_APP/CONTAINER.$dyno"; echo x)" == "$cid"$'\nx' ]] # id + newline (7)
    run docker container inspect --format '{{.Name}} {{.State.Running}} {{.HostConfig.Init}} {{index .Config.Labels "com.dokku.app-name"}} {{index .Config.Labels "com.dokku.process-type"}} {{index .Config.Labels "com.dokku.container-type"}}' "$cid"
    assert_output "/$TEST_APP.$dyno true true $TEST_APP ${dyno%.*} deploy"
    run bash -c "docker container inspect --format '{{json .Config.Labels}}' $cid | jq -e 'has(\"dokku\") and .[\"org.label-schema.vendor\"] == \"dokku\" and .[\"org.label-schema.schema-version\"] == \"1.0\"'"
    assert_success
    port=""
    [[ "$dyno" == web.* ]] && port=5000
    run bash -c "docker container inspect --format '{{json .Config.Env}}' $cid | jq -e 'index(\"DYNO=$dyno\") and index(\"PORT=$port\")'"
    assert_success
    run container_http "$cid"
    assert_success
    assert_output "$TEST_APP ${dyno%.*} ${dyno#*.}"
  done
}

@test "(deploy) herokuish build, deploy and run fire the §8.4 triggers in order" {
  install_fake_network
  disable_proxy
  dokku ps:scale "$TEST_APP" web=1 worker=1 >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success
  run cat "$LOG"
  assert_output "docker-args-process-build [APP] [herokuish]
post-container-create [app] [CID] [APP] [build]
network-get-property [APP] [bind-all-interfaces]
docker-args-process-deploy [APP] [herokuish] [latest] [web]
docker-args-process-deploy [APP] [herokuish] [latest] [web] [1]
post-container-create [app] [CID] [APP] [deploy] [web]
network-get-ipaddr [APP] [web] [CID]
network-write-ipaddr [APP] [web] [1] [IP]
network-write-port [APP] [web] [1] [5000]
docker-args-process-deploy [APP] [herokuish] [latest] [worker]
docker-args-process-deploy [APP] [herokuish] [latest] [worker] [1]
post-container-create [app] [CID] [APP] [deploy] [worker]
network-get-ipaddr [APP] [worker] [CID]
network-write-ipaddr [APP] [worker] [1] [IP]
core-post-deploy [APP] [] [] [latest]
  deployed=true renamed=no"
  # the IP file holds what network-get-ipaddr printed (no newline), PORT only for web
  run state_files
  assert_output "CONTAINER.web.1 CONTAINER.worker.1 IP.web.1 IP.worker.1 PORT.web.1"
  [[ "$(<"$DOKKU_ROOT/$TEST_APP/IP.web.1")" == "$(docker container inspect --format '{{.NetworkSettings.IPAddress}}' "$TEST_APP.web.1")" ]]

  : >"$LOG"
  run dokku run "$TEST_APP" sh -c 'echo ran'
  assert_success
  assert_output "ran"
  run cat "$LOG"
  assert_output "docker-args-process-run [APP] [herokuish] [latest]
post-container-create [app] [CID] [APP] [run]"
}

@test "(deploy) dockerfile build: docker-args-process-build only, no post-container-create build" {
  install_fake_network
  disable_proxy
  run dokku builder:set "$TEST_APP" selected dockerfile
  assert_success
  run dokku ps:rebuild "$TEST_APP"
  assert_success
  run head -n 4 "$LOG"
  assert_output "docker-args-process-build [APP] [dockerfile]
network-get-property [APP] [bind-all-interfaces]
docker-args-process-deploy [APP] [dockerfile] [latest] [web]
docker-args-process-deploy [APP] [dockerfile] [latest] [web] [1]"
  run grep -c "post-container-create" "$LOG"
  assert_output "1" # the deploy one
  : >"$LOG"
  run dokku run "$TEST_APP" sh -c 'exit 0'
  run head -n 1 "$LOG"
  assert_output "docker-args-process-run [APP] [dockerfile] [latest]"
}

@test "(deploy) nginx stand-in: proxy-build-config trigger calls, PROXY_LISTENERS, clear-config" {
  install_fake_network
  run dokku deploy "$TEST_APP"
  assert_success
  assert_output --partial "=====> Triggering early nginx proxy rebuild"
  # early rebuild after web (scheduler-post-deploy-process), then nginx's core-post-deploy after network's
  run sed -n '/^network-write-port/,$p' "$LOG"
  assert_output "network-write-port [APP] [web] [1] [5000]
network-config-exists [APP]
network-build-config [APP]
network-get-listeners [APP] [web]
network-get-listeners [APP] [web]
network-get-static-listeners [APP] [web]
core-post-deploy [APP] [] [] [latest]
  deployed=true renamed=no
network-config-exists [APP]
network-build-config [APP]
network-get-listeners [APP] [web]
network-get-listeners [APP] [web]
network-get-static-listeners [APP] [web]"
  local ip
  ip=$(<"$DOKKU_ROOT/$TEST_APP/IP.web.1")
  run cat "$DOKKU_ROOT/$TEST_APP/PROXY_LISTENERS"
  assert_output "$ip:5000"
  run cat "$DOKKU_ROOT/$TEST_APP/PROXY_PROC_LISTENERS"
  assert_output "DOKKU_APP_WEB_LISTENERS=$ip:5000"

  : >"$LOG"
  run dokku proxy:clear-config "$TEST_APP"
  assert_success
  run cat "$LOG"
  assert_output "network-clear-config [APP]"
  [[ ! -e "$DOKKU_ROOT/$TEST_APP/PROXY_LISTENERS" ]]
}

@test "(deploy) a failing post-container-create keeps the old containers serving (cf. test 14)" {
  install_fake_network
  disable_proxy
  dokku deploy "$TEST_APP" >/dev/null
  local old
  old=$(app_container_id "$TEST_APP" web 1)

  local phase
  for phase in deploy build; do
    echo "$phase" >"$DOKKU_TEST_TREE/fail-phase"
    : >"$LOG"
    run_split dokku ps:rebuild "$TEST_APP"
    assert_failure
    assert_equal "$stderr" " !     fake attach failure ($phase)"
    refute_output --partial "Application deployed"
    run tail -n 1 "$LOG"
    assert_output --regexp "^post-container-create \[app\] \[CID\] \[APP\] \[$phase\]( \[web\])?$" # nothing after it
    assert_equal "$(app_container_id "$TEST_APP" web 1)" "$old"
    run app_containers
    assert_output "$TEST_APP.web.1" # the new (or build) container is gone
    run container_http "$TEST_APP.web.1"
    assert_output "$TEST_APP web 1"
  done
}

@test "(deploy) scale down removes state files and containers; a vanished process type too" {
  install_fake_network
  disable_proxy
  dokku ps:scale "$TEST_APP" web=2 worker=1 >/dev/null
  dokku deploy "$TEST_APP" >/dev/null
  run state_files
  assert_output "CONTAINER.web.1 CONTAINER.web.2 CONTAINER.worker.1 IP.web.1 IP.web.2 IP.worker.1 PORT.web.1 PORT.web.2"

  # deployed: ps:scale redeploys each given process type (Dokku's scaleSet)
  : >"$LOG"
  run dokku ps:scale "$TEST_APP" web=1 worker=0
  assert_success
  assert_output --partial "-----> Deploying web (count=1)"
  assert_output --partial "-----> Deploying worker (count=0)"
  run state_files
  assert_output "CONTAINER.web.1 IP.web.1 PORT.web.1"
  run app_containers
  assert_output "$TEST_APP.web.1"
  run grep -c "^core-post-deploy" "$LOG"
  assert_output "2"

  dokku ps:scale "$TEST_APP" worker=1 >/dev/null
  run app_containers
  assert_output "$TEST_APP.web.1 $TEST_APP.worker.1"
  printf 'web=1\n' >"$DOKKU_LIB_ROOT/config/ps/$TEST_APP/scale"
  run dokku deploy "$TEST_APP"
  assert_success
  assert_output --partial "-----> Container type (worker) is no longer defined. Removing state"
  run state_files
  assert_output "CONTAINER.web.1 IP.web.1 PORT.web.1"
  run app_containers
  assert_output "$TEST_APP.web.1"
}

@test "(deploy) bind-all-interfaces true publishes 5000, false does not (cf. test 9)" {
  install_fake_network
  disable_proxy
  echo true >"$DOKKU_TEST_TREE/bind-all"
  run dokku deploy "$TEST_APP"
  assert_success
  local cid hostport
  cid=$(app_container_id "$TEST_APP" web 1)
  run docker container port "$cid" 5000/tcp
  assert_success
  hostport=$(head -n 1 <<<"$output")
  run curl -fsS "http://127.0.0.1:${hostport##*:}/"
  assert_output "$TEST_APP web 1"

  echo false >"$DOKKU_TEST_TREE/bind-all"
  run dokku ps:rebuild "$TEST_APP"
  assert_success
  run docker container port "$(app_container_id "$TEST_APP" web 1)"
  assert_success
  assert_output ""
}

@test "(deploy) docker-options deploy --network=host (cf. test 10)" {
  if ss -Hltn 'sport = :5000' | grep -q .; then skip "host port 5000 is in use"; fi
  run dokku docker-options:add "$TEST_APP" deploy --network=host
  assert_success
  run cat "$DOKKU_ROOT/$TEST_APP/DOCKER_OPTIONS_DEPLOY"
  assert_output "--network=host"
  run dokku deploy "$TEST_APP"
  assert_success
  run docker container inspect --format '{{.HostConfig.NetworkMode}}' "$TEST_APP.web.1"
  assert_output "host"
  run container_http "$TEST_APP.web.1"
  assert_output "$TEST_APP web 1"
}

@test "(run) output, exit status, labels, docker-options run, container removed" {
  run dokku run "$TEST_APP" sh -c 'echo no'
  assert_failure
  assert_output " !     App $TEST_APP has not been deployed"
  dokku deploy "$TEST_APP" >/dev/null

  local inspect
  inspect=$(make_test_plugin zz-inspect)
  add_hook "$inspect" post-container-create 'docker container inspect --format "{{.Name}} {{index .Config.Labels \"com.dokku.container-type\"}} {{index .Config.Labels \"com.dokku.app-name\"}} {{index .Config.Labels \"org.label-schema.vendor\"}}" "$2" >>"$LOG"'
  run dokku run "$TEST_APP" sh -c 'echo "$DYNO"; exit 3'
  assert_failure 3
  assert_output --regexp '^run\.[0-9]+$'
  run cat "$LOG"
  assert_output --regexp "^/$TEST_APP\.run\.[0-9]+ run $TEST_APP dokku$"
  run app_containers --filter label=com.dokku.container-type=run
  assert_output ""

  dokku docker-options:add "$TEST_APP" run --env=FROM_OPTIONS=yes
  run dokku run --env EXTRA=1 "$TEST_APP" sh -c 'echo "$FROM_OPTIONS $EXTRA"'
  assert_success
  assert_output "yes 1"
}
