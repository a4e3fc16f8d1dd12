# shellcheck shell=bash
# Helpers for tests/concurrency.bats: property values, a writer loop and a reader
# loop, each bounded in iterations and in time.

# tld_value <writer> <iteration>: a valid DNS suffix of 184 characters, distinct
# for every writer and iteration, that names both in each of its three labels, so
# that a torn or truncated read cannot pass for a written value.
tld_value() {
  local v
  tld_value_into v "$1" "$2"
  printf '%s' "$v"
}

# tld_value_into <var> <writer> <iteration>: the same, without a subshell.
tld_value_into() {
  local tag pad=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx # 50
  printf -v tag 'w%d-i%03d-' "$2" "$3"
  printf -v "$1" '%s%s.%s%sy.%s%sz.test' "$tag" "$pad" "$tag" "$pad" "$tag" "$pad"
}

# write_loop <set-program> <app> <writer> <iterations> <logdir>: network:set the tld
# once per iteration; a failed call is logged to <logdir>/w<writer>.fail.
write_loop() {
  local set="$1" app="$2" w="$3" n="$4" log="$5" i rc value
  for ((i = 1; i <= n; i++)); do
    tld_value_into value "$w" "$i"
    "$set" network:set "$app" tld "$value" >/dev/null 2>>"$log/w$w.err" && rc=0 || rc=$?
    [[ $rc -eq 0 ]] || echo "iteration $i: exit $rc" >>"$log/w$w.fail"
  done
}

# read_loop <name> <logdir> <max-iterations> <max-seconds> <cmd...>: runs the
# command until <logdir>/done exists (or a bound is reached) and logs each result
# as "<exit status><TAB><stdout>" (one line per read while stdout has no newline).
read_loop() {
  local name="$1" log="$2" max="$3" secs="$4" n=0 out rc end
  shift 4
  end=$((SECONDS + secs))
  while [[ ! -e "$log/done" && $n -lt $max && $SECONDS -lt $end ]]; do
    out=$("$@" 2>>"$log/$name.err") && rc=0 || rc=$?
    printf '%s\t%s\n' "$rc" "$out" >>"$log/$name.log"
    n=$((n + 1))
  done
}
