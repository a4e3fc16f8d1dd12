#!/usr/bin/env bats
# Bad-input matrix (issue 5): every subcommand and every trigger, called directly
# (subcommands as `<path> network:<name> args...`, triggers as `<path> args...`)
# and some through `dokku` and `plugn trigger`, with missing, empty, extra and
# over-long arguments, hostile names, invalid properties, values and flags,
# nonexistent apps and networks, and property files that are directories,
# unreadable, huge or garbage.
#
# Every case must: exit non-zero below 128 with exactly one " !     " line on stderr
# (or pflag's usage block + error line with exit 2, or Go flag's error with exit 2
# for triggers), or be a documented success with exact output; never hang; never
# contact the Docker daemon before refusing (DOCKER_HOST points at a missing
# socket); and leave the whole test tree (DOKKU_ROOT, DOKKU_LIB_ROOT) unchanged:
# after every case its paths, types, modes, owners, sizes and nanosecond mtimes
# and ctimes (which move on any write) are compared, and the sha256 of every file
# at the start and end of every test (every case with HX_HASH_EACH_CASE=1); see
# tests/lib-hardening/matrix.bash. The last test prints how many cases ran.
# The tests before the summary are the bugs the matrix found, fixed since.
#
# Documented successes (doc/design.md §8.1, §6, §5.2; README) checked with exact output:
#   - triggers ignore extra arguments (Go triggers read only the positions they use);
#   - `install` takes no arguments and is idempotent;
#   - `post-container-create` with a container type other than `app` does nothing;
#   - for a valid but nonexistent app, the triggers that do not verify the app
#     (doc/design.md §8.1: network-get-property "The app is not validated") answer from
#     the (empty) properties: core-post-deploy, post-deploy, network-build-config,
#     network-clear-config and post-delete do nothing; network-config-exists prints
#     `false`; network-get-listeners, network-get-static-listeners and
#     network-get-property print an empty line (or the global value);
#     docker-args-process-* copy stdin; post-app-clone-setup from it clones nothing;
#   - docker-args-process-* ignore the source type (only `dockerfile` matters);
#   - network-get-listeners with no process type warns (Deprecated) and uses web;
#   - -h / --help print the usage block and exit 0;
#   - a property file that cannot be read (directory, unreadable, over 1 MiB) reads
#     as empty with one " !     Unable to read network property <app>.<prop>"
#     warning per read (doc/design.md §6, PropertyGet; a report reads each property
#     once), exit 0;
#   - property files are read raw (doc/design.md §6): garbage is reported as it is.

# shellcheck disable=SC2154 # hx_* variables are set by tests/lib-hardening
load test_helper
load lib-hardening/matrix

TRIGGERS=(core-post-deploy docker-args-process-build docker-args-process-deploy docker-args-process-run
  install network-build-config network-clear-config network-config-exists network-get-ipaddr
  network-get-listeners network-get-property network-get-static-listeners network-write-ipaddr
  network-write-port post-app-clone-setup post-app-rename-setup post-container-create post-delete
  post-deploy report)
SUBCOMMANDS=(create destroy ensure exists export import info list rebuild rebuildall report set watch)

LONG_A=$(printf '%10000s' '' | tr ' ' a)       # 10 000 valid characters
LONG_SLASH=$(printf '%10000s' '' | tr ' ' /)   # 10 000 slashes
LONG_DOTS=$(printf '%3334s' '' | sed 's| |../|g')     # 10 002 characters of ../

# Names that are neither app names nor network names (a leading '-' is handled
# separately: it is a flag where flags are parsed).
BAD_NAMES=(
  / ../x .. "$LONG_SLASH" "a b" $'a\nb' $'a\tb' $'a\x01b' $'\x1b[31mred' .hidden "a;b" "é" $'a\xff'
)
# App names only: upper case is a valid network name and process type.
BAD_APPS=("${BAD_NAMES[@]}" UPPER "$LONG_A")
BAD_NETWORKS=("${BAD_NAMES[@]}" "$LONG_A")
# Process types: letters, digits, '_' and '-' (procfile-util), at most 64.
BAD_PROCS=("${BAD_NAMES[@]}" "$LONG_A" web.1)
BAD_INDEXES=(0 01 -1 +1 1.5 x 100000 99999999999999999999 "1 " " 1" $'1\n' 1/2 ../1 "$LONG_A")
BAD_IPS=(x 1.2.3 1.2.3.4.5 256.1.1.1 "1.2.3.4 " 1.2.3.4/24 ::g "[::1]" $'1.2.3.4\n' ../x "$LONG_A")
BAD_PORTS=(0 -1 x 65536 99999 080 "80 " " 80" 1.5 $'80\n' ../80 "$LONG_A")
BAD_PROPERTIES=(nope TLD tld. tld/x ../tld network-tld --tld "tld " $'tld\n' "$LONG_A" / .. "a b")

setup_file() {
  hx_env_setup
  create_test_app >/dev/null
  OTHER_APP=$(unique_name "$DOKKU_TEST_PREFIX-other")
  export OTHER_APP
  dokku apps:create "$OTHER_APP" >/dev/null
  export MISSING_APP="$DOKKU_TEST_PREFIX-missing"
  export APP_DIR="$DOKKU_LIB_ROOT/config/network/$TEST_APP"
  export GLOBAL_DIR="$DOKKU_LIB_ROOT/config/network/--global"
  # what a deployed, configured app looks like on disk
  mkdir -p "$APP_DIR" "$GLOBAL_DIR"
  printf 'seed-create' >"$APP_DIR/attach-post-create"
  printf 'seed-deploy' >"$APP_DIR/attach-post-deploy"
  printf 'seed-initial' >"$APP_DIR/initial-network"
  printf 'seed.test' >"$APP_DIR/tld"
  printf 'global.test' >"$GLOBAL_DIR/tld"
  chmod 0600 "$APP_DIR"/* "$GLOBAL_DIR"/*
  printf '172.17.0.5' >"$DOKKU_ROOT/$TEST_APP/IP.web.1"
  printf '5000' >"$DOKKU_ROOT/$TEST_APP/PORT.web.1"
  chown -R dokku:dokku "$DOKKU_ROOT" "$DOKKU_LIB_ROOT/config"
  # install writes bind-all-interfaces once; afterwards it must change nothing
  "$PLUGIN_ENABLED_PATH/network/install" >/dev/null
}

teardown_file() {
  hx_env_teardown
}

# ---- coverage -------------------------------------------------------------------------

@test "(bad input) the matrix covers every subcommand and trigger the plugin ships" {
  local f found=()
  for f in "$HX_PLUGIN"/*; do
    [[ -f "$f" && -x "$f" && "${f##*/}" != commands ]] && found+=("${f##*/}")
  done
  assert_equal "${found[*]}" "$(printf '%s\n' "${TRIGGERS[@]}" | LC_ALL=C sort | xargs)"
  found=()
  for f in "$HX_SUB"/*; do found+=("${f##*/}"); done
  assert_equal "${found[*]}" "$(printf '%s\n' "${SUBCOMMANDS[@]}" | LC_ALL=C sort | xargs)"
}

