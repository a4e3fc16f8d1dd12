#!/usr/bin/env bats
# End to end (issue 4): the network plugin's triggers driven by the docker-local
# deploy simulator (tests/harness/deploy.bash, doc/design.md §8.4) against the
# real daemon. Bug numbers ("bug N") are those of doc/design.md §10, and "test N"
# is the original suite's test of doc/design.md §9. Every app container runs
# busybox httpd on port 5000 serving "<app> <proc> <index>". Each test has its
# own tree and app (and deploys it when containers matter); the networks and
# containers it creates are named from $DOKKU_TEST_PREFIX and removed by teardown.
# shellcheck disable=SC2016,SC2154 # single-quoted container scripts; $stderr from run_split
load test_helper
load harness/deploy

setup() {
  dokku_env_setup
  deploy_harness_install
  create_test_app >/dev/null
}

teardown() {
  dokku_env_teardown
}

# new_network <label>: a new, uniquely named bridge network (removed by teardown).
new_network() {
  local name
  name=$(unique_name "$DOKKU_TEST_PREFIX-$1")
  docker network create "$name" >/dev/null || return 1
  echo "$name"
}

# What a client prints for `probe <name> <name>...`: the addresses the first name
# resolves to (sorted, one line), then the page each name serves on port 5000.
PROBE_SCRIPT='
first="$1"
busybox nslookup "$first" 2>/dev/null |
  busybox awk "/^Name:/ { n = 1; next } n && /^Address/ { for (i = 2; i <= NF; i++) if (\$i ~ /^[0-9.]+\$/) print \$i }" |
  busybox sort | busybox xargs
for name in "$@"; do wget -q -O - "http://$name:5000/" || echo "NO ANSWER from $name"; done'

# assert_reachable_on <network> <app> [<tld>]: from a client on the network,
# <app>.web[.<tld>] resolves to exactly the web containers' addresses on that network
# and answers; each web container's <hostname>.<app>.web[.<tld>] answers with its own
# page; <app>.worker[.<tld>] answers with the worker's page. Reads the app's
# CONTAINER.web.* and CONTAINER.worker.1 files.
assert_reachable_on() {
  local net="$1" app="$2" sfx f cid ips=() names=() pages=() i
  sfx="${3:+.$3}"
  names=("$app.web$sfx")
  for f in "$DOKKU_ROOT/$app"/CONTAINER.web.*; do
    cid=$(head -n 1 "$f")
    ips+=("$(ip_on "$cid" "$net")")
    names+=("$(docker container inspect --format '{{.Config.Hostname}}' "$cid").$app.web$sfx")
    pages+=("$app web ${f##*.}")
  done
  names+=("$app.worker$sfx")
  run on_network "$net" "$PROBE_SCRIPT" "${names[@]}"
  assert_success
  assert_equal "${#lines[@]}" "$((${#names[@]} + 1))"
  assert_line --index 0 "$(sorted_words "${ips[@]}")"
  assert_line --index 1 --regexp "^$app web [0-9]+$"
  for i in "${!pages[@]}"; do assert_line --index "$((i + 2))" "${pages[$i]}"; done
  assert_line --index "$((${#pages[@]} + 2))" "$app worker 1"
}

