#!/usr/bin/env bats
# network:info across a swarm (issue 16): two Docker hosts in one swarm
# (tests/harness/multihost.bash), an attachable overlay network created by
# network:create on host 1, the same app deployed on both hosts and attached
# to it (attach-post-deploy), and a container not named as Dokku names them on
# host 2. network:info on either host lists all of them with the address of
# the host each runs on; those on the other host with the app and process type
# their names give and no state. A bridge network's info is unchanged.
# shellcheck disable=SC2154 # $output, $lines from bats' run
load test_helper
load harness/deploy
load harness/multihost

setup_file() {
  if multihost_unavailable; then
    export MH_SKIP="$MH_WHY"
    return 0
  fi
  multihost_up || return 1
  multihost_dokku_env 1 && multihost_dokku_env 2 || return 1
  MHI_NET=$(unique_name dmi-net)
  MHI_APP=$(unique_name dmi-app)
  MHI_PLAIN=$(unique_name dmi-plain)
  export MHI_NET MHI_APP MHI_PLAIN
  on_host 1 dokku network:create --driver overlay "$MHI_NET" >/dev/null || return 1
  for n in 1 2; do
    on_host "$n" dokku apps:create "$MHI_APP" >/dev/null &&
      on_host "$n" dokku network:set "$MHI_APP" attach-post-deploy "$MHI_NET" >/dev/null &&
      on_host "$n" dokku deploy "$MHI_APP" >/dev/null || return 1
  done
  on_host 2 docker run -d --name "$MHI_PLAIN" --network "$MHI_NET" "$DOKKU_TEST_IMAGE" sleep 3600 >/dev/null || return 1
  # the swarm's gossip reaches the other host within a few seconds
  _mh_wait 60 sees_all 1 && _mh_wait 60 sees_all 2 || {
    echo "the containers of the other host never showed up" >&2
    return 1
  }
}

# sees_all <host>: network:info on that host lists the three containers
sees_all() {
  [[ $(on_host "$1" dokku network:info --format json "$MHI_NET" | jq '.Containers | length') == 3 ]]
}

teardown_file() {
  multihost_down
}

setup() {
  [[ -z "${MH_SKIP:-}" ]] || skip "$MH_SKIP"
}

# ip_of <host> <container>: its address on the overlay network
ip_of() {
  on_host "$1" docker container inspect --format "{{(index .NetworkSettings.Networks \"$MHI_NET\").IPAddress}}" "$2"
}

# info_lines <host> <network> <regexp>: the lines of network:info on that host that match
info_lines() {
  on_host "$1" dokku network:info "$2" | grep -E -- "$3"
}

@test "(multihost-info) the text lists every container of the swarm with its host" {
  local ip1 ip2 ipp
  ip1=$(ip_of 1 "$MHI_APP.web.1")
  ip2=$(ip_of 2 "$MHI_APP.web.1")
  ipp=$(ip_of 2 "$MHI_PLAIN")
  [[ -n "$ip1" && -n "$ip2" && -n "$ipp" && "$ip1" != "$ip2" ]] || fail "addresses: '$ip1' '$ip2' '$ipp'"
  run on_host 1 dokku network:info "$MHI_NET"
  assert_success
  assert_line "       Scope:          swarm"
  assert_line "       Host:           $MH_IP1 (this host)"
  assert_line "       Host:           $MH_IP2"
  assert_line "       Containers:     3"
  # sorted by name, then host
  run info_lines 1 "$MHI_NET" '^ +(Host|Container):'
  assert_success
  assert_output "       Host:           $MH_IP1 (this host)
       Host:           $MH_IP2
       Container:      $MHI_APP.web.1 (app $MHI_APP, process type web, running, $ip1, host $MH_IP1)
       Container:      $MHI_APP.web.1 (app $MHI_APP, process type web, on another host, $ip2, host $MH_IP2)
       Container:      $MHI_PLAIN (app -, process type -, on another host, $ipp, host $MH_IP2)"
}

