#!/usr/bin/env bats
# make deb (mk/deb.sh, debian/): the package installed, upgraded around and
# removed by the real dpkg, in a private dpkg root (dpkg --root=DIR
# --force-script-chrootless), over stand-in dokku packages built here that lay
# the network plugin out as Dokku's does (a multi-call `triggers` program with
# a symlink per trigger, `subcommands/subcommands` with a symlink per command,
# `commands`, `plugin.toml`, `.core`). No Docker needed.
load test_helper

PLUGIN_DIR=var/lib/dokku/core-plugins/available/network
# the triggers and commands of the original at v0.38.27 (its Makefile)
ORIGINAL_TRIGGERS=(core-post-deploy docker-args-process-build docker-args-process-deploy docker-args-process-run
  install network-build-config network-config-exists network-get-ipaddr network-get-listeners
  network-get-property network-get-static-listeners network-write-ipaddr network-write-port
  post-app-clone-setup post-app-rename-setup post-container-create post-delete report)
ORIGINAL_SUBCOMMANDS=(create destroy exists info list rebuild rebuildall report set)

setup_file() {
  command -v dpkg-deb >/dev/null || skip "dpkg-deb is missing (not a Debian host)"
  # the package, from the normal build (the sanitizer build is not packaged)
  run make -s -C "$REPO_ROOT" deb
  [[ "$status" -eq 0 ]] || {
    echo "make deb failed: $output" >&3
    return 1
  }
  export DEB="$REPO_ROOT/${lines[-1]}"
  export PACKAGE=dokku-network-c
  local work="$BATS_FILE_TMPDIR"
  build_standin "$work/dokku_1.deb" 0.38.27 v1 ""
  build_standin "$work/dokku_2.deb" 0.38.28 v2 network-new-trigger
  export DOKKU_V1="$work/dokku_1.deb" DOKKU_V2="$work/dokku_2.deb"
}

# build_standin <deb> <version> <tag> <extra trigger>: a dokku package whose
# network plugin programs print "original <tag> <name> <args>", and whose
# /usr/bin/dokku logs its calls (and fails plugin:install when told to).
build_standin() {
  local deb=$1 version=$2 tag=$3 extra=$4 root t s
  root=$(mktemp -d "$BATS_FILE_TMPDIR/standin.XXXXXX")
  mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/$PLUGIN_DIR/subcommands"
  cat >"$root/DEBIAN/control" <<EOF
Package: dokku
Version: $version
Architecture: all
Maintainer: Test <test@example.invalid>
Description: stand-in dokku for tests/deb.bats
EOF
  cat >"$root/usr/bin/dokku" <<'EOF'
#!/bin/sh
echo "$*" >>"$DOKKU_LIB_ROOT/dokku-calls"
[ ! -e "$DOKKU_LIB_ROOT/fail-plugin-install" ] || { echo "plugin:install broke" >&2; exit 1; }
EOF
  printf '#!/bin/sh\necho "original %s $(basename "$0") $*"\n' "$tag" >"$root/$PLUGIN_DIR/commands"
  cp "$root/$PLUGIN_DIR/commands" "$root/$PLUGIN_DIR/triggers"
  cp "$root/$PLUGIN_DIR/commands" "$root/$PLUGIN_DIR/subcommands/subcommands"
  chmod 0755 "$root/usr/bin/dokku" "$root/$PLUGIN_DIR/commands" "$root/$PLUGIN_DIR/triggers" \
    "$root/$PLUGIN_DIR/subcommands/subcommands"
  for t in "${ORIGINAL_TRIGGERS[@]}" $extra; do ln -s triggers "$root/$PLUGIN_DIR/$t"; done
  for s in "${ORIGINAL_SUBCOMMANDS[@]}"; do ln -s subcommands "$root/$PLUGIN_DIR/subcommands/$s"; done
  printf '[plugin]\ndescription = "dokku core network plugin"\nversion = "%s"\n' "$version" >"$root/$PLUGIN_DIR/plugin.toml"
  touch "$root/$PLUGIN_DIR/.core"
  dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
  cp -a "$root" "$deb.tree"
}

