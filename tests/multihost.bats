#!/usr/bin/env bats
# Two real Docker hosts in one swarm (tests/harness/multihost.bash: a dockerd per
# network namespace, linked by a veth pair, 10.77.0.1 the manager that created the
# swarm, 10.77.0.2 joined as a manager), each with a Dokku tree of its own: an
# overlay created by network:create on one host carries the apps deployed on the
# other, and their aliases resolve across hosts over VXLAN.
load test_helper
load harness/deploy
load harness/multihost

setup_file() {
  if multihost_unavailable; then
    export MH_SKIP="$MH_WHY"
    return 0
  fi
  multihost_up || {
    multihost_down
    return 1
  }
  multihost_dokku_env 1 && multihost_dokku_env 2 || return 1
  # the overlay every test uses, created (and recorded) by host 1's Dokku
  export NET
  NET=$(unique_name dmh-net)
  on_host 1 dokku network:create --driver overlay "$NET" >/dev/null || return 1
}

teardown_file() {
  multihost_down
}

setup() {
  [[ -z "${MH_SKIP:-}" ]] || skip "$MH_SKIP"
}

# deployed_on <host> <app> [<property> <value>...]: creates the app on that
# host's Dokku, sets the network properties, deploys it.
deployed_on() {
  local host=$1 app=$2
  shift 2
  on_host "$host" dokku apps:create "$app" >/dev/null || return 1
  while [[ $# -ge 2 ]]; do
    on_host "$host" dokku network:set "$app" "$1" "$2" >/dev/null || return 1
    shift 2
  done
  on_host "$host" dokku deploy "$app" >/dev/null 2>&1 || fail "deploy of $app on host $host failed"
}

# fetched_from <host> <url>: what a throwaway container on $NET on that host gets.
fetched_from() {
  on_host "$1" timeout 60 docker container run --rm --network "$NET" "$DOKKU_TEST_IMAGE" wget -q -O - "$2"
}

# host_container <host> <app>: the app's web.1 container ID in that host's tree.
host_container() {
  on_host "$1" bash -c 'head -n 1 "$DOKKU_ROOT/$0/CONTAINER.web.1"' "$2"
}

@test "(multihost) network:list and network:exists see the overlay from both hosts; it is one swarm network" {
  local n id1 id2
  for n in 1 2; do
    run on_host "$n" dokku network:exists "$NET"
    assert_success
    run on_host "$n" dokku --quiet network:list
    assert_line "$NET"
  done
  id1=$(on_host 1 docker network inspect --format '{{.ID}} {{.Scope}} {{.Driver}}' "$NET")
  id2=$(on_host 2 docker network inspect --format '{{.ID}} {{.Scope}} {{.Driver}}' "$NET")
  assert_equal "$id1" "$id2"
  [[ "$id1" == *" swarm overlay" ]] || fail "not a swarm overlay: $id1"
  # and the two daemons really are two hosts of one swarm
  assert_equal "$(on_host 1 docker node ls --format '{{.Status}} {{.ManagerStatus}}' | sort | xargs)" \
    "Ready Leader Ready Reachable"
}

@test "(multihost) attach-post-deploy: an app deployed on host 2 answers by APP.web from host 1" {
  local app
  app=$(unique_name mh-api)
  deployed_on 2 "$app" attach-post-deploy "$NET"
  # the container runs on host 2 only
  [[ -n "$(on_host 2 docker ps -q --filter "label=com.dokku.app-name=$app")" ]] || fail "not on host 2"
  assert_equal "$(on_host 1 docker ps -q --filter "label=com.dokku.app-name=$app")" ""
  run fetched_from 1 "http://$app.web:5000/"
  assert_success
  assert_output "$app web 1"
  # and the other way round: host 1's app by its alias from host 2
  local back
  back=$(unique_name mh-back)
  deployed_on 1 "$back" attach-post-deploy "$NET"
  run fetched_from 2 "http://$back.web:5000/"
  assert_output "$back web 1"
}

@test "(multihost) network:rebuild attaches a running app on host 2 live, then --prune detaches it: seen from host 1" {
  local app cid
  app=$(unique_name mh-live)
  deployed_on 2 "$app"
  cid=$(host_container 2 "$app")
  run fetched_from 1 "http://$app.web:5000/"
  assert_failure
  on_host 2 dokku network:set "$app" attach-post-deploy "$NET" >/dev/null
  run on_host 2 dokku network:rebuild "$app"
  assert_success
  # the same container (not a redeploy), now answering from the other host
  assert_equal "$(host_container 2 "$app")" "$cid"
  run fetched_from 1 "http://$app.web:5000/"
  assert_success
  assert_output "$app web 1"

  on_host 2 dokku network:set "$app" attach-post-deploy >/dev/null
  run on_host 2 dokku network:rebuild --prune "$app"
  assert_success
  run on_host 2 docker container inspect --format '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$cid"
  refute_output --partial "$NET"
  run fetched_from 1 "http://$app.web:5000/"
  assert_failure
}

@test "(multihost) network:destroy of an overlay while host 2 uses it: one clear line naming the container and its host, on either host; the network stays" {
  local app cid own
  # an overlay of its own: the other tests' apps are on $NET
  own=$(unique_name dmh-own)
  on_host 1 dokku network:create --driver overlay "$own" >/dev/null
  app=$(unique_name mh-user)
  deployed_on 2 "$app" attach-post-deploy "$own"
  cid=$(host_container 2 "$app")
  # host 2 sees its own container by name (after the warning that its app's property names the network)
  run on_host 2 dokku network:destroy --force "$own"
  assert_failure
  assert_equal "${#lines[@]}" 3
  assert_line --index 0 " !     Network $own is still used by $app (attach-post-deploy): their next deploy will fail unless it is recreated or the properties are changed"
  assert_line --index 1 "-----> Destroying network $own"
  assert_line --index 2 " !     Network $own is still in use in the swarm by $app.web.1 (host $MH_IP2): remove them or disconnect them on their hosts first"
  # host 1 has no container on it, so the swarm's gossip tells it nothing: the
  # refusal's task names the container and its node
  run on_host 1 dokku network:destroy --force "$own"
  assert_failure
  assert_equal "${#lines[@]}" 2
  assert_line --index 0 "-----> Destroying network $own"
  assert_line --index 1 " !     Network $own is still in use in the swarm by container ${cid:0:12} (host $MH_IP2): remove them or disconnect them on their hosts first"
  run on_host 1 dokku network:exists "$own"
  assert_success
  # once the app's container is gone, the overlay goes, from the other host
  on_host 2 dokku --force apps:destroy "$app" >/dev/null 2>&1
  # (the swarm drops the container's attachment task asynchronously)
  _mh_wait 30 on_host 1 dokku network:destroy --force "$own" || fail "$(on_host 1 dokku network:destroy --force "$own" 2>&1)"
  run on_host 2 dokku network:exists "$own"
  assert_failure
}

@test "(multihost) network:watch repairs an address change on each host independently" {
  local a1 a2 c1 c2 old1 old2 n
  a1=$(unique_name mh-w1)
  a2=$(unique_name mh-w2)
  deployed_on 1 "$a1"
  deployed_on 2 "$a2"
  c1=$(host_container 1 "$a1")
  c2=$(host_container 2 "$a2")
  old1=$(on_host 1 bash -c 'cat "$DOKKU_ROOT/$0/IP.web.1"' "$a1")
  old2=$(on_host 2 bash -c 'cat "$DOKKU_ROOT/$0/IP.web.1"' "$a2")
  # each container comes back with another address on its own host's bridge
  for n in 1 2; do
    local cid=$c1
    [[ $n == 1 ]] || cid=$c2
    on_host "$n" docker container stop --time 0 "$cid" >/dev/null
    on_host "$n" docker container run -d "$DOKKU_TEST_IMAGE" sleep 600 >/dev/null
    on_host "$n" docker container start "$cid" >/dev/null
  done
  local new1 new2
  new1=$(on_host 1 docker container inspect --format '{{.NetworkSettings.Networks.bridge.IPAddress}}' "$c1")
  new2=$(on_host 2 docker container inspect --format '{{.NetworkSettings.Networks.bridge.IPAddress}}' "$c2")
  [[ "$new1" != "$old1" && "$new2" != "$old2" ]] || fail "the addresses did not move"
  # host 1's watcher repairs host 1's app and knows nothing of host 2's
  run on_host 1 dokku network:watch --once
  assert_success
  assert_line "       $a1 web.1: $old1 -> $new1"
  refute_output --partial "$a2"
  assert_equal "$(on_host 1 bash -c 'cat "$DOKKU_ROOT/$0/IP.web.1"' "$a1")" "$new1"
  assert_equal "$(on_host 2 bash -c 'cat "$DOKKU_ROOT/$0/IP.web.1"' "$a2")" "$old2"
  run on_host 2 dokku network:watch --once
  assert_success
  assert_line "       $a2 web.1: $old2 -> $new2"
  assert_equal "$(on_host 2 bash -c 'cat "$DOKKU_ROOT/$0/IP.web.1"' "$a2")" "$new2"
}
