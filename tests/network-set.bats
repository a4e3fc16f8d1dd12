#!/usr/bin/env bats
# network:set (doc/design.md §6 CommandPropertySet, §11): what lands on disk,
# the messages, the validation this project added (bugs 9-12 of doc/design.md
# §10; "bug N" below is item N there) and the guarantee that a refused command
# leaves the config tree untouched.

# shellcheck disable=SC2154 # $stderr is set by run_split
load test_helper

NAME_ERROR="App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens"
NETWORK_NAME_ERROR="Invalid network name: it must start with a letter or digit and contain only letters, digits, '_', '.' and '-'"
INVALID_PROPERTY="Invalid property specified, valid properties include: attach-post-create, attach-post-deploy, bind-all-interfaces, initial-network, static-web-listener, tld"
# --process is this plugin's (issue 14): the original's block has only --global
SET_USAGE="Usage of network:set:
      --global                --global: set a global property
      --process stringArray   --process: scope the value to a process type (repeatable)"

setup() {
  dokku_env_setup
  create_test_app >/dev/null
  APP_DIR="$DOKKU_LIB_ROOT/config/network/$TEST_APP"
  GLOBAL_DIR="$DOKKU_LIB_ROOT/config/network/--global"
}

teardown() {
  if [[ -n "$LIVE_PID" ]]; then kill "$LIVE_PID" 2>/dev/null || true; fi
  dokku_env_teardown
}

# assert_property_file <path> <value>: the file holds exactly <value> (no
# trailing newline), mode 0600, owned dokku:dokku, in a 0755 dokku:dokku dir.
assert_property_file() {
  local path="$1" value="$2"
  [[ -f "$path" ]] || fail "missing property file $path"
  cmp -s "$path" <(printf '%s' "$value") || fail "$path holds [$(od -An -c "$path")], expected [$value] without a newline"
  assert_equal "$(stat -c '%a %U:%G' "$path")" "600 dokku:dokku"
  assert_equal "$(stat -c '%a %U:%G' "$(dirname "$path")")" "755 dokku:dokku"
  assert_equal "$(stat -c '%a %U:%G' "$DOKKU_LIB_ROOT/config/network")" "755 dokku:dokku"
}

# config_snapshot: every path under config/ with type, mode and owner, then the
# sha256 of every file: equal snapshots mean nothing on disk changed.
config_snapshot() {
  find "$DOKKU_LIB_ROOT/config" -printf '%y %m %u:%g %p\n' | LC_ALL=C sort
  find "$DOKKU_LIB_ROOT/config" -type f -exec sha256sum {} + | LC_ALL=C sort
}