setup() {
  ROOT="$BATS_TEST_TMPDIR/root"
  mkdir -p "$ROOT/var/lib/dpkg/info" "$ROOT/var/lib/dpkg/updates" "$ROOT/var/lib/dpkg/triggers" "$ROOT/etc"
  touch "$ROOT/var/lib/dpkg/status" "$ROOT/var/lib/dpkg/available"
  # the dokku user of that root (its ids need not exist on this host)
  echo "dokku:x:4242:4343::/home/dokku:/bin/sh" >"$ROOT/etc/passwd"
  echo "dokku:x:4343:" >"$ROOT/etc/group"
  DIR="$ROOT/$PLUGIN_DIR"
}

# dpkg on the private root, maintainer scripts run outside a chroot
rdpkg() {
  dpkg --root="$ROOT" --force-script-chrootless --force-not-root --log="$ROOT/dpkg.log" "$@"
}

# <package> <status> as dpkg-query reports it ("install ok installed", ...)
assert_status() {
  assert_equal "$(dpkg-query --root="$ROOT" -W -f='${Status}' "$1" 2>/dev/null)" "$2"
}

# the diversions of this package, one path per line, sorted
our_diversions() {
  dpkg-divert --root="$ROOT" --list | awk -v pkg="$PACKAGE" '$NF == pkg { print $3 }' | LC_ALL=C sort
}

# the files of the plugin that the package ships, relative, sorted
shipped_files() {
  dpkg-deb --fsys-tarfile "$DEB" | tar -t | sed -n "s|^\./$PLUGIN_DIR/||p" | grep -v '/$' | grep . | LC_ALL=C sort
}

# the plugin directory is exactly the stand-in's <deb>.tree: names, link
# targets and contents
assert_plugin_is_standin() {
  local tree="$1.tree/$PLUGIN_DIR"
  run diff -r --no-dereference "$tree" "$DIR"
  assert_success
}

@test "(deb) the package: name and version from debian/changelog, Depends on dokku, a copyright, our programs at the core plugin's place" {
  local version
  version=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$REPO_ROOT/debian/changelog")
  assert_equal "$(basename "$DEB")" "${PACKAGE}_${version}_$(dpkg --print-architecture).deb"
  run dpkg-deb -f "$DEB" Package Version Depends Enhances
  assert_line "Package: $PACKAGE"
  assert_line "Version: $version"
  assert_line --regexp '^Depends: dokku \(>= 0\.38'
  assert_line "Enhances: dokku"
  run dpkg-deb -c "$DEB"
  assert_output --partial "./usr/share/doc/$PACKAGE/copyright"
  assert_output --partial "./usr/lib/systemd/system/dokku-network-watch.service"
  run shipped_files
  assert_line commands
  assert_line plugin.toml
  assert_line .core
  assert_line network-get-ipaddr
  assert_line subcommands/watch
  # every trigger and subcommand the build makes is in it
  local f
  for f in $(cd "${NETWORK_PLUGIN_DIR:-$REPO_ROOT/build/network}" && find . ! -type d | sed 's|^\./||'); do
    assert_line "$f"
  done
}

@test "(deb) lintian finds no error and no warning (the static programs are an override it shows)" {
  command -v lintian >/dev/null || skip "lintian is not installed (tests/setup installs it)"
  run lintian --fail-on error,warning "$DEB"
  assert_success
  refute_output --regexp '^[EW]: '
}