# install_network_log: a core plugin sorted after network whose post-container-create
# logs "<phase> <proc or -> <network mode> <aliases on $NET at that moment>" to $LOG.
install_network_log() {
  local dir
  LOG="$DOKKU_TEST_TREE/containers.log"
  export LOG
  dir=$(make_test_plugin zz-netlog)
  add_hook "$dir" post-container-create '[[ "$1" == app ]] || exit 0
echo "$4 ${5:--} $(docker container inspect --format "{{.HostConfig.NetworkMode}} {{with index .NetworkSettings.Networks \"$NET\"}}{{range .Aliases}}{{.}} {{end}}{{end}}" "$2" | xargs)" >>"$LOG"'
}

@test "(attach) web=2 worker=1: on both attach-post-create networks and the attach-post-deploy one, with aliases; APP.web and APP.web.TLD answer" {
  local c1 c2 d dyno cid net
  c1=$(new_network create1)
  c2=$(new_network create2)
  d=$(new_network deploy)
  run dokku network:set "$TEST_APP" attach-post-create "$c1" "$c2"
  assert_success
  run dokku network:set "$TEST_APP" attach-post-deploy "$d"
  assert_success
  dokku ps:scale "$TEST_APP" web=2 worker=1 >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success
  assert_output --partial "-----> Associating app with network $d"
  assert_output --partial "=====> Application deployed:"

  for dyno in web.1 web.2 worker.1; do
    cid=$(app_container_id "$TEST_APP" "${dyno%.*}" "${dyno#*.}")
    run networks_of "$cid"
    assert_output "$(sorted_words bridge "$c1" "$c2" "$d")" # bug 1: the second network too
    for net in "$c1" "$c2" "$d"; do
      assert_dokku_aliases "$cid" "$net" "$TEST_APP" "${dyno%.*}"
    done
  done
  for net in "$c1" "$c2" "$d"; do
    assert_reachable_on "$net" "$TEST_APP"
  done
  # a run container is attached to the attach-post-create networks: it reaches APP.worker
  run dokku run "$TEST_APP" sh -c "wget -q -O - http://$TEST_APP.worker:5000/"
  assert_success
  assert_output "$TEST_APP worker 1"

  # with a tld, the redeployed containers get APP.PROC.TLD instead
  run dokku network:set "$TEST_APP" tld svc.test
  assert_success
  run dokku ps:rebuild "$TEST_APP"
  assert_success
  for dyno in web.1 web.2 worker.1; do
    cid=$(app_container_id "$TEST_APP" "${dyno%.*}" "${dyno#*.}")
    run networks_of "$cid"
    assert_output "$(sorted_words bridge "$c1" "$c2" "$d")"
    for net in "$c1" "$c2" "$d"; do
      assert_dokku_aliases "$cid" "$net" "$TEST_APP" "${dyno%.*}" svc.test
      [[ " $(aliases_on "$cid" "$net") " != *" $TEST_APP.${dyno%.*} "* ]] || fail "$dyno still has the alias without the tld on $net"
    done
  done
  for net in "$c1" "$c2" "$d"; do
    assert_reachable_on "$net" "$TEST_APP" svc.test
  done
}

@test "(initial-network) deploy containers are created on it with the APP.PROC.TLD alias; IP files, run and herokuish build containers use it, dockerfile builds do not" {
  local net dyno cid
  net=$(new_network initial)
  NET="$net"
  export NET
  install_network_log
  run dokku network:set "$TEST_APP" initial-network "$net"
  assert_success
  run dokku network:set "$TEST_APP" tld svc.test
  assert_success
  dokku ps:scale "$TEST_APP" web=1 worker=1 >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success

  # at post-container-create (before start) the container is already on the network,
  # with its alias: given at creation by docker-args-process-deploy
  run cat "$LOG"
  assert_output "build - $net
deploy web $net $TEST_APP.web.svc.test
deploy worker $net $TEST_APP.worker.svc.test"

  for dyno in web.1 worker.1; do
    cid=$(app_container_id "$TEST_APP" "${dyno%.*}" 1)
    run docker container inspect --format '{{.HostConfig.NetworkMode}}' "$cid"
    assert_output "$net"
    run networks_of "$cid"
    assert_output "$net" # not on bridge at all
    [[ " $(aliases_on "$cid" "$net") " == *" $TEST_APP.${dyno%.*}.svc.test "* ]] || fail "$dyno lacks its alias on $net"
    # the IP file holds the address on the initial network
    [[ -n "$(ip_on "$cid" "$net")" ]]
    run cat "$DOKKU_ROOT/$TEST_APP/IP.$dyno"
    assert_output "$(ip_on "$cid" "$net")"
    run plugn trigger network-get-ipaddr "$TEST_APP" "${dyno%.*}" "$cid"
    assert_output "$(ip_on "$cid" "$net")"
  done

  # a run container is on the network too: it reaches the web container by its alias
  : >"$LOG"
  run dokku run "$TEST_APP" sh -c "wget -q -O - http://$TEST_APP.web.svc.test:5000/"
  assert_success
  assert_output "$TEST_APP web 1"
  run cat "$LOG"
  assert_output "run - $net" # no alias for run containers

  # dockerfile builds get no --network (the harness builds no image for them, so the
  # trigger is asked directly, as builder-dockerfile would); herokuish builds do
  run bash -c ': | plugn trigger docker-args-process-build "$1" dockerfile' _ "$TEST_APP"
  assert_success
  assert_output ""
  run bash -c ': | plugn trigger docker-args-process-build "$1" herokuish' _ "$TEST_APP"
  assert_success
  assert_output " --network=$net "
  run dokku builder:set "$TEST_APP" selected dockerfile
  assert_success
  : >"$LOG"
  run dokku ps:rebuild "$TEST_APP"
  assert_success
  run cat "$LOG" # no build container; the deploy containers still use the network
  assert_output "deploy web $net $TEST_APP.web.svc.test
deploy worker $net $TEST_APP.worker.svc.test"
  : >"$LOG"
  run dokku run "$TEST_APP" sh -c "wget -q -O - http://$TEST_APP.worker.svc.test:5000/"
  assert_success
  assert_output "$TEST_APP worker 1"
  run cat "$LOG"
  assert_output "run - $net"
}

@test "(bind-all-interfaces) true publishes 5000 of every web container, false publishes nothing (cf. test 9)" {
  local i cid hostport
  run dokku network:set "$TEST_APP" bind-all-interfaces true
  assert_success
  dokku ps:scale "$TEST_APP" web=2 >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success
  for i in 1 2; do
    cid=$(app_container_id "$TEST_APP" web "$i")
    run docker container port "$cid" 5000/tcp
    assert_success
    [[ -n "$output" ]] || fail "web.$i: port 5000 is not published"
    hostport=$(head -n 1 <<<"$output")
    run curl -fsS --max-time 10 "http://127.0.0.1:${hostport##*:}/"
    assert_output "$TEST_APP web $i"
  done

  run dokku network:set "$TEST_APP" bind-all-interfaces false
  assert_success
  run dokku ps:rebuild "$TEST_APP"
  assert_success
  for i in 1 2; do
    cid=$(app_container_id "$TEST_APP" web "$i")
    run docker container port "$cid"
    assert_success
    assert_output ""
    run container_http "$cid" # still serving, on bridge only
    assert_output "$TEST_APP web $i"
  done
}

@test "(attach) redeploys through ps:scale up and down do not fail by re-attaching (cf. test 15)" {
  local net web1 dyno
  net=$(new_network deploy)
  run dokku network:set "$TEST_APP" attach-post-deploy "$net"
  assert_success
  run dokku deploy "$TEST_APP"
  assert_success
  web1=$(app_container_id "$TEST_APP" web 1)
  assert_dokku_aliases "$web1" "$net" "$TEST_APP" web

  # only worker is deployed: web.1 is already on the network when core-post-deploy runs
  run dokku ps:scale "$TEST_APP" worker=1
  assert_success
  assert_output --partial "-----> Associating app with network $net"
  assert_equal "$(app_container_id "$TEST_APP" web 1)" "$web1"
  run dokku ps:scale "$TEST_APP" web=3
  assert_success
  for dyno in web.1 web.2 web.3 worker.1; do
    run docker container inspect --format '{{.State.Running}}' "$TEST_APP.$dyno"
    assert_success
    assert_output "true"
    assert_dokku_aliases "$TEST_APP.$dyno" "$net" "$TEST_APP" "${dyno%.*}"
  done

  run dokku ps:scale "$TEST_APP" web=1
  assert_success
  run app_containers
  assert_output "$TEST_APP.web.1 $TEST_APP.worker.1"
  for dyno in web.1 worker.1; do
    assert_dokku_aliases "$TEST_APP.$dyno" "$net" "$TEST_APP" "${dyno%.*}"
  done
  run container_http "$TEST_APP.web.1" "$net"
  assert_output "$TEST_APP web 1"
}

@test "(attach) a missing network fails the deploy at container creation; the old containers keep serving (cf. test 14)" {
  local old missing t0 events
  run dokku deploy "$TEST_APP"
  assert_success
  old=$(app_container_id "$TEST_APP" web 1)
  missing=$(unique_name "$DOKKU_TEST_PREFIX-missing")

  # attach-post-create: the herokuish build container's post-container-create fails
  run_split dokku network:set "$TEST_APP" attach-post-create "$missing"
  assert_success
  run_split dokku ps:rebuild "$TEST_APP"
  assert_failure
  assert_equal "$stderr" " !     Network $missing does not exist"
  assert_output "-----> Building $TEST_APP from herokuish" # nothing after the build
  assert_equal "$(app_container_id "$TEST_APP" web 1)" "$old"
  run app_containers
  assert_output "$TEST_APP.web.1" # the build container is gone
  run container_http "$old"
  assert_output "$TEST_APP web 1"

  # attach-post-deploy: fails at post-container-create deploy, before the new container starts
  run dokku network:set "$TEST_APP" attach-post-create
  assert_success
  run_split dokku network:set "$TEST_APP" attach-post-deploy "$missing"
  assert_success
  t0=$(date +%s.%N) # events of the first deploy may fall in the same second
  run_split dokku ps:rebuild "$TEST_APP"
  assert_failure
  assert_equal "$stderr" " !     Network $missing does not exist"
  assert_output --partial "-----> Deploying web (count=1)"
  refute_output --partial "Attempting pre-flight checks"
  refute_output --partial "Application deployed"
  # one deploy container was created, and none but the old one ever started
  events=$(docker events --since "$t0" --until "$(($(date +%s) + 1))" --filter "label=com.dokku.app-name=$TEST_APP" \
    --filter type=container --format '{{.Action}} {{index .Actor.Attributes "com.dokku.container-type"}} {{.Actor.ID}}')
  run grep -c '^create deploy ' <<<"$events"
  assert_output "1"
  run grep '^start deploy ' <<<"$events"
  assert_output ""
  assert_equal "$(app_container_id "$TEST_APP" web 1)" "$old"
  run app_containers
  assert_output "$TEST_APP.web.1"
  run container_http "$old"
  assert_output "$TEST_APP web 1"
}

@test "(listeners) IP/PORT files, network-get-listeners, -config-exists, -get-ipaddr and the report agree with docker; static-web-listener overrides them" {
  local root="$DOKKU_ROOT/$TEST_APP" w1 w2 k1 ip1 ip2 ipk
  dokku ps:scale "$TEST_APP" web=2 worker=1 >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success
  w1=$(app_container_id "$TEST_APP" web 1)
  w2=$(app_container_id "$TEST_APP" web 2)
  k1=$(app_container_id "$TEST_APP" worker 1)
  ip1=$(ip_on "$w1" bridge)
  ip2=$(ip_on "$w2" bridge)
  ipk=$(ip_on "$k1" bridge)
  [[ -n "$ip1" && -n "$ip2" && -n "$ipk" && "$ip1" != "$ip2" ]]

  # files: no newline; PORT for web only
  [[ "$(cat "$root/IP.web.1"; echo x)" == "${ip1}x" ]]
  [[ "$(cat "$root/IP.web.2"; echo x)" == "${ip2}x" ]]
  [[ "$(cat "$root/IP.worker.1"; echo x)" == "${ipk}x" ]]
  [[ "$(cat "$root/PORT.web.1"; echo x)" == "5000x" ]]
  [[ "$(cat "$root/PORT.web.2"; echo x)" == "5000x" ]]
  [[ ! -e "$root/PORT.worker.1" ]]

  run plugn trigger network-get-listeners "$TEST_APP" web
  assert_success
  assert_output "$ip1:5000 $ip2:5000"
  run plugn trigger network-get-listeners "$TEST_APP" worker
  assert_output "$ipk:5000"
  run plugn trigger network-config-exists "$TEST_APP"
  assert_output "true"
  run plugn trigger network-get-ipaddr "$TEST_APP" web "$w2"
  assert_success
  assert_output "$ip2"
  run plugn trigger network-get-ipaddr "$TEST_APP" worker "$k1"
  assert_output "$ipk"
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_success
  assert_output "$ip1:5000 $ip2:5000"
  run cat "$root/PROXY_LISTENERS" # what the nginx stand-in got at deploy
  assert_output "$ip1:5000 $ip2:5000"

  # numeric order: a 10th listener (written through the trigger) comes last
  run plugn trigger network-write-ipaddr "$TEST_APP" web 10 10.0.0.10
  assert_success
  run plugn trigger network-write-port "$TEST_APP" web 10 5000
  assert_success
  run plugn trigger network-get-listeners "$TEST_APP" web
  assert_output "$ip1:5000 $ip2:5000 10.0.0.10:5000"
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_output "$ip1:5000 $ip2:5000 10.0.0.10:5000"
  rm -f "$root/IP.web.10" "$root/PORT.web.10"

  # static-web-listener: reported everywhere instead, for web only
  run dokku network:set "$TEST_APP" static-web-listener 10.9.8.7:8080
  assert_success
  run plugn trigger network-get-listeners "$TEST_APP" web
  assert_output "10.9.8.7:8080"
  run plugn trigger network-get-listeners "$TEST_APP" worker
  assert_output "$ipk:5000"
  run plugn trigger network-get-static-listeners "$TEST_APP" web
  assert_output "10.9.8.7:8080"
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_output "10.9.8.7:8080"
  rm -f "$root/IP.web.1" "$root/PORT.web.1"
  run plugn trigger network-config-exists "$TEST_APP"
  assert_output "true" # the static listener is enough
  run plugn trigger network-get-ipaddr "$TEST_APP" web "$w1"
  assert_success
  assert_output "10.9.8.7"
  # ... without asking the daemon: an unreachable one changes nothing for web
  run env DOCKER_HOST="unix://$DOKKU_TEST_TREE/no-such.sock" plugn trigger network-get-ipaddr "$TEST_APP" web "$w1"
  assert_success
  assert_output "10.9.8.7"
  run env DOCKER_HOST="unix://$DOKKU_TEST_TREE/no-such.sock" plugn trigger network-get-ipaddr "$TEST_APP" worker "$k1"
  assert_failure # (the control: worker does ask)
  run dokku network:set "$TEST_APP" static-web-listener "[fd00::7]:8080"
  assert_success
  run plugn trigger network-get-ipaddr "$TEST_APP" web "$w1"
  assert_output "fd00::7"
  run plugn trigger network-get-listeners "$TEST_APP" web
  assert_output "[fd00::7]:8080"

  # unset: docker's answer again
  run dokku network:set "$TEST_APP" static-web-listener
  assert_success
  run plugn trigger network-get-ipaddr "$TEST_APP" web "$w1"
  assert_output "$ip1"
  run plugn trigger network-config-exists "$TEST_APP"
  assert_output "false" # IP.web.1 and PORT.web.1 are gone
}

# deploy_web_with_attach_post_deploy: deploys TEST_APP (one web container,
# its ID in cid) and sets a new network (in net) as its attach-post-deploy.
deploy_web_with_attach_post_deploy() {
  run dokku deploy "$TEST_APP"
  assert_success
  cid=$(app_container_id "$TEST_APP" web 1)
  net=$(new_network deploy)
  run dokku network:set "$TEST_APP" attach-post-deploy "$net"
  assert_success
}

# assert_core_post_deploy_skips: core-post-deploy succeeds silently and leaves
# the container ($cid) on bridge only.
assert_core_post_deploy_skips() {
  run_split plugn trigger core-post-deploy "$TEST_APP" "" "" latest
  assert_success
  refute_output --partial "Associating"
  assert_equal "$stderr" ""
  run networks_of "$cid"
  assert_output "bridge"
}

@test "(core-post-deploy) does nothing for an app whose scheduler is not docker-local (bug 19)" {
  local net cid scheduler_dir="$DOKKU_LIB_ROOT/config/scheduler/$TEST_APP"
  deploy_web_with_attach_post_deploy

  mkdir -p "$scheduler_dir"
  printf 'k3s' >"$scheduler_dir/selected"
  assert_core_post_deploy_skips
  # not even a missing local network matters to a k3s app
  run dokku network:set "$TEST_APP" attach-post-deploy "$(unique_name "$DOKKU_TEST_PREFIX-missing")"
  assert_core_post_deploy_skips

  # the control: back on docker-local, the same call attaches
  rm -f "$scheduler_dir/selected"
  run dokku network:set "$TEST_APP" attach-post-deploy "$net"
  run plugn trigger core-post-deploy "$TEST_APP" "" "" latest
  assert_success
  assert_output --partial "-----> Associating app with network $net"
  run networks_of "$cid"
  assert_output "$(sorted_words bridge "$net")"
  assert_dokku_aliases "$cid" "$net" "$TEST_APP" web
}

@test "(core-post-deploy) a scheduler-detect of another plugin is asked, not only the scheduler's properties" {
  local net cid dir
  deploy_web_with_attach_post_deploy
  # the scheduler plugin's properties say docker-local (none set), but a
  # second plugin implements scheduler-detect: plugn must be asked, and it
  # prints the other plugin's answer first
  dir=$(make_test_plugin 00-other-scheduler)
  add_hook "$dir" scheduler-detect 'echo k3s'
  assert_core_post_deploy_skips
}

@test "(core-post-deploy) host network mode: containers are skipped, the deploy succeeds, the IP is 127.0.0.1 (cf. test 10)" {
  if ss -Hltn 'sport = :5000' | grep -q .; then skip "host port 5000 is in use"; fi
  local create deploy cid
  create=$(new_network create)
  deploy=$(new_network deploy)
  run dokku network:set "$TEST_APP" attach-post-create "$create"
  assert_success
  run dokku network:set "$TEST_APP" attach-post-deploy "$deploy"
  assert_success
  run dokku docker-options:add "$TEST_APP" deploy --network=host
  assert_success
  run_split dokku deploy "$TEST_APP"
  assert_success
  assert_output --partial "=====> Application deployed:"
  assert_output --regexp "Skipping container $TEST_APP\.web\.1\.upcoming-[0-9]+: it uses network mode host"
  cid=$(app_container_id "$TEST_APP" web 1)
  assert_equal "$stderr" " !     Not attaching container ${cid:0:12} to $create: it uses network mode host"
  run docker container inspect --format '{{.HostConfig.NetworkMode}} {{.State.Running}}' "$cid"
  assert_output "host true"
  run networks_of "$cid"
  assert_output "host"
  run plugn trigger network-get-ipaddr "$TEST_APP" web "$cid"
  assert_output "127.0.0.1"
  run cat "$DOKKU_ROOT/$TEST_APP/IP.web.1"
  assert_output "127.0.0.1"
  run plugn trigger network-get-listeners "$TEST_APP" web
  assert_output "127.0.0.1:5000"
  run container_http "$cid"
  assert_output "$TEST_APP web 1"
}

@test "(lifecycle) apps:clone copies the properties, apps:rename moves them, apps:destroy removes them; proxy:clear-config removes IP/PORT files (bug 17)" {
  local src="$TEST_APP" clone renamed props="$DOKKU_LIB_ROOT/config/network" stale f
  run dokku network:set "$src" tld svc.test
  assert_success
  run dokku network:set "$src" bind-all-interfaces true
  assert_success
  run dokku network:set "$src" static-web-listener 10.0.0.5:80
  assert_success
  run dokku network:set "$src" attach-post-deploy "$(new_network deploy)"
  assert_success
  run ls "$props/$src"
  assert_output "attach-post-deploy
bind-all-interfaces
static-web-listener
tld"

  # a post-create hook leaves IP/PORT files in every new app, as a stale state would
  stale=$(make_test_plugin aa-stale)
  # and a zz- hook records whether post-app-rename-setup itself removed the old properties
  add_hook "$(make_test_plugin zz-rename)" post-app-rename-setup '[[ -e "$DOKKU_LIB_ROOT/config/network/$1" ]] && echo "old kept" >"$DOKKU_TEST_TREE/rename.log" || echo "old gone" >"$DOKKU_TEST_TREE/rename.log"'
  add_hook "$stale" post-create 'printf 10.1.1.1 >"$DOKKU_ROOT/$1/IP.web.1"; printf 5000 >"$DOKKU_ROOT/$1/PORT.web.1"; printf 10.1.1.2 >"$DOKKU_ROOT/$1/IP.worker.2"; : >"$DOKKU_ROOT/$1/KEEP"'

  clone=$(unique_name "$DOKKU_TEST_PREFIX-clone")
  run dokku apps:clone "$src" "$clone"
  assert_success
  run diff -r "$props/$src" "$props/$clone"
  assert_success
  run stat -c '%a %U' "$props/$clone/tld"
  assert_output "600 dokku"
  run ls "$DOKKU_ROOT/$clone"
  assert_output "KEEP" # the stale IP/PORT files are gone, nothing else
  run dokku network:report "$clone" --network-tld
  assert_output "svc.test"

  renamed=$(unique_name "$DOKKU_TEST_PREFIX-renamed")
  run dokku apps:rename "$clone" "$renamed"
  assert_success
  [[ ! -e "$props/$clone" ]] || fail "$props/$clone is left behind"
  run cat "$DOKKU_TEST_TREE/rename.log"
  assert_output "old gone" # moved by post-app-rename-setup, before the old app's post-delete
  run diff -r "$props/$src" "$props/$renamed"
  assert_success
  run ls "$DOKKU_ROOT/$renamed"
  assert_output "KEEP"

  run dokku --force apps:destroy "$renamed"
  assert_success
  [[ ! -e "$props/$renamed" ]] || fail "$props/$renamed is left behind"
  [[ -d "$props/$src" ]]

  # proxy:clear-config -> nginx-vhosts' proxy-clear-config -> network-clear-config
  for f in IP.web.1 IP.web.2 IP.worker.1; do printf 10.2.2.2 >"$DOKKU_ROOT/$src/$f"; done
  for f in PORT.web.1 PORT.web.2; do printf 5000 >"$DOKKU_ROOT/$src/$f"; done
  echo 0123 >"$DOKKU_ROOT/$src/CONTAINER.web.1"
  run dokku proxy:clear-config "$src"
  assert_success
  run ls "$DOKKU_ROOT/$src"
  assert_output "CONTAINER.web.1"
}

@test "(lifecycle) apps:clone names the stale file it cannot remove and fails (bug 23)" {
  local clone
  # a stale IP "file" that unlink(2) refuses: a non-empty directory
  add_hook "$(make_test_plugin aa-stale)" post-create 'mkdir -p "$DOKKU_ROOT/$1/IP.web.1/x"; printf 5000 >"$DOKKU_ROOT/$1/PORT.web.1"'
  dokku network:set "$TEST_APP" tld svc.test >/dev/null
  clone=$(unique_name "$DOKKU_TEST_PREFIX-clone")
  run_split dokku apps:clone "$TEST_APP" "$clone"
  assert_failure
  assert_equal "$stderr" " !     Unable to remove file $DOKKU_ROOT/$clone/IP.web.1
 !     Unable to remove the old IP and PORT files of $clone"
  [[ ! -e "$DOKKU_ROOT/$clone/PORT.web.1" ]] # the removable ones are gone
  [[ ! -e "$DOKKU_LIB_ROOT/config/network/$clone" ]] # and nothing was cloned
}

@test "(install) bind-all-interfaces from what proxy-is-enabled prints (bug 4); existing values are kept; no stray output" {
  local disabled keep_true keep_false props="$DOKKU_LIB_ROOT/config/network" a
  disabled=$(unique_name "$DOKKU_TEST_PREFIX-disabled")
  keep_true=$(unique_name "$DOKKU_TEST_PREFIX-keeptrue")
  keep_false=$(unique_name "$DOKKU_TEST_PREFIX-keepfalse")
  for a in "$disabled" "$keep_true" "$keep_false"; do dokku apps:create "$a" >/dev/null; done
  for a in "$disabled" "$keep_false"; do
    mkdir -p "$DOKKU_LIB_ROOT/config/proxy/$a"
    : >"$DOKKU_LIB_ROOT/config/proxy/$a/disabled"
  done
  dokku network:set "$keep_true" bind-all-interfaces true >/dev/null
  dokku network:set "$keep_false" bind-all-interfaces false >/dev/null
  [[ ! -e "$props/$TEST_APP/bind-all-interfaces" && ! -e "$props/$disabled/bind-all-interfaces" ]]

  run_split dokku_core_install
  assert_success
  refute_line "true"
  refute_line "false"
  assert_equal "$stderr" ""
  local install_output="$output"
  run grep -c "Setting network property" <<<"$install_output"
  assert_output "2"
  run grep -Fx "       Setting network property 'bind-all-interfaces' to false" <<<"$install_output"
  assert_success
  run grep -Fx "       Setting network property 'bind-all-interfaces' to true" <<<"$install_output"
  assert_success

  [[ "$(cat "$props/$TEST_APP/bind-all-interfaces"; echo x)" == "falsex" ]] # proxy enabled
  [[ "$(cat "$props/$disabled/bind-all-interfaces"; echo x)" == "truex" ]]  # proxy disabled
  [[ "$(cat "$props/$keep_true/bind-all-interfaces"; echo x)" == "truex" ]]
  [[ "$(cat "$props/$keep_false/bind-all-interfaces"; echo x)" == "falsex" ]]
  run plugn trigger network-get-property "$TEST_APP" bind-all-interfaces
  assert_output "false"

  # a second install changes nothing and says nothing about it
  run dokku_core_install
  assert_success
  refute_output --partial "Setting network property"
  [[ "$(cat "$props/$TEST_APP/bind-all-interfaces")" == "false" ]]
  [[ "$(cat "$props/$disabled/bind-all-interfaces")" == "true" ]]
}

@test "(attach) idempotent: core-post-deploy and post-container-create again leave the endpoints and aliases unchanged" {
  local create deploy cid before
  create=$(new_network create)
  deploy=$(new_network deploy)
  dokku network:set "$TEST_APP" attach-post-create "$create" >/dev/null
  dokku network:set "$TEST_APP" attach-post-deploy "$deploy" >/dev/null
  run dokku deploy "$TEST_APP"
  assert_success
  cid=$(app_container_id "$TEST_APP" web 1)
  assert_dokku_aliases "$cid" "$create" "$TEST_APP" web
  assert_dokku_aliases "$cid" "$deploy" "$TEST_APP" web
  snapshot() {
    docker container inspect --format '{{json .NetworkSettings.Networks}}' "$cid" |
      jq -cS 'map_values({NetworkID, EndpointID, IPAddress, Aliases: (.Aliases // [] | sort)})'
  }
  before=$(snapshot)

  run plugn trigger core-post-deploy "$TEST_APP" "" "" latest
  assert_success
  assert_output --partial "-----> Associating app with network $deploy"
  run plugn trigger core-post-deploy "$TEST_APP" "" "" latest
  assert_success
  run plugn trigger post-container-create app "$cid" "$TEST_APP" deploy web
  assert_success
  run snapshot
  assert_output "$before"
  run container_http "$cid" "$deploy"
  assert_output "$TEST_APP web 1"
}

@test "(post-container-create) any phase is accepted (cron, a phase Dokku adds later, none): attach-post-create networks are joined, without aliases, as for build and run" {
  local n1 n2 phase cid aliases
  n1=$(new_network create1)
  n2=$(new_network create2)
  dokku network:set "$TEST_APP" attach-post-create "$n1" "$n2" >/dev/null
  for phase in cron future-phase ""; do
    cid=$(docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-c")" --label "com.dokku.app-name=$TEST_APP" \
      "$DOKKU_TEST_IMAGE" sleep 600)
    run_split plugn trigger post-container-create app "$cid" "$TEST_APP" "$phase"
    assert_equal "$status" 0
    assert_equal "$stderr" ""
    assert_equal "$(networks_of "$cid")" "$(sorted_words bridge "$n1" "$n2")"
    aliases="$(aliases_on "$cid" "$n1") $(aliases_on "$cid" "$n2")"
    [[ "$aliases" != *"$TEST_APP"* ]] || fail "phase '$phase': Dokku aliases on a non-deploy container: $aliases"
  done
}
