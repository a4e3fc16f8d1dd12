#!/usr/bin/env bats
# Tests of the test harness itself (dispatcher, plugn, fixture plugins). They use
# only throwaway plugins made inside each test's tree, never build/network.
load test_helper

setup() {
  dokku_env_setup --without-network
  # A core plugin `fake` whose executables report what they received.
  FAKE=$(make_test_plugin fake)
  add_hook "$FAKE" subcommands/args 'printf "[%s]" "$@"; echo'
  add_hook "$FAKE" subcommands/env 'echo "quiet=${DOKKU_QUIET_OUTPUT-unset} force=${DOKKU_APPS_FORCE_DELETE-unset} app=${DOKKU_APP_NAME-unset} flags=${DOKKU_GLOBAL_FLAGS-unset}"'
  add_hook "$FAKE" subcommands/argv0 'echo "$0"'
  add_hook "$FAKE" subcommands/default 'echo "default:$*"'
  # A trigger logger, sorted last: logs "<trigger> [arg]..." for lifecycle triggers.
  LOG="$DOKKU_TEST_TREE/triggers.log"
  export LOG
  LOGGER=$(make_test_plugin zz-logger)
  add_hook "$LOGGER" hook 'printf "%s" "${0##*/}" >>"$LOG"; printf " [%s]" "$@" >>"$LOG"; echo >>"$LOG"'
  local t
  for t in post-create pre-delete scheduler-stop scheduler-post-delete post-delete scheduler-retire \
    post-app-clone-setup post-app-clone post-app-rename-setup post-app-rename; do
    ln -s hook "$LOGGER/$t"
  done
}

teardown() {
  dokku_env_teardown
}

# ---- layout (doc/design.md §1.1) --------------------------------------------------

@test "(harness) plugins are wired like core plugins" {
  run readlink -f "$PLUGIN_ENABLED_PATH/apps"
  assert_output "$PLUGIN_CORE_AVAILABLE_PATH/apps"
  run readlink "$PLUGIN_AVAILABLE_PATH/apps"
  assert_output "$PLUGIN_CORE_AVAILABLE_PATH/apps"
  run readlink "$PLUGIN_CORE_ENABLED_PATH/apps"
  assert_output "$PLUGIN_AVAILABLE_PATH/apps"
  [[ ! -e "$PLUGIN_ENABLED_PATH/network" ]]
  grep -qx '\[plugin.config\]' "$PLUGIN_CORE_AVAILABLE_PATH/scheduler/plugin.toml"
}

# ---- dispatcher (doc/design.md §2) ------------------------------------------------

@test "(dokku) subcommand gets argv[0] under enabled/ and the command as argv[1]" {
  run dokku fake:args a "b c"
  assert_success
  assert_output "[fake:args][a][b c]"
  run dokku fake:argv0
  assert_output "$PLUGIN_ENABLED_PATH/fake/subcommands/argv0"
  run dokku fake
  assert_output "default:fake"
}

@test "(dokku) --quiet anywhere is exported, leading global flags are removed" {
  run dokku --quiet fake:env
  assert_output "quiet=1 force=unset app=unset flags=--quiet"
  run dokku fake:env --force
  assert_output "quiet=unset force=1 app=unset flags=--force"
  run dokku --quiet --force --global fake:args x --quiet
  assert_output "[fake:args][x][--quiet]"
  run dokku --app
  assert_failure
}

@test "(dokku) no TTY makes only the dispatcher quiet, not the plugins" {
  DOKKU_DISABLE_TTY=true run dokku fake:env
  assert_output "quiet=unset force=unset app=unset flags="
  DOKKU_DISABLE_TTY=true run dokku help
  refute_output --partial "Usage: dokku"
  DOKKU_FORCE_TTY=true run dokku help
  assert_output --partial "Usage: dokku [--quiet|--trace|--force] COMMAND <app> [command-specific-options]"
}

