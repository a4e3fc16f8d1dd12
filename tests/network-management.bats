#!/usr/bin/env bats
# network:create, exists, list, destroy and info against the real daemon:
# the original suite's tests 11-13 plus name validation, the confirmation
# prompt and daemon faults.

load test_helper

setup_file() { dokku_env_setup; }
teardown_file() { dokku_env_teardown; }

setup() {
  TEST_NETWORK=$(unique_name "$DOKKU_TEST_PREFIX-net")
}

teardown() {
  docker network rm "$TEST_NETWORK" >/dev/null 2>&1 || true
}

@test "(network) network management (original test 11)" {
  run bash -c "dokku network:list | grep $TEST_NETWORK"
  assert_failure
  run dokku network:exists "$TEST_NETWORK"
  assert_failure
  run dokku network:create "$TEST_NETWORK"
  assert_success
  assert_output "-----> Creating network $TEST_NETWORK"
  run bash -c "dokku network:list | grep $TEST_NETWORK"
  assert_success
  run dokku network:create "$TEST_NETWORK"
  assert_failure
  run dokku network:exists "$TEST_NETWORK"
  assert_success
  assert_output "-----> Network exists"
  run dokku network:exists nonexistent-network
  assert_failure
  run dokku --force network:destroy nonexistent-network
  assert_failure
  run dokku --force network:destroy "$TEST_NETWORK"
  assert_success
  assert_output "-----> Destroying network $TEST_NETWORK"
  run dokku --force network:destroy "$TEST_NETWORK"
  assert_failure
  run dokku network:exists "$TEST_NETWORK"
  assert_failure
  run bash -c "dokku network:list | grep $TEST_NETWORK"
  assert_failure
}

@test "(network:create) the network really is an attachable bridge labelled as Dokku's" {
  run dokku network:create "$TEST_NETWORK"
  assert_success
  run docker network inspect --format '{{.Driver}} {{.Attachable}} {{index .Labels "com.dokku.network-name"}}' "$TEST_NETWORK"
  assert_output "bridge true $TEST_NETWORK"
}

@test "(network:create) an existing name fails with the daemon's reason, on every API version" {
  dokku network:create "$TEST_NETWORK"
  run_split dokku network:create "$TEST_NETWORK"
  assert_failure 1
  assert_equal "$stderr" " !     Unable to create network: Error response from daemon: network with name $TEST_NETWORK already exists"
  # still exactly one network of that name (CheckDuplicate below API 1.44)
  run bash -c "docker network ls --filter name='^$TEST_NETWORK\$' --format '{{.Name}}' | wc -l"
  assert_output 1
}

@test "(network:create) invalid names are refused before the daemon is asked" {
  export DOCKER_HOST=unix:///nonexistent/docker.sock
  run_split dokku network:create ""
  assert_failure 1
  assert_equal "$stderr" " !     No network name specified"
  for name in "bad name" "a/b" ".dot" "_under" "tab	x" "semi;colon" "x\$y" "$(printf 'new\nline')"; do
    run_split dokku network:create "$name"
    assert_failure 1
    assert_equal "$stderr" " !     Invalid network name: it must start with a letter or digit and contain only letters, digits, '_', '.' and '-'"
    assert_equal "$output" ""
  done
  run_split dokku network:create -- -lead
  assert_failure 1
  assert_equal "$stderr" " !     Invalid network name: it must start with a letter or digit and contain only letters, digits, '_', '.' and '-'"
  run_split dokku network:create "$(printf 'a%.0s' {1..256})"
  assert_failure 1
  assert_equal "$stderr" " !     Invalid network name: at most 255 characters are allowed"
}

@test "(network:create) too many arguments is an error" {
  run_split dokku network:create "$TEST_NETWORK" other
  assert_failure 1
  assert_equal "$stderr" " !     Too many arguments, usage: dokku network:create <network>"
  run docker network inspect "$TEST_NETWORK"
  assert_failure
}

@test "(network:list) --format json exposes DokkuManaged (original test 12)" {
  run dokku network:create "$TEST_NETWORK"
  assert_success
  run bash -c "dokku network:list --format json | jq -e ."
  assert_success
  run bash -c "dokku network:list --format json | jq -r '.[] | select(.Name == \"bridge\") | .DokkuManaged'"
  assert_output "false"
  run bash -c "dokku network:list --format json | jq -r '.[] | select(.Name == \"$TEST_NETWORK\") | .DokkuManaged'"
  assert_output "true"
  run dokku --force network:destroy "$TEST_NETWORK"
  assert_success
}

