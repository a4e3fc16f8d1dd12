#!/usr/bin/env bats
# The C unit tests (tests/unit/*_test.c, built by `make unit`): each program
# prints TAP lines; a test fails on any "not ok", a non-zero exit or a plan
# that does not match the tests it ran. `make test-sanitize` points
# UNIT_TEST_DIR at the sanitizer build, so they run under ASan/UBSan there.

load test_helper

run_unit_test() {
  local prog="${UNIT_TEST_DIR:-$REPO_ROOT/build/tests}/$1" ran planned
  [[ -x "$prog" ]] || fail "$prog is not built (make unit)"
  run "$prog"
  assert_success
  refute_output --partial "not ok"
  assert_line --regexp '^1\.\.[0-9]+$'
  ran=$(grep -c '^ok ' <<<"$output")
  planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$output")
  [[ "$ran" -eq "$planned" ]] || fail "$1 planned $planned tests, ran $ran"
}

@test "(unit) JSON tokenizer and writer" { run_unit_test json_test; }
@test "(unit) HTTP response parser" { run_unit_test http_test; }
@test "(unit) flag parsing, Go flag and pflag" { run_unit_test args_test; }
@test "(unit) subnets, gateways and ranges" { run_unit_test cidr_test; }
@test "(unit) event stream decoding" { run_unit_test events_test; }
@test "(unit) app, network, process type and property names" { run_unit_test names_test; }
@test "(unit) properties on disk" { run_unit_test prop_test; }
@test "(unit) Go-style quoting" { run_unit_test quote_test; }
@test "(unit) report text and JSON" { run_unit_test report_test; }
@test "(unit) network records and the export document" { run_unit_test netdoc_test; }
