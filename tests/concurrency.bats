#!/usr/bin/env bats
# Concurrency and crash safety of property writes (issue 5; doc/differences.md "Property
# writes": temporary file + rename, leftovers of killed writers cleaned up).
#
# (a) 8 writers doing 200 network:set each on one property while 2 readers loop on
#     network:report --network-tld and network-get-property: every read is empty
#     (before the first write) or one written value, whole; the file ends as one of
#     the writers' last values, mode 0600, owned by dokku, with no temporary file.
# (b) A writer killed with SIGKILL in the middle of a write leaves the old or the
#     new value, never a partial one, and the next successful write leaves no
#     temporary file behind: deterministically (strace holds the writer inside
#     fsync or rename while it is killed) and at random moments.
#
# The built programs are called directly (not through dokku or plugn) so that the
# writes overlap as much as possible. Every loop is bounded in count and in time.

# shellcheck disable=SC2154 # bats sets status and output
load test_helper
load lib-hardening/concurrency

WRITERS=8
ITERATIONS=200

setup() {
  dokku_env_setup
  create_test_app >/dev/null
  # nothing here needs the daemon; anything that asked it would fail visibly
  export DOCKER_HOST=unix:///nonexistent-dokku-concurrency/docker.sock
  SET="$PLUGIN_ENABLED_PATH/network/subcommands/set"
  REPORT="$PLUGIN_ENABLED_PATH/network/subcommands/report"
  GET="$PLUGIN_ENABLED_PATH/network/network-get-property"
  APP_DIR="$DOKKU_LIB_ROOT/config/network/$TEST_APP"
  LOG="$BATS_TEST_TMPDIR/log"
  mkdir -p "$LOG"
  BG_PIDS=()
}

teardown() {
  local pid
  for pid in "${BG_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  dokku_env_teardown
}

# wait_bounded <seconds> <pid...>: waits for the processes; kills them and fails
# if they are still running after <seconds>.
wait_bounded() {
  local secs="$1" end pid
  shift
  end=$((SECONDS + secs))
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null; do
      if [[ $SECONDS -ge $end ]]; then
        kill -9 "$@" 2>/dev/null || true
        fail "still running after ${secs}s: a hang"
      fi
      sleep 0.1
    done
    wait "$pid" || true
  done
}

# temporaries: the temporary files left in the app's property directory.
temporaries() {
  find "$APP_DIR" -mindepth 1 -name '.*' -printf '%f\n' 2>/dev/null | LC_ALL=C sort
}

assert_property_file() {
  local path="$1"
  [[ -f "$path" && ! -L "$path" ]] || fail "$path is not a regular file"
  assert_equal "$(stat -c '%a %U:%G' "$path")" "600 dokku:dokku"
}