@test "(network:list) --dokku-managed filters to dokku-created networks (original test 13)" {
  dokku network:create "$TEST_NETWORK"
  run bash -c "dokku network:list --dokku-managed | grep -w bridge"
  assert_failure
  run bash -c "dokku network:list --dokku-managed | grep $TEST_NETWORK"
  assert_success
  run bash -c "dokku network:list --dokku-managed --format json | jq -r '.[].DokkuManaged' | sort -u"
  assert_output "true"
}

@test "(network:list) sorted by name, header quiet-aware, names not indented" {
  local second="${TEST_NETWORK}-a" first="${TEST_NETWORK%-*}-0${TEST_NETWORK##*-}"
  dokku network:create "$second"
  dokku network:create "$first"
  dokku network:create "$TEST_NETWORK"
  run dokku network:list
  assert_success
  assert_line --index 0 "=====> Networks"
  assert_line "$TEST_NETWORK"
  names=$(printf '%s\n' "${lines[@]:1}")
  assert_equal "$names" "$(LC_ALL=C sort <<<"$names")"
  # the daemon is shared and other files create networks meanwhile: compare the
  # built-in networks and this test's, which nobody else touches
  local mine="^(bridge|host|none|${TEST_NETWORK%-*}.*)\$" want
  want=$(docker network ls --format '{{.Name}}' | grep -E "$mine" | LC_ALL=C sort)
  assert_equal "$(wc -l <<<"$want")" 6
  run dokku --quiet network:list
  refute_line "=====> Networks"
  assert_equal "$(printf '%s\n' "${lines[@]}" | grep -E "$mine")" "$want"
  run bash -c "dokku network:list --format json | jq -r '.[].Name'"
  assert_equal "$(grep -E "$mine" <<<"$output")" "$want"
  docker network rm "$first" "$second" >/dev/null
}

@test "(network:list) JSON carries the real creation time and the daemon's fields" {
  dokku network:create "$TEST_NETWORK"
  created=$(docker network inspect --format '{{json .Created}}' "$TEST_NETWORK" | tr -d '"')
  id=$(docker network inspect --format '{{.Id}}' "$TEST_NETWORK")
  run bash -c "dokku network:list --format json | jq -c '.[] | select(.Name == \"$TEST_NETWORK\")'"
  assert_output "{\"CreatedAt\":\"$created\",\"DokkuManaged\":true,\"Driver\":\"bridge\",\"ID\":\"${id:0:12}\",\"Internal\":false,\"IPv6\":false,\"Labels\":{\"com.dokku.network-name\":\"$TEST_NETWORK\"},\"Name\":\"$TEST_NETWORK\",\"Scope\":\"local\"}"
  refute_output --partial "2024-02-25T01:55:24.275184461Z"
}

@test "(network:list) an invalid format is an error" {
  run_split dokku network:list --format yaml
  assert_failure 1
  assert_equal "$stderr" " !     Invalid format specified, use either text or json"
}

@test "(network:exists) quiet mode hides the message, not the exit status" {
  dokku network:create "$TEST_NETWORK"
  run dokku --quiet network:exists "$TEST_NETWORK"
  assert_success
  assert_output ""
  run_split dokku network:exists "${TEST_NETWORK}-missing"
  assert_failure 1
  assert_equal "$stderr" " !     Network does not exist"
  run_split dokku network:exists
  assert_failure 1
  assert_equal "$stderr" " !     No network name specified"
}

@test "(network:exists) the name is matched exactly, not as a pattern or an ID prefix" {
  dokku network:create "$TEST_NETWORK"
  id=$(docker network inspect --format '{{.Id}}' "$TEST_NETWORK")
  run dokku network:exists "${TEST_NETWORK:0:${#TEST_NETWORK}-2}"
  assert_failure
  run dokku network:exists "${id:0:12}"
  assert_failure
  run dokku network:exists "$(sed 's/-/./g' <<<"$TEST_NETWORK")"
  assert_failure
}

@test "(network:destroy) the confirmation prompt: the exact texts, a match destroys" {
  dokku network:create "$TEST_NETWORK"
  run_split bash -c "echo $TEST_NETWORK | dokku network:destroy $TEST_NETWORK"
  assert_success
  assert_equal "$stderr" " !     WARNING: Potentially Destructive Action
 !     This command will destroy network $TEST_NETWORK.
 !     To proceed, type \"$TEST_NETWORK\""
  assert_equal "$output" "> -----> Destroying network $TEST_NETWORK"
  run docker network inspect "$TEST_NETWORK"
  assert_failure
}