@test "(bad input) the harness catches a hang, a crash, a bad stderr, exit 0 and a change on disk" {
  local HX_TIMEOUT=2 expected=() i # before hx_begin: its watchdog reads it
  hx_begin
  hx_fail sleep 60
  expected+=(HANG)
  hx_fail bash -c 'kill -SEGV $$'
  expected+=(CRASH)
  hx_fail bash -c 'printf " !     one\n !     two\n" >&2; exit 1'
  expected+=("STDERR: more than one line")
  hx_fail bash -c 'echo "no prefix" >&2; exit 1'
  expected+=("STDERR: not one")
  hx_fail bash -c 'echo " !     fine" >&2; exit 0'
  expected+=("EXIT 0")
  hx_fail bash -c 'echo " !     Cannot connect to $DOCKER_HOST" >&2; exit 1'
  expected+=(DAEMON)
  hx_fail bash -c "touch '$DOKKU_LIB_ROOT/config/stray'; echo ' !     x' >&2; exit 1"
  expected+=(STATE)
  hx_fail bash -c "touch '$APP_DIR/tld'; echo ' !     x' >&2; exit 1" # same content, new mtime
  expected+=(STATE)
  hx_ok "" "" bash -c 'echo out'
  expected+=(STDOUT)
  hx_goflag bash -c 'echo "flag provided but not defined: -x" >&2; exit 2'
  expected+=("STDERR: expected Go")
  rm -f "$DOKKU_LIB_ROOT/config/stray"
  [[ ${#HX_FAILURES[@]} -eq ${#expected[@]} ]] ||
    fail "expected ${#expected[@]} failures, got ${#HX_FAILURES[@]}: $(printf '%s\n' "${HX_FAILURES[@]}")"
  for ((i = 0; i < ${#expected[@]}; i++)); do
    [[ "${HX_FAILURES[i]}" == *"${expected[i]}"* ]] || fail "case $i: expected ${expected[i]} in: ${HX_FAILURES[i]}"
  done
  HX_FAILURES=()
  hx_end
}

# ---- subcommands -------------------------------------------------------------------

@test "(bad input) subcommands: missing, empty, extra and over-long arguments" {
  hx_begin
  local s="$HX_SUB"
  # missing
  for cmd in create destroy exists info rebuild set; do
    hx_fail "$s/$cmd" "network:$cmd"
  done
  hx_fail "$s/set" network:set "$TEST_APP"
  hx_fail "$s/set" network:set --global
  # empty
  for cmd in create destroy ensure exists info rebuild; do
    hx_fail "$s/$cmd" "network:$cmd" ""
  done
  hx_fail "$s/destroy" network:destroy --force ""
  hx_fail "$s/ensure" network:ensure "$DOKKU_TEST_PREFIX-net" ""
  hx_fail "$s/create" network:create --adopt ""
  # named but not recorded: refused before the daemon is asked
  hx_fail "$s/ensure" network:ensure "$DOKKU_TEST_PREFIX-net"
  # an empty app is no app: every app's value, one per line (doc/design.md §5.2)
  hx_ok "seed.test" "" "$s/report" network:report "" --network-tld
  hx_fail "$s/set" network:set "" tld x.test
  hx_fail "$s/set" network:set "$TEST_APP" "" x.test
  hx_fail "$s/set" network:set --global "" x.test
  # extra (doc/differences.md: "Too many arguments"); an empty last value of network:set
  # is not extra: it means "unset", as in Dokku
  for extra in extra "" "$LONG_A" "$LONG_SLASH"; do
    hx_fail "$s/create" network:create "$DOKKU_TEST_PREFIX-net" "$extra"
    hx_fail "$s/destroy" network:destroy --force "$DOKKU_TEST_PREFIX-net" "$extra"
    hx_fail "$s/exists" network:exists "$DOKKU_TEST_PREFIX-net" "$extra"
    hx_fail "$s/info" network:info "$DOKKU_TEST_PREFIX-net" "$extra"
    hx_fail "$s/list" network:list "$extra"
    hx_fail "$s/rebuild" network:rebuild "$TEST_APP" "$extra"
    hx_fail "$s/rebuildall" network:rebuildall "$extra"
    hx_fail "$s/report" network:report "$TEST_APP" "$extra"
    hx_fail "$s/report" network:report --global "$extra"
    hx_fail "$s/watch" network:watch --once "$extra"
    hx_fail "$s/export" network:export "$extra"
    hx_fail "$s/import" network:import "$extra"
    hx_fail "$s/create" network:create --adopt "$DOKKU_TEST_PREFIX-net" "$extra"
    [[ -n "$extra" ]] || continue
    hx_fail "$s/set" network:set "$TEST_APP" tld x.test "$extra"
    hx_fail "$s/set" network:set "$TEST_APP" bind-all-interfaces true "$extra"
    hx_fail "$s/set" network:set "$TEST_APP" initial-network "$DOKKU_TEST_PREFIX-net" "$extra"
    hx_fail "$s/set" network:set "$TEST_APP" static-web-listener 127.0.0.1:80 "$extra"
    hx_fail "$s/set" network:set "$TEST_APP" tld x.test "$extra" ""
  done
  # over-long
  for long in "$LONG_A" "$LONG_SLASH" "$LONG_DOTS"; do
    for cmd in create destroy ensure exists info rebuild; do
      hx_fail "$s/$cmd" "network:$cmd" "$long"
    done
    hx_fail "$s/ensure" network:ensure "$DOKKU_TEST_PREFIX-net" "$long"
    hx_fail "$s/create" network:create --adopt "$long"
    hx_fail "$s/info" network:info "$DOKKU_TEST_PREFIX-net" --format "$long"
    hx_fail "$s/list" network:list --format "$long"
    hx_fail "$s/report" network:report "$long"
    hx_fail "$s/report" network:report "$TEST_APP" "--$long"
    hx_fail "$s/report" network:report "$TEST_APP" --format "$long"
    hx_fail "$s/set" network:set "$long" tld x.test
    hx_fail "$s/set" network:set "$TEST_APP" "$long" x.test
    hx_fail "$s/set" network:set "$TEST_APP" tld "$long"
    hx_fail "$s/set" network:set "$TEST_APP" attach-post-create "$long"
    hx_fail "$s/set" network:set "$TEST_APP" attach-post-deploy ok "$long"
    hx_fail "$s/set" network:set "$TEST_APP" initial-network "$long"
    hx_fail "$s/set" network:set "$TEST_APP" initial-network "container:$long"
    hx_fail "$s/set" network:set "$TEST_APP" static-web-listener "$long"
    hx_fail "$s/set" network:set "$TEST_APP" bind-all-interfaces "$long"
    hx_fail "$s/set" network:set --global tld "$long"
    hx_fail "$s/watch" network:watch --once --debounce-ms "$long"
    hx_fail "$s/watch" network:watch --once --trigger-timeout "$long"
  done
  # out of range: refused before the daemon is asked
  for value in -1 60001 1.5 " 1" 0x10 ""; do
    hx_fail "$s/watch" network:watch --once --debounce-ms "$value"
  done
  for value in 0 86401 -1 x ""; do
    hx_fail "$s/watch" network:watch --once --trigger-timeout "$value"
  done
  # a wrong argv[1] is only a label: the subcommand still validates its arguments
  hx_fail "$s/set" "" "$TEST_APP" tld "a b"
  hx_fail "$s/create" "$LONG_A" ""
  hx_end
}

@test "(bad input) subcommands: hostile app and network names" {
  hx_begin
  local s="$HX_SUB" name
  for name in "${BAD_NETWORKS[@]}"; do
    hx_fail "$s/create" network:create -- "$name"
    hx_fail "$s/destroy" network:destroy --force -- "$name"
    hx_fail "$s/exists" network:exists -- "$name"
    hx_fail "$s/info" network:info --format json -- "$name"
    hx_fail "$s/ensure" network:ensure -- "$name"
    hx_fail "$s/create" network:create --adopt -- "$name"
    hx_fail "$s/set" network:set -- "$TEST_APP" attach-post-create "$name"
    hx_fail "$s/set" network:set -- "$TEST_APP" attach-post-deploy ok-net "$name"
    hx_fail "$s/set" network:set --global -- attach-post-deploy "$name"
    hx_fail "$s/set" network:set -- "$TEST_APP" initial-network "$name"
  done
  for name in "${BAD_APPS[@]}" -x --x -; do
    hx_fail "$s/rebuild" network:rebuild -- "$name"
    # for report, "--" is an info flag (as in every Dokku report): -x stays a flag
    if [[ "$name" == -x ]]; then hx_flag report "$s/report" network:report -- "$name"; else hx_fail "$s/report" network:report -- "$name"; fi
    hx_fail "$s/set" network:set -- "$name" tld x.test
    hx_fail "$s/set" network:set -- "$name" tld
  done
  for name in "${BAD_APPS[@]}"; do
    hx_fail "$s/report" network:report -- "$name" --network-tld
  done
  # a leading '-' without `--` is a flag: pflag's usage block
  for name in -x -app -0; do
    hx_flag create "$s/create" network:create "$name"
    hx_flag destroy "$s/destroy" network:destroy --force "$name"
    hx_flag exists "$s/exists" network:exists "$name"
    hx_flag info "$s/info" network:info "$name"
    hx_flag ensure "$s/ensure" network:ensure "$name"
    hx_flag rebuild "$s/rebuild" network:rebuild "$name"
    hx_flag set "$s/set" network:set "$name" tld x.test
    hx_flag report "$s/report" network:report "$name"
  done
  # --x looks like a report info flag
  hx_fail "$s/report" network:report --x
  hx_end
}

@test "(bad input) subcommands: nonexistent apps exit 20 and change nothing" {
  hx_begin
  local s="$HX_SUB" app
  touch "$DOKKU_ROOT/plainfile"
  ln -s /nonexistent "$DOKKU_ROOT/dangling"
  ln -s /etc "$DOKKU_ROOT/etc-link"
  chown -h dokku:dokku "$DOKKU_ROOT/plainfile" "$DOKKU_ROOT/dangling" "$DOKKU_ROOT/etc-link"
  hx_resnap
  for app in "$MISSING_APP" plainfile dangling old_rule "$(printf 'a%.0s' {1..255})"; do
    hx_fail "$s/rebuild" network:rebuild "$app"
    [[ "$hx_status" -eq 20 ]] || HX_FAILURES+=("network:rebuild $app: exit $hx_status instead of 20")
    hx_fail "$s/report" network:report "$app"
    [[ "$hx_status" -eq 20 ]] || HX_FAILURES+=("network:report $app: exit $hx_status instead of 20")
    hx_fail "$s/report" network:report "$app" --network-tld
    hx_fail "$s/report" network:report "$app" --format json
    hx_fail "$s/set" network:set "$app" tld x.test
    [[ "$hx_status" -eq 20 ]] || HX_FAILURES+=("network:set $app: exit $hx_status instead of 20")
    hx_fail "$s/set" network:set "$app" tld
    hx_fail "$s/set" network:set "$app" attach-post-create "$DOKKU_TEST_PREFIX-net"
    hx_fail "$HX_PLUGIN/report" "$app"
  done
  rm -f "$DOKKU_ROOT/plainfile" "$DOKKU_ROOT/dangling" "$DOKKU_ROOT/etc-link"
  hx_end
}

@test "(bad input) subcommands: invalid properties and values" {
  hx_begin
  local s="$HX_SUB" prop value
  for prop in "${BAD_PROPERTIES[@]}"; do
    hx_fail "$s/set" network:set -- "$TEST_APP" "$prop" x.test
    hx_fail "$s/set" network:set -- "$TEST_APP" "$prop"
    hx_fail "$s/set" network:set --global -- "$prop" x.test
    hx_fail "$s/report" network:report "$TEST_APP" "--network-$prop"
    hx_fail "$s/report" network:report --global "--network-$prop"
  done
  for prop in attach-post-create attach-post-deploy bind-all-interfaces initial-network static-web-listener tld; do
    hx_fail "$s/report" network:report "$TEST_APP" "--$prop"
  done
  for flag in --network-tld --network-initial-network --network-static-web-listener --network-web-listeners; do
    hx_fail "$s/report" network:report --global "$flag"
  done
  hx_fail "$s/report" network:report "$TEST_APP" --network-tld --network-tld
  hx_fail "$s/report" network:report "$TEST_APP" --network-tld --format json
  hx_fail "$s/set" network:set --global static-web-listener 127.0.0.1:80
  for value in "${BAD_NAMES[@]}" TLD.test a..b .a a. -a.b a-.b "$(printf 'a%.0s' {1..64}).test" \
    "$(printf 'abcdefghi.%.0s' {1..26})x"; do
    hx_fail "$s/set" network:set -- "$TEST_APP" tld "$value"
    hx_fail "$s/set" network:set --global -- tld "$value"
  done
  for value in "${BAD_NAMES[@]}" yes no 1 0 TRUE False " true" "true " $'true\n' on; do
    hx_fail "$s/set" network:set -- "$TEST_APP" bind-all-interfaces "$value"
  done
  for value in "${BAD_IPS[@]}" 1.2.3.4: 1.2.3.4:0 1.2.3.4:65536 1.2.3.4:http "[::1]:" "[::1" "[::1]80" \
    localhost:80 "$(printf '1%.0s' {1..100}):80" "[$LONG_A]:80" "1.2.3.4:$LONG_A"; do
    hx_fail "$s/set" network:set -- "$TEST_APP" static-web-listener "$value"
  done
  for value in host bridge none; do
    hx_fail "$s/set" network:set "$TEST_APP" attach-post-create "$value"
    hx_fail "$s/set" network:set --global attach-post-deploy "$value"
  done
  for value in container: "container:a b" "container:../x" "container:$LONG_A" "container:-x"; do
    hx_fail "$s/set" network:set -- "$TEST_APP" initial-network "$value"
  done
  hx_fail "$s/set" network:set "$TEST_APP" attach-post-create dup-net dup-net
  hx_fail "$s/set" network:set "$TEST_APP" attach-post-deploy seed-create
  hx_fail "$s/set" network:set "$TEST_APP" attach-post-create seed-deploy
  hx_fail "$s/set" network:set "$TEST_APP" tld a.test b.test
  hx_fail "$s/report" network:report "$TEST_APP" --format xml
  hx_fail "$s/report" network:report "$TEST_APP" --format=JSON
  hx_fail "$s/info" network:info "$DOKKU_TEST_PREFIX-net" --format xml
  hx_fail "$s/info" network:info "$DOKKU_TEST_PREFIX-net" --format ""
  hx_fail "$s/list" network:list --format xml
  hx_fail "$s/list" network:list --format=
  hx_fail "$s/list" network:list --format=stdout
  hx_end
}

@test "(bad input) subcommands: unknown and malformed flags" {
  hx_begin
  local s="$HX_SUB" cmd flag
  declare -A valid=(
    [create]="$DOKKU_TEST_PREFIX-net" [destroy]="$DOKKU_TEST_PREFIX-net" [exists]="$DOKKU_TEST_PREFIX-net"
    [info]="$DOKKU_TEST_PREFIX-net" [list]="" [rebuild]="$TEST_APP" [rebuildall]="" [set]="$TEST_APP" [watch]=""
    [ensure]="$DOKKU_TEST_PREFIX-net" [export]="" [import]=""
  )
  for cmd in create destroy ensure exists export import info list rebuild rebuildall set watch; do
    for flag in --bogus -x ---x --=x "--$LONG_A" --global=maybe --force=maybe --dokku-managed=x --format; do
      # unknown flags, bad values (--global=maybe for set, --force=maybe for
      # destroy, --dokku-managed=x for list) and --format without its argument
      if [[ -n "${valid[$cmd]}" ]]; then
        hx_flag "$cmd" "$s/$cmd" "network:$cmd" "${valid[$cmd]}" "$flag"
        # before the positional, info's --format would take it as its value
        [[ "$cmd:$flag" == info:--format ]] ||
          hx_flag "$cmd" "$s/$cmd" "network:$cmd" "$flag" "${valid[$cmd]}"
      else
        hx_flag "$cmd" "$s/$cmd" "network:$cmd" "$flag"
      fi
    done
  done
  # a bad --global value is quoted Go-style, control characters included
  hx_flag set "$s/set" network:set $'--global=a\nb' tld x.test
  hx_flag set "$s/set" network:set $'--global=\x01' tld x.test
  hx_flag set "$s/set" network:set "--global=$LONG_A" tld x.test
  hx_flag destroy "$s/destroy" network:destroy $'--force=\xff' "$DOKKU_TEST_PREFIX-net"
  # report parses its own arguments (doc/design.md §5.1)
  hx_flag report "$s/report" network:report "$TEST_APP" --format
  hx_flag report "$s/report" network:report "$TEST_APP" -x
  # -h and --help: the usage block, exit 0 (report: -h only; --help is an info flag there)
  for cmd in create destroy ensure exists export import info list rebuild rebuildall set report watch; do
    hx_ok "" "$(hx_usage "$cmd")" "$s/$cmd" "network:$cmd" -h
    [[ "$cmd" == report ]] || hx_ok "" "$(hx_usage "$cmd")" "$s/$cmd" "network:$cmd" "${valid[$cmd]:-x}" --help
  done
  hx_fail "$s/report" network:report "$TEST_APP" --help
  hx_end
}

@test "(bad input) network:import: bad documents on stdin are refused before anything is written" {
  hx_begin
  local s="$HX_SUB" doc name prop
  local docs=(
    "" " " "{" "}" "[]" "null" "1" '"x"' '{"Version":1}{}' '{"Version":"1"}' '{"Version":1.0}' '{"Version":2}'
    '{"Version":1,"Version":1}' '{"Version":1,"Apps":[]}' '{"Version":1,"Networks":{}}' '{"Version":1,"Global":"x"}'
    '{"Version":1,"Networks":[{}]}' '{"Version":1,"Networks":[{"Name":"n","Subnets":[{}]}]}'
    '{"Version":1,"Networks":[{"Name":"n","Subnets":[{"Subnet":"10.0.0.0/8"},{"Subnet":"10.1.0.0/16"}]}]}'
    '{"Version":1,"Networks":[{"Name":"n","IPv6":true}]}' '{"Version":1,"Networks":[{"Name":"n","Internal":"yes"}]}'
    '{"Version":1,"Networks":[{"Name":"n","Options":{"":"x"}}]}' '{"Version":1,"Networks":[{"Name":"n","Labels":{"a":1}}]}'
    '{"Version":1,"Networks":[{"Name":"n\u0000"}]}' '{"Version":1,"Global":{"tld":"a\u0000b"}}'
    $'{"Version":1,"Global":{"tld":"\xff"}}' '{"Version":1,"Apps":{"--global":{}}}'
    "{\"Version\":1,\"Apps\":{\"$MISSING_APP\":{}}}" "{\"Version\":1,\"Apps\":{\"$TEST_APP\":{},\"$TEST_APP\":{}}}"
    "{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"tld\":\"a\",\"tld\":\"b\"}}}"
    "{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"attach-post-create.web\":\"x\",\"attach-post-deploy.web\":\"x\"}}}"
    "{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"initial-network._default_\":\"x\"}}}"
  )
  for name in "${BAD_NETWORKS[@]}"; do
    docs+=("{\"Version\":1,\"Networks\":[{\"Name\":$(jq -Rn --arg v "$name" '$v')}]}")
    docs+=("{\"Version\":1,\"Apps\":{\"$TEST_APP\":{\"attach-post-deploy\":$(jq -Rn --arg v "$name" '$v')}}}")
  done
  for name in "${BAD_APPS[@]}"; do
    docs+=("{\"Version\":1,\"Apps\":{$(jq -Rn --arg v "$name" '$v'):{}}}")
  done
  for prop in "${BAD_PROPERTIES[@]}"; do
    docs+=("{\"Version\":1,\"Apps\":{\"$TEST_APP\":{$(jq -Rn --arg v "$prop" '$v'):\"x\"}}}")
    docs+=("{\"Version\":1,\"Global\":{$(jq -Rn --arg v "$prop" '$v'):\"x\"}}")
  done
  HX_STDIN="$BATS_TEST_TMPDIR/doc.json"
  for doc in "${docs[@]}"; do
    printf '%s' "$doc" >"$HX_STDIN"
    hx_fail "$s/import" network:import
  done
  # past the limit
  head -c 5000000 /dev/zero | tr '\0' ' ' >"$HX_STDIN"
  hx_fail "$s/import" network:import
  HX_STDIN=/dev/null
  hx_end
}

# ---- triggers ------------------------------------------------------------------------

# valid_trigger_args <trigger>: a valid argument list, one argument per line
# (read with mapfile), for an existing app with seeded properties.
valid_trigger_args() {
  case "$1" in
    core-post-deploy | post-deploy) printf '%s\n' "$OTHER_APP" "" "" latest ;; # no attach-post-deploy: a no-op
    docker-args-process-build) printf '%s\n' "$TEST_APP" herokuish ;;
    docker-args-process-deploy) printf '%s\n' "$TEST_APP" herokuish latest web 1 ;;
    docker-args-process-run) printf '%s\n' "$TEST_APP" herokuish latest ;;
    install) ;;
    network-build-config | network-clear-config | network-config-exists | post-delete | report)
      printf '%s\n' "$TEST_APP" ;;
    network-get-ipaddr) printf '%s\n' "$TEST_APP" web 0123456789ab ;;
    network-get-listeners | network-get-static-listeners) printf '%s\n' "$TEST_APP" web ;;
    network-get-property) printf '%s\n' "$TEST_APP" tld ;;
    network-write-ipaddr) printf '%s\n' "$TEST_APP" web 1 10.0.0.9 ;;
    network-write-port) printf '%s\n' "$TEST_APP" web 1 5009 ;;
    post-app-clone-setup | post-app-rename-setup) printf '%s\n' "$TEST_APP" "$OTHER_APP" ;;
    post-container-create) printf '%s\n' app 0123456789ab "$TEST_APP" deploy web ;;
  esac
}

