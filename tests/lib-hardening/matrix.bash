# shellcheck shell=bash
# Helpers for tests/bad-input.bats: run one bad-input case, check its exit status,
# its stderr and that nothing on disk changed (hx_snapshot after every case,
# hx_content at the start and end of every test), and collect the failures so
# that a test lists every failing case at once.
#
#   hx_begin                      start a test: no failures, count 0, snapshot, watchdog
#   hx_fail  <cmd...>             expect one " !     " line on stderr, 0 < exit < 128
#   hx_flag  <set> <cmd...>       expect pflag's usage block of network:<set> + one error line, exit 2
#   hx_goflag <cmd...>            expect Go flag's "flag provided but not defined" + usage line, exit 2
#   hx_ok    <stdout> <stderr> <cmd...>   a documented success: exit 0, exact stdout and stderr
#   hx_same  <status> <stdout> <stderr> <cmd...>   exactly this result (an ignored argument)
#   hx_resnap                     take a new reference snapshot (after a fixture change)
#   hx_end                        compare the contents with hx_begin's, record the
#                                 count, fail listing every failed case
#
# Every case runs with stdin from $HX_STDIN (default /dev/null), watched by a
# per-test watchdog (a case still running after HX_TIMEOUT seconds is killed and
# reported as a hang), and with DOCKER_HOST pointing at a socket that does
# not exist: an error that mentions it means the daemon was asked before the input
# was validated.

# shellcheck disable=SC2154 # bats sets BATS_* variables
HX_SOCKET_PATH="/nonexistent-dokku-hardening/docker.sock"
HX_DOCKER_HOST="unix://$HX_SOCKET_PATH"
HX_TIMEOUT="${HX_TIMEOUT:-30}"

# hx_usage <set>: prints the usage block that `network:<set> -h` prints. It must
# start with "Usage of network:<set>:" and have only pflag flag lines. Deriving it
# keeps these tests independent of flags added later. _hx_usage_into <var> <set>
# is the same into a variable, cached in HX_USAGE (no subshell).
declare -gA HX_USAGE=()
_hx_usage_into() {
  local set="$2" block line
  if [[ -z "${HX_USAGE[$set]}" ]]; then
    block=$("$HX_SUB/$set" "network:$set" -h 2>&1 >/dev/null </dev/null)
    [[ "${block%%$'\n'*}" == "Usage of network:$set:" ]] || block="(bad usage block: $block)"
    while IFS= read -r line; do
      [[ "$line" == "Usage of network:$set:" || "$line" =~ ^\ {6}--[a-z0-9-]+(\ [a-zA-Z]+)?\ {3,}[^\ ] ]] ||
        block="(bad usage line: $line)"
    done <<<"$block"
    HX_USAGE[$set]="$block"
  fi
  printf -v "$1" '%s' "${HX_USAGE[$set]}"
}

hx_usage() {
  local u
  _hx_usage_into u "$1"
  printf '%s' "$u"
}

# hx_env_setup: dokku_env_setup in a tree that the dokku user can traverse
# (bats' own temporary directories are 0700 root), with the network plugin and
# the daemon pointed at a missing socket.
hx_env_setup() {
  HX_ROOT=$(mktemp -d /tmp/dnt-hardening.XXXXXX) || return 1
  chmod 0755 "$HX_ROOT"
  export HX_ROOT
  local BATS_FILE_TMPDIR="$HX_ROOT"
  dokku_env_setup || return 1
  chmod 0755 "$DOKKU_TEST_TREE"
  export HX_REAL_DOCKER_HOST="${DOCKER_HOST:-}" # for the few cases that need the daemon
  export DOCKER_HOST="$HX_DOCKER_HOST"
  export HX_PLUGIN="$PLUGIN_ENABLED_PATH/network"
  export HX_SUB="$HX_PLUGIN/subcommands"
}

hx_env_teardown() {
  dokku_env_teardown
  if [[ -n "$HX_ROOT" && -d "$HX_ROOT" && "$DOKKU_TEST_KEEP_TREE" != "1" ]]; then rm -rf "$HX_ROOT"; fi
}

