#!/usr/bin/env bats
# network:report (doc/design.md §5): the original suite's tests 2-8, the exact text
# and JSON layouts of §5.4, info flags, the fixed bugs 5, 6 and 7 (bug numbers
# are those of doc/design.md §10), reporting every app, and the web listeners
# (§8.3 GetListeners).

# shellcheck disable=SC2154 # $stderr is set by run_split
load test_helper

APP_FLAGS="--network-attach-post-create, --network-attach-post-deploy, --network-bind-all-interfaces, --network-computed-attach-post-create, --network-computed-attach-post-deploy, --network-computed-bind-all-interfaces, --network-computed-initial-network, --network-computed-tld, --network-global-attach-post-create, --network-global-attach-post-deploy, --network-global-bind-all-interfaces, --network-global-initial-network, --network-global-tld, --network-initial-network, --network-static-web-listener, --network-tld, --network-web-listeners"
GLOBAL_FLAGS="--network-computed-attach-post-create, --network-computed-attach-post-deploy, --network-computed-bind-all-interfaces, --network-computed-initial-network, --network-computed-tld, --network-global-attach-post-create, --network-global-attach-post-deploy, --network-global-bind-all-interfaces, --network-global-initial-network, --network-global-tld"
NAME_ERROR="App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens"
REPORT_USAGE="Usage of network:report:
      --format string   format: [ stdout | json ] (default \"stdout\")"

setup() {
  dokku_env_setup
  create_test_app >/dev/null
  APP_DIR="$DOKKU_LIB_ROOT/config/network/$TEST_APP"
  GLOBAL_DIR="$DOKKU_LIB_ROOT/config/network/--global"
}

teardown() {
  dokku_env_teardown
}

# report_key <app|--global> <json key>: the value of that key in the JSON
# report; fails if the report fails or the key is absent.
report_key() {
  local json
  json=$(dokku network:report "$1" --format json) || return 1
  jq -er --arg k "$2" 'if has($k) then .[$k] else error("no key " + $k) end' <<<"$json"
}

# report_has <app|--global> <json key>: prints true or false.
report_has() {
  local json
  json=$(dokku network:report "$1" --format json) || return 1
  jq -r --arg k "$2" 'has($k)' <<<"$json"
}

# write_listener <proc> <index> <ip> [<port>]: IP (and PORT) files as Dokku
# writes them: no newline.
write_listener() {
  printf '%s' "$3" >"$DOKKU_ROOT/$TEST_APP/IP.$1.$2"
  if [[ -n "$4" ]]; then printf '%s' "$4" >"$DOKKU_ROOT/$TEST_APP/PORT.$1.$2"; fi
}

# ---- the original suite's tests 2-8 (doc/design.md §9) ----------------------------

@test "(network:report) --global --format json (original test 2)" {
  run dokku network:set --global tld dokku.test
  assert_success
  run bash -c "dokku network:report --global --format json | jq -e ."
  assert_success
  run report_key --global network-global-tld
  assert_output "dokku.test"
  run report_key --global global-tld
  assert_output "dokku.test"
  run report_has --global network-tld
  assert_output "false"
  run report_has --global tld
  assert_output "false"
  # the text report names --global in its header, without a TTY too
  run dokku network:report --global
  assert_success
  assert_output_contains "--global"
  assert_line --index 0 "=====> --global network information"
  run dokku network:set --global tld
  assert_success
}

@test "(network:report) emits new stripped JSON keys alongside legacy (original test 3)" {
  for key in global-tld network-global-tld computed-tld network-computed-tld; do
    run report_has --global "$key"
    assert_output "true"
  done
  for key in tld network-tld web-listeners network-web-listeners; do
    run report_has "$TEST_APP" "$key"
    assert_output "true"
  done
}

@test "(network:report) tld raw vs computed (original test 4)" {
  run dokku network:set --global tld
  assert_success
  run report_key --global network-global-tld
  assert_output ""
  run dokku network:set --global tld example.test
  assert_success
  run report_key --global network-global-tld
  assert_output "example.test"
  run report_key "$TEST_APP" network-global-tld
  assert_output "example.test"
  run report_key "$TEST_APP" network-computed-tld
  assert_output "example.test"
  run report_key "$TEST_APP" network-tld
  assert_output ""
  # an app value wins over the global one in the computed value only
  run dokku network:set "$TEST_APP" tld app.test
  assert_success
  run report_key "$TEST_APP" network-tld
  assert_output "app.test"
  run report_key "$TEST_APP" network-computed-tld
  assert_output "app.test"
  run report_key "$TEST_APP" network-global-tld
  assert_output "example.test"
  run dokku network:set --global tld
  assert_success
  run report_key --global network-global-tld
  assert_output ""
}

# attach_raw_computed_global <property>: the shape of original tests 5-7.
attach_raw_computed_global() {
  local prop="$1" net
  net=$(unique_name "$DOKKU_TEST_PREFIX-$prop")
  docker network create "$net" >/dev/null
  for key in "network-$prop" "network-global-$prop" "network-computed-$prop"; do
    run report_key "$TEST_APP" "$key"
    assert_success
    assert_output ""
  done
  run dokku network:set --global "$prop" "$net"
  assert_success
  run report_key "$TEST_APP" "network-$prop"
  assert_output ""
  run report_key "$TEST_APP" "network-global-$prop"
  assert_output "$net"
  run report_key "$TEST_APP" "network-computed-$prop"
  assert_output "$net"
  run report_key --global "network-global-$prop"
  assert_output "$net"
  run report_key --global "network-computed-$prop"
  assert_output "$net"
  run dokku network:set --global "$prop"
  assert_success
  run report_key "$TEST_APP" "network-computed-$prop"
  assert_output ""
  run docker network rm "$net"
  assert_success
}

@test "(network:report) attach-post-create raw vs computed vs global (original test 5)" {
  attach_raw_computed_global attach-post-create
}

@test "(network:report) attach-post-deploy raw vs computed vs global (original test 6)" {
  attach_raw_computed_global attach-post-deploy
}

@test "(network:report) initial-network raw vs computed vs global (original test 7)" {
  attach_raw_computed_global initial-network
}

@test "(network:report) bind-all-interfaces raw vs computed vs global (original test 8)" {
  run dokku network:set --global bind-all-interfaces
  assert_success
  run report_key --global network-global-bind-all-interfaces
  assert_output ""
  run report_key --global network-computed-bind-all-interfaces
  assert_output "false"

  run dokku network:set --global bind-all-interfaces true
  assert_success
  run report_key --global network-global-bind-all-interfaces
  assert_output "true"
  run report_key --global network-computed-bind-all-interfaces
  assert_output "true"
  run report_key "$TEST_APP" network-bind-all-interfaces
  assert_output ""
  run report_key "$TEST_APP" network-computed-bind-all-interfaces
  assert_output "true"

  run dokku network:set --global bind-all-interfaces
  assert_success
  run report_key --global network-global-bind-all-interfaces
  assert_output ""
  run report_key --global network-computed-bind-all-interfaces
  assert_output "false"

  run dokku network:set "$TEST_APP" bind-all-interfaces true
  assert_success
  run report_key "$TEST_APP" network-bind-all-interfaces
  assert_output "true"

  run dokku network:set "$TEST_APP" bind-all-interfaces
  assert_success
  run report_key "$TEST_APP" network-bind-all-interfaces
  assert_output ""
  run report_key "$TEST_APP" network-computed-bind-all-interfaces
  assert_output "false"
  # unsetting deletes the file rather than writing "false"
  [[ ! -e "$APP_DIR/bind-all-interfaces" ]] || fail "bind-all-interfaces still exists: [$(cat "$APP_DIR/bind-all-interfaces")]"
  [[ ! -e "$GLOBAL_DIR/bind-all-interfaces" ]] || fail "the global bind-all-interfaces still exists"
}

# ---- exact layouts (doc/design.md §5.4) --------------------------------------------

@test "(network:report) the text report is byte for byte doc/design.md §5.4" {
  write_listener web 1 172.17.0.5 5000
  cat >"$BATS_TEST_TMPDIR/expected" <<EOF
=====> $TEST_APP network information
       Network attach post create:           
       Network attach post deploy:           
       Network bind all interfaces:          
       Network computed attach post create:  
       Network computed attach post deploy:  
       Network computed bind all interfaces: false
       Network computed initial network:     
       Network computed tld:                 
       Network global attach post create:    
       Network global attach post deploy:    
       Network global bind all interfaces:   
       Network global initial network:       
       Network global tld:                   
       Network initial network:              
       Network static web listener:          
       Network tld:                          
       Network web listeners:                172.17.0.5:5000
EOF
  run_split dokku network:report "$TEST_APP"
  assert_success
  assert_equal "$stderr" ""
  dokku network:report "$TEST_APP" >"$BATS_TEST_TMPDIR/actual"
  cmp "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/actual" ||
    fail "$(diff <(cat -A "$BATS_TEST_TMPDIR/expected") <(cat -A "$BATS_TEST_TMPDIR/actual"))"
  # `Network tld:` is padded with 26 spaces: every label takes 38 columns
  grep -qx "       Network tld:$(printf ' %.0s' {1..26})" "$BATS_TEST_TMPDIR/actual"
}

@test "(network:report) values follow the 38-column labels, sorted by full key" {
  write_listener web 1 172.17.0.5 5000
  dokku network:set "$TEST_APP" tld app.test >/dev/null 2>&1
  dokku network:set --global attach-post-deploy "$DOKKU_TEST_PREFIX-deploy" >/dev/null 2>&1
  run dokku network:report "$TEST_APP"
  assert_success
  assert_line --index 2 "       Network attach post deploy:           "
  assert_line --index 5 "       Network computed attach post deploy:  $DOKKU_TEST_PREFIX-deploy"
  assert_line --index 10 "       Network global attach post deploy:    $DOKKU_TEST_PREFIX-deploy"
  assert_line --index 8 "       Network computed tld:                 app.test"
  assert_line --index 16 "       Network tld:                          app.test"
  assert_equal "${#lines[@]}" 18
}

@test "(network:report) the JSON report is doc/design.md §5.4's line exactly" {
  write_listener web 1 172.17.0.5 5000
  run_split dokku network:report "$TEST_APP" --format json
  assert_success
  assert_equal "$stderr" ""
  assert_equal "$output" '{"attach-post-create":"","attach-post-deploy":"","bind-all-interfaces":"","computed-attach-post-create":"","computed-attach-post-deploy":"","computed-bind-all-interfaces":"false","computed-initial-network":"","computed-tld":"","global-attach-post-create":"","global-attach-post-deploy":"","global-bind-all-interfaces":"","global-initial-network":"","global-tld":"","initial-network":"","network-attach-post-create":"","network-attach-post-deploy":"","network-bind-all-interfaces":"","network-computed-attach-post-create":"","network-computed-attach-post-deploy":"","network-computed-bind-all-interfaces":"false","network-computed-initial-network":"","network-computed-tld":"","network-global-attach-post-create":"","network-global-attach-post-deploy":"","network-global-bind-all-interfaces":"","network-global-initial-network":"","network-global-tld":"","network-initial-network":"","network-static-web-listener":"","network-tld":"","network-web-listeners":"172.17.0.5:5000","static-web-listener":"","tld":"","web-listeners":"172.17.0.5:5000"}'
  # one line, ending in a newline
  assert_equal "$(dokku network:report "$TEST_APP" --format json | wc -l)" 1
}

@test "(network:report) --global prints its header and exactly 10 lines" {
  cat >"$BATS_TEST_TMPDIR/expected" <<'EOF'
=====> --global network information
       Network computed attach post create:  
       Network computed attach post deploy:  
       Network computed bind all interfaces: false
       Network computed initial network:     
       Network computed tld:                 
       Network global attach post create:    
       Network global attach post deploy:    
       Network global bind all interfaces:   
       Network global initial network:       
       Network global tld:                   
EOF
  dokku network:report --global >"$BATS_TEST_TMPDIR/actual"
  cmp "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/actual" ||
    fail "$(diff <(cat -A "$BATS_TEST_TMPDIR/expected") <(cat -A "$BATS_TEST_TMPDIR/actual"))"
}

@test "(network:report) --global JSON has the ten keys twice and no app keys" {
  dokku network:set --global tld g.test >/dev/null 2>&1
  run dokku network:report --global --format json
  assert_success
  assert_output '{"computed-attach-post-create":"","computed-attach-post-deploy":"","computed-bind-all-interfaces":"false","computed-initial-network":"","computed-tld":"g.test","global-attach-post-create":"","global-attach-post-deploy":"","global-bind-all-interfaces":"","global-initial-network":"","global-tld":"g.test","network-computed-attach-post-create":"","network-computed-attach-post-deploy":"","network-computed-bind-all-interfaces":"false","network-computed-initial-network":"","network-computed-tld":"g.test","network-global-attach-post-create":"","network-global-attach-post-deploy":"","network-global-bind-all-interfaces":"","network-global-initial-network":"","network-global-tld":"g.test"}'
}

@test "(network:report) quiet mode hides only the header" {
  write_listener web 1 172.17.0.5 5000
  full=$(dokku network:report "$TEST_APP")
  run_split dokku --quiet network:report "$TEST_APP"
  assert_success
  assert_equal "$output" "$(tail -n +2 <<<"$full")"
  assert_equal "${#lines[@]}" 17
  assert_equal "${lines[16]}" "       Network web listeners:                172.17.0.5:5000"
  run dokku --quiet network:report --global
  assert_success
  refute_output --partial "=====>"
  assert_equal "${#lines[@]}" 10
  # JSON and info flags are never silenced
  run dokku --quiet network:report "$TEST_APP" --network-web-listeners
  assert_output "172.17.0.5:5000"
  run bash -c "dokku --quiet network:report '$TEST_APP' --format json | jq -r '.\"web-listeners\"'"
  assert_output "172.17.0.5:5000"
}

# ---- info flags ------------------------------------------------------------------

@test "(network:report) an info flag prints just that value" {
  write_listener web 1 172.17.0.5 5000
  dokku network:set "$TEST_APP" tld app.test >/dev/null 2>&1
  dokku network:set --global bind-all-interfaces true >/dev/null 2>&1
  run_split dokku network:report "$TEST_APP" --network-web-listeners
  assert_success
  assert_equal "$output" "172.17.0.5:5000"
  assert_equal "$stderr" ""
  run dokku network:report "$TEST_APP" --network-computed-bind-all-interfaces
  assert_output "true"
  run dokku network:report "$TEST_APP" --network-bind-all-interfaces
  assert_output ""
  # the flag may come first; and an empty value is one empty line
  run bash -c "dokku network:report --network-attach-post-create '$TEST_APP' | od -An -c | tr -d ' '"
  assert_output '\n'
  run dokku network:report --global --network-global-bind-all-interfaces
  assert_output "true"
}

@test "(network:report) every info flag agrees with the JSON report" {
  write_listener web 1 172.17.0.5 5000
  dokku network:set "$TEST_APP" tld app.test >/dev/null 2>&1
  dokku network:set "$TEST_APP" attach-post-create "$DOKKU_TEST_PREFIX-c" >/dev/null 2>&1
  dokku network:set --global attach-post-deploy "$DOKKU_TEST_PREFIX-d" >/dev/null 2>&1
  dokku network:set --global initial-network "$DOKKU_TEST_PREFIX-i" >/dev/null 2>&1
  json=$(dokku network:report "$TEST_APP" --format json)
  for flag in ${APP_FLAGS//,/}; do
    run dokku network:report "$TEST_APP" "$flag"
    assert_success
    assert_equal "$output" "$(jq -r --arg k "${flag#--}" '.[$k]' <<<"$json")"
  done
  json=$(dokku network:report --global --format json)
  for flag in ${GLOBAL_FLAGS//,/}; do
    run dokku network:report --global "$flag"
    assert_success
    assert_equal "$output" "$(jq -r --arg k "${flag#--}" '.[$k]' <<<"$json")"
  done
}

@test "(network:report) an invalid flag lists the 17 app flags and exits 1" {
  run_split dokku network:report "$TEST_APP" --nope
  assert_failure 1
  assert_equal "$output" ""
  assert_equal "$stderr" " !     Invalid flag passed, valid flags: $APP_FLAGS"
  assert_equal "$(tr ',' '\n' <<<"$APP_FLAGS" | wc -l)" 17
}

@test "(network:report) an invalid flag on --global lists the 10 global flags" {
  for flag in --nope --network-tld --network-web-listeners --network-static-web-listener; do
    run_split dokku network:report --global "$flag"
    assert_failure 1
    assert_equal "$output" ""
    assert_equal "$stderr" " !     Invalid flag passed, valid flags: $GLOBAL_FLAGS"
  done
}

@test "(network:report) stripped flags such as --bind-all-interfaces are invalid" {
  for flag in --bind-all-interfaces --tld --web-listeners --computed-tld --global-tld; do
    run_split dokku network:report "$TEST_APP" "$flag"
    assert_failure 1
    assert_equal "$stderr" " !     Invalid flag passed, valid flags: $APP_FLAGS"
  done
}

@test "(network:report) two info flags are an error, not silent success (bug 5)" {
  run_split dokku network:report "$TEST_APP" --network-tld --network-web-listeners
  assert_failure 1
  assert_equal "$output" ""
  assert_equal "$stderr" " !     network:report command allows only a single flag"
  run_split dokku network:report --global --network-global-tld --network-computed-tld
  assert_failure 1
  assert_equal "$stderr" " !     network:report command allows only a single flag"
}

@test "(network:report) --format json with an info flag is an error" {
  run_split dokku network:report "$TEST_APP" --format json --network-tld
  assert_failure 1
  assert_equal "$output" ""
  assert_equal "$stderr" " !     --format flag cannot be specified when specifying an info flag"
}

# ---- formats ---------------------------------------------------------------------

@test "(network:report) --format text is a synonym of stdout (bug 7)" {
  write_listener web 1 172.17.0.5 5000
  expected=$(dokku network:report "$TEST_APP")
  run_split dokku network:report "$TEST_APP" --format stdout
  assert_success
  assert_equal "$output" "$expected"
  run_split dokku network:report "$TEST_APP" --format text
  assert_success
  assert_equal "$stderr" ""
  assert_equal "$output" "$expected"
  run dokku network:report "$TEST_APP" --format text --network-web-listeners
  assert_success
  assert_output "172.17.0.5:5000"
  run dokku network:report --global --format text
  assert_success
  assert_line --index 0 "=====> --global network information"
}

@test "(network:report) any other format is refused with Go's quoting" {
  for fmt in yaml JSON Text " "; do
    run_split dokku network:report "$TEST_APP" --format "$fmt"
    assert_failure 1
    assert_equal "$output" ""
    assert_equal "$stderr" " !     Format must be \"stdout\" or \"json\": \"$fmt\""
  done
  run_split dokku network:report "$TEST_APP" --format 'a"b'
  assert_failure 1
  assert_equal "$stderr" ' !     Format must be "stdout" or "json": "a\"b"'
}

@test "(network:report) the bad format is quoted with Go's %q, not JSON escaping" {
  run_split dokku network:report "$TEST_APP" --format '<x>&'
  assert_failure 1
  assert_equal "$stderr" ' !     Format must be "stdout" or "json": "<x>&"'
  run_split dokku network:report "$TEST_APP" --format $'a\001b'
  assert_failure 1
  assert_equal "$stderr" ' !     Format must be "stdout" or "json": "a\x01b"'
}

@test "(network:report) --format as the last argument is a usage error, not a panic (bug 6)" {
  run_split dokku network:report "$TEST_APP" --format
  assert_failure 2
  assert_equal "$output" ""
  assert_equal "$stderr" "$REPORT_USAGE
flag needs an argument: --format"
  run_split dokku network:report --format
  assert_failure 2
  [[ "$stderr" != *panic* ]] || fail "panicked: $stderr"
  assert_equal "$(tail -n 1 <<<"$stderr")" "flag needs an argument: --format"
}

@test "(network:report) --format=json works like --format json (bug 6)" {
  write_listener web 1 172.17.0.5 5000
  expected=$(dokku network:report "$TEST_APP" --format json)
  run_split dokku network:report "$TEST_APP" --format=json
  assert_success
  assert_equal "$stderr" ""
  assert_equal "$output" "$expected"
  run dokku network:report --format=json --global
  assert_success
  assert_equal "$(jq -r '."global-tld"' <<<"$output")" ""
  assert_equal "$(jq -r 'keys | length' <<<"$output")" 20
}

@test "(network:report) -h prints the usage block and exits 0; --help and a bare -- are info flags, as in every Dokku report" {
  run_split dokku network:report "$TEST_APP" -h
  assert_success
  assert_equal "$output" ""
  assert_equal "$stderr" "$REPORT_USAGE"
  for args in "$TEST_APP --help" "--help $TEST_APP" "-- $TEST_APP" "$TEST_APP --" "--global --help"; do
    # shellcheck disable=SC2086
    run_split dokku network:report $args
    assert_failure 1
    assert_equal "$output" ""
    assert_regex "$stderr" "^ !     Invalid flag passed, valid flags: --network-"
  done
}

@test "(network:report) an empty --format is the text report, as in the original" {
  local expected
  expected=$(dokku network:report "$TEST_APP")
  run_split dokku network:report "$TEST_APP" --format ""
  assert_success
  assert_equal "$stderr" ""
  assert_equal "$output" "$expected"
  run_split dokku network:report "$TEST_APP" --format "" --network-computed-bind-all-interfaces
  assert_success
  assert_equal "$output" "false"
}

@test "(network:report) -hx asks for help as pflag does" {
  run_split dokku network:report "$TEST_APP" -hx
  assert_success
  assert_equal "$stderr" "$REPORT_USAGE"
}

# ---- who gets reported -----------------------------------------------------------

@test "(network:report) with no app every app is reported, in byte order" {
  local p="$DOKKU_TEST_PREFIX"
  destroy_test_app >/dev/null
  for app in "$p-b" "$p-a.2" "$p-9" "$p-a" "$p-10"; do create_test_app "$app" >/dev/null; done
  # not apps: a dot directory, an upper-case directory and a plain file
  mkdir "$DOKKU_ROOT/.hidden" "$DOKKU_ROOT/UPPER"
  touch "$DOKKU_ROOT/VHOST"
  run_split dokku network:report
  assert_success
  assert_equal "$stderr" ""
  assert_equal "$(grep '^=====>' <<<"$output")" "=====> $p-10 network information
=====> $p-9 network information
=====> $p-a network information
=====> $p-a.2 network information
=====> $p-b network information"
  assert_equal "${#lines[@]}" $((5 * 18))
}

@test "(network:report) with no app, JSON and info flags give one line per app" {
  local p="$DOKKU_TEST_PREFIX"
  destroy_test_app >/dev/null
  for app in "$p-b" "$p-a"; do create_test_app "$app" >/dev/null; done
  mkdir -p "$DOKKU_LIB_ROOT/config/network/$p-b"
  printf 'b.test' >"$DOKKU_LIB_ROOT/config/network/$p-b/tld"
  run dokku network:report --network-tld
  assert_success
  assert_output "
b.test"
  run bash -c "dokku network:report --format json | jq -c '[.tld, .\"network-tld\"]'"
  assert_success
  assert_output '["",""]
["b.test","b.test"]'
}

@test "(network:report) a user-auth-app plugin filters the apps reported" {
  local p="$DOKKU_TEST_PREFIX" plugin
  destroy_test_app >/dev/null
  for app in "$p-a" "$p-b" "$p-c"; do create_test_app "$app" >/dev/null; done
  plugin=$(make_test_plugin auth)
  add_hook "$plugin" user-auth-app "echo \"\$*\" >>'$BATS_TEST_TMPDIR/args'; shift 2; printf '%s\n' \"\$@\" | grep -v -- '-b\$' || true"
  run_split dokku network:report
  assert_success
  assert_equal "$(grep '^=====>' <<<"$output")" "=====> $p-a network information
=====> $p-c network information"
  assert_equal "$(head -n 1 "$BATS_TEST_TMPDIR/args")" "root default $p-a $p-b $p-c"
  # an app the user may not see does not exist for them
  run_split dokku network:report "$p-b"
  assert_failure 20
  assert_equal "$stderr" " !     App $p-b does not exist"
  run_split env SSH_USER=alice SSH_NAME=key1 dokku network:report "$p-a" --network-tld
  assert_success
  assert_equal "$(tail -n 1 "$BATS_TEST_TMPDIR/args")" "alice key1 $p-a"
}

@test "(network:report) no apps: a warning on stderr and exit 0" {
  destroy_test_app >/dev/null
  for args in "" "--format json" "--network-tld"; do
    # shellcheck disable=SC2086
    run_split dokku network:report $args
    assert_success
    assert_equal "$output" ""
    assert_equal "$stderr" " !     You haven't deployed any applications yet"
  done
}

@test "(network:report) dokku --app X network:report reports X" {
  write_listener web 1 172.17.0.5 5000
  dokku apps:create "$TEST_APP-other" >/dev/null
  expected=$(dokku network:report "$TEST_APP")
  run_split dokku --app "$TEST_APP" network:report
  assert_success
  assert_equal "$stderr" ""
  assert_equal "$output" "$expected"
  run dokku --app "$TEST_APP" network:report --network-web-listeners
  assert_success
  assert_output "172.17.0.5:5000"
}

@test "(network:report) a nonexistent app exits 20" {
  run_split dokku network:report "$TEST_APP-missing"
  assert_failure 20
  assert_equal "$output" ""
  assert_equal "$stderr" " !     App $TEST_APP-missing does not exist"
  run_split dokku network:report "$TEST_APP-missing" --format json
  assert_failure 20
  assert_equal "$stderr" " !     App $TEST_APP-missing does not exist"
}

@test "(network:report) an invalid app name exits 1 with Dokku's message" {
  for app in Upper "a b" a/b .. "$(printf 'x\ny')"; do
    run_split dokku network:report -- "$app"
    assert_failure 1
    assert_equal "$output" ""
    assert_equal "$stderr" " !     $NAME_ERROR"
  done
}

@test "(network:report) an app and --global together, or two apps, are refused" {
  run_split dokku network:report "$TEST_APP" --global
  assert_failure 1
  assert_equal "$stderr" " !     Specify either an app or --global, not both"
  run_split dokku network:report "$TEST_APP" "$TEST_APP"
  assert_failure 1
  assert_equal "$stderr" " !     Too many arguments, usage: dokku network:report [<app>|--global] [<flag>] [--format stdout|json]"
}

@test "(network:report) JSON escapes property values as Go's encoding/json does" {
  mkdir -p "$APP_DIR"
  printf 'a"b<c>d&e\nf\tg\\h' >"$APP_DIR/tld"
  printf '\001\r\xe2\x80\xa8é\xff' >"$APP_DIR/initial-network"
  run dokku network:report "$TEST_APP" --format json
  assert_success
  assert_equal "$(grep -o '"tld":"[^,]*' <<<"$output")" '"tld":"a\"b\u003cc\u003ed\u0026e\nf\tg\\h"'
  assert_equal "$(grep -o '"initial-network":"[^,]*' <<<"$output")" '"initial-network":"\u0001\r\u2028é\ufffd"'
  # and it decodes back to the raw bytes
  run bash -c "dokku network:report '$TEST_APP' --format json | jq -j '.\"network-tld\"' | od -An -c"
  assert_equal "$output" "$(printf 'a"b<c>d&e\nf\tg\\h' | od -An -c)"
  # the text report prints the raw value, untrimmed
  run dokku network:report "$TEST_APP" --network-tld
  assert_output "$(printf 'a"b<c>d&e\nf\tg\\h')"
}

@test "(network:report) raw values are not trimmed: a hand-written newline stays" {
  mkdir -p "$APP_DIR"
  printf 'true\n' >"$APP_DIR/bind-all-interfaces"
  run bash -c "dokku network:report '$TEST_APP' --format json | jq -c '[.\"bind-all-interfaces\", .\"computed-bind-all-interfaces\"]'"
  assert_output '["true\n","true\n"]'
}

# ---- web listeners (doc/design.md §8.3 GetListeners) --------------------------------

@test "(network:report) listeners are in numeric order: IP.web.2 before IP.web.10" {
  write_listener web 10 10.0.0.10 8080
  write_listener web 2 10.0.0.2 3000
  write_listener web 1 10.0.0.1 3000
  write_listener worker 1 10.0.0.99 4000
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_success
  assert_output "10.0.0.1:3000 10.0.0.2:3000 10.0.0.10:8080"
}

@test "(network:report) a listener without a PORT file defaults to port 5000" {
  write_listener web 1 10.0.0.1
  write_listener web 2 10.0.0.2 3000
  # IP and PORT files are read up to the first line, blanks trimmed
  printf '10.0.0.3\n' >"$DOKKU_ROOT/$TEST_APP/IP.web.3"
  printf ' 6000 \n' >"$DOKKU_ROOT/$TEST_APP/PORT.web.3"
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_success
  assert_output "10.0.0.1:5000 10.0.0.2:3000 10.0.0.3:6000"
}

@test "(network:report) an empty IP file gives :5000" {
  write_listener web 1 ""
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_success
  assert_output ":5000"
}

@test "(network:report) static-web-listener overrides the IP files" {
  write_listener web 1 10.0.0.1 5000
  run dokku network:set "$TEST_APP" static-web-listener 192.168.1.5:9000
  assert_success
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_output "192.168.1.5:9000"
  run dokku network:report "$TEST_APP" --network-static-web-listener
  assert_output "192.168.1.5:9000"
  dokku network:set "$TEST_APP" static-web-listener >/dev/null 2>&1
  run dokku network:report "$TEST_APP" --network-web-listeners
  assert_output "10.0.0.1:5000"
}