# bad_values <trigger> <position>: the values that must be refused there, one per
# line... as an array name: sets BAD to the right list (empty if not validated).
bad_values_for() {
  local t="$1" i="$2"
  BAD=()
  case "$t:$i" in
    core-post-deploy:0 | post-deploy:0 | docker-args-process-*:0 | network-build-config:0 | network-clear-config:0 | \
      network-config-exists:0 | network-get-ipaddr:0 | network-get-listeners:0 | network-get-property:0 | \
      network-get-static-listeners:0 | network-write-ipaddr:0 | network-write-port:0 | \
      post-app-clone-setup:[01] | post-app-rename-setup:[01] | post-delete:0 | report:0 | \
      post-container-create:2)
      BAD=("${BAD_APPS[@]}" "") ;;
    docker-args-process-deploy:3 | network-get-ipaddr:1 | network-get-listeners:1 | \
      network-write-ipaddr:1 | network-write-port:1 | post-container-create:4)
      BAD=("${BAD_PROCS[@]}") ;;
    network-get-ipaddr:2)
      BAD=("") ;;
    network-get-property:1)
      BAD=("${BAD_PROPERTIES[@]}" "" static-web-listener web-listeners) ;;
    network-write-ipaddr:2 | network-write-port:2)
      BAD=("${BAD_INDEXES[@]}" "") ;;
    network-write-ipaddr:3)
      BAD=("${BAD_IPS[@]}" "") ;;
    network-write-port:3)
      BAD=("${BAD_PORTS[@]}" "") ;;
    post-container-create:1)
      BAD=("${BAD_NAMES[@]}" "" "$LONG_A" -x) ;;
  esac
}