@test "(dokku) --app is inserted for core plugins only" {
  run dokku --app myapp fake:args --format json
  assert_output "[fake:args][myapp][--format][json]"
  run dokku fake:env --app myapp
  assert_output "quiet=unset force=unset app=myapp flags=--app"

  local comm
  comm=$(make_test_plugin comm --community)
  add_hook "$comm" subcommands/args 'printf "[%s]" "$@"; echo "$DOKKU_APP_NAME"'
  run dokku --app myapp comm:args x
  assert_output "[comm:args][x]myapp"
}

@test "(dokku) unknown command: both messages on stderr, exit 1" {
  # (stderr goes to a file: bats 1.8's $stderr loses the leading space)
  run bash -c 'dokku nosuch:thing a b 2>"$DOKKU_TEST_TREE/stderr"'
  assert_failure 1
  assert_output ""
  run cat "$DOKKU_TEST_TREE/stderr"
  assert_output ' !     `nosuch:thing a b` is not a dokku command.
 !     See `dokku help` for a list of available commands.'
}

@test "(dokku) commands fallback: 10 declines, 0 goes on, other codes exit at once" {
  local a b
  a=$(make_test_plugin fa)
  b=$(make_test_plugin fb)
  add_hook "$a" commands 'case "$1" in fa:hi) echo "a:$*";; fa:boom) exit 7;; *) exit 10;; esac'
  add_hook "$b" commands 'echo "b saw $1" >>"$LOG"; case "$1" in fa:hi) echo "b:$*";; *) exit "$DOKKU_NOT_IMPLEMENTED_EXIT";; esac'
  add_hook "$a" subcommands/off 'echo not executable'
  chmod -x "$a/subcommands/off"

  run dokku fa:hi x
  assert_success
  assert_output $'a:fa:hi x\nb:fa:hi x'
  run dokku fa:boom
  assert_failure 7
  run cat "$LOG"
  assert_output "b saw fa:hi"
  run dokku fa:off
  assert_failure 1
  assert_output --partial '`fa:off` is not a dokku command.'
}

@test "(dokku) version" {
  run dokku version
  assert_output "dokku version 0.38.27"
  run dokku --version
  assert_output "dokku version 0.38.27"
}

@test "(dokku) help --all reaches commands help with --all in the parent command line" {
  local comm
  add_hook "$FAKE" commands 'if [[ "$1" == help ]]; then ps -o command= "$PPID" >"$DOKKU_TEST_TREE/parent"; echo "    fake:cmd <x>, Fake command"; echo "    fake, Fake plugin"; else exit 10; fi'
  comm=$(make_test_plugin comm --community)
  add_hook "$comm" commands '[[ "$1" == help ]] && echo "    comm, Community plugin" || exit 10'

  DOKKU_FORCE_TTY=true run dokku help --all
  assert_success
  run cat "$DOKKU_TEST_TREE/parent"
  assert_output --regexp "harness/bin/dokku help --all$"
  DOKKU_FORCE_TTY=true run dokku help --all
  assert_output --partial "Commands:"
  assert_output --regexp "fake:cmd <x> +Fake command"
  assert_output --regexp "apps:create <app> +Create a new app"
  assert_output --regexp $'Community plugin commands:\n\n    comm +Community plugin'

  DOKKU_FORCE_TTY=true run dokku help
  run cat "$DOKKU_TEST_TREE/parent"
  assert_output --regexp "harness/bin/dokku help$"
  DOKKU_FORCE_TTY=true run dokku help
  refute_output --partial "fake:cmd"
  refute_output --partial "apps:create"
  assert_output --regexp "    fake +Fake plugin"
  assert_output --regexp "    apps +Manage apps"
}

# ---- plugn (doc/design.md §3) ------------------------------------------------------

@test "(plugn) PLUGIN_PATH is required" {
  PLUGIN_PATH= run plugn trigger anything
  assert_failure 2
  assert_output "!! PLUGIN_PATH is not set in environment"
}