# hx_snapshot: one line per path of the whole test tree (DOKKU_ROOT,
# DOKKU_LIB_ROOT and their parent): type, mode, owner, symlink target, and for
# files the size, mtime and ctime in nanoseconds. The kernel moves a file's ctime
# on every write, truncate, chmod, chown or rename, and nothing in user space can
# set it back, so an unchanged line means unchanged content too. The contents
# themselves (sha256) are compared at the start and end of every test
# (hx_content) and hashed into every snapshot when HX_HASH_EACH_CASE=1 (slower:
# one more process per case).
hx_snapshot() {
  if [[ "$HX_HASH_EACH_CASE" == 1 ]]; then
    find "$DOKKU_TEST_TREE" \( -type f -printf 'f %m %U:%G %s %T@ %C@ %p\n' -exec sha256sum -- {} + \) \
      -o -printf '%y %m %U:%G %p -> %l\n' 2>&1
  else
    find "$DOKKU_TEST_TREE" -type f -printf 'f %m %U:%G %s %T@ %C@ %p\n' -o -printf '%y %m %U:%G %p -> %l\n' 2>&1
  fi
}

# hx_content: paths, types, modes, owners and the sha256 of every file's content
# in the whole tree, installed plugins included (no times).
hx_content() {
  {
    find "$DOKKU_TEST_TREE" -printf '%y %m %U:%G %p -> %l\n'
    find "$DOKKU_TEST_TREE" -type f -exec sha256sum -- {} +
  } 2>&1 | LC_ALL=C sort
}

# _hx_snap_into <var>: a snapshot into a variable, without a subshell.
_hx_snap_into() {
  hx_snapshot >"$BATS_TEST_TMPDIR/hx.snap"
  IFS= read -r -d '' "$1" <"$BATS_TEST_TMPDIR/hx.snap" || true
}

hx_resnap() {
  _hx_snap_into HX_SNAP
}

# _hx_watchdog <test-shell-pid>: kills a case that runs longer than HX_TIMEOUT
# seconds and marks it as hung: one watchdog per test, which looks at the test
# shell's children once a second, instead of one `timeout` process per case.
_hx_watchdog() {
  local parent="$1" self="$BASHPID" now pid state
  local -A since=()
  while [[ -e "$HX_CASE_FILE" ]]; do
    # the test's shell is gone (or a zombie): stop
    state=""
    read -r _ _ state _ <"/proc/$parent/stat" 2>/dev/null || true
    [[ -n "$state" && "$state" != Z ]] || break
    printf -v now '%(%s)T' -1
    local -A seen=()
    for pid in $(<"/proc/$parent/task/$parent/children"); do
      [[ "$pid" != "$self" ]] || continue
      seen[$pid]=1
      [[ -n "${since[$pid]}" ]] || since[$pid]=$now
      if ((now - since[$pid] >= HX_TIMEOUT)); then
        echo "$pid" >"$HX_CASE_FILE.hung"
        kill -9 "$pid" 2>/dev/null || true
      fi
    done
    for pid in "${!since[@]}"; do [[ -n "${seen[$pid]}" ]] || unset "since[$pid]"; done
    unset seen
    sleep 1
  done
}

hx_begin() {
  HX_FAILURES=()
  HX_COUNT=0
  HX_STDIN=/dev/null
  HX_START=$SECONDS
  HX_CONTENT=$(hx_content)
  HX_CASE_FILE="$BATS_TEST_TMPDIR/hx.case"
  : >"$HX_CASE_FILE"
  rm -f "$HX_CASE_FILE.hung"
  HX_WATCHDOG=""
  if [[ -r "/proc/$BASHPID/task/$BASHPID/children" ]]; then
    # $BASHPID taken here: in `cmd &` the words expand in the child. No
    # inherited output (bats waits for its pipes to close) and none of bats'
    # traps or errexit (its DEBUG trap runs per command and would slow the loop).
    local test_shell=$BASHPID
    (
      trap - DEBUG ERR EXIT
      set +eET
      _hx_watchdog "$test_shell"
    ) </dev/null >/dev/null 2>&1 3>&- &
    HX_WATCHDOG=$!
  fi
  hx_resnap
}

