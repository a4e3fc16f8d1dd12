# shellcheck shell=bash
# The docker-local deploy simulator (doc/design.md §8.4): fixture plugins that play
# Dokku's core during build, deploy and run, with real containers. Use after
# test_helper:
#
#   load test_helper
#   load harness/deploy
#   setup_file() { dokku_env_setup; deploy_harness_install; }
#
# Commands it adds (besides the ps/proxy subcommands that are always there):
#   dokku deploy <app>                         build + release + deploy
#   dokku ps:rebuild <app>                     the same
#   dokku ps:scale <app> <proc>=<n>...         redeploys those process types once deployed
#   dokku run [--env K=V]... <app> <cmd...>    a run container; exits with its status
#   dokku builder:set <app> selected <type>    herokuish (default), dockerfile, pack...
#   dokku docker-options:add|remove <app> <build|deploy|run>[,...] <option...>
#   dokku proxy:build-config <app> / proxy:clear-config <app>
# Every app container runs $DOKKU_TEST_IMAGE: busybox httpd on port 5000 serving
# "<app> <proc> <index>". The app's `proxy` (nginx stand-in) records the web
# listeners in $DOKKU_ROOT/<app>/PROXY_LISTENERS.

# Sorted like Dokku's own plugins of these names (doc/design.md §3).
DEPLOY_FIXTURE_PLUGINS=(00_dokku-standard builder docker-options nginx-vhosts run scheduler-docker-local)

# deploy_harness_install: installs the simulator's fixtures as core plugins into
# the tree of dokku_env_setup (call it right after).
deploy_harness_install() {
  local plugin
  for plugin in "${DEPLOY_FIXTURE_PLUGINS[@]}"; do
    dokku_install_core_plugin "$HARNESS_DIR/plugins/$plugin" "$plugin" || return 1
    chown -R "$DOKKU_SYSTEM_USER:$DOKKU_SYSTEM_GROUP" "$PLUGIN_CORE_AVAILABLE_PATH/$plugin"
  done
}

# app_container_id <app> <proc> <index>: the ID in $DOKKU_ROOT/<app>/CONTAINER.<proc>.<index>.
app_container_id() {
  head -n 1 "$DOKKU_ROOT/$1/CONTAINER.$2.$3"
}

# container_http <container> [<network>] [<path>]: what the container serves on
# port 5000, fetched with wget from a throwaway container on <network> (default
# bridge; for a host-mode container, from the host network at 127.0.0.1).
container_http() {
  local target="$1" net="${2:-bridge}" path="${3:-/}" mode ip client
  client=$(unique_name "$DOKKU_TEST_PREFIX-client")
  mode=$(docker container inspect --format '{{.HostConfig.NetworkMode}}' "$target") || return 1
  if [[ "$mode" == "host" ]]; then
    net=host ip=127.0.0.1
  else
    ip=$(docker container inspect --format "{{with index .NetworkSettings.Networks \"$net\"}}{{.IPAddress}}{{end}}" "$target") || return 1
    [[ -n "$ip" ]] || {
      echo "container_http: $target has no address on $net" >&2
      return 1
    }
  fi
  # (busybox wget -T crashes in this image: the timeout is on the host side)
  timeout 30 docker container run --rm --name "$client" --network "$net" "$DOKKU_TEST_IMAGE" \
    wget -q -O - "http://$ip:5000$path"
}

# ---- what tests ask of the daemon about the containers ----------------------------

# app_containers [filter...]: names of TEST_APP's containers, sorted, one line.
app_containers() {
  docker container ls --all --filter "label=com.dokku.app-name=$TEST_APP" "$@" --format '{{.Names}}' | LC_ALL=C sort | xargs
}

# networks_of <container>: the networks it is on, sorted, one line.
networks_of() {
  docker container inspect --format '{{range $k, $v := .NetworkSettings.Networks}}{{println $k}}{{end}}' "$1" |
    LC_ALL=C sort | xargs
}

# aliases_on <container> <network>: its aliases on that network, sorted, one line ("" if not on it).
aliases_on() {
  docker container inspect --format "{{with index .NetworkSettings.Networks \"$2\"}}{{range .Aliases}}{{println .}}{{end}}{{end}}" "$1" |
    LC_ALL=C sort | xargs
}

# ip_on <container> <network>: its IPv4 address on that network ("" if not on it).
ip_on() {
  docker container inspect --format "{{with index .NetworkSettings.Networks \"$2\"}}{{.IPAddress}}{{end}}" "$1"
}

# sorted_words <word>...: the words, byte-sorted, one line.
sorted_words() {
  printf '%s\n' "$@" | LC_ALL=C sort | xargs
}

# assert_dokku_aliases <container> <network> <app> <proc> [<tld>]: the container is on
# the network with both aliases, <app>.<proc>[.<tld>] and <hostname>.<app>.<proc>[.<tld>].
assert_dokku_aliases() {
  local cid="$1" net="$2" alias="$3.$4${5:+.$5}" host aliases
  host=$(docker container inspect --format '{{.Config.Hostname}}' "$cid")
  [[ -n "$host" ]] || fail "$cid has no hostname"
  aliases=" $(aliases_on "$cid" "$net") "
  [[ "$aliases" == *" $alias "* && "$aliases" == *" $host.$alias "* ]] ||
    fail "$cid on $net: expected the aliases '$alias' and '$host.$alias', found '$aliases'"
}

# on_network <network> <script> [<arg>...]: runs the sh script in a throwaway
# container on the network; prints what it prints.
on_network() {
  local net="$1" script="$2"
  shift 2
  timeout 60 docker container run --rm --name "$(unique_name "$DOKKU_TEST_PREFIX-client")" \
    --network "$net" "$DOKKU_TEST_IMAGE" sh -c "$script" sh "$@"
}
