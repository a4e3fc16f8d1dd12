# Shared by the maintainer scripts (mk/deb.sh puts it, with SHIPPED, in each).
# Every path honours DPKG_ROOT (dpkg --root=DIR --force-script-chrootless);
# dpkg-divert reads DPKG_ROOT and DPKG_ADMINDIR itself. Every step is
# idempotent: dpkg may run a script again after a failure.
DPKG_ROOT=${DPKG_ROOT:-}
PACKAGE=@PACKAGE@
PLUGIN_DIR=/var/lib/dokku/core-plugins/available/network
# dokku's own file at PLUGIN_DIR/<path> lives at PLUGIN_DIR/<path>.$SUFFIX
SUFFIX=dokku-original
UNIT=dokku-network-watch.service

say() { echo "-----> $PACKAGE: $*"; }
warn() { echo " !     $PACKAGE: $*" >&2; }

# Every file this package ships is diverted, whether or not the installed
# dokku ships it: a later dokku that adds one of them then upgrades cleanly
# (its copy goes aside) instead of failing on a file conflict.
divert_shipped() {
	for f in $SHIPPED; do
		dpkg-divert --quiet --package "$PACKAGE" --add --rename \
			--divert "$PLUGIN_DIR/$f.$SUFFIX" "$PLUGIN_DIR/$f"
	done
}

# The paths this package diverts now (those of an older version included).
diverted_paths() {
	dpkg-divert --list "$PLUGIN_DIR/*" |
		awk -v pkg="$PACKAGE" '$1 == "diversion" && $NF == pkg { print $3 }'
}

# Gives dokku's files back: --rename moves each one to its own name again.
undivert() {
	dpkg-divert --quiet --package "$PACKAGE" --remove --rename \
		--divert "$1.$SUFFIX" "$1"
}

undivert_all() {
	for path in $(diverted_paths); do
		undivert "$path"
	done
}

# After an upgrade of this package: the diversions of paths it ships no more.
undivert_unshipped() {
	for path in $(diverted_paths); do
		case " $(echo $SHIPPED) " in
		*" ${path#"$PLUGIN_DIR"/} "*) ;;
		*) undivert "$path" ;;
		esac
	done
}

# The dokku user and group (uid:gid) of the root dpkg works on, or nothing.
dokku_owner() {
	uid=$(awk -F: '$1 == "dokku" { print $3; exit }' "$DPKG_ROOT/etc/passwd" 2>/dev/null)
	gid=$(awk -F: '$1 == "dokku" { print $3; exit }' "$DPKG_ROOT/etc/group" 2>/dev/null)
	[ -n "$uid" ] && [ -n "$gid" ] && echo "$uid:$gid"
}

# Dokku's plugin directories belong to dokku (its own postinst chowns them
# all): this package's files and directories, one by one (no chown -R, which
# would follow whatever else is there).
fix_ownership() {
	owner=$(dokku_owner) || return 0
	chown "$owner" "$DPKG_ROOT$PLUGIN_DIR" "$DPKG_ROOT$PLUGIN_DIR/subcommands"
	for f in $SHIPPED; do
		chown -h "$owner" "$DPKG_ROOT$PLUGIN_DIR/$f"
	done
}

# The watcher's service is managed on the host dpkg runs on only, never for
# a DPKG_ROOT elsewhere, with init-system-helpers' tools (as debhelper does:
# they honour an administrator's disable, masks and policy-rc.d).
manages_service() {
	{ [ -z "$DPKG_ROOT" ] || [ "$DPKG_ROOT" = / ]; } && command -v deb-systemd-helper >/dev/null 2>&1
}
