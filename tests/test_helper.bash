# shellcheck shell=bash
# Loaded by every tests/*.bats file:  load test_helper
#
# Builds a throwaway Dokku host layout (doc/design.md §1.1) in a temporary tree and puts
# the harness (tests/harness/bin: dokku, plugn) first on PATH. Typical use:
#
#   setup_file()    { dokku_env_setup; }          # one tree per file (or in setup())
#   teardown_file() { dokku_env_teardown; }
#
# Docker safety: every docker object a test creates must be named with
# unique_name "$DOKKU_TEST_PREFIX-..." (apps get such names too), so that the
# cleanup helpers only ever remove objects whose names start with this file's prefix.

TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$TESTS_DIR/.." && pwd)"
HARNESS_DIR="$TESTS_DIR/harness"
# Plugins installed the way core plugins are, in this order (they sort by name anyway).
HARNESS_FIXTURE_PLUGINS=(20_events apps common proxy ps scheduler)
# The busybox image imported by tests/setup (no registry needed).
export DOKKU_TEST_IMAGE="${DOKKU_TEST_IMAGE:-dokku-network-test/busybox:latest}"

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

# unique_name <prefix>: <prefix>-<8 random lowercase hex chars>; valid as an app,
# network or container name.
unique_name() {
  local uuid
  uuid=$(</proc/sys/kernel/random/uuid)
  echo "${1:?unique_name needs a prefix}-${uuid:0:8}"
}

# dokku_env_setup [--without-network]
# Creates a fresh tree, exports the Dokku environment (doc/design.md §1.1 and §2.6) and
# installs the fixture plugins plus the network plugin from
# ${NETWORK_PLUGIN_DIR:-$REPO_ROOT/build/network}, all wired as core plugins.
# Exports DOKKU_TEST_TREE (the tree) and DOKKU_TEST_PREFIX (unique docker name prefix).
dokku_env_setup() {
  local with_network=true plugin src
  [[ "$1" == "--without-network" ]] && with_network=false

  if ! id -u dokku >/dev/null 2>&1; then
    echo "test_helper: user 'dokku' is missing: run tests/setup first" >&2
    return 1
  fi

  DOKKU_TEST_TREE=$(mktemp -d "${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}}/dokku-tree.XXXXXX")
  DOKKU_TEST_PREFIX=$(unique_name dnt)
  export DOKKU_TEST_TREE DOKKU_TEST_PREFIX

  # doc/design.md §1.1
  export DOKKU_ROOT="$DOKKU_TEST_TREE/home/dokku"
  export DOKKU_LIB_ROOT="$DOKKU_TEST_TREE/var/lib/dokku"
  export DOKKU_LIB_PATH="$DOKKU_LIB_ROOT" # what the real dispatcher would honour
  export PLUGIN_PATH="$DOKKU_LIB_ROOT/plugins"
  export PLUGIN_AVAILABLE_PATH="$PLUGIN_PATH/available"
  export PLUGIN_ENABLED_PATH="$PLUGIN_PATH/enabled"
  export PLUGIN_CORE_PATH="$DOKKU_LIB_ROOT/core-plugins"
  export PLUGIN_CORE_AVAILABLE_PATH="$PLUGIN_CORE_PATH/available"
  export PLUGIN_CORE_ENABLED_PATH="$PLUGIN_CORE_PATH/enabled"
  # doc/design.md §2.6, so that direct plugn calls see what the dispatcher would export
  export DOKKU_SYSTEM_USER=dokku DOKKU_SYSTEM_GROUP=dokku
  export DOKKU_HOST_ROOT="$DOKKU_ROOT"
  export DOKKU_LOGS_DIR="$DOKKU_TEST_TREE/var/log/dokku"
  export DOKKU_LOGS_HOST_DIR="$DOKKU_LOGS_DIR"
  export DOKKU_EVENTS_LOGFILE="$DOKKU_LOGS_DIR/events.log"
  export DOCKER_BIN=docker DOKKU_API_VERSION=1 DOKKU_NOT_IMPLEMENTED_EXIT=10 DOKKU_VALID_EXIT=0
  # flags that parse_args would export must not leak in from the caller
  unset DOKKU_QUIET_OUTPUT DOKKU_TRACE DOKKU_APPS_FORCE_DELETE DOKKU_APP_NAME DOKKU_GLOBAL_FLAGS
  case ":$PATH:" in
    *":$HARNESS_DIR/bin:"*) ;;
    *) export PATH="$HARNESS_DIR/bin:$PATH" ;;
  esac

  mkdir -p "$DOKKU_ROOT" "$DOKKU_LIB_ROOT/config" "$DOKKU_LOGS_DIR" \
    "$PLUGIN_AVAILABLE_PATH" "$PLUGIN_ENABLED_PATH" \
    "$PLUGIN_CORE_AVAILABLE_PATH" "$PLUGIN_CORE_ENABLED_PATH"
  : >"$PLUGIN_PATH/config.toml"
  : >"$PLUGIN_CORE_PATH/config.toml"

  for plugin in "${HARNESS_FIXTURE_PLUGINS[@]}"; do
    dokku_install_core_plugin "$HARNESS_DIR/plugins/$plugin" "$plugin" || return 1
  done
  if [[ "$with_network" == "true" ]]; then
    src="${NETWORK_PLUGIN_DIR:-$REPO_ROOT/build/network}"
    if [[ ! -f "$src/plugin.toml" ]]; then
      echo "test_helper: no network plugin at $src (build it first: make)" >&2
      return 1
    fi
    dokku_install_core_plugin "$src" network || return 1
  fi
  chown -R "$DOKKU_SYSTEM_USER:$DOKKU_SYSTEM_GROUP" "$DOKKU_ROOT" "$DOKKU_LIB_ROOT"
}