@test "(network:destroy) a wrong answer, an empty line, two words or EOF abort and keep the network" {
  dokku network:create "$TEST_NETWORK"
  run_split bash -c "echo wrong | dokku network:destroy $TEST_NETWORK"
  assert_failure 1
  assert_equal "$(tail -n 1 <<<"$stderr")" "Confirmation did not match test. Aborted."
  run_split bash -c "echo | dokku network:destroy $TEST_NETWORK"
  assert_failure 1
  assert_equal "$(tail -n 1 <<<"$stderr")" " !     unexpected newline"
  run_split bash -c "echo $TEST_NETWORK x | dokku network:destroy $TEST_NETWORK"
  assert_failure 1
  assert_equal "$(tail -n 1 <<<"$stderr")" " !     expected newline"
  run_split bash -c "dokku network:destroy $TEST_NETWORK </dev/null"
  assert_failure 1
  assert_equal "$(tail -n 1 <<<"$stderr")" " !     EOF"
  run docker network inspect "$TEST_NETWORK"
  assert_success
}

@test "(network:destroy) --force anywhere and DOKKU_APPS_FORCE_DELETE=1 skip the prompt" {
  dokku network:create "$TEST_NETWORK"
  run dokku network:destroy "$TEST_NETWORK" --force </dev/null
  assert_success
  assert_output "-----> Destroying network $TEST_NETWORK"
  dokku network:create "$TEST_NETWORK"
  run env DOKKU_APPS_FORCE_DELETE=1 "$PLUGIN_ENABLED_PATH/network/subcommands/destroy" network:destroy "$TEST_NETWORK" </dev/null
  assert_success
  run docker network inspect "$TEST_NETWORK"
  assert_failure
}

@test "(network:destroy) a missing network fails before any prompt; an in-use one fails with the daemon's reason" {
  run_split dokku network:destroy "$TEST_NETWORK" </dev/null
  assert_failure 1
  assert_equal "$stderr" " !     Network $TEST_NETWORK does not exist"
  dokku network:create "$TEST_NETWORK"
  docker run -d --name "$TEST_NETWORK-c" --network "$TEST_NETWORK" "$DOKKU_TEST_IMAGE" sleep 300 >/dev/null
  run_split dokku --force network:destroy "$TEST_NETWORK"
  assert_failure 1
  assert_output "-----> Destroying network $TEST_NETWORK"
  assert_regex "$stderr" '^ !     Unable to destroy network: Error response from daemon: .*active endpoints'
  assert_equal "$(wc -l <<<"$stderr")" 1
  docker rm -f "$TEST_NETWORK-c" >/dev/null
}

@test "(network:info) text and JSON describe the real network" {
  dokku network:create "$TEST_NETWORK"
  id=$(docker network inspect --format '{{.Id}}' "$TEST_NETWORK")
  run dokku network:info "$TEST_NETWORK"
  assert_success
  assert_line --index 0 "=====> $TEST_NETWORK network information"
  assert_line --index 1 "       ID:             ${id:0:12}"
  assert_line --index 2 "       Name:           $TEST_NETWORK"
  assert_line --index 3 "       Driver:         bridge"
  assert_line --index 4 "       Scope:          local"
  assert_line --index 5 "       Dokku managed:  true"
  run bash -c "dokku network:info $TEST_NETWORK --format json | jq -r '.Name, .DokkuManaged, .ID, .Attachable'"
  assert_output "$TEST_NETWORK
true
${id:0:12}
true"
  run_split dokku network:info "$TEST_NETWORK" --format yaml
  assert_failure 1
  assert_equal "$stderr" " !     Invalid format specified, use either text or json"
  run_split dokku network:info "${TEST_NETWORK}-missing"
  assert_failure 1
  assert_equal "$stderr" " !     Network does not exist"
}

@test "(daemon) an unreachable daemon is one clear error line and a non-zero exit" {
  for cmd in "network:list" "network:exists $TEST_NETWORK" "network:create $TEST_NETWORK" "network:info $TEST_NETWORK"; do
    run_split env DOCKER_HOST=unix:///nonexistent/docker.sock dokku --force $cmd
    assert_failure 1
    assert_equal "$(wc -l <<<"$stderr")" 1
    assert_regex "$stderr" '^ !     (Unable to create network: )?Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock: the socket does not exist'
  done
  run_split env DOCKER_HOST=ssh://user@host dokku network:list
  assert_failure 1
  assert_regex "$stderr" '^ !     Unsupported DOCKER_HOST ssh://user@host'
  run_split env DOCKER_HOST=tcp://127.0.0.1:1 dokku network:list
  assert_failure 1
  assert_regex "$stderr" '^ !     Cannot connect to the Docker daemon at tcp://127.0.0.1:1: connection refused'
}

@test "(daemon) DOKKU_TRACE=1 prints each Engine API request on stderr" {
  run_split env DOKKU_TRACE=1 "$PLUGIN_ENABLED_PATH/network/subcommands/exists" network:exists "$TEST_NETWORK"
  assert_failure 1
  [[ "$stderr" == " ?     engine: HEAD /_ping"* ]]
  [[ "$stderr" == *" ?     engine: GET /v1."*"/networks?filters="* ]]
}