@test "(multihost-info) host 2 sees host 1's container as remote, its own as local" {
  local ip1 ip2 ipp
  ip1=$(ip_of 1 "$MHI_APP.web.1")
  ip2=$(ip_of 2 "$MHI_APP.web.1")
  ipp=$(ip_of 2 "$MHI_PLAIN")
  run info_lines 2 "$MHI_NET" '^ +(Host|Containers?):'
  assert_success
  assert_output "       Host:           $MH_IP1
       Host:           $MH_IP2 (this host)
       Containers:     3
       Container:      $MHI_APP.web.1 (app $MHI_APP, process type web, on another host, $ip1, host $MH_IP1)
       Container:      $MHI_APP.web.1 (app $MHI_APP, process type web, running, $ip2, host $MH_IP2)
       Container:      $MHI_PLAIN (app -, process type -, running, $ipp, host $MH_IP2)"
}

@test "(multihost-info) the JSON adds Host and Local to each container, then Hosts" {
  local id1 ip1 ip2 ipp
  id1=$(on_host 1 docker container inspect --format '{{.Id}}' "$MHI_APP.web.1")
  ip1=$(ip_of 1 "$MHI_APP.web.1")
  ip2=$(ip_of 2 "$MHI_APP.web.1")
  ipp=$(ip_of 2 "$MHI_PLAIN")
  run on_host 1 dokku network:info --format json "$MHI_NET"
  assert_success
  assert_equal "${#lines[@]}" 1
  # the original's fields, network:info's, then the swarm's
  assert_equal "$(jq -c 'keys_unsorted' <<<"$output")" \
    '["CreatedAt","DokkuManaged","Driver","ID","Internal","IPv6","Labels","Name","Scope","Attachable","Subnets","Options","Containers","Hosts"]'
  assert_equal "$(jq -r '.Scope' <<<"$output")" swarm
  assert_equal "$(jq -c '.Containers' <<<"$output")" \
    "[{\"ID\":\"${id1:0:12}\",\"Name\":\"$MHI_APP.web.1\",\"App\":\"$MHI_APP\",\"ProcessType\":\"web\",\"IPAddress\":\"$ip1\",\"State\":\"running\",\"Host\":\"$MH_IP1\",\"Local\":true},{\"ID\":\"\",\"Name\":\"$MHI_APP.web.1\",\"App\":\"$MHI_APP\",\"ProcessType\":\"web\",\"IPAddress\":\"$ip2\",\"State\":\"\",\"Host\":\"$MH_IP2\",\"Local\":false},{\"ID\":\"\",\"Name\":\"$MHI_PLAIN\",\"App\":\"\",\"ProcessType\":\"\",\"IPAddress\":\"$ipp\",\"State\":\"\",\"Host\":\"$MH_IP2\",\"Local\":false}]"
  assert_equal "$(jq -c '[.Hosts[] | [.IP, .Local, (.Name | length > 0)]]' <<<"$output")" \
    "[[\"$MH_IP1\",true,true],[\"$MH_IP2\",false,true]]"
  # jq re-encodes the same object the same way: the line is well-formed JSON as written
  assert_equal "$(jq -c . <<<"$output")" "$output"
}

@test "(multihost-info) a container stopped on host 1 keeps this host's address" {
  local stopped
  stopped=$(unique_name dmi-stopped)
  on_host 1 docker create --name "$stopped" --network "$MHI_NET" "$DOKKU_TEST_IMAGE" true >/dev/null
  run info_lines 1 "$MHI_NET" " $stopped "
  on_host 1 docker rm -f "$stopped" >/dev/null
  assert_success
  assert_output "       Container:      $stopped (app -, process type -, created, host $MH_IP1)"
}