@test "(plugn) hooks run in glob order with argv[0] under enabled/, exit 0" {
  local p
  for p in b-plug a-plug 10_num; do
    p=$(make_test_plugin "$p")
    add_hook "$p" order-test 'echo "${0#$PLUGIN_PATH/} $*"'
  done
  run plugn trigger order-test x "y z"
  assert_success
  assert_output $'enabled/10_num/order-test x y z\nenabled/a-plug/order-test x y z\nenabled/b-plug/order-test x y z'
}

@test "(plugn) stops at the first failing hook with its exit code" {
  local a b
  a=$(make_test_plugin a-plug)
  b=$(make_test_plugin b-plug)
  add_hook "$a" fail-test 'echo a; exit 3'
  add_hook "$b" fail-test 'echo b'
  run plugn trigger fail-test
  assert_failure 3
  assert_output "a"
}

@test "(plugn) non-executable hook: message on stderr, skipped; dangling link skipped" {
  local a b c
  a=$(make_test_plugin a-plug)
  b=$(make_test_plugin b-plug)
  c=$(make_test_plugin c-plug)
  add_hook "$a" nx-test 'echo a'
  chmod -x "$a/nx-test"
  add_hook "$b" nx-test 'echo b'
  ln -s does-not-exist "$c/nx-test"
  run bash -c 'plugn trigger nx-test 2>"$DOKKU_TEST_TREE/stderr"'
  assert_success
  assert_output "b"
  run cat "$DOKKU_TEST_TREE/stderr"
  assert_output "Trigger 'nx-test' is not executable, skipping plugin (a-plug)"
}

@test "(plugn) hooks share stdin; no implementer means exit 0 and no output" {
  local a b
  a=$(make_test_plugin a-plug)
  b=$(make_test_plugin b-plug)
  add_hook "$a" stdin-test 'echo "a:$(cat)"'
  add_hook "$b" stdin-test 'echo "b:$(cat)"'
  run bash -c 'printf "input" | plugn trigger stdin-test'
  assert_success
  assert_output $'a:input\nb:'
  run plugn trigger nobody-implements-this
  assert_success
  assert_output ""
}

# ---- apps fixture (doc/design.md §7, §8.4 "App lifecycle") -------------------------------

@test "(apps) create: name rules, message, post-create, duplicate" {
  local app
  app=$(unique_name "$DOKKU_TEST_PREFIX-app")
  run dokku apps:create "$app"
  assert_success
  assert_output "-----> Creating $app..."
  [[ -d "$DOKKU_ROOT/$app" ]]
  run cat "$LOG"
  assert_output "post-create [$app]"
  run dokku apps:create "$app"
  assert_failure 1
  assert_output " !     Name is already taken"
  run dokku apps:create Bad_Name
  assert_failure 1
  assert_output " !     App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens"
  run dokku --quiet apps:create "$app-2"
  assert_success
  assert_output ""
}

@test "(apps) destroy: confirmation, trigger order, containers removed by label" {
  create_test_app
  : >"$LOG"
  run dokku apps:destroy "$TEST_APP" </dev/null
  assert_failure 1
  assert_output --partial " !     EOF"
  [[ -d "$DOKKU_ROOT/$TEST_APP" ]]
  run bash -c 'echo wrong | dokku apps:destroy "$TEST_APP"'
  assert_failure 1
  assert_output --partial "Confirmation did not match test. Aborted."

  local cname="$TEST_APP.web.1"
  docker container create --name "$cname" --label "com.dokku.app-name=$TEST_APP" "$DOKKU_TEST_IMAGE" true >/dev/null
  run bash -c 'echo "$TEST_APP" | dokku apps:destroy "$TEST_APP"'
  assert_success
  assert_output --partial "-----> Destroying $TEST_APP (including all add-ons)"
  [[ ! -e "$DOKKU_ROOT/$TEST_APP" ]]
  run docker container inspect "$cname"
  assert_failure
  run cat "$LOG"
  assert_output "pre-delete [$TEST_APP] []
scheduler-stop [docker-local] [$TEST_APP] [true]
scheduler-post-delete [docker-local] [$TEST_APP] []
post-delete [$TEST_APP] []
scheduler-retire [docker-local] [$TEST_APP]"

  create_test_app
  run dokku --force apps:destroy "$TEST_APP"
  assert_success
  run dokku apps:destroy "$TEST_APP" --force
  assert_failure 20
  assert_output " !     App $TEST_APP does not exist"
}