@test "(concurrency) 8 writers x 200 network:set, 2 readers: every read is whole, the end state is clean" {
  local w i start line rc value reads_total=0 distinct
  declare -A written=() last=()
  for ((w = 1; w <= WRITERS; w++)); do
    for ((i = 1; i <= ITERATIONS; i++)); do
      tld_value_into value "$w" "$i"
      written["$value"]=1
    done
    last["$value"]=1
  done

  start=$SECONDS
  read_loop report "$LOG" 20000 240 "$REPORT" network:report "$TEST_APP" --network-tld &
  BG_PIDS+=($!)
  read_loop get "$LOG" 20000 240 "$GET" "$TEST_APP" tld &
  BG_PIDS+=($!)
  local writers=()
  for ((w = 1; w <= WRITERS; w++)); do
    write_loop "$SET" "$TEST_APP" "$w" "$ITERATIONS" "$LOG" &
    writers+=($!)
  done
  BG_PIDS+=("${writers[@]}")
  wait_bounded 240 "${writers[@]}"
  touch "$LOG/done"
  wait_bounded 60 "${BG_PIDS[@]:0:2}"
  echo "# $((WRITERS * ITERATIONS)) writes in $((SECONDS - start))s" >&3

  # every write succeeded, silently
  for ((w = 1; w <= WRITERS; w++)); do
    [[ ! -s "$LOG/w$w.fail" ]] || fail "writer $w: $(head -n 5 "$LOG/w$w.fail")"
    [[ ! -s "$LOG/w$w.err" ]] || fail "writer $w wrote on stderr: $(head -n 5 "$LOG/w$w.err")"
  done
  # every read: exit 0, nothing on stderr, empty or a written value, whole; and
  # never empty again once a value was seen (the file is replaced, not truncated)
  for reader in report get; do
    [[ ! -s "$LOG/$reader.err" ]] || fail "reader $reader wrote on stderr: $(head -n 5 "$LOG/$reader.err")"
    local seen=0 n=0
    declare -A values=()
    while IFS= read -r line; do
      n=$((n + 1))
      [[ "$line" == *$'\t'* ]] || fail "reader $reader, read $n: not one line: [$line]"
      rc="${line%%$'\t'*}"
      value="${line#*$'\t'}"
      [[ "$rc" == 0 ]] || fail "reader $reader, read $n: exit $rc"
      if [[ -z "$value" ]]; then
        [[ $seen -eq 0 ]] || fail "reader $reader, read $n: empty after a value had been written"
      else
        [[ -n "${written[$value]}" ]] || fail "reader $reader, read $n: a value that was never written: [$value]"
        seen=1
        values["$value"]=1
      fi
    done <"$LOG/$reader.log"
    distinct=${#values[@]}
    unset values
    echo "# reader $reader: $n reads, $distinct distinct values" >&3
    [[ $n -ge 20 ]] || fail "reader $reader only read $n times"
    [[ $distinct -ge 2 ]] || fail "reader $reader saw $distinct distinct values: the reads did not overlap the writes"
    reads_total=$((reads_total + n))
  done
  # the last rename of all is some writer's last write
  assert_property_file "$APP_DIR/tld"
  value=$(<"$APP_DIR/tld")
  [[ -n "${last[$value]}" ]] || fail "the final value is not one of the writers' last values: [$value]"
  assert_equal "$(temporaries)" ""
  assert_equal "$(find "$APP_DIR" -mindepth 1 -printf '%f\n' | LC_ALL=C sort)" "tld"
  assert_equal "$(stat -c '%a %U:%G' "$APP_DIR")" "755 dokku:dokku"
}

# proc_state <pid>: the state letter of a process ("" when it is gone).
proc_state() {
  local state=""
  read -r _ _ state _ <"/proc/$1/stat" 2>/dev/null || true
  echo "$state"
}

# held_write <enter|exit> <syscall,...> <value>: starts network:set tld <value>
# with strace attached, which holds it for 30 s when it enters (or leaves) one of
# the system calls; waits until it is held there and sets HELD_PID (the writer,
# a child of this shell so that it can be reaped) and STRACE_PID.
held_write() {
  local when="$1" calls="$2" value="$3" i syscall="" again=""
  # the writer stops itself before exec, so that strace can attach first
  bash -c 'kill -STOP $$ && exec "$@"' _ "$SET" network:set "$TEST_APP" tld "$value" >/dev/null 2>&1 &
  HELD_PID=$!
  BG_PIDS+=("$HELD_PID")
  for ((i = 0; i < 100; i++)); do [[ "$(proc_state "$HELD_PID")" == T ]] && break; sleep 0.05; done
  strace -qq -o /dev/null -p "$HELD_PID" -e trace="$calls" -e inject="$calls:delay_$when=30s" &
  STRACE_PID=$!
  BG_PIDS+=("$STRACE_PID")
  for ((i = 0; i < 100; i++)); do
    grep -qs '^TracerPid:[[:space:]]*[1-9]' "/proc/$HELD_PID/status" && break
    sleep 0.05
  done
  kill -CONT "$HELD_PID"
  for ((i = 0; i < 300; i++)); do
    # held: the observable effect is there, and the writer sits stopped by the
    # tracer in the same system call for a while (not a passing syscall stop)
    if [[ "$when" == enter && -e "$APP_DIR/.tld.tmp.$HELD_PID" ||
      "$when" == exit && "$(cat "$APP_DIR/tld" 2>/dev/null)" == "$value" ]]; then
      syscall=$(cat "/proc/$HELD_PID/syscall" 2>/dev/null)
      if [[ "$(proc_state "$HELD_PID")" == t && "${syscall%% *}" =~ ^[0-9]+$ ]]; then
        sleep 0.3
        again=$(cat "/proc/$HELD_PID/syscall" 2>/dev/null)
        [[ "$(proc_state "$HELD_PID")" == t && "$again" == "$syscall" ]] && return 0
      fi
    fi
    sleep 0.05
  done
  fail "the writer never stopped in $calls ($when): state [$(proc_state "$HELD_PID")], syscall [$syscall]"
}

# kill_held: SIGKILL to the held writer, then ends strace (asleep in its injected
# delay, it would only notice at the end) and reaps both. The kernel does not run
# a system call whose caller was killed while stopped at its entry, and a
# SIGKILLed process never returns to user space: what is on disk afterwards is
# what the writer had done when it was killed.
kill_held() {
  kill -9 "$HELD_PID"
  sleep 0.2
  kill -9 "$STRACE_PID" 2>/dev/null || true
  wait "$STRACE_PID" 2>/dev/null || true
  wait_bounded 10 "$HELD_PID"
  [[ -z "$(proc_state "$HELD_PID")" ]] || fail "writer $HELD_PID survived SIGKILL"
}

@test "(concurrency) a writer killed inside fsync or rename leaves the old or the new value, whole" {
  command -v strace >/dev/null || skip "strace is not installed"
  strace -qq -o /dev/null -e trace=getpid -e inject=getpid:delay_enter=1 true 2>/dev/null ||
    skip "strace cannot inject delays (ptrace not permitted?)"
  run "$SET" network:set "$TEST_APP" tld old.test
  assert_success

  # killed after writing the temporary file, before fsync returns: old value; the
  # killed writer's temporary file holds the whole new value and stays
  held_write enter fsync new-fsync.test
  assert_equal "$(<"$APP_DIR/tld")" old.test
  run "$GET" "$TEST_APP" tld
  assert_output old.test
  kill_held
  assert_equal "$(<"$APP_DIR/tld")" old.test
  assert_equal "$(temporaries)" ".tld.tmp.$HELD_PID"
  assert_equal "$(<"$APP_DIR/.tld.tmp.$HELD_PID")" new-fsync.test

  # killed as it enters rename: still the old value; starting, it removed the
  # first killed writer's leftover, and leaves its own
  local first=$HELD_PID
  held_write enter rename,renameat,renameat2 new-rename.test
  assert_equal "$(<"$APP_DIR/tld")" old.test
  kill_held
  assert_equal "$(<"$APP_DIR/tld")" old.test
  assert_equal "$(temporaries)" ".tld.tmp.$HELD_PID"
  [[ "$HELD_PID" != "$first" ]]

  # killed just after rename: the new value, whole, and no temporary file at all
  # (its own was renamed, the previous leftover removed when it started)
  held_write exit rename,renameat,renameat2 new-after-rename.test
  kill_held
  assert_equal "$(<"$APP_DIR/tld")" new-after-rename.test
  assert_property_file "$APP_DIR/tld"
  assert_equal "$(temporaries)" ""

  # a leftover of a dead writer, then a successful write
  held_write enter fsync new-fsync-2.test
  kill_held
  assert_equal "$(temporaries)" ".tld.tmp.$HELD_PID"
  assert_equal "$(<"$APP_DIR/tld")" new-after-rename.test

  # the next successful write removes the leftovers of the dead writers
  run "$SET" network:set "$TEST_APP" tld next.test
  assert_success
  assert_equal "$(<"$APP_DIR/tld")" next.test
  assert_property_file "$APP_DIR/tld"
  assert_equal "$(temporaries)" ""
}

# wait_for_live_temporary <tries>: until a temporary file of a running writer
# exists (10 ms between tries); sets LIVE_PID to that writer.
wait_for_live_temporary() {
  local i f
  LIVE_PID=""
  for ((i = 0; i < $1; i++)); do
    for f in "$APP_DIR"/.tld.tmp.*; do
      if [[ -e "$f" && -d "/proc/${f##*.}" ]]; then
        LIVE_PID="${f##*.}"
        return 0
      fi
    done
    sleep 0.01
  done
  return 1
}

@test "(concurrency) writers killed at random moments never leave a partial value" {
  local round w value killed_mid=0 rounds=0 end pids before slow=() pid victims
  declare -A written=()
  # with strace, each writer's fsync takes 20-80 ms, so that many kills land
  # between the temporary file and the rename (the writer is strace's child:
  # strace reaps it, so its pid is really gone for the next write's cleanup)
  if command -v strace >/dev/null && strace -qq -o /dev/null -e trace=getpid -e inject=getpid:delay_enter=1 true 2>/dev/null; then
    slow=(strace -f -qq -o /dev/null -e trace=fsync)
  fi
  tld_value_into value 0 0
  run "$SET" network:set "$TEST_APP" tld "$value"
  assert_success
  written["$value"]=1
  end=$((SECONDS + 90))
  for ((round = 1; round <= 40 && SECONDS < end; round++)); do
    rounds=$round
    before=$(temporaries | wc -l)
    pids=()
    for ((w = 1; w <= 4; w++)); do
      tld_value_into value "$w" "$round"
      written["$value"]=1
      if [[ ${#slow[@]} -gt 0 ]]; then
        "${slow[@]}" -e inject="fsync:delay_enter=$((100 + RANDOM % 200))ms" \
          "$SET" network:set "$TEST_APP" tld "$value" >/dev/null 2>&1 &
      else
        "$SET" network:set "$TEST_APP" tld "$value" >/dev/null 2>&1 &
      fi
      pids+=($!)
    done
    BG_PIDS+=("${pids[@]}")
    # a random moment: with strace, 0-90 ms after a live writer's temporary file
    # appeared (inside its fsync slowed by 100-300 ms, or past it); without, 0-99 ms
    victims=()
    if [[ ${#slow[@]} -gt 0 ]]; then
      if wait_for_live_temporary 300; then
        sleep "0.0$((RANDOM % 10))"
        kill -9 "$LIVE_PID" 2>/dev/null || true
        # still there: it was killed between its temporary file and the rename
        [[ ! -e "$APP_DIR/.tld.tmp.$LIVE_PID" ]] || killed_mid=$((killed_mid + 1))
      fi
    else
      sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
    fi
    for pid in "${pids[@]}"; do
      if [[ ${#slow[@]} -gt 0 ]]; then
        mapfile -t -O "${#victims[@]}" victims < <(pgrep -P "$pid" || true) # the writer under strace
      else
        victims+=("$pid")
      fi
    done
    [[ ${#victims[@]} -eq 0 ]] || kill -9 "${victims[@]}" 2>/dev/null || true
    wait_bounded 20 "${pids[@]}"
    value=$(<"$APP_DIR/tld")
    [[ -n "${written[$value]}" ]] || fail "round $round: a partial or unknown value: [$value]"
    assert_property_file "$APP_DIR/tld"
    [[ ${#slow[@]} -gt 0 || $(temporaries | wc -l) -le $before ]] || killed_mid=$((killed_mid + 1))
    # every few rounds, a successful write cleans up
    if ((round % 5 == 0)); then
      tld_value_into value 9 "$round"
      written["$value"]=1
      run "$SET" network:set "$TEST_APP" tld "$value"
      assert_success
      assert_equal "$(<"$APP_DIR/tld")" "$value"
      assert_equal "$(temporaries)" ""
    fi
  done
  run "$SET" network:set "$TEST_APP" tld final.test
  assert_success
  assert_equal "$(<"$APP_DIR/tld")" final.test
  assert_property_file "$APP_DIR/tld"
  assert_equal "$(temporaries)" ""
  echo "# $rounds rounds of 4 writers killed at random${slow:+ (fsync slowed by strace)}; in $killed_mid a writer was killed between its temporary file and the rename" >&3
  # with strace the moment is chosen inside the write: most rounds must hit it
  [[ ${#slow[@]} -eq 0 || $killed_mid -ge $((rounds / 2)) ]] || fail "only $killed_mid of $rounds kills landed mid-write"
}
