#!/bin/sh
# Puts this plugin in place of Dokku's core network plugin (doc/design.md §1.5) and
# back, with the network:watch service.
# Usage: install.sh install|uninstall <built plugin dir> <DOKKU_LIB_ROOT> [<systemd unit dir>]
#        install.sh stage <built plugin dir> <dir>
# The unit is enabled and started (stopped and disabled on uninstall) only when
# it goes to /etc/systemd/system and systemd is running. stage writes the plugin
# as it is installed (stripped, with the .core marker) to <dir>, for install and
# for the Debian package (mk/deb.sh).
set -eu

action=$1 built=$2 lib_root=$3 unit_dir=${4:-/etc/systemd/system}
unit=dokku-network-watch.service
here=$(cd "$(dirname "$0")" && pwd)
core=$lib_root/core-plugins
target=$core/available/network
backup=$core/.network-core-backup
owner=${DOKKU_SYSTEM_USER:-dokku}:${DOKKU_SYSTEM_GROUP:-dokku}

fail() { echo " !     $*" >&2; exit 1; }

# systemd is running and the unit is where it looks
systemd_manages_unit() {
	[ "$unit_dir" = /etc/systemd/system ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1
}

install_unit() {
	dokku=$(command -v dokku 2>/dev/null || echo /usr/bin/dokku)
	mkdir -p "$unit_dir"
	sed "s|@DOKKU@|$dokku|" "$here/systemd/$unit" >"$unit_dir/.$unit.new"
	chmod 0644 "$unit_dir/.$unit.new"
	mv "$unit_dir/.$unit.new" "$unit_dir/$unit"
	echo "-----> Installed $unit_dir/$unit ($dokku network:watch)"
	if systemd_manages_unit; then
		systemctl daemon-reload
		systemctl enable --now "$unit" && echo "       Enabled and started $unit" ||
			echo " !     $unit could not be started: see systemctl status $unit" >&2
	fi
}

remove_unit() {
	[ -e "$unit_dir/$unit" ] || return 0
	if systemd_manages_unit; then
		systemctl disable --now "$unit" || true
	fi
	rm -f "$unit_dir/$unit"
	systemd_manages_unit && systemctl daemon-reload || true
	echo "-----> Removed $unit_dir/$unit"
}

# The installed programs lose their symbols and debug information (the build
# keeps them, for gdb and the sanitizers): ELF files only, with $STRIP (strip by
# default, with the compiler's .comment section; STRIP=: keeps them whole);
# nothing is stripped when it is missing.
strip_programs() {
	command -v "${STRIP:-strip}" >/dev/null 2>&1 || return 0
	find "$1" -type f -perm -u+x | while IFS= read -r f; do
		[ "$(head -c 4 "$f" | tr -d '\177')" = ELF ] || continue
		"${STRIP:-strip}" -R .comment "$f" || fail "Unable to strip $f"
	done
}

# the plugin as installed: programs stripped, plugin.toml, the core plugin marker
stage() {
	[ -x "$built/commands" ] || fail "Nothing built at $built: run make first"
	rm -rf "$1"
	cp -R "$built" "$1"
	strip_programs "$1"
	touch "$1/.core"
}

if [ "$action" = stage ]; then
	stage "$3"
	exit 0
fi
[ "$(id -u)" = 0 ] || fail "This command must be run as root"
[ -d "$core/available" ] || fail "No Dokku core plugins under $core: is Dokku installed?"

case $action in
install)
	staged=$core/available/.network-new.$$
	stage "$staged"
	chown -R "$owner" "$staged"
	if [ -d "$target" ] && [ ! -d "$backup" ]; then
		mv "$target" "$backup"
		echo "-----> Kept the original core network plugin in $backup"
	else
		rm -rf "$target"
	fi
	mv "$staged" "$target"
	# the wiring a core plugin needs (doc/design.md §1.1), in case it is missing
	[ -e "$lib_root/plugins/available/network" ] || ln -s "$target" "$lib_root/plugins/available/network"
	[ -e "$core/enabled/network" ] || ln -s "$lib_root/plugins/available/network" "$core/enabled/network"
	[ -e "$lib_root/plugins/enabled/network" ] || ln -s "$lib_root/plugins/available/network" "$lib_root/plugins/enabled/network"
	echo "-----> Installed the C network plugin in $target"
	install_unit
	echo "       Run 'dokku plugin:install' to fire its install trigger."
	echo "       A Dokku package upgrade replaces it: run 'make install' again afterwards."
	;;
uninstall)
	[ -d "$backup" ] || fail "No backup of the original network plugin at $backup"
	remove_unit
	rm -rf "$target"
	mv "$backup" "$target"
	echo "-----> Restored the original core network plugin in $target"
	;;
*)
	fail "usage: install.sh install|uninstall <plugin dir> <DOKKU_LIB_ROOT> [<systemd unit dir>] | stage <plugin dir> <dir>"
	;;
esac