@test "(deb) install over dokku: our programs at every path, dokku's aside, the diversions recorded, owned by dokku, plugin:install fired" {
  run rdpkg -i "$DOKKU_V1"
  assert_success
  run rdpkg -i "$DEB"
  assert_success
  assert_status "$PACKAGE" "install ok installed"
  # each shipped path holds our file, byte for byte, and is diverted
  local f
  while read -r f; do
    cmp -s <(dpkg-deb --fsys-tarfile "$DEB" | tar -xO "./$PLUGIN_DIR/$f") "$DIR/$f" || fail "$f is not ours"
  done < <(shipped_files)
  assert_equal "$(our_diversions)" "$(shipped_files | sed "s|^|/$PLUGIN_DIR/|")"
  # dokku's own files went aside, whole: the commands program, a trigger and a subcommand symlink
  assert_equal "$("$DIR/commands.dokku-original" x)" "original v1 commands.dokku-original x"
  assert_equal "$(readlink "$DIR/network-get-ipaddr.dokku-original")" "triggers"
  assert_equal "$(readlink "$DIR/subcommands/create.dokku-original")" "subcommands"
  # our commands really runs, and the triggers the original does not replace are its own
  run "$DIR/commands" network:help
  assert_success
  assert_line --index 0 "Usage: dokku network[:COMMAND]"
  [[ -x "$DIR/triggers" && -x "$DIR/subcommands/subcommands" ]] || fail "dokku's multi-call programs are gone"
  # owner: the dokku user of that root
  assert_equal "$(stat -c %u:%g "$DIR/commands" "$DIR/subcommands/watch" "$DIR" | sort -u)" "4242:4343"
  # dokku plugin:install was fired
  assert_equal "$(cat "$ROOT/var/lib/dokku/dokku-calls")" "plugin:install"
  # the watcher's unit calls dokku where the package manager put it
  run cat "$ROOT/usr/lib/systemd/system/dokku-network-watch.service"
  assert_line "ExecStart=/usr/bin/dokku network:watch"
}

@test "(deb) a dokku upgrade leaves ours in place; purging ours then gives the upgraded originals back exactly, with no diversion left" {
  rdpkg -i "$DOKKU_V1" >/dev/null
  rdpkg -i "$DEB" >/dev/null
  run rdpkg -i "$DOKKU_V2"
  assert_success
  # the package noticed the trigger dokku added (dpkg file trigger): it runs the original's code
  assert_output --partial "-----> $PACKAGE: dokku's network/network-new-trigger is not replaced by this package"
  assert_equal "$(echo "$output" | grep -c "is not replaced")" 1
  # ours unchanged, dokku's new versions aside
  run "$DIR/commands" network:help
  assert_line --index 0 "Usage: dokku network[:COMMAND]"
  assert_equal "$("$DIR/commands.dokku-original" x)" "original v2 commands.dokku-original x"
  assert_equal "$(grep version "$DIR/plugin.toml.dokku-original")" 'version = "0.38.28"'
  cmp -s "$DIR/plugin.toml" "$REPO_ROOT/plugin.toml" || fail "plugin.toml is not ours"
  assert_equal "$("$DIR/network-new-trigger" a)" "original v2 network-new-trigger a"
  assert_equal "$(stat -c %u:%g "$DIR/commands")" "4242:4343"
  assert_status "$PACKAGE" "install ok installed"

  run rdpkg --purge "$PACKAGE"
  assert_success
  assert_status "$PACKAGE" ""
  assert_equal "$(our_diversions)" ""
  assert_plugin_is_standin "$DOKKU_V2"
}

@test "(deb) installing twice, removing twice, then purging: the same diversions, then none and dokku's files whole" {
  rdpkg -i "$DOKKU_V1" >/dev/null
  run rdpkg -i "$DEB"
  assert_success
  local first
  first=$(our_diversions)
  run rdpkg -i "$DEB"
  assert_success
  assert_equal "$(our_diversions)" "$first"
  assert_equal "$(dpkg-divert --root="$ROOT" --list | wc -l)" "$(shipped_files | wc -l)"
  [[ ! -e "$DIR/commands.dokku-original.dokku-original" ]] || fail "diverted twice"
  run "$DIR/commands" network:help
  assert_success

  run rdpkg -r "$PACKAGE"
  assert_success
  assert_equal "$(our_diversions)" ""
  assert_plugin_is_standin "$DOKKU_V1"
  run rdpkg -r "$PACKAGE"
  assert_success
  run rdpkg --purge "$PACKAGE"
  assert_success
  assert_status "$PACKAGE" ""
  assert_plugin_is_standin "$DOKKU_V1"
}

