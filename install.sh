#!/bin/sh
# Puts this plugin in place of Dokku's core network plugin (contract 1.5) and
# back. Usage: install.sh install|uninstall <built plugin dir> <DOKKU_LIB_ROOT>
set -eu

action=$1 built=$2 lib_root=$3
core=$lib_root/core-plugins
target=$core/available/network
backup=$core/.network-core-backup
owner=${DOKKU_SYSTEM_USER:-dokku}:${DOKKU_SYSTEM_GROUP:-dokku}

fail() { echo " !     $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "This command must be run as root"
[ -d "$core/available" ] || fail "No Dokku core plugins under $core: is Dokku installed?"

case $action in
install)
	[ -x "$built/commands" ] || fail "Nothing built at $built: run make first"
	staged=$core/available/.network-new.$$
	rm -rf "$staged"
	cp -R "$built" "$staged"
	touch "$staged/.core"
	chown -R "$owner" "$staged"
	if [ -d "$target" ] && [ ! -d "$backup" ]; then
		mv "$target" "$backup"
		echo "-----> Kept the original core network plugin in $backup"
	else
		rm -rf "$target"
	fi
	mv "$staged" "$target"
	# the wiring a core plugin needs (contract 1.1), in case it is missing
	[ -e "$lib_root/plugins/available/network" ] || ln -s "$target" "$lib_root/plugins/available/network"
	[ -e "$core/enabled/network" ] || ln -s "$lib_root/plugins/available/network" "$core/enabled/network"
	[ -e "$lib_root/plugins/enabled/network" ] || ln -s "$lib_root/plugins/available/network" "$lib_root/plugins/enabled/network"
	echo "-----> Installed the C network plugin in $target"
	echo "       Run 'dokku plugin:install' to fire its install trigger."
	echo "       A Dokku package upgrade replaces it: run 'make install' again afterwards."
	;;
uninstall)
	[ -d "$backup" ] || fail "No backup of the original network plugin at $backup"
	rm -rf "$target"
	mv "$backup" "$target"
	echo "-----> Restored the original core network plugin in $target"
	;;
*)
	fail "usage: install.sh install|uninstall <plugin dir> <DOKKU_LIB_ROOT>"
	;;
esac