@test "(multihost-info) a host with no container on the network knows none elsewhere, and says so" {
  local net c ip
  net=$(unique_name dmi-far)
  c=$(unique_name dmi-far)
  on_host 1 dokku network:create --driver overlay "$net" >/dev/null
  on_host 2 docker run -d --name "$c.web.1" --network "$net" "$DOKKU_TEST_IMAGE" sleep 600 >/dev/null
  ip=$(on_host 2 docker container inspect --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$c.web.1")
  # a created container is on it in its configuration only: this host's address comes from the swarm
  on_host 1 docker create --name "$c.web.2" --network "$net" "$DOKKU_TEST_IMAGE" true >/dev/null
  run info_lines 1 "$net" '^ +(Host|Containers?):'
  assert_success
  assert_output "       Host:           none known (no container of this host is on it)
       Containers:     1
       Container:      $c.web.2 (app -, process type -, created, host $MH_IP1)"
  run on_host 1 dokku network:info --format json "$net"
  assert_success
  assert_equal "$(jq -c '[.Containers[] | [.Name, .State, .Host, .Local]], .Hosts' <<<"$output")" \
    "[[\"$c.web.2\",\"created\",\"$MH_IP1\",true]]
[]"
  on_host 1 docker rm -f "$c.web.2" >/dev/null
  # on host 2 its own container, which carries no Dokku labels: no app, as for any local one
  run info_lines 2 "$net" '^ +(Host|Containers?):'
  assert_success
  assert_output "       Host:           $MH_IP2 (this host)
       Containers:     1
       Container:      $c.web.1 (app -, process type -, running, $ip, host $MH_IP2)"
  on_host 2 docker rm -f "$c.web.1" >/dev/null
  on_host 1 dokku --force network:destroy "$net" >/dev/null
}

@test "(multihost-info) a bridge network's info is byte for byte what it was" {
  local net c id cid created ip subnet gw want
  net=$(unique_name dmi-bridge)
  c=$(unique_name dmi-api)
  on_host 1 dokku network:create "$net" >/dev/null
  on_host 1 docker run -d --name "$c.web.1" --network "$net" --label "com.dokku.app-name=$c" \
    --label com.dokku.process-type=web "$DOKKU_TEST_IMAGE" sleep 600 >/dev/null
  id=$(on_host 1 docker network inspect --format '{{.Id}}' "$net")
  created=$(on_host 1 docker network inspect --format '{{json .Created}}' "$net" | tr -d '"')
  subnet=$(on_host 1 docker network inspect --format '{{(index .IPAM.Config 0).Subnet}}' "$net")
  gw=$(on_host 1 docker network inspect --format '{{(index .IPAM.Config 0).Gateway}}' "$net")
  cid=$(on_host 1 docker container inspect --format '{{.Id}}' "$c.web.1")
  ip=$(on_host 1 docker container inspect --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$c.web.1")
  run on_host 1 dokku network:info "$net"
  assert_success
  want="=====> $net network information
       ID:             ${id:0:12}
       Name:           $net
       Driver:         bridge
       Scope:          local
       Dokku managed:  true
       Created:        $created
       Internal:       false
       IPv6:           false
       Attachable:     true
       Subnet:         $subnet gateway $gw
       Label:          com.dokku.network-name=$net
       Containers:     1
       Container:      $c.web.1 (app $c, process type web, running, $ip)"
  assert_output "$want"
  run on_host 1 dokku network:info --format json "$net"
  assert_success
  assert_output "{\"CreatedAt\":\"$created\",\"DokkuManaged\":true,\"Driver\":\"bridge\",\"ID\":\"${id:0:12}\",\"Internal\":false,\"IPv6\":false,\"Labels\":{\"com.dokku.network-name\":\"$net\"},\"Name\":\"$net\",\"Scope\":\"local\",\"Attachable\":true,\"Subnets\":[{\"Subnet\":\"$subnet\",\"Gateway\":\"$gw\",\"IPRange\":\"\"}],\"Options\":{},\"Containers\":[{\"ID\":\"${cid:0:12}\",\"Name\":\"$c.web.1\",\"App\":\"$c\",\"ProcessType\":\"web\",\"IPAddress\":\"$ip\",\"State\":\"running\"}]}"
  on_host 1 docker rm -f "$c.web.1" >/dev/null
  on_host 1 dokku --force network:destroy "$net" >/dev/null
}