@test "(apps) clone fires post-create new, post-app-clone-setup, post-app-clone" {
  create_test_app
  local old="$TEST_APP" new="$TEST_APP-clone"
  : >"$LOG"
  run dokku apps:clone "$old" "$new"
  assert_success
  [[ -d "$DOKKU_ROOT/$old" && -d "$DOKKU_ROOT/$new" ]]
  run cat "$LOG"
  assert_output "post-create [$new]
post-app-clone-setup [$old] [$new]
post-app-clone [$old] [$new]"
  run dokku apps:clone "$old" "$new"
  assert_failure
  assert_output " !     Name is already taken"
}

@test "(apps) rename: post-create new, rename-setup, destroy old, post-app-rename" {
  create_test_app
  local old="$TEST_APP" new="$TEST_APP-new"
  : >"$LOG"
  run dokku apps:rename "$old" "$new"
  assert_success
  [[ ! -e "$DOKKU_ROOT/$old" && -d "$DOKKU_ROOT/$new" ]]
  run cat "$LOG"
  assert_output "post-create [$new]
post-app-rename-setup [$old] [$new]
pre-delete [$old] []
scheduler-stop [docker-local] [$old] [true]
scheduler-post-delete [docker-local] [$old] []
post-delete [$old] []
scheduler-retire [docker-local] [$old]
post-app-rename [$old] [$new]"
}

@test "(apps) list: header, sorted names, the UnfilteredDokkuApps rule" {
  run dokku apps:list
  assert_success
  assert_output " !     You haven't deployed any applications yet"
  mkdir "$DOKKU_ROOT/b-app" "$DOKKU_ROOT/a.app" "$DOKKU_ROOT/.hidden" "$DOKKU_ROOT/Upper" "$DOKKU_ROOT/c_old"
  : >"$DOKKU_ROOT/VHOST"
  ln -s "$DOKKU_ROOT/b-app" "$DOKKU_ROOT/link-app"
  run dokku apps:list
  assert_output $'=====> My Apps\na.app\nb-app\nc_old\nlink-app'
  run dokku --quiet apps:list
  assert_output $'a.app\nb-app\nc_old\nlink-app'
}

# ---- ps, proxy, scheduler, common fixtures ---------------------------------------------

@test "(ps) ps-current-scale: default web=1, sorted, no trailing newline" {
  create_test_app
  run plugn trigger ps-current-scale "$TEST_APP"
  assert_output "web=1"
  run dokku ps:scale "$TEST_APP" worker=2 web=3 a-proc=0
  assert_success
  [[ "$(run_plugn_trigger ps-current-scale "$TEST_APP"; echo x)" == $'a-proc=0\nweb=3\nworker=2x' ]]
  run stat -c %a "$DOKKU_LIB_ROOT/config/ps/$TEST_APP/scale"
  assert_output "600"
  run dokku ps:scale "$TEST_APP" web=1
  [[ "$(run_plugn_trigger ps-current-scale "$TEST_APP"; echo x)" == $'a-proc=0\nweb=1\nworker=2x' ]]
  run dokku ps:scale "$TEST_APP" web
  assert_failure
}

@test "(proxy) proxy-is-enabled prints true/false and exits 0" {
  create_test_app
  run run_plugn_trigger proxy-is-enabled "$TEST_APP"
  assert_success
  assert_output "true"
  mkdir -p "$DOKKU_LIB_ROOT/config/proxy/$TEST_APP"
  : >"$DOKKU_LIB_ROOT/config/proxy/$TEST_APP/disabled"
  run run_plugn_trigger proxy-is-enabled "$TEST_APP"
  assert_success
  assert_output "false"
}