# dokku_env_teardown: removes this tree's containers and networks (by prefix only)
# and the tree itself (kept when DOKKU_TEST_KEEP_TREE=1, for debugging).
dokku_env_teardown() {
  if [[ -n "$DOKKU_TEST_PREFIX" ]]; then
    cleanup_test_containers "$DOKKU_TEST_PREFIX"
    cleanup_test_networks "$DOKKU_TEST_PREFIX"
  fi
  if [[ -n "$DOKKU_TEST_TREE" && -d "$DOKKU_TEST_TREE" && "$DOKKU_TEST_KEEP_TREE" != "1" ]]; then
    rm -rf "$DOKKU_TEST_TREE"
  fi
}

# dokku_install_core_plugin <source-dir> <name>: doc/design.md §1.1 wiring.
#   core-plugins/available/<name>  real directory (cp -a of the source, plus .core)
#   plugins/available/<name>       -> core-plugins/available/<name>
#   core-plugins/enabled/<name>    -> plugins/available/<name>
#   plugins/enabled/<name>         -> plugins/available/<name>
dokku_install_core_plugin() {
  local src="$1" name="$2"
  cp -a "$src" "$PLUGIN_CORE_AVAILABLE_PATH/$name" || return 1
  : >"$PLUGIN_CORE_AVAILABLE_PATH/$name/.core"
  ln -s "$PLUGIN_CORE_AVAILABLE_PATH/$name" "$PLUGIN_AVAILABLE_PATH/$name"
  ln -s "$PLUGIN_AVAILABLE_PATH/$name" "$PLUGIN_CORE_ENABLED_PATH/$name"
  ln -s "$PLUGIN_AVAILABLE_PATH/$name" "$PLUGIN_ENABLED_PATH/$name"
}

# dokku_install_community_plugin <source-dir> <name>: what plugin:install leaves
# (doc/design.md §1.4): a real directory in plugins/available, enabled by symlink.
dokku_install_community_plugin() {
  local src="$1" name="$2"
  cp -a "$src" "$PLUGIN_AVAILABLE_PATH/$name" || return 1
  ln -s "$PLUGIN_AVAILABLE_PATH/$name" "$PLUGIN_ENABLED_PATH/$name"
}

# make_test_plugin <name> [--community]: a new empty plugin (plugin.toml only),
# installed as core (default) or community. Prints its real directory, to which
# add_hook adds executables.
make_test_plugin() {
  local name="$1" kind="$2" src
  src=$(mktemp -d "$DOKKU_TEST_TREE/plugin-src.XXXXXX")
  printf '[plugin]\ndescription = "test plugin %s"\nversion = "0.0.1"\n[plugin.config]\n' "$name" >"$src/plugin.toml"
  if [[ "$kind" == "--community" ]]; then
    dokku_install_community_plugin "$src" "$name"
  else
    dokku_install_core_plugin "$src" "$name"
  fi
  rm -rf "$src"
  readlink -f "$PLUGIN_ENABLED_PATH/$name"
}

