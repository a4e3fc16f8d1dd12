# shellcheck shell=bash
# Shared by the CLI-pattern baselines: what the original Go plugin does, as the
# docker CLI calls it makes (doc/design.md §6-§8, §12), with the same
# local reads. No subshell or external command beyond the docker CLI and plugn
# calls the original makes, so that the shell adds as little as possible.
DOCKER="${DOCKER_BIN:-docker}"
# CLI_COUNT_FILE: when set, every docker CLI call appends a line to it.
# d runs the CLI as a child of this shell; dx replaces the current (sub)shell
# with it, for $(dx ...), so that a captured call costs one fork and one exec
# as Go's exec.Command does.
d() {
  [[ -z "$CLI_COUNT_FILE" ]] || echo "$*" >>"$CLI_COUNT_FILE"
  "$DOCKER" "$@"
}
dx() {
  [[ -z "$CLI_COUNT_FILE" ]] || echo "$*" >>"$CLI_COUNT_FILE"
  exec "$DOCKER" "$@"
}

# prop <app|--global> <property>: the raw property value, or "" (one read, no fork).
prop() {
  local f="$DOKKU_LIB_ROOT/config/network/$1/$2" v=""
  [[ -f "$f" ]] && IFS= read -r -d '' v <"$f"
  printf -v REPLY '%s' "$v"
}

# computed <app> <property>: app value, else global (6: GetComputed), in REPLY.
computed() {
  prop "$1" "$2"
  [[ -n "$REPLY" ]] || prop --global "$2"
}

# first_line <file>: ReadFirstLine, in REPLY.
first_line() {
  local line
  REPLY=""
  [[ -f "$1" ]] || return 0
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    if [[ -n "$line" ]]; then
      REPLY="$line"
      return 0
    fi
  done <"$1"
}

# inspect <id> <format>: DockerInspect (7): trimmed, one pair of ' removed, in REPLY.
inspect() {
  local out
  out=$(dx inspect --format "$2" "$1") || return 1
  out="${out#"${out%%[![:space:]]*}"}"
  out="${out%"${out##*[![:space:]]}"}"
  out="${out#\'}"
  REPLY="${out%\'}"
}

# container_ip <app> <proc> <cid>: GetContainerIpaddress (§8.3), in REPLY.
container_ip() {
  local app="$1" proc="$2" cid="$3" net
  if [[ "$proc" == "web" ]]; then
    prop "$app" static-web-listener
    if [[ -n "$REPLY" ]]; then
      REPLY="${REPLY%:*}"
      return 0
    fi
  fi
  inspect "$cid" '{{ .HostConfig.NetworkMode }}' || REPLY=""
  if [[ "$REPLY" == "host" ]]; then
    REPLY=127.0.0.1
    return 0
  fi
  computed "$app" initial-network
  net="${REPLY:-bridge}"
  if ! inspect "$cid" "{{ \$network := index .NetworkSettings.Networks \"$net\" }}{{ \$network.IPAddress}}" || [[ -z "$REPLY" ]]; then
    inspect "$cid" '{{ .NetworkSettings.IPAddress }}' || REPLY=""
  fi
}

# network_exists <net>: networkExists (§8.3): `network ls --format json`, parsed.
network_exists() {
  local out
  out=$(dx network ls --format json) || return 1
  [[ "$out" == *"\"Name\":\"$1\""* ]]
}

# attach <cid> <net> <app> <phase> <proc>: attachAppToNetwork (§8.2).
attach() {
  local cid="$1" net="$2" app="$3" phase="$4" proc="$5" nets line alias args=()
  nets=$(dx container inspect --format '{{range $net, $v := .NetworkSettings.Networks}}{{println $net}}{{end}}' "$cid") || nets=""
  while IFS= read -r line; do
    [[ "$line" == "$net" ]] && return 0
  done <<<"$nets"
  if [[ "$phase" == "deploy" ]]; then
    alias="$app.$proc"
    computed "$app" tld
    [[ -n "$REPLY" ]] && alias+=".$REPLY"
    args+=(--alias "$alias")
    if inspect "$cid" '{{ .Config.Hostname }}'; then
      args+=(--alias "$REPLY.$alias")
    fi
  fi
  d network connect "${args[@]}" "$net" "$cid" >/dev/null
}