@test "(scheduler) scheduler-detect and scheduler-is-deployed" {
  create_test_app
  local dir="$DOKKU_LIB_ROOT/config/scheduler"
  run run_plugn_trigger scheduler-detect "$TEST_APP"
  assert_output "docker-local"
  mkdir -p "$dir/--global" "$dir/$TEST_APP"
  printf 'k3s' >"$dir/--global/selected"
  run run_plugn_trigger scheduler-detect "$TEST_APP"
  assert_output "k3s"
  run run_plugn_trigger scheduler-detect --global
  assert_output "k3s"
  printf 'docker-local' >"$dir/$TEST_APP/selected"
  run run_plugn_trigger scheduler-detect "$TEST_APP"
  assert_output "docker-local"

  run run_plugn_trigger scheduler-is-deployed docker-local "$TEST_APP"
  assert_failure 1
  echo cid >"$DOKKU_ROOT/$TEST_APP/CONTAINER.web.1"
  run run_plugn_trigger scheduler-is-deployed docker-local "$TEST_APP"
  assert_success
  run run_plugn_trigger scheduler-is-deployed k3s "$TEST_APP"
  assert_failure 1
}

@test "(common) core-post-deploy writes deployed=true, 0600, no newline" {
  create_test_app
  run run_plugn_trigger core-post-deploy "$TEST_APP" "" "" latest
  assert_success
  local f="$DOKKU_LIB_ROOT/config/common/$TEST_APP/deployed"
  [[ "$(cat "$f"; echo x)" == "truex" ]]
  run stat -c '%a %U:%G' "$f"
  assert_output "600 dokku:dokku"
}

@test "(helper) cleanup only touches docker objects with this tree's prefix" {
  local mine other
  mine=$(unique_name "$DOKKU_TEST_PREFIX-net")
  other=$(unique_name "dnt-other")
  docker network create "$mine" >/dev/null
  docker network create "$other" >/dev/null
  cleanup_test_networks
  run docker network inspect "$mine"
  assert_failure
  run docker network inspect "$other"
  assert_success
  docker network rm "$other" >/dev/null
  run cleanup_test_networks dnt
  assert_failure
  assert_output --partial "refusing"
}

@test "(helper) NETWORK_PLUGIN_DIR is installed as core plugin network (doc/design.md §1.1, §1.3 layout)" {
  # A stand-in build output with the layout of doc/design.md §1.3: multi-call programs,
  # relative symlinks for subcommands and root-level triggers.
  local build="$BATS_TEST_TMPDIR/fake-build/network"
  mkdir -p "$build/subcommands"
  printf '[plugin]\ndescription = "dokku core network plugin"\nversion = "0.38.27"\n[plugin.config]\n' >"$build/plugin.toml"
  add_hook "$build" commands 'exit 10'
  add_hook "$build" subcommands/subcommands 'echo "sub ${0##*/} $*"'
  add_hook "$build" triggers 'echo "trigger ${0##*/} $*"'
  ln -s subcommands "$build/subcommands/list"
  ln -s triggers "$build/network-get-property"

  dokku_env_teardown
  NETWORK_PLUGIN_DIR="$build" dokku_env_setup
  run readlink -f "$PLUGIN_ENABLED_PATH/network"
  assert_output "$PLUGIN_CORE_AVAILABLE_PATH/network"
  run readlink "$PLUGIN_CORE_AVAILABLE_PATH/network/network-get-property"
  assert_output "triggers"
  run dokku --app myapp network:list --format json
  assert_output "sub list network:list myapp --format json"
  run run_plugn_trigger network-get-property myapp tld
  assert_output "trigger network-get-property myapp tld"
}

@test "(helper) dokku_env_setup fails clearly without a built network plugin" {
  dokku_env_teardown
  NETWORK_PLUGIN_DIR="$BATS_TEST_TMPDIR/nothing-here" run dokku_env_setup
  assert_failure
  assert_output --partial "no network plugin at $BATS_TEST_TMPDIR/nothing-here"
}