@test "(deb) a failing dokku plugin:install is reported and the package stays installed; configuring again is fine" {
  rdpkg -i "$DOKKU_V1" >/dev/null
  touch "$ROOT/var/lib/dokku/fail-plugin-install"
  run rdpkg -i "$DEB"
  assert_success
  assert_output --partial " !     $PACKAGE: 'dokku plugin:install' failed: run it again once Dokku works"
  assert_status "$PACKAGE" "install ok installed"
  rm "$ROOT/var/lib/dokku/fail-plugin-install"
  # dpkg may run postinst again: nothing changes but the trigger is fired again
  run env DPKG_ROOT="$ROOT" DPKG_ADMINDIR="$ROOT/var/lib/dpkg" DPKG_MAINTSCRIPT_PACKAGE="$PACKAGE" \
    sh "$ROOT/var/lib/dpkg/info/$PACKAGE.postinst" configure 1.0.0
  assert_success
  assert_equal "$(grep -c plugin:install "$ROOT/var/lib/dokku/dokku-calls")" "2"
  assert_equal "$(our_diversions | wc -l)" "$(shipped_files | wc -l)"
}

@test "(deb) a plugin that does not run fails the configuration (the package is left half-configured), and its removal still gives dokku's files back" {
  rdpkg -i "$DOKKU_V1" >/dev/null
  # the same package with a commands program that cannot run here
  local tree="$BATS_TEST_TMPDIR/broken"
  dpkg-deb -R "$DEB" "$tree"
  printf '\177ELFnot a program' >"$tree/$PLUGIN_DIR/commands"
  dpkg-deb --root-owner-group --build "$tree" "$BATS_TEST_TMPDIR/broken.deb" >/dev/null
  run rdpkg -i "$BATS_TEST_TMPDIR/broken.deb"
  assert_failure
  assert_output --partial " !     $PACKAGE: /$PLUGIN_DIR/commands does not run on this host"
  assert_status "$PACKAGE" "install ok half-configured"
  run rdpkg --purge "$PACKAGE"
  assert_success
  assert_equal "$(our_diversions)" ""
  assert_plugin_is_standin "$DOKKU_V1"
}

@test "(deb) refused over a 'make install' (its backup would be lost): nothing diverted" {
  rdpkg -i "$DOKKU_V1" >/dev/null
  mkdir -p "$ROOT/var/lib/dokku/core-plugins/.network-core-backup"
  run rdpkg -i "$DEB"
  assert_failure
  assert_output --partial " !     $PACKAGE: the plugin was installed with 'make install': run 'make uninstall' first"
  assert_equal "$(our_diversions)" ""
  assert_plugin_is_standin "$DOKKU_V1"
}

@test "(deb) a version of the package that ships fewer files gives dokku's back for those, and keeps the others diverted" {
  rdpkg -i "$DOKKU_V1" >/dev/null
  rdpkg -i "$DEB" >/dev/null
  # the same package built from a plugin without network-get-ipaddr
  local built="$BATS_TEST_TMPDIR/built" out="$BATS_TEST_TMPDIR/out"
  cp -R "${NETWORK_PLUGIN_DIR:-$REPO_ROOT/build/network}" "$built"
  rm "$built/network-get-ipaddr"
  mkdir -p "$out"
  run sh "$REPO_ROOT/mk/deb.sh" "$built" "$out"
  assert_success
  run rdpkg -i "${lines[-1]}"
  assert_success
  assert_equal "$(readlink "$DIR/network-get-ipaddr")" "triggers"
  [[ ! -e "$DIR/network-get-ipaddr.dokku-original" ]] || fail "still aside"
  run our_diversions
  refute_line "/$PLUGIN_DIR/network-get-ipaddr"
  assert_line "/$PLUGIN_DIR/network-build-config"
  assert_equal "$(readlink "$DIR/network-build-config.dokku-original")" "triggers"
}
