#!/usr/bin/env bats
# make install / make uninstall (install.sh) into a temporary root: the plugin in
# place of the core one with its wiring and a backup, and the network:watch
# systemd unit in SYSTEMD_UNIT_DIR (not enabled there: systemd does not look).
load test_helper

setup() {
  dokku_env_setup
  ROOT="$BATS_TEST_TMPDIR/root"
  LIB="$ROOT/var/lib/dokku"
  UNITS="$ROOT/etc/systemd/system"
  PLUGIN="${NETWORK_PLUGIN_DIR:-$REPO_ROOT/build/network}"
  # a host with Dokku's own network plugin, wired as a core plugin (doc/design.md §1.1)
  mkdir -p "$LIB/core-plugins/available/network" "$LIB/core-plugins/enabled" "$LIB/plugins/available" "$LIB/plugins/enabled"
  echo original >"$LIB/core-plugins/available/network/plugin.toml"
  ln -s "$LIB/core-plugins/available/network" "$LIB/plugins/available/network"
  ln -s "$LIB/plugins/available/network" "$LIB/core-plugins/enabled/network"
  ln -s "$LIB/plugins/available/network" "$LIB/plugins/enabled/network"
}

teardown() {
  [[ -z "${WATCH_PID:-}" ]] || kill "$WATCH_PID" 2>/dev/null || true
  dokku_env_teardown
}

@test "(install) the plugin replaces the core one (kept as a backup) and the watcher's unit is installed; uninstall undoes both" {
  run sh "$REPO_ROOT/install.sh" install "$PLUGIN" "$LIB" "$UNITS"
  assert_success
  local target="$LIB/core-plugins/available/network"
  [[ -x "$target/subcommands/watch" && -x "$target/commands" && -e "$target/.core" ]] || fail "incomplete: $(ls -a "$target")"
  assert_equal "$(stat -c %U:%G "$target/subcommands/watch")" "dokku:dokku"
  assert_equal "$(cat "$LIB/core-plugins/.network-core-backup/plugin.toml")" "original"
  assert_equal "$(readlink -f "$LIB/plugins/enabled/network")" "$target"
  # the unit: the dokku command found on PATH, as the dokku user, after docker, restarted
  run cat "$UNITS/dokku-network-watch.service"
  assert_line "ExecStart=$(command -v dokku) network:watch"
  assert_line "User=dokku"
  assert_line "After=docker.service"
  assert_line "Restart=always"
  assert_line "WantedBy=multi-user.target"
  # what ExecStart runs really watches (here against this test's tree)
  local cmd
  cmd=$(sed -n 's/^ExecStart=//p' "$UNITS/dokku-network-watch.service")
  # shellcheck disable=SC2086 # the command line, as systemd splits it
  $cmd >"$BATS_TEST_TMPDIR/watch.out" 2>&1 &
  WATCH_PID=$!
  for _ in $(seq 100); do grep -q "Watching Docker events" "$BATS_TEST_TMPDIR/watch.out" && break; sleep 0.1; done
  grep -q "Watching Docker events" "$BATS_TEST_TMPDIR/watch.out" || fail "$(cat "$BATS_TEST_TMPDIR/watch.out")"
  pkill -TERM -P "$WATCH_PID" || true
  wait "$WATCH_PID" || true
  WATCH_PID=

  run sh "$REPO_ROOT/install.sh" uninstall "$PLUGIN" "$LIB" "$UNITS"
  assert_success
  assert_equal "$(cat "$target/plugin.toml")" "original"
  [[ ! -e "$LIB/core-plugins/.network-core-backup" ]] || fail "the backup is still there"
  [[ ! -e "$UNITS/dokku-network-watch.service" ]] || fail "the unit is still there"
}

@test "(install) make install and uninstall pass DOKKU_LIB_ROOT and SYSTEMD_UNIT_DIR on" {
  run make -C "$REPO_ROOT" -n install DOKKU_LIB_ROOT=/x/lib SYSTEMD_UNIT_DIR=/x/units
  assert_success
  assert_line "sh install.sh install build/network /x/lib /x/units"
  run make -C "$REPO_ROOT" -n uninstall DOKKU_LIB_ROOT=/x/lib SYSTEMD_UNIT_DIR=/x/units
  assert_line "sh install.sh uninstall build/network /x/lib /x/units"
}
