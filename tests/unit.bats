#!/usr/bin/env bats
# The C unit tests of the JSON tokenizer/writer and the HTTP response parser
# (built by `make unit`); each prints TAP lines and fails on any "not ok".

load test_helper

@test "(unit) JSON tokenizer and writer" {
  run "${UNIT_TEST_DIR:-$REPO_ROOT/build/tests}/json_test"
  assert_success
  refute_output --partial "not ok"
  assert_line --regexp '^1\.\.[0-9]+$'
}

@test "(unit) HTTP response parser" {
  run "${UNIT_TEST_DIR:-$REPO_ROOT/build/tests}/http_test"
  assert_success
  refute_output --partial "not ok"
  assert_line --regexp '^1\.\.[0-9]+$'
}
