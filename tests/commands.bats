#!/usr/bin/env bats
# `dokku network`, network:help and `dokku help [--all]` (doc/design.md §2.3, §2.4)
# and the original suite's test 1.

load test_helper

setup_file() { dokku_env_setup; }
teardown_file() { dokku_env_teardown; }

EXPECTED_USAGE='Usage: dokku network[:COMMAND]

Manage network settings for an app

Additional commands:
    network:create <network>                             Creates an attachable docker network
    network:destroy <network>                            Destroys a docker network
    network:ensure [<network>...]                        Recreates recorded networks that are missing
    network:exists <network>                             Checks if a docker network exists
    network:export                                       Exports recorded networks and network properties as JSON
    network:import                                       Imports network:export'"'"'s JSON from stdin
    network:info <network> [--format text|json]          Outputs information about a docker network
    network:list [--format text|json] [--dokku-managed]  Lists all docker networks
    network:rebuild <app>                                Rebuilds network settings for an app
    network:rebuildall                                   Rebuild network settings for all apps
    network:report [<app>] [<flag>]                      Displays a network report for one or more apps
    network:set <app> <property> (<value>...)            Set or clear a network property for an app
    network:watch [--once]                               Keeps every app'"'"'s listener IPs in line with its containers'

@test "(network) network:help (original test 1)" {
  run dokku network
  assert_success
  assert_output_contains "Manage network settings for an app"
  help_output="$output"

  run dokku network:help
  assert_success
  assert_output_contains "Manage network settings for an app"
  assert_output "$help_output"
}

@test "(network) the usage text is the original's, byte for byte, with network:ensure, export, import and watch added" {
  run dokku network:help
  assert_success
  assert_output "$EXPECTED_USAGE"
  # no trailing whitespace anywhere
  run bash -c "dokku network:help | grep -c ' \$'"
  assert_output "0"
}

@test "(help) dokku help lists the network plugin in one line" {
  run dokku help
  assert_success
  assert_line --regexp '^    network +Manage network settings for an app$'
  refute_output --partial "network:create"
}

@test "(help) dokku help --all lists every network command" {
  run dokku help --all
  assert_success
  for cmd in create destroy ensure exists export import info list rebuild rebuildall report set watch; do
    assert_output --partial "network:$cmd"
  done
  assert_line --regexp '^    network:list \[--format text\|json\] \[--dokku-managed\] +Lists all docker networks$'
}

@test "(commands) the raw help lines, with and without --all" {
  run "$PLUGIN_ENABLED_PATH/network/commands" help
  assert_success
  assert_output "
    network, Manage network settings for an app"
  # the parent's command line decides (the dispatcher is `dokku help --all`)
  printf '#!/usr/bin/env bash\n"$1" help\ntrue\n' >"$BATS_TEST_TMPDIR/parent"
  run bash "$BATS_TEST_TMPDIR/parent" "$PLUGIN_ENABLED_PATH/network/commands" --all
  assert_success
  assert_line "    network:set <app> <property> (<value>...), Set or clear a network property for an app"
  assert_equal "$(printf '%s\n' "$output" | grep -c '^    network:')" 13
  # byte for byte as the original's fmt.Println: a blank line, the rows (the
  # original's 9, network:ensure, export, import and watch), no blank line after
  bash "$BATS_TEST_TMPDIR/parent" "$PLUGIN_ENABLED_PATH/network/commands" --all >"$BATS_TEST_TMPDIR/all"
  assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/all")" 14
  assert_equal "$(head -c 1 "$BATS_TEST_TMPDIR/all" | od -An -tx1 | tr -d ' ')" 0a
  assert_equal "$(tail -c 2 "$BATS_TEST_TMPDIR/all" | od -An -tx1 | tr -d ' ')" 730a
}

@test "(commands) other commands are declined with DOKKU_NOT_IMPLEMENTED_EXIT" {
  run "$PLUGIN_ENABLED_PATH/network/commands" apps:list
  assert_failure 10
  run env DOKKU_NOT_IMPLEMENTED_EXIT=42 "$PLUGIN_ENABLED_PATH/network/commands" apps:list
  assert_failure 42
  run env DOKKU_NOT_IMPLEMENTED_EXIT=x "$PLUGIN_ENABLED_PATH/network/commands" apps:list
  assert_failure 10
  assert_output "failed to retrieve DOKKU_NOT_IMPLEMENTED_EXIT environment variable"
}

@test "(commands) an unknown flag before the command exits 2 like Go's flag package" {
  run_split "$PLUGIN_ENABLED_PATH/network/commands" -x
  assert_failure 2
  assert_equal "$stderr" "flag provided but not defined: -x"
  assert_output --partial "Usage: dokku network[:COMMAND]"
}

@test "(dispatch) an unknown network command is not a dokku command" {
  run_split dokku network:nope foo
  assert_failure 1
  assert_equal "$stderr" ' !     `network:nope foo` is not a dokku command.
 !     See `dokku help` for a list of available commands.'
}

@test "(subcommands) -h and --help print the pflag usage block and exit 0" {
  run_split dokku network:list -h
  assert_success
  assert_equal "$stderr" 'Usage of network:list:
      --dokku-managed   show only dokku-managed networks
      --format string   format: [ text | json ] (default "text")'
  run_split dokku network:destroy --help
  assert_success
  assert_equal "$stderr" 'Usage of network:destroy:
      --force   --force: force destroy without confirmation'
  run_split dokku network:exists -h
  assert_success
  assert_equal "$stderr" 'Usage of network:exists:'
}

@test "(subcommands) unknown flags print the usage block and the error, exit 2" {
  run_split dokku network:info foo --bogus
  assert_failure 2
  assert_equal "$stderr" 'Usage of network:info:
      --format string   format: [ text | json ] (default "text")
unknown flag: --bogus'
  run_split dokku network:list -z
  assert_failure 2
  assert_equal "$(tail -n 1 <<<"$stderr")" "unknown shorthand flag: 'z' in -z"
  run_split dokku network:info foo --format
  assert_failure 2
  assert_equal "$(tail -n 1 <<<"$stderr")" "flag needs an argument: --format"
}