# seed_properties: some app and global values, so that a refused command that
# wrote, deleted or truncated anything would change the snapshot.
seed_properties() {
  mkdir -p "$APP_DIR" "$GLOBAL_DIR"
  printf 'seed-create' >"$APP_DIR/attach-post-create"
  printf 'seed.test' >"$APP_DIR/tld"
  printf 'false' >"$APP_DIR/bind-all-interfaces"
  printf 'global.test' >"$GLOBAL_DIR/tld"
  chmod 0600 "$APP_DIR"/* "$GLOBAL_DIR"/*
  chown -R dokku:dokku "$DOKKU_LIB_ROOT/config"
}

# assert_refused <status> <stderr> <command...>: the command exits with
# <status>, prints exactly <stderr> and nothing on stdout, and changes nothing
# under config/.
assert_refused() {
  local code="$1" expected="$2" before
  shift 2
  before=$(config_snapshot)
  run_split "$@"
  [[ "$status" -eq "$code" ]] || fail "exit $status instead of $code for: $* (stderr: $stderr)"
  assert_equal "$stderr" "$expected"
  assert_equal "$output" ""
  assert_equal "$(config_snapshot)" "$before"
}

# ---- storing values -------------------------------------------------------------

@test "(network:set) every app property is stored as exact bytes, 0600, owned by dokku" {
  local create deploy initial
  create=$(unique_name "$DOKKU_TEST_PREFIX-create")
  deploy=$(unique_name "$DOKKU_TEST_PREFIX-deploy")
  initial=$(unique_name "$DOKKU_TEST_PREFIX-initial")
  for net in "$create" "$deploy" "$initial"; do docker network create "$net" >/dev/null; done
  declare -A values=(
    [attach-post-create]="$create"
    [attach-post-deploy]="$deploy"
    [bind-all-interfaces]=true
    [initial-network]="$initial"
    [static-web-listener]=127.0.0.1:5000
    [tld]=example.test
  )
  for prop in "${!values[@]}"; do
    run_split dokku network:set "$TEST_APP" "$prop" "${values[$prop]}"
    assert_success
    assert_equal "$output" "=====> Setting $prop to ${values[$prop]}"
    assert_equal "$stderr" ""
    assert_property_file "$APP_DIR/$prop" "${values[$prop]}"
  done
  # exactly the six files, nothing global, no temporary leftovers
  run bash -c "cd '$DOKKU_LIB_ROOT/config/network' && find . | LC_ALL=C sort"
  assert_output ".
./$TEST_APP
./$TEST_APP/attach-post-create
./$TEST_APP/attach-post-deploy
./$TEST_APP/bind-all-interfaces
./$TEST_APP/initial-network
./$TEST_APP/static-web-listener
./$TEST_APP/tld"
}

@test "(network:set) every global property is stored under config/network/--global" {
  local create deploy initial
  create=$(unique_name "$DOKKU_TEST_PREFIX-create")
  deploy=$(unique_name "$DOKKU_TEST_PREFIX-deploy")
  initial=$(unique_name "$DOKKU_TEST_PREFIX-initial")
  for net in "$create" "$deploy" "$initial"; do docker network create "$net" >/dev/null; done
  declare -A values=(
    [attach-post-create]="$create"
    [attach-post-deploy]="$deploy"
    [bind-all-interfaces]=false
    [initial-network]="$initial"
    [tld]=global.test
  )
  for prop in "${!values[@]}"; do
    run_split dokku network:set --global "$prop" "${values[$prop]}"
    assert_success
    assert_equal "$output" "=====> Setting $prop to ${values[$prop]}"
    assert_equal "$stderr" ""
    assert_property_file "$GLOBAL_DIR/$prop" "${values[$prop]}"
  done
  # --global may come anywhere among the arguments
  run dokku network:set tld other.test --global
  assert_success
  assert_property_file "$GLOBAL_DIR/tld" "other.test"
  [[ ! -e "$APP_DIR" ]] || fail "an app directory was created by --global"
  assert_equal "$(find "$GLOBAL_DIR" -type f | wc -l)" 5
}

@test "(network:set) several attach values are joined by commas, in the order given" {
  local a b c
  a=$(unique_name "$DOKKU_TEST_PREFIX-a")
  b=$(unique_name "$DOKKU_TEST_PREFIX-b")
  c=$(unique_name "$DOKKU_TEST_PREFIX-c")
  for net in "$a" "$b" "$c"; do docker network create "$net" >/dev/null; done
  run_split dokku network:set "$TEST_APP" attach-post-deploy "$c" "$a" "$b"
  assert_success
  assert_equal "$output" "=====> Setting attach-post-deploy to $c,$a,$b"
  assert_property_file "$APP_DIR/attach-post-deploy" "$c,$a,$b"
  run dokku network:set --global attach-post-create "$a" "$b"
  assert_success
  assert_property_file "$GLOBAL_DIR/attach-post-create" "$a,$b"
}

@test "(network:set) rewriting a value truncates it and restores mode 0600 whatever the umask" {
  run dokku network:set "$TEST_APP" tld a-much-longer-value.test
  assert_success
  chmod 0644 "$APP_DIR/tld"
  chmod 0700 "$APP_DIR"
  run bash -c "umask 077; dokku network:set '$TEST_APP' tld b.test"
  assert_success
  assert_property_file "$APP_DIR/tld" "b.test"
}

@test "(network:set) temporary files left by killed writers are removed, live ones kept" {
  sleep 300 3>&- >/dev/null 2>&1 &
  LIVE_PID=$!
  local live=$LIVE_PID
  mkdir -p "$APP_DIR"
  printf 'partial' >"$APP_DIR/.tld.tmp.2147483647"
  printf 'partial' >"$APP_DIR/.tld.tmp.$live"
  run dokku network:set "$TEST_APP" tld new.test
  assert_success
  assert_property_file "$APP_DIR/tld" new.test
  [[ ! -e "$APP_DIR/.tld.tmp.2147483647" ]] || fail "the dead writer's temporary file is still there"
  [[ -e "$APP_DIR/.tld.tmp.$live" ]] || fail "a live writer's temporary file was removed"
}

@test "(network:set) no value unsets: the file is deleted, not emptied" {
  seed_properties
  for prop in tld attach-post-create bind-all-interfaces; do
    run_split dokku network:set "$TEST_APP" "$prop"
    assert_success
    assert_equal "$output" "=====> Unsetting $prop"
    assert_equal "$stderr" ""
    [[ ! -e "$APP_DIR/$prop" ]] || fail "$prop still exists after unsetting"
  done
  run_split dokku network:set --global tld
  assert_success
  assert_equal "$output" "=====> Unsetting tld"
  [[ ! -e "$GLOBAL_DIR/tld" ]] || fail "the global tld still exists"
  # unsetting what is not set is fine too
  run_split dokku network:set "$TEST_APP" initial-network
  assert_success
  assert_equal "$output" "=====> Unsetting initial-network"
  [[ ! -e "$APP_DIR/initial-network" ]]
}

@test "(network:set) an explicit empty value unsets, as in Dokku" {
  seed_properties
  run_split dokku network:set "$TEST_APP" tld ""
  assert_success
  assert_equal "$output" "=====> Unsetting tld"
  [[ ! -e "$APP_DIR/tld" ]]
  run_split dokku network:set "$TEST_APP" bind-all-interfaces ""
  assert_success
  [[ ! -e "$APP_DIR/bind-all-interfaces" ]]
  run_split dokku network:set "$TEST_APP" attach-post-create ""
  assert_success
  [[ ! -e "$APP_DIR/attach-post-create" ]]
}

@test "(network:set) quiet mode hides the Setting and Unsetting lines only" {
  run_split dokku --quiet network:set "$TEST_APP" tld quiet.test
  assert_success
  assert_equal "$output" ""
  assert_equal "$stderr" ""
  assert_property_file "$APP_DIR/tld" "quiet.test"
  run_split dokku --quiet network:set "$TEST_APP" tld
  assert_success
  assert_equal "$output" ""
  [[ ! -e "$APP_DIR/tld" ]]
}

@test "(network:set) a missing network is only a warning: the value is stored (original test 14)" {
  local missing="$DOKKU_TEST_PREFIX-nonexistent-network"
  run_split dokku network:set "$TEST_APP" attach-post-create "$missing"
  assert_success
  assert_equal "$output" "=====> Setting attach-post-create to $missing"
  assert_equal "$stderr" " !     Network $missing does not exist yet: create it before the next deploy"
  assert_property_file "$APP_DIR/attach-post-create" "$missing"
  # the same network for the other attach property is refused
  assert_refused 1 " !     Network name already associated with this app: $missing" \
    dokku network:set "$TEST_APP" attach-post-deploy "$missing"
  run_split dokku network:set "$TEST_APP" initial-network "$missing-initial"
  assert_success
  assert_equal "$stderr" " !     Network $missing-initial does not exist yet: create it before the next deploy"
  assert_property_file "$APP_DIR/initial-network" "$missing-initial"
  run_split dokku network:set --global attach-post-deploy "$missing-a" "$missing-b"
  assert_success
  assert_equal "$stderr" " !     Network $missing-a does not exist yet: create it before the next deploy
 !     Network $missing-b does not exist yet: create it before the next deploy"
  assert_property_file "$GLOBAL_DIR/attach-post-deploy" "$missing-a,$missing-b"
}

@test "(network:set) an existing network gives no warning" {
  local net
  net=$(unique_name "$DOKKU_TEST_PREFIX-net")
  docker network create "$net" >/dev/null
  run_split dokku network:set "$TEST_APP" initial-network "$net"
  assert_success
  assert_equal "$stderr" ""
  assert_property_file "$APP_DIR/initial-network" "$net"
}

@test "(network:set) an unreachable daemon only turns the existence check into a warning" {
  run_split env DOCKER_HOST=unix:///nonexistent/docker.sock dokku network:set "$TEST_APP" attach-post-create "$DOKKU_TEST_PREFIX-x"
  assert_success
  assert_equal "$output" "=====> Setting attach-post-create to $DOKKU_TEST_PREFIX-x"
  assert_regex "$stderr" "^ !     Unable to check that network $DOKKU_TEST_PREFIX-x exists \\(Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock: .*\\); stored anyway$"
  assert_property_file "$APP_DIR/attach-post-create" "$DOKKU_TEST_PREFIX-x"
}

@test "(network:set) an unknown DOKKU_SYSTEM_USER fails and keeps the old value" {
  run dokku network:set "$TEST_APP" tld old.test
  assert_success
  before=$(config_snapshot)
  run_split env DOKKU_SYSTEM_USER=nosuchuser dokku network:set "$TEST_APP" tld new.test
  assert_failure 1
  assert_equal "$stderr" " !     Unable to create network config directory for $TEST_APP: user: unknown user nosuchuser"
  assert_equal "$(config_snapshot)" "$before"
  assert_property_file "$APP_DIR/tld" "old.test"
}

# ---- validation: each refusal changes nothing on disk ---------------------------

@test "(network:set) host, bridge and none cannot be attached to" {
  seed_properties
  for prop in attach-post-create attach-post-deploy; do
    for net in host bridge none; do
      assert_refused 1 " !     Invalid network name specified for attach: $net" \
        dokku network:set "$TEST_APP" "$prop" "$net"
      assert_refused 1 " !     Invalid network name specified for attach: $net" \
        dokku network:set --global "$prop" "$net"
    done
  done
  # also when it is not the first value
  assert_refused 1 " !     Invalid network name specified for attach: bridge" \
    dokku network:set "$TEST_APP" attach-post-deploy "$DOKKU_TEST_PREFIX-ok" bridge
}

@test "(network:set) the other attach property is checked element by element (bug 9)" {
  local a="$DOKKU_TEST_PREFIX-a" b="$DOKKU_TEST_PREFIX-b"
  run dokku network:set "$TEST_APP" attach-post-create "$a" "$b"
  assert_success
  assert_property_file "$APP_DIR/attach-post-create" "$a,$b"
  # the original compared with the whole "a,b" and let both of these through
  assert_refused 1 " !     Network name already associated with this app: $a" \
    dokku network:set "$TEST_APP" attach-post-deploy "$a"
  assert_refused 1 " !     Network name already associated with this app: $b" \
    dokku network:set "$TEST_APP" attach-post-deploy "$DOKKU_TEST_PREFIX-c" "$b"
  # and the other way round
  run dokku network:set "$TEST_APP" attach-post-deploy "$DOKKU_TEST_PREFIX-d"
  assert_success
  assert_refused 1 " !     Network name already associated with this app: $DOKKU_TEST_PREFIX-d" \
    dokku network:set "$TEST_APP" attach-post-create "$DOKKU_TEST_PREFIX-d"
}

@test "(network:set) the conflict check uses the computed value, so globals count" {
  local g1="$DOKKU_TEST_PREFIX-g1" g2="$DOKKU_TEST_PREFIX-g2"
  run dokku network:set --global attach-post-deploy "$g1" "$g2"
  assert_success
  assert_refused 1 " !     Network name already associated with this app: $g2" \
    dokku network:set "$TEST_APP" attach-post-create "$g2"
  assert_refused 1 " !     Network name already associated with this app: $g1" \
    dokku network:set --global attach-post-create "$g1"
  # an app value overrides the global one, so the global networks are free again
  run dokku network:set "$TEST_APP" attach-post-deploy "$DOKKU_TEST_PREFIX-own"
  assert_success
  run dokku network:set "$TEST_APP" attach-post-create "$g2"
  assert_success
  assert_property_file "$APP_DIR/attach-post-create" "$g2"
}

@test "(network:set) a network listed twice is refused" {
  seed_properties
  assert_refused 1 " !     Network specified more than once: $DOKKU_TEST_PREFIX-x" \
    dokku network:set "$TEST_APP" attach-post-create "$DOKKU_TEST_PREFIX-x" "$DOKKU_TEST_PREFIX-x"
}

@test "(network:set) bind-all-interfaces only takes true or false (bug 12)" {
  seed_properties
  for value in yes 1 TRUE True False "true " " true" $'true\n' on; do
    assert_refused 1 " !     Invalid value for bind-all-interfaces: must be true or false" \
      dokku network:set "$TEST_APP" bind-all-interfaces "$value"
    assert_refused 1 " !     Invalid value for bind-all-interfaces: must be true or false" \
      dokku network:set --global bind-all-interfaces "$value"
  done
  run dokku network:set "$TEST_APP" bind-all-interfaces true
  assert_success
  assert_property_file "$APP_DIR/bind-all-interfaces" true
}

@test "(network:set) single-value properties refuse extra values (bug 10)" {
  seed_properties
  assert_refused 1 " !     Property tld takes a single value, 2 given" \
    dokku network:set "$TEST_APP" tld a.test b.test
  assert_refused 1 " !     Property bind-all-interfaces takes a single value, 2 given" \
    dokku network:set "$TEST_APP" bind-all-interfaces true false
  assert_refused 1 " !     Property initial-network takes a single value, 3 given" \
    dokku network:set "$TEST_APP" initial-network a b c
  assert_refused 1 " !     Property static-web-listener takes a single value, 2 given" \
    dokku network:set "$TEST_APP" static-web-listener 127.0.0.1:80 127.0.0.1:81
  assert_refused 1 " !     Property tld takes a single value, 2 given" \
    dokku network:set --global tld a.test b.test
}

@test "(network:set) an invalid tld is refused" {
  seed_properties
  local long_label long_name
  long_label="$(printf 'a%.0s' {1..64}).test"
  long_name="$(printf 'abcdefghi.%.0s' {1..26})x"
  assert_refused 1 " !     Invalid tld: it may only contain lowercase letters, digits, '-' and '.'" \
    dokku network:set "$TEST_APP" tld Example.test
  assert_refused 1 " !     Invalid tld: it may only contain lowercase letters, digits, '-' and '.'" \
    dokku network:set "$TEST_APP" tld a_b.test
  assert_refused 1 " !     Invalid tld: it may only contain lowercase letters, digits, '-' and '.'" \
    dokku network:set "$TEST_APP" tld "a b"
  assert_refused 1 " !     Invalid tld: it has an empty label" \
    dokku network:set "$TEST_APP" tld a..test
  assert_refused 1 " !     Invalid tld: it has an empty label" \
    dokku network:set "$TEST_APP" tld .test
  assert_refused 1 " !     Invalid tld: it has an empty label" \
    dokku network:set --global tld test.
  assert_refused 1 " !     Invalid tld: it has a label that starts or ends with '-'" \
    dokku network:set -- "$TEST_APP" tld -a.test
  assert_refused 1 " !     Invalid tld: it has a label that starts or ends with '-'" \
    dokku network:set "$TEST_APP" tld a-.test
  assert_refused 1 " !     Invalid tld: it has a label longer than 63 characters" \
    dokku network:set "$TEST_APP" tld "$long_label"
  assert_refused 1 " !     Invalid tld: it is longer than 253 characters" \
    dokku network:set "$TEST_APP" tld "$long_name"
}

@test "(network:set) an invalid static-web-listener is refused" {
  seed_properties
  assert_refused 1 " !     Invalid static-web-listener: must be an IP address or IP:PORT (write IPv6 as [ADDRESS]:PORT)" \
    dokku network:set "$TEST_APP" static-web-listener foo
  for value in localhost:80 999.1.1.1:80 :80 "[::1]" "[1.2.3.4]:80"; do
    assert_refused 1 " !     Invalid static-web-listener: must be an IP address or IP:PORT" \
      dokku network:set "$TEST_APP" static-web-listener "$value"
  done
  for value in 1.2.3.4: 1.2.3.4:http 1.2.3.4:123456 "[::1]:"; do
    assert_refused 1 " !     Invalid static-web-listener: has an invalid port" \
      dokku network:set "$TEST_APP" static-web-listener "$value"
  done
  for value in 1.2.3.4:0 1.2.3.4:65536; do
    assert_refused 1 " !     Invalid static-web-listener: has a port outside 1-65535" \
      dokku network:set "$TEST_APP" static-web-listener "$value"
  done
  # IPv4, bracketed IPv6 with a port, and a bare address are accepted
  for value in 10.0.0.1:8080 "[::1]:80" 10.0.0.2; do
    run dokku network:set "$TEST_APP" static-web-listener "$value"
    assert_success
    assert_property_file "$APP_DIR/static-web-listener" "$value"
  done
}

@test "(network:set) static-web-listener cannot be set globally" {
  seed_properties
  assert_refused 1 " !     Property cannot be specified globally" \
    dokku network:set --global static-web-listener 127.0.0.1:80
  assert_refused 1 " !     Property cannot be specified globally" \
    dokku network:set --global static-web-listener
}

@test "(network:set) invalid network names are refused for attach and initial-network" {
  seed_properties
  local long
  long=$(printf 'n%.0s' {1..256})
  for name in "bad name" "a/b" ".dot" "_under" "-dash" "a,b" "semi;colon" "$(printf 'new\nline')"; do
    assert_refused 1 " !     $NETWORK_NAME_ERROR" dokku network:set -- "$TEST_APP" attach-post-create "$name"
    assert_refused 1 " !     $NETWORK_NAME_ERROR" dokku network:set -- "$TEST_APP" attach-post-deploy ok "$name"
    assert_refused 1 " !     $NETWORK_NAME_ERROR" dokku network:set -- "$TEST_APP" initial-network "$name"
  done
  assert_refused 1 " !     Invalid network name: at most 255 characters are allowed" \
    dokku network:set "$TEST_APP" attach-post-create "$long"
  assert_refused 1 " !     Invalid network name: at most 255 characters are allowed" \
    dokku network:set --global initial-network "$long"
  assert_refused 1 " !     Invalid initial network: container:<name> needs a valid container name" \
    dokku network:set "$TEST_APP" initial-network container:
  assert_refused 1 " !     Invalid initial network: container:<name> needs a valid container name" \
    dokku network:set "$TEST_APP" initial-network "container:a b"
}

@test "(network:set) initial-network accepts Docker's network modes without a warning" {
  for value in bridge host none container:some-container; do
    run_split dokku network:set "$TEST_APP" initial-network "$value"
    assert_success
    assert_equal "$stderr" ""
    assert_property_file "$APP_DIR/initial-network" "$value"
  done
}

@test "(network:set) --global with no property says No property specified (bug 11)" {
  seed_properties
  assert_refused 1 " !     No property specified" dokku network:set --global
  assert_refused 1 " !     No property specified" dokku network:set "$TEST_APP"
}

@test "(network:set) an unknown property lists the valid ones" {
  seed_properties
  assert_refused 1 " !     $INVALID_PROPERTY" dokku network:set "$TEST_APP" nope value
  assert_refused 1 " !     $INVALID_PROPERTY" dokku network:set "$TEST_APP" TLD value
  assert_refused 1 " !     $INVALID_PROPERTY" dokku network:set --global network-tld value
  # with --global the first positional is the property, not an app
  assert_refused 1 " !     $INVALID_PROPERTY" dokku network:set --global "$TEST_APP" tld value
}

@test "(network:set) a missing app argument is refused" {
  seed_properties
  assert_refused 1 " !     Please specify an app to run the command on" dokku network:set
  assert_refused 1 " !     Please specify an app to run the command on" dokku network:set "" tld x.test
}

@test "(network:set) invalid app names are refused with Dokku's message" {
  seed_properties
  for app in / .. ../etc a/b My-app UPPER "a b" "$(printf 'app\nname')" "app;rm" .hidden _under; do
    assert_refused 1 " !     $NAME_ERROR" dokku network:set -- "$app" tld x.test
  done
  assert_refused 1 " !     $NAME_ERROR" dokku network:set -- -app tld x.test
  assert_refused 1 " !     App name must be at most 255 characters" \
    dokku network:set "$(printf 'a%.0s' {1..256})" tld x.test
  [[ ! -e "$DOKKU_LIB_ROOT/config/network/tld" && ! -e "$DOKKU_LIB_ROOT/etc" ]]
}

@test "(network:set) a nonexistent app exits 20" {
  seed_properties
  assert_refused 20 " !     App $TEST_APP-missing does not exist" \
    dokku network:set "$TEST_APP-missing" tld x.test
  # old-rule names (underscores) pass the name check and then must exist
  assert_refused 20 " !     App old_rule does not exist" dokku network:set old_rule tld x.test
  # a plain file is not an app
  touch "$DOKKU_ROOT/notadir"
  assert_refused 20 " !     App notadir does not exist" dokku network:set notadir tld x.test
}

@test "(network:set) unknown flags print the usage block and exit 2" {
  seed_properties
  assert_refused 2 "$SET_USAGE
unknown flag: --bogus" dokku network:set "$TEST_APP" tld x.test --bogus
  assert_refused 2 "$SET_USAGE
unknown shorthand flag: 'x' in -x" dokku network:set "$TEST_APP" tld x.test -x
  assert_refused 2 "$SET_USAGE
invalid argument \"maybe\" for \"--global\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax" \
    dokku network:set --global=maybe tld x.test
}

@test "(network:set) a bad --global value is quoted as pflag quotes it" {
  seed_properties
  assert_refused 2 "$SET_USAGE
invalid argument \"a\\\"b\" for \"--global\" flag: strconv.ParseBool: parsing \"a\\\"b\": invalid syntax" \
    dokku network:set '--global=a"b' tld x.test
}

@test "(network:set) -h prints the usage block and exits 0" {
  seed_properties
  before=$(config_snapshot)
  run_split dokku network:set "$TEST_APP" tld x.test -h
  assert_success
  assert_equal "$stderr" "$SET_USAGE"
  assert_equal "$output" ""
  assert_equal "$(config_snapshot)" "$before"
}
