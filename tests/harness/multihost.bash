# shellcheck shell=bash
# Two Docker hosts on one machine, in one swarm (tests/multihost.bats, make
# demo-multihost): two dockerd, each in a network namespace of its own with its
# own data root, exec root, socket, pid file and address pools, linked by a veth
# pair (10.77.0.1/24 and 10.77.0.2/24), the first a swarm manager
# (--advertise-addr/--listen-addr 10.77.0.1:2377), the second joined as a
# manager; the test image loaded into both. Traffic stays between the two
# namespaces. Use after test_helper:
#
#   multihost_unavailable && skip "$MH_WHY"   # a reason when this machine cannot
#   multihost_up                               # exports MH_DIR MH_SOCK1 MH_SOCK2 MH_IP1 MH_IP2
#   on_host 2 docker ps                        # a command against one host
#   multihost_down                             # everything gone, also after a failure
#
# Each host gets its own Dokku tree too: multihost_dokku_env <n> makes it (the
# deploy harness installed), and on_host <n> runs a command with that tree's
# environment and DOCKER_HOST.

MH_IP1=10.77.0.1
MH_IP2=10.77.0.2
export MH_IP1 MH_IP2

# multihost_unavailable: true (with MH_WHY set) when network namespaces, veth
# pairs or VXLAN cannot be created here, or dockerd/nsenter are missing.
multihost_unavailable() {
  local ns
  MH_WHY=
  for cmd in ip nsenter dockerd; do
    command -v "$cmd" >/dev/null || { MH_WHY="$cmd is not installed"; return 0; }
  done
  ns=$(unique_name dmhprobe)
  if ! ip netns add "$ns" 2>/dev/null; then
    MH_WHY="this machine cannot create network namespaces (ip netns add failed)"
    return 0
  fi
  if ! ip -n "$ns" link add vxprobe type vxlan id 42 dstport 4789 2>/dev/null; then
    MH_WHY="this machine cannot create VXLAN interfaces (no vxlan module)"
  elif ! ip -n "$ns" link add vethprobe0 type veth peer name vethprobe1 2>/dev/null; then
    MH_WHY="this machine cannot create veth pairs"
  fi
  ip netns del "$ns"
  [[ -n "$MH_WHY" ]]
}

# on_host <n> <command...>: the command with host n's DOCKER_HOST and, once
# multihost_dokku_env made it, host n's Dokku tree.
on_host() {
  local n=$1
  shift
  (
    # shellcheck disable=SC1090 # written by multihost_dokku_env
    [[ ! -f "$MH_DIR/env$n" ]] || source "$MH_DIR/env$n"
    DOCKER_HOST="unix://$MH_DIR/$n/docker.sock" "$@"
  )
}

# _mh_wait <seconds> <command...>: polls the command every 0.1 s until it succeeds.
_mh_wait() {
  local tries=$(($1 * 10))
  shift
  while ! "$@" >/dev/null 2>&1; do
    ((--tries > 0)) || return 1
    sleep 0.1
  done
}

multihost_up() {
  local n id
  id=$(unique_name dmh)
  MH_DIR=$(mktemp -d "/tmp/$id.XXXXXX")
  MH_NS="$id"
  export MH_DIR MH_NS
  echo "$MH_NS" >"$MH_DIR/netns-prefix"
  ip netns add "$MH_NS-1" && ip netns add "$MH_NS-2" || return 1
  ip link add "${id#dmh-}a" type veth peer name "${id#dmh-}b" || return 1
  ip link set "${id#dmh-}a" netns "$MH_NS-1" && ip link set "${id#dmh-}b" netns "$MH_NS-2" || return 1
  for n in 1 2; do
    local dev="${id#dmh-}$([[ $n == 1 ]] && echo a || echo b)" ip_var="MH_IP$n"
    ip -n "$MH_NS-$n" addr add "${!ip_var}/24" dev "$dev" &&
      ip -n "$MH_NS-$n" link set "$dev" up && ip -n "$MH_NS-$n" link set lo up || return 1
    mkdir -p "$MH_DIR/$n"
    # not `ip netns exec`, which remounts /sys: dockerd then finds no cgroups
    nsenter --net="/var/run/netns/$MH_NS-$n" dockerd --data-root "$MH_DIR/$n/data" \
      --exec-root "$MH_DIR/$n/exec" -H "unix://$MH_DIR/$n/docker.sock" --pidfile "$MH_DIR/$n/docker.pid" \
      --bip "172.30.$n.1/24" --default-address-pool "base=10.20$n.0.0/16,size=24" \
      </dev/null >"$MH_DIR/$n/dockerd.log" 2>&1 3>&- &
  done
  export MH_SOCK1="$MH_DIR/1/docker.sock" MH_SOCK2="$MH_DIR/2/docker.sock"
  for n in 1 2; do
    _mh_wait 60 on_host "$n" docker version || {
      echo "multihost: dockerd $n did not start: $(tail -n 5 "$MH_DIR/$n/dockerd.log")" >&2
      return 1
    }
  done
  on_host 1 docker swarm init --advertise-addr "$MH_IP1" --listen-addr "$MH_IP1:2377" \
    --default-addr-pool 10.210.0.0/16 >/dev/null || return 1
  on_host 2 docker swarm join --token "$(on_host 1 docker swarm join-token -q manager)" \
    --advertise-addr "$MH_IP2" --listen-addr "$MH_IP2:2377" "$MH_IP1:2377" >/dev/null || return 1
  docker save "$DOKKU_TEST_IMAGE" >"$MH_DIR/image.tar" || return 1
  for n in 1 2; do on_host "$n" docker load -q -i "$MH_DIR/image.tar" >/dev/null || return 1; done
  rm -f "$MH_DIR/image.tar"
}

# multihost_dokku_env <n>: a Dokku tree for host n (test_helper's, with the
# deploy harness), saved for on_host; the caller's environment is left as it was.
multihost_dokku_env() {
  local n=$1
  (
    dokku_env_setup && deploy_harness_install || exit 1
    export -p | grep -E '^declare -x (DOKKU_|PLUGIN_|PATH=)' >"$MH_DIR/env$n"
  )
}

# multihost_down: both daemons and all they ran, the namespaces, the directory.
# Safe to call twice and after a half-done multihost_up.
multihost_down() {
  local n pid
  [[ -n "${MH_DIR:-}" && -d "$MH_DIR" ]] || return 0
  for n in 1 2; do
    [[ -S "$MH_DIR/$n/docker.sock" ]] || continue
    # shellcheck disable=SC2046 # IDs
    on_host "$n" docker rm -f $(on_host "$n" docker ps -aq) >/dev/null 2>&1 || true
    on_host "$n" docker swarm leave --force >/dev/null 2>&1 || true
  done
  for n in 1 2; do
    pid=$(cat "$MH_DIR/$n/docker.pid" 2>/dev/null) || continue
    kill -TERM "$pid" 2>/dev/null || continue
    _mh_wait 20 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
  done
  # whatever a killed daemon left mounted under its roots
  { grep -o " $MH_DIR/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  for n in 1 2; do ip netns del "$MH_NS-$n" 2>/dev/null || true; done
  rm -rf "$MH_DIR"
  MH_DIR=
}
