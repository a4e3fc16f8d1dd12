#!/usr/bin/env bats
# What the comparison with the original Go plugin (dokku v0.38.27, run side by
# side over the same trees and daemon, issue 11) found and this plugin now
# does the original's way: the expected bytes, pinned. Where this plugin
# deliberately differs instead, doc/differences.md says so.
# shellcheck disable=SC2154 # $stderr is set by run_split
load test_helper

setup_file() { dokku_env_setup; }
teardown_file() { dokku_env_teardown; }

setup() {
  create_test_app >/dev/null
  APP_ROOT="$DOKKU_ROOT/$TEST_APP"
}

teardown() {
  cleanup_test_containers
  cleanup_test_networks
  destroy_test_app >/dev/null 2>&1 || true
}

# exact_bytes <file> <expected bytes>: the whole stream, trailing spaces and newlines included.
exact_bytes() {
  assert_equal "$(od -An -c "$1")" "$(printf '%s' "$2" | od -An -c)"
}

# new_container: a running container labelled as TEST_APP's web.1 (prints its ID).
new_container() {
  docker container run -d --name "$(unique_name "$DOKKU_TEST_PREFIX-c")" \
    --label "com.dokku.app-name=$TEST_APP" --label com.dokku.process-type=web "$DOKKU_TEST_IMAGE" sleep 600
}

@test "(compat) network-get-ipaddr of a container that no longer exists prints an empty line and exits 0, so the deploy goes on" {
  local cid
  cid=$(new_container)
  docker container rm --force "$cid" >/dev/null
  plugn trigger network-get-ipaddr "$TEST_APP" web "$cid" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
  exact_bytes "$BATS_TEST_TMPDIR/out" $'\n'
  exact_bytes "$BATS_TEST_TMPDIR/err" ""
  # a stopped one has no address either
  cid=$(new_container)
  docker container stop --time 0 "$cid" >/dev/null
  plugn trigger network-get-ipaddr "$TEST_APP" web "$cid" >"$BATS_TEST_TMPDIR/out"
  exact_bytes "$BATS_TEST_TMPDIR/out" $'\n'
}

@test "(compat) network-write-ipaddr and -port keep the mode and owner of the file they replace, as the original's truncate does" {
  local kind trigger value
  for kind in IP PORT; do
    trigger=network-write-ipaddr value=10.0.0.7
    [[ "$kind" == PORT ]] && trigger=network-write-port value=5007
    printf 'old' >"$APP_ROOT/$kind.web.1"
    chmod 0640 "$APP_ROOT/$kind.web.1"
    chown dokku:dokku "$APP_ROOT/$kind.web.1"
    run_split plugn trigger "$trigger" "$TEST_APP" web 1 "$value"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(cat "$APP_ROOT/$kind.web.1")" "$value"
    assert_equal "$(stat -c '%a %U:%G' "$APP_ROOT/$kind.web.1")" "640 dokku:dokku"
  done
  # a new file: 0666 less the umask, owned by whoever runs the trigger
  (umask 022 && plugn trigger network-write-ipaddr "$TEST_APP" web 2 10.0.0.8)
  assert_equal "$(stat -c '%a %U' "$APP_ROOT/IP.web.2")" "644 root"
}

@test "(compat) errors that wrap a system error are worded as Go's (open PATH: no such file or directory)" {
  run_split plugn trigger network-write-ipaddr "$TEST_APP-gone" web 1 10.0.0.1
  assert_failure 1
  assert_equal "$stderr" " !     open $DOKKU_ROOT/$TEST_APP-gone/IP.web.1: no such file or directory"
  mkdir "$APP_ROOT/PORT.web.1"
  run_split plugn trigger network-write-port "$TEST_APP" web 1 5000
  assert_failure 1
  assert_equal "$stderr" " !     open $APP_ROOT/PORT.web.1: is a directory"
  local props="$DOKKU_LIB_ROOT/config/network/$TEST_APP"
  mkdir -p "$props/tld"
  run_split dokku network:set "$TEST_APP" tld x.test
  assert_failure 1
  assert_equal "$stderr" " !     Unable to write network config value $TEST_APP.tld: open $props/tld: is a directory"
  rmdir "$props/tld"
  # the group is looked up first, as Go's SetPermissions does
  run_split env DOKKU_SYSTEM_USER=nosuchuser DOKKU_SYSTEM_GROUP=nosuchgroup dokku network:set "$TEST_APP" tld x.test
  assert_failure 1
  assert_equal "$stderr" " !     Unable to create network config directory for $TEST_APP: group: unknown group nosuchgroup"
  [[ ! -e "$props/tld" ]] || fail "the value was written"
}

@test "(compat) an error message keeps its trailing space, as Go prints it" {
  plugn trigger network-get-property "$TEST_APP" "" 2>"$BATS_TEST_TMPDIR/err" && fail "accepted an empty property"
  exact_bytes "$BATS_TEST_TMPDIR/err" $' !     Invalid network property specified: \n'
  # a newline at the end of a value still cannot add a line
  plugn trigger network-get-property "$TEST_APP" $'tld\n' 2>"$BATS_TEST_TMPDIR/err" && fail "accepted a bad property"
  exact_bytes "$BATS_TEST_TMPDIR/err" $' !     Invalid network property specified: tld\n'
}

@test "(compat) post-container-create for a container that does not exist: the daemon's words" {
  local net
  net=$(unique_name "$DOKKU_TEST_PREFIX-net")
  docker network create "$net" >/dev/null
  dokku network:set "$TEST_APP" attach-post-create "$net" >/dev/null
  run_split plugn trigger post-container-create app nosuchcontainer "$TEST_APP" deploy web
  assert_failure 1
  assert_equal "$output" ""
  assert_equal "$stderr" " !     Unable to attach container to network: Error response from daemon: No such container: nosuchcontainer"
}

@test "(compat) post-deploy (this plugin's own trigger) of an app that is not deployed is silent, as the original, which has none" {
  local net
  net=$(unique_name "$DOKKU_TEST_PREFIX-net")
  docker network create "$net" >/dev/null
  dokku network:set "$TEST_APP" attach-post-deploy "$net" >/dev/null
  run_split plugn trigger post-deploy "$TEST_APP" "" "" latest
  assert_success
  assert_equal "$output" ""
  assert_equal "$stderr" ""
  # network's core-post-deploy still says so, as the original does (through plugn,
  # common's core-post-deploy would first mark the app deployed)
  run_split "$PLUGIN_ENABLED_PATH/network/core-post-deploy" "$TEST_APP" "" "" latest
  assert_failure 1
  assert_equal "$stderr" " !     App $TEST_APP has not been deployed"
}