# hx_show_args <args...>: the command line, printable and short.
hx_show_args() {
  local a out=""
  for a in "$@"; do
    if [[ ${#a} -gt 60 ]]; then
      a="${a:0:24}...(${#a} chars)"
    fi
    out+=" $(printf '%q' "$a")"
  done
  printf '%s' "${out# }"
}

# _hx_exec <cmd...>: runs the case; sets hx_status, hx_out, hx_err.
_hx_exec() {
  local errf="$BATS_TEST_TMPDIR/hx.stderr" outf="$BATS_TEST_TMPDIR/hx.stdout"
  HX_COUNT=$((HX_COUNT + 1))
  if [[ -n "$HX_WATCHDOG" ]]; then
    "$@" <"$HX_STDIN" >"$outf" 2>"$errf" 3>&- && hx_status=0 || hx_status=$?
  else # no /proc/<pid>/task/<pid>/children: one timeout per case
    timeout -s KILL "$HX_TIMEOUT" "$@" <"$HX_STDIN" >"$outf" 2>"$errf" 3>&- && hx_status=0 || hx_status=$?
    [[ "$hx_status" -ne 137 ]] || echo timeout >"$HX_CASE_FILE.hung"
  fi
  if [[ -s "$HX_CASE_FILE.hung" ]]; then
    hx_status=124
    rm -f "$HX_CASE_FILE.hung"
  fi
  # read without a subshell; trailing newlines dropped as $(...) would
  IFS= read -r -d '' hx_out <"$outf" || true
  IFS= read -r -d '' hx_err <"$errf" || true
  hx_out="${hx_out%"${hx_out##*[!$'\n']}"}"
  hx_err="${hx_err%"${hx_err##*[!$'\n']}"}"
}

_hx_failed() {
  local why="$1" shown
  shift
  shown=$(hx_show_args "$@")
  HX_FAILURES+=("$(printf '%s\n    %s; exit %s\n    stdout: %q\n    stderr: %q' "$shown" "$why" "$hx_status" "${hx_out:0:300}" "${hx_err:0:600}")")
}

# _hx_check_common <cmd...>: timeout, signal, daemon contact and disk state.
# Returns 1 (after recording) if the case already failed.
_hx_check_common() {
  local now diff
  if [[ "$hx_status" -eq 124 ]]; then
    _hx_failed "HANG: still running after ${HX_TIMEOUT}s" "$@"
    hx_resnap
    return 1
  fi
  if [[ "$hx_status" -ge 128 ]]; then
    _hx_failed "CRASH: killed by signal $((hx_status - 128))" "$@"
  fi
  if [[ "$hx_err" == *"$HX_SOCKET_PATH"* || "$hx_out" == *"$HX_SOCKET_PATH"* ]]; then
    _hx_failed "DAEMON: the Docker daemon was contacted before the input was refused" "$@"
  fi
  _hx_snap_into now
  if [[ "$now" != "$HX_SNAP" ]]; then
    diff=$(diff <(printf '%s\n' "$HX_SNAP" | LC_ALL=C sort) <(printf '%s\n' "$now" | LC_ALL=C sort) | head -n 20)
    _hx_failed "STATE: the tree changed:
$diff" "$@"
    HX_SNAP="$now"
    return 1
  fi
  [[ "$hx_status" -lt 128 ]]
}

# hx_fail <cmd...>: a refused command.
hx_fail() {
  _hx_exec "$@"
  _hx_check_common "$@" || return 0
  if [[ "$hx_status" -eq 0 ]]; then
    _hx_failed "EXIT 0: bad input accepted" "$@"
  elif [[ "$hx_err" == *$'\n'* ]]; then
    _hx_failed "STDERR: more than one line" "$@"
  elif [[ ! "$hx_err" =~ ^\ !\ \ \ \ \ [^[:space:]] ]]; then
    _hx_failed "STDERR: not one ' !     <message>' line" "$@"
  fi
  return 0
}

# hx_flag <set> <cmd...>: a pflag error of network:<set>.
hx_flag() {
  local set="$1" usage last
  shift
  _hx_usage_into usage "$set"
  _hx_exec "$@"
  _hx_check_common "$@" || return 0
  last="${hx_err##*$'\n'}"
  if [[ "$hx_status" -ne 2 ]]; then
    _hx_failed "EXIT: expected 2 for a flag error" "$@"
  elif [[ "$hx_err" != "$usage"$'\n'"$last" ]]; then
    _hx_failed "STDERR: expected the usage block of network:$set and one error line" "$@"
  elif [[ ! "$last" =~ ^(unknown\ flag:\ --|unknown\ shorthand\ flag:\ \'|flag\ needs\ an\ argument:\ --|invalid\ argument\ |bad\ flag\ syntax:\ ) ]]; then
    _hx_failed "STDERR: not a pflag error line" "$@"
  elif [[ -n "$hx_out" ]]; then
    _hx_failed "STDOUT: not empty" "$@"
  fi
  return 0
}

# hx_goflag <trigger-path> <args...>: Go's flag package refusing the first argument.
hx_goflag() {
  _hx_exec "$@"
  _hx_check_common "$@" || return 0
  if [[ "$hx_status" -ne 2 ]]; then
    _hx_failed "EXIT: expected 2 for a flag error" "$@"
  elif [[ ! "$hx_err" =~ ^(flag\ provided\ but\ not\ defined:\ -[^$'\n']*|bad\ flag\ syntax:\ [^$'\n']*)$'\n'"Usage of $1:"$ ]]; then
    _hx_failed "STDERR: expected Go's flag error and 'Usage of $1:'" "$@"
  elif [[ -n "$hx_out" ]]; then
    _hx_failed "STDOUT: not empty" "$@"
  fi
  return 0
}

# hx_ok <stdout> <stderr> <cmd...>: a documented success that changes nothing.
hx_ok() {
  local out="$1" err="$2"
  shift 2
  _hx_exec "$@"
  _hx_check_common "$@" || return 0
  if [[ "$hx_status" -ne 0 ]]; then
    _hx_failed "EXIT: expected 0 (documented success)" "$@"
  elif [[ "$hx_out" != "$out" ]]; then
    _hx_failed "STDOUT: expected $(printf '%q' "${out:0:200}")" "$@"
  elif [[ "$hx_err" != "$err" ]]; then
    _hx_failed "STDERR: expected $(printf '%q' "${err:0:300}")" "$@"
  fi
  return 0
}

# hx_same <status> <stdout> <stderr> <cmd...>: the same result as a reference call.
hx_same() {
  local code="$1" out="$2" err="$3"
  shift 3
  _hx_exec "$@"
  _hx_check_common "$@" || return 0
  if [[ "$hx_status" -ne "$code" || "$hx_out" != "$out" || "$hx_err" != "$err" ]]; then
    _hx_failed "RESULT: expected exit $code, stdout $(printf '%q' "${out:0:100}"), stderr $(printf '%q' "${err:0:200}")" "$@"
  fi
  return 0
}

# hx_end: the plugins are intact, the count is recorded, every failure is listed.
hx_end() {
  local now
  rm -f "$HX_CASE_FILE"
  [[ -z "$HX_WATCHDOG" ]] || kill "$HX_WATCHDOG" 2>/dev/null || true
  now=$(hx_content)
  if [[ "$now" != "$HX_CONTENT" ]]; then
    HX_FAILURES+=("STATE: the contents of the tree differ from the start of this test:
$(diff <(printf '%s\n' "$HX_CONTENT") <(printf '%s\n' "$now") | head -n 20)")
  fi
  echo "$HX_COUNT" >>"$BATS_FILE_TMPDIR/hx-counts"
  echo "# $HX_COUNT cases in $((SECONDS - HX_START))s" >&3
  if [[ ${#HX_FAILURES[@]} -gt 0 ]]; then
    printf '%s\n' "${#HX_FAILURES[@]} failure(s) in $HX_COUNT cases:" "${HX_FAILURES[@]}" >&2
    return 1
  fi
}