@test "(bad input) triggers: every validated position refuses every bad value" {
  hx_begin
  local t i v args bad
  for t in "${TRIGGERS[@]}"; do
    mapfile -t args < <(valid_trigger_args "$t")
    for ((i = 0; i < ${#args[@]}; i++)); do
      bad_values_for "$t" "$i"
      for v in "${BAD[@]}"; do
        bad=("${args[@]}")
        bad[i]="$v"
        if [[ $i -eq 0 && "$v" == -?* && "$v" != "--" ]]; then
          hx_goflag "$HX_PLUGIN/$t" "${bad[@]}"
        else
          hx_fail "$HX_PLUGIN/$t" "${bad[@]}"
        fi
      done
    done
  done
  hx_end
}

@test "(bad input) triggers: missing and empty arguments" {
  hx_begin
  local t args n empty
  for t in "${TRIGGERS[@]}"; do
    [[ "$t" == install ]] && continue
    mapfile -t args < <(valid_trigger_args "$t")
    # every prefix of the valid list that stops before a required argument
    for ((n = 0; n < ${#args[@]}; n++)); do
      case "$t:$n" in
        core-post-deploy:[123] | post-deploy:[123] | docker-args-process-*:[1-9] | network-get-listeners:1 | \
          network-get-static-listeners:1 | post-container-create:[034]) continue ;;
      esac
      hx_fail "$HX_PLUGIN/$t" "${args[@]:0:n}"
    done
    # all empty
    empty=()
    for ((n = 0; n < ${#args[@]}; n++)); do empty+=(""); done
    if [[ "$t" == post-container-create ]]; then
      hx_ok "" "" "$HX_PLUGIN/$t" "${empty[@]}" # type "" is not "app": nothing to do
    else
      hx_fail "$HX_PLUGIN/$t" "${empty[@]}"
    fi
  done
  hx_end
}

@test "(bad input) triggers: flags are refused as Go's flag package refuses them" {
  hx_begin
  local t flag args
  for t in "${TRIGGERS[@]}"; do
    mapfile -t args < <(valid_trigger_args "$t")
    for flag in -x --bogus=1 -global "-$LONG_A"; do
      hx_goflag "$HX_PLUGIN/$t" "$flag" "${args[@]}"
    done
    hx_ok "" "Usage of $HX_PLUGIN/$t:" "$HX_PLUGIN/$t" -h "${args[@]}"
    hx_ok "" "Usage of $HX_PLUGIN/$t:" "$HX_PLUGIN/$t" --help
  done
  hx_end
}

# reference <cmd...>: stdout and stderr of a valid call (not a counted case).
reference() {
  if ref_out=$("$@" 2>"$BATS_TEST_TMPDIR/ref.err" </dev/null); then ref_status=0; else ref_status=$?; fi
  ref_err=$(<"$BATS_TEST_TMPDIR/ref.err")
}

@test "(bad input) triggers: extra and over-long extra arguments are ignored (documented)" {
  hx_begin
  local t args extra
  for t in core-post-deploy post-deploy docker-args-process-build docker-args-process-deploy \
    docker-args-process-run install network-config-exists network-get-listeners network-get-property network-get-static-listeners \
    report; do
    mapfile -t args < <(valid_trigger_args "$t")
    reference "$HX_PLUGIN/$t" "${args[@]}"
    [[ "$ref_status" -eq 0 ]] || HX_FAILURES+=("reference call of $t failed: $ref_err")
    for extra in "" "$LONG_A" "$LONG_SLASH" $'a\nb' -x; do
      hx_same "$ref_status" "$ref_out" "$ref_err" "$HX_PLUGIN/$t" "${args[@]}" x y z "$extra"
    done
  done
  hx_end
}

@test "(bad input) triggers: nonexistent apps (documented successes and failures)" {
  hx_begin
  local m="$MISSING_APP" p="$HX_PLUGIN"
  hx_ok "" "" "$p/core-post-deploy" "$m"
  hx_ok "" "" "$p/post-deploy" "$m"
  hx_ok "" "" "$p/network-build-config" "$m"
  hx_ok "" "" "$p/network-clear-config" "$m"
  hx_ok "" "" "$p/post-delete" "$m"
  hx_ok "false" "" "$p/network-config-exists" "$m"
  hx_ok "" "" "$p/network-get-listeners" "$m" web
  hx_ok "" "" "$p/network-get-static-listeners" "$m" web
  hx_ok "global.test" "" "$p/network-get-property" "$m" tld
  hx_ok "false" "" "$p/network-get-property" "$m" bind-all-interfaces
  hx_ok "" "" "$p/network-get-property" "$m" initial-network
  for t in docker-args-process-build docker-args-process-deploy docker-args-process-run; do
    hx_ok "" "" "$p/$t" "$m" herokuish latest web 1
  done
  hx_ok "" "" "$p/post-app-clone-setup" "$m" "$DOKKU_TEST_PREFIX-missing2"
  hx_ok "" "" "$p/post-app-rename-setup" "$m" "$DOKKU_TEST_PREFIX-missing2"
  hx_ok "" "" "$p/post-container-create" container 0123456789ab "$m" deploy web
  # the state files of an app that does not exist cannot be written
  hx_fail "$p/network-write-ipaddr" "$m" web 1 10.0.0.1
  hx_fail "$p/network-write-port" "$m" web 1 5000
  # the report trigger verifies the app
  hx_fail "$p/report" "$m"
  [[ "$hx_status" -eq 20 ]] || HX_FAILURES+=("report trigger $m: exit $hx_status instead of 20")
  # a global attach-post-deploy: an app that was never deployed is refused by
  # core-post-deploy; post-deploy (this plugin's own) leaves that to it
  printf 'seed-global-deploy' >"$GLOBAL_DIR/attach-post-deploy"
  chown dokku:dokku "$GLOBAL_DIR/attach-post-deploy"
  chmod 0600 "$GLOBAL_DIR/attach-post-deploy"
  hx_resnap
  hx_fail "$p/core-post-deploy" "$m"
  hx_ok "" "" "$p/post-deploy" "$m"
  rm -f "$GLOBAL_DIR/attach-post-deploy"
  hx_end
}

@test "(bad input) triggers: documented no-ops for arguments they do not use" {
  hx_begin
  local p="$HX_PLUGIN" v
  for v in x dockerfile. "" "$LONG_A" $'a\nb' ../x; do
    hx_ok " --network=seed-initial " "" "$p/docker-args-process-build" "$TEST_APP" "$v"
    hx_ok " --network=seed-initial " "" "$p/docker-args-process-run" "$TEST_APP" "$v"
  done
  hx_ok "" "" "$p/docker-args-process-build" "$TEST_APP" dockerfile
  for v in container "" App APP "$LONG_A" $'app\n'; do
    hx_ok "" "" "$p/post-container-create" "$v" 0123456789ab "$TEST_APP" deploy web
  done
  hx_ok "172.17.0.5:5000" " !     Deprecated: Please specify a processType argument for the network-get-listeners plugin trigger" \
    "$p/network-get-listeners" "$TEST_APP"
  hx_ok "172.17.0.5:5000" " !     Deprecated: Please specify a processType argument for the network-get-listeners plugin trigger" \
    "$p/network-get-listeners" "$TEST_APP" ""
  hx_end
}

# ---- through dokku and plugn -------------------------------------------------------

@test "(bad input) through dokku and plugn trigger" {
  hx_begin
  local name
  hx_fail dokku network:set
  hx_fail dokku network:create ""
  hx_fail dokku network:destroy --force ""
  hx_fail dokku network:exists "$LONG_A"
  hx_fail dokku network:info "$LONG_SLASH"
  hx_fail dokku network:list extra
  hx_fail dokku network:rebuild "$MISSING_APP"
  hx_fail dokku network:rebuildall extra
  hx_fail dokku network:report "$TEST_APP" --network-bogus
  for name in ../x "a b" $'a\nb' UPPER "$LONG_A"; do
    hx_fail dokku network:set -- "$name" tld x.test
    hx_fail dokku network:rebuild -- "$name"
    hx_fail dokku network:report -- "$name"
    hx_fail dokku network:set "$TEST_APP" tld "$name"
  done
  for name in ../x "a b" $'a\nb' "$LONG_A"; do
    hx_fail dokku network:set "$TEST_APP" attach-post-create "$name"
  done
  for name in ../x "a b" $'a\nb' "$LONG_A"; do
    hx_fail dokku network:create -- "$name"
    hx_fail dokku network:destroy --force -- "$name"
  done
  hx_flag set dokku network:set "$TEST_APP" tld x.test --bogus
  hx_flag report dokku network:report "$TEST_APP" --format
  for name in ../x "a b" $'a\nb' UPPER "$LONG_A" ""; do
    hx_fail plugn trigger network-get-property "$name" tld
    hx_fail plugn trigger network-get-listeners "$name" web
    hx_fail plugn trigger network-write-ipaddr "$TEST_APP" web 1 "$name"
    [[ "$name" == UPPER ]] || hx_fail plugn trigger network-write-port "$TEST_APP" "$name" 1 5000
    hx_fail plugn trigger post-delete "$name"
    hx_fail plugn trigger post-app-rename-setup "$TEST_APP" "$name"
    hx_fail plugn trigger report "$name"
  done
  hx_fail plugn trigger network-get-property "$TEST_APP" static-web-listener
  hx_end
}

# ---- property files that are directories, unreadable, huge or garbage ---------------

# with_property <prop> <kind>: replaces the app's property file (kept aside for
# restore_property): dir | huge | binary | newlines | unreadable (mode 000, owned
# by root: only root can read it).
with_property() {
  local prop="$1" kind="$2" f="$APP_DIR/$1"
  rm -rf "$BATS_TEST_TMPDIR/saved.$prop"
  if [[ -e "$f" ]]; then cp -a "$f" "$BATS_TEST_TMPDIR/saved.$prop"; fi
  rm -rf "$f"
  case "$kind" in
    dir) mkdir "$f" && touch "$f/x" ;;
    huge) head -c $((2 * 1024 * 1024)) /dev/urandom >"$f" ;;
    binary) printf 'a\x01\x02\xff\xfe\x1b[31m\x7f b' >"$f" ;;
    newlines) printf '\n\nseed\nsecond line\n' >"$f" ;;
    unreadable) printf 'secret' >"$f" && chmod 000 "$f" && chown root:root "$f" ;;
  esac
  [[ "$kind" == unreadable ]] || chown -R dokku:dokku "$f"
  hx_resnap
}

# restore_property <prop>: puts back what with_property replaced.
restore_property() {
  local prop="$1"
  rm -rf "${APP_DIR:?}/$prop"
  if [[ -e "$BATS_TEST_TMPDIR/saved.$prop" ]]; then
    cp -a "$BATS_TEST_TMPDIR/saved.$prop" "$APP_DIR/$prop"
  fi
}

@test "(bad input) unreadable property files read as empty with one warning per read (per report)" {
  hx_begin
  local s="$HX_SUB" p="$HX_PLUGIN" kind warn
  warn=" !     Unable to read network property $TEST_APP.tld"
  for kind in dir huge unreadable; do
    with_property tld "$kind"
    # as root a mode-000 file is readable: the unreadable case runs as dokku
    local run=()
    [[ "$kind" == unreadable ]] && run=(runuser -u dokku --)
    hx_ok "" "$warn" "${run[@]}" "$s/report" network:report "$TEST_APP" --network-tld
    # what cannot be read is empty, so the computed value is the global one
    hx_ok "global.test" "$warn" "${run[@]}" "$p/network-get-property" "$TEST_APP" tld
    hx_ok "global.test" "$warn" "${run[@]}" "$s/report" network:report "$TEST_APP" --network-computed-tld
    hx_ok " --network=seed-initial --network-alias=$TEST_APP.web.global.test " "$warn" \
      "${run[@]}" "$p/docker-args-process-deploy" "$TEST_APP" herokuish latest web 1
    # the full report reads each property once (the original warned twice,
    # for tld and computed tld)
    _hx_exec "${run[@]}" "$s/report" network:report "$TEST_APP"
    if _hx_check_common "${run[@]}" "$s/report" network:report "$TEST_APP"; then
      [[ "$hx_status" -eq 0 && "$hx_err" == "$warn" ]] ||
        _hx_failed "expected exit 0 and one warning" "${run[@]}" "$s/report" network:report "$TEST_APP"
    fi
    # writing over it: a directory cannot be replaced, the rest can (not bad input)
    if [[ "$kind" == dir ]]; then
      hx_fail "$s/set" network:set "$TEST_APP" tld new.test
      hx_fail "$s/set" network:set "$TEST_APP" tld
      hx_fail "$s/set" network:set "$TEST_APP" tld ""
    fi
    restore_property tld
  done
  hx_end
}

@test "(bad input) property files holding garbage are read raw and never break a reader" {
  hx_begin
  local s="$HX_SUB" p="$HX_PLUGIN" kind prop expected
  for prop in tld static-web-listener bind-all-interfaces; do
    for kind in binary newlines; do
      with_property "$prop" "$kind"
      expected=$(cat "$APP_DIR/$prop")
      hx_ok "$expected" "" "$s/report" network:report "$TEST_APP" "--network-$prop"
      if [[ "$prop" != static-web-listener ]]; then
        hx_ok "$expected" "" "$p/network-get-property" "$TEST_APP" "$prop"
      else
        hx_ok "$expected" "" "$p/network-get-static-listeners" "$TEST_APP" web
        hx_ok "$expected" "" "$p/network-get-listeners" "$TEST_APP" web
        hx_ok "true" "" "$p/network-config-exists" "$TEST_APP"
        # not host:port, not an IP: 127.0.0.1 (doc/design.md §8.3)
        hx_ok "127.0.0.1" "" "$p/network-get-ipaddr" "$TEST_APP" web 0123456789ab
      fi
      _hx_exec "$s/report" network:report "$TEST_APP" --format json
      if _hx_check_common "$s/report" network:report "$TEST_APP" --format json; then
        [[ "$hx_status" -eq 0 && -z "$hx_err" ]] && jq -e . <<<"$hx_out" >/dev/null ||
          _hx_failed "expected exit 0 and valid JSON" "$s/report" network:report "$TEST_APP" --format json
      fi
      restore_property "$prop"
    done
  done
  hx_end
}

@test "(bad input) IP and PORT files that are directories, garbage or huge" {
  hx_begin
  local p="$HX_PLUGIN" d="$DOKKU_ROOT/$TEST_APP"
  # a directory in place of the IP file: no listener can be read from it
  rm -f "$d/IP.web.2" && mkdir "$d/IP.web.2" && chown dokku:dokku "$d/IP.web.2"
  head -c $((2 * 1024 * 1024)) /dev/urandom | tr -d '\n\000' >"$d/IP.web.3"
  printf '\x01\xff garbage\nsecond' >"$d/PORT.web.3"
  printf '\n\n  10.0.0.4  \nx' >"$d/IP.web.4"
  mkdir "$d/PORT.web.4"
  chown -R dokku:dokku "$d"
  hx_resnap
  _hx_exec "$p/network-get-listeners" "$TEST_APP" web
  if _hx_check_common "$p/network-get-listeners" "$TEST_APP" web; then
    [[ "$hx_status" -eq 0 && -z "$hx_err" && "$hx_out" == "172.17.0.5:5000 :5000 "*":"*" 10.0.0.4:5000" ]] ||
      _hx_failed "expected 4 listeners, the directory one empty" "$p/network-get-listeners" "$TEST_APP" web
  fi
  _hx_exec "$HX_SUB/report" network:report "$TEST_APP" --network-web-listeners
  _hx_check_common "$HX_SUB/report" network:report "$TEST_APP" --network-web-listeners &&
    { [[ "$hx_status" -eq 0 && -z "$hx_err" ]] || _hx_failed "expected exit 0" "$HX_SUB/report"; }
  # writing over a directory fails cleanly
  hx_fail "$p/network-write-ipaddr" "$TEST_APP" web 2 10.0.0.2
  hx_fail "$p/network-write-port" "$TEST_APP" web 4 5000
  rm -rf "$d/IP.web.2" "$d/IP.web.3" "$d/PORT.web.3" "$d/IP.web.4" "$d/PORT.web.4"
  hx_end
}

@test "(bad input) a config path that is a file, or an unreadable directory" {
  hx_begin
  local s="$HX_SUB" p="$HX_PLUGIN" app="$DOKKU_TEST_PREFIX-filecfg"
  local cfg="$DOKKU_LIB_ROOT/config/network/$app"
  mkdir "$DOKKU_ROOT/$app"
  printf 'not a directory' >"$cfg"
  chown dokku:dokku "$DOKKU_ROOT/$app" "$cfg"
  hx_resnap
  hx_fail "$s/set" network:set "$app" tld x.test
  # unsetting what cannot exist is fine (ENOTDIR is "not set")
  hx_ok "=====> Unsetting tld" "" "$s/set" network:set "$app" tld
  hx_ok "" "" "$p/network-get-property" "$app" initial-network
  hx_ok "" "" "$s/report" network:report "$app" --network-tld
  hx_ok "" "" "$p/network-get-static-listeners" "$app" web
  rm -rf "$cfg" "${DOKKU_ROOT:?}/$app"
  # an app directory the dokku user cannot read
  chmod 000 "$APP_DIR"
  hx_resnap
  hx_ok "" " !     Unable to read network property $TEST_APP.tld" \
    runuser -u dokku -- "$s/report" network:report "$TEST_APP" --network-tld
  hx_ok "" " !     Unable to read network property $TEST_APP.initial-network" \
    runuser -u dokku -- "$p/network-get-property" "$TEST_APP" initial-network
  chmod 0755 "$APP_DIR"
  hx_end
}

# ---- nonexistent networks (the real daemon) ------------------------------------------

@test "(bad input) nonexistent networks, asked of the real daemon" {
  if ! DOCKER_HOST="$HX_REAL_DOCKER_HOST" docker info >/dev/null 2>&1; then skip "no Docker daemon"; fi
  hx_begin
  local s="$HX_SUB" net
  for net in "$DOKKU_TEST_PREFIX-missing" "$DOKKU_TEST_PREFIX-MISSING" "${DOKKU_TEST_PREFIX}_x.y-z"; do
    DOCKER_HOST="$HX_REAL_DOCKER_HOST" hx_fail "$s/exists" network:exists "$net"
    DOCKER_HOST="$HX_REAL_DOCKER_HOST" hx_fail "$s/info" network:info "$net"
    DOCKER_HOST="$HX_REAL_DOCKER_HOST" hx_fail "$s/info" network:info "$net" --format json
    DOCKER_HOST="$HX_REAL_DOCKER_HOST" hx_fail "$s/destroy" network:destroy --force "$net"
    DOCKER_HOST="$HX_REAL_DOCKER_HOST" hx_fail "$s/destroy" network:destroy "$net"
  done
  # an ID prefix of an existing network is not its name (doc/differences.md: exact name only)
  net=$(DOCKER_HOST="$HX_REAL_DOCKER_HOST" docker network inspect bridge --format '{{.Id}}')
  DOCKER_HOST="$HX_REAL_DOCKER_HOST" hx_fail "$s/exists" network:exists "${net:0:12}"
  DOCKER_HOST="$HX_REAL_DOCKER_HOST" hx_fail "$s/destroy" network:destroy --force "${net:0:12}"
  # attach-post-create pointing at a missing network: refused before attaching
  DOCKER_HOST="$HX_REAL_DOCKER_HOST" hx_fail "$HX_PLUGIN/post-container-create" app 0123456789ab "$TEST_APP" deploy web
  hx_end
}

# ---- bugs this matrix found (fixed; each test failed before its fix) ------------------

# make_victim: a throwaway app with properties and listener files (sets VICTIM).
make_victim() {
  VICTIM="$DOKKU_TEST_PREFIX-victim"
  local cfg="$DOKKU_LIB_ROOT/config/network/$VICTIM"
  mkdir -p "$DOKKU_ROOT/$VICTIM" "$cfg"
  printf 'victim.test' >"$cfg/tld"
  printf 'false' >"$cfg/bind-all-interfaces"
  printf 'victim-net' >"$cfg/initial-network"
  printf '172.17.0.9' >"$DOKKU_ROOT/$VICTIM/IP.web.1"
  printf '5000' >"$DOKKU_ROOT/$VICTIM/PORT.web.1"
  chmod 0600 "$cfg"/*
  chown -R dokku:dokku "$DOKKU_ROOT/$VICTIM" "$cfg"
}

remove_victim() {
  rm -rf "${DOKKU_ROOT:?}/$VICTIM" "$DOKKU_LIB_ROOT/config/network/$VICTIM"
}

@test "(bad input) post-app-rename-setup and post-app-clone-setup refuse the same old and new name" {
  make_victim
  hx_begin
  hx_fail "$HX_PLUGIN/post-app-clone-setup" "$VICTIM" "$VICTIM"
  hx_fail "$HX_PLUGIN/post-app-rename-setup" "$VICTIM" "$VICTIM"
  hx_end || { remove_victim && return 1; }
  remove_victim
}

@test "(bad input) docker-args-process-* refuse property files that would smuggle flags into docker's arguments" {
  make_victim
  local cfg="$DOKKU_LIB_ROOT/config/network/$VICTIM" t value
  hx_begin
  for value in 'x --privileged -v /:/host' $'net\n--privileged' "$LONG_SLASH"; do
    printf '%s' "$value" >"$cfg/initial-network"
    hx_resnap
    for t in docker-args-process-build docker-args-process-deploy docker-args-process-run; do
      hx_fail "$HX_PLUGIN/$t" "$VICTIM" herokuish latest web 1
    done
  done
  printf 'victim-net' >"$cfg/initial-network" # as make_victim left it
  printf 'a b --privileged' >"$cfg/tld"
  hx_resnap
  hx_fail "$HX_PLUGIN/docker-args-process-deploy" "$VICTIM" herokuish latest web 1
  printf 'victim.test' >"$cfg/tld" # as make_victim left it
  hx_end || { remove_victim && return 1; }
  remove_victim
}

@test "(bad input) network-get-ipaddr and post-container-create refuse invalid container IDs before asking the daemon" {
  hx_begin
  local cid
  for cid in .. . ../json "a b" $'a\nb' "$LONG_A" -x; do
    hx_fail "$HX_PLUGIN/network-get-ipaddr" "$TEST_APP" worker "$cid"
  done
  # Docker names start with a letter or digit; post-container-create lets '_x' through
  hx_fail "$HX_PLUGIN/post-container-create" app _x "$TEST_APP" deploy web
  hx_end
}

@test "(bad input) network:set refuses an attach list too long to be read back" {
  local nets=() i
  for ((i = 1; i <= 4200; i++)); do nets+=("n$(printf '%0250d' "$i")"); done
  hx_begin
  hx_fail "$HX_SUB/set" network:set "$OTHER_APP" attach-post-create "${nets[@]}"
  hx_end || { rm -f "$DOKKU_LIB_ROOT/config/network/$OTHER_APP/attach-post-create" && return 1; }
}

@test "(bad input) install and network:set (run as root) refuse a symlinked app config directory" {
  local app="$DOKKU_TEST_PREFIX-evil" outside="$HX_ROOT/outside" before
  mkdir -p "$outside" "$DOKKU_ROOT/$app"
  chmod 0700 "$outside"
  chown dokku:dokku "$DOKKU_ROOT/$app"
  runuser -u dokku -- ln -s "$outside" "$DOKKU_LIB_ROOT/config/network/$app"
  before=$(stat -c '%a %U:%G' "$outside"; ls -A "$outside")
  run "$HX_PLUGIN/install"
  after=$(stat -c '%a %U:%G' "$outside"; ls -A "$outside")
  run "$HX_SUB/set" network:set "$app" tld x.test
  after_set=$(stat -c '%a %U:%G' "$outside"; ls -A "$outside")
  rm -rf "${DOKKU_ROOT:?}/$app" "$DOKKU_LIB_ROOT/config/network/$app" "$outside"
  assert_equal "$after" "$before"
  assert_equal "$after_set" "$before"
}

@test "(bad input) a NUL byte in a property file reaches the triggers' output as it is, like the report's" {
  local cfg="$DOKKU_LIB_ROOT/config/network/$OTHER_APP"
  printf 'a\0b' >"$cfg/tld"
  printf '1.2.3.4:80\0x' >"$cfg/static-web-listener"
  local report trigger listeners static
  report=$("$HX_SUB/report" network:report "$OTHER_APP" --network-tld | od -An -c)
  trigger=$("$HX_PLUGIN/network-get-property" "$OTHER_APP" tld | od -An -c)
  static=$("$HX_PLUGIN/network-get-static-listeners" "$OTHER_APP" web | od -An -c)
  listeners=$("$HX_PLUGIN/network-get-listeners" "$OTHER_APP" web | od -An -c)
  rm -f "$cfg/tld" "$cfg/static-web-listener"
  assert_equal "$trigger" "$report"
  assert_equal "$static" "$(printf '1.2.3.4:80\0x\n' | od -An -c)"
  assert_equal "$listeners" "$static"
}

@test "(bad input) trigger flag errors are Go's, also for ---x and -=x" {
  run "$HX_PLUGIN/report" ---x
  assert_equal "${lines[0]}" "bad flag syntax: ---x"
  run "$HX_PLUGIN/report" -=x
  assert_equal "${lines[0]}" "bad flag syntax: -=x"
}

@test "(bad input) summary" {
  local total=0 n
  while read -r n; do total=$((total + n)); done <"$BATS_FILE_TMPDIR/hx-counts"
  echo "# tried $total cases" >&3
  [[ "$total" -gt 0 ]]
}