# add_hook <plugin-dir> <relative-path> <bash body>: writes an executable bash
# script (e.g. a trigger "post-create", "commands" or "subcommands/foo").
add_hook() {
  local dir="$1" rel="$2" body="$3"
  mkdir -p "$(dirname "$dir/$rel")"
  printf '#!/usr/bin/env bash\n%s\n' "$body" >"$dir/$rel"
  chmod +x "$dir/$rel"
}

# run_plugn_trigger <trigger> <args...>: plugn with the test environment.
# Use with bats' run:  run run_plugn_trigger network-get-property "$TEST_APP" tld
run_plugn_trigger() {
  plugn trigger "$@"
}

# dokku_core_install: what `dokku plugin:install --core` runs (doc/design.md §1.4): the install
# trigger of every core plugin.
dokku_core_install() {
  PLUGIN_PATH="$PLUGIN_CORE_PATH" plugn trigger install
}

# create_test_app [name]: `dokku apps:create`; sets and exports TEST_APP.
create_test_app() {
  TEST_APP="${1:-$(unique_name "$DOKKU_TEST_PREFIX-app")}"
  export TEST_APP
  dokku apps:create "$TEST_APP"
}

# destroy_test_app [name]: `dokku --force apps:destroy` (default $TEST_APP), if it exists.
destroy_test_app() {
  local app="${1:-$TEST_APP}"
  [[ -n "$app" && -d "$DOKKU_ROOT/$app" ]] || return 0
  dokku --force apps:destroy "$app"
}

_require_prefix() {
  if [[ ${#1} -lt 8 ]]; then
    echo "test_helper: refusing to clean up docker objects with a short prefix '$1'" >&2
    return 1
  fi
}

# cleanup_test_containers [prefix]: force-removes containers whose name, or whose
# com.dokku.app-name label, starts with the prefix (default: $DOKKU_TEST_PREFIX).
cleanup_test_containers() {
  local prefix="${1:-$DOKKU_TEST_PREFIX}" id name app ids=()
  _require_prefix "$prefix" || return 1
  while read -r id name app; do
    if [[ "$name" == "$prefix"* || "$app" == "$prefix"* ]]; then ids+=("$id"); fi
  done < <(docker container ls --all --format '{{.ID}} {{.Names}} {{.Label "com.dokku.app-name"}}' 2>/dev/null)
  if [[ ${#ids[@]} -gt 0 ]]; then docker container rm --force "${ids[@]}" >/dev/null; fi
  return 0
}

# cleanup_test_networks [prefix]: removes networks whose name starts with the
# prefix (default: $DOKKU_TEST_PREFIX); remove the containers first.
cleanup_test_networks() {
  local prefix="${1:-$DOKKU_TEST_PREFIX}" name
  _require_prefix "$prefix" || return 1
  while read -r name; do
    if [[ "$name" == "$prefix"* ]]; then docker network rm "$name" >/dev/null || true; fi
  done < <(docker network ls --format '{{.Name}}' 2>/dev/null)
  return 0
}

# assert_output_contains <text> [count]: like the original suite's helper (9):
# $output contains <text> exactly <count> times (default 1).
# shellcheck disable=SC2154 # $output is set by bats' run
assert_output_contains() {
  local expected="$1" count="${2:-1}" found=0 rest="$output"
  [[ -n "$expected" ]] || fail "assert_output_contains: empty text"
  while [[ "$rest" == *"$expected"* ]]; do
    rest="${rest#*"$expected"}"
    found=$((found + 1))
  done
  [[ "$found" -eq "$count" ]] || fail "expected '$expected' $count time(s), found $found in: $output"
}

# run_split <cmd...>: like `run --separate-stderr`, but keeps the leading
# whitespace of stderr's first line (bats 1.8 trims it, and every Dokku error
# starts with " !"). Sets status, output and stderr.
run_split() {
  local errf="$BATS_TEST_TMPDIR/run_split.stderr"
  output=$("$@" 2>"$errf") && status=0 || status=$?
  stderr=$(<"$errf")
  # shellcheck disable=SC2034 # read by the assertions
  mapfile -t lines <<<"$output"
}
