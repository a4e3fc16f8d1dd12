#!/bin/sh
# Builds the Debian package of the plugin with dpkg-deb alone (README,
# "Installing on a Dokku host"):
#
#   sh mk/deb.sh <built plugin dir> <build dir>     ->  <build dir>/<package>_<version>_<arch>.deb
#
# The package name and version are those of the first entry of
# debian/changelog, the one place they are written. The plugin goes where the
# dokku package puts the core one, as install.sh stages it (stripped, .core);
# every file of it is diverted by the maintainer scripts, which get the list
# (SHIPPED) and debian/common.sh in place of their "# @COMMON@" line.
set -eu

built=$1 build=$2
here=$(cd "$(dirname "$0")/.." && pwd)
package=$(sed -n '1s/^\([^ ]*\) (\([^)]*\)).*/\1/p' "$here/debian/changelog")
version=$(sed -n '1s/^\([^ ]*\) (\([^)]*\)).*/\2/p' "$here/debian/changelog")
arch=$(dpkg --print-architecture)
[ -n "$package" ] && [ -n "$version" ] || { echo "mk/deb.sh: no package and version in debian/changelog" >&2; exit 1; }

root=$build/deb/root
plugin_dir=/var/lib/dokku/core-plugins/available/network
doc=$root/usr/share/doc/$package
rm -rf "$build/deb"
mkdir -p "$root/DEBIAN" "$doc" "$root/usr/lib/systemd/system" "$(dirname "$root$plugin_dir")"
umask 022

sh "$here/install.sh" stage "$built" "$root$plugin_dir"
sed "s|@DOKKU@|/usr/bin/dokku|" "$here/systemd/dokku-network-watch.service" \
	>"$root/usr/lib/systemd/system/dokku-network-watch.service"
cp "$here/debian/copyright" "$doc/copyright"
mkdir -p "$root/usr/share/lintian/overrides"
cp "$here/debian/lintian-overrides" "$root/usr/share/lintian/overrides/$package"
gzip -9n <"$here/debian/changelog" >"$doc/changelog.gz"
# whatever the umask of the build was
chmod -R u=rwX,go=rX "$root"

shipped=$(cd "$root$plugin_dir" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
common=$build/deb/common.sh
{
	sed "s/@PACKAGE@/$package/" "$here/debian/common.sh"
	echo "# Every file of the plugin in this package, relative to PLUGIN_DIR."
	echo "SHIPPED='$shipped'"
} >"$common"
for script in preinst postinst prerm postrm; do
	sed -e "/^# @COMMON@\$/{r $common" -e 'd;}' "$here/debian/$script" >"$root/DEBIAN/$script"
	chmod 0755 "$root/DEBIAN/$script"
done
cp "$here/debian/triggers" "$root/DEBIAN/triggers"
(cd "$root" && find usr var -type f | LC_ALL=C sort | xargs md5sum) >"$root/DEBIAN/md5sums"
sed -e "s/@PACKAGE@/$package/" -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
	-e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$root" | cut -f1)/" \
	"$here/debian/control.in" >"$root/DEBIAN/control"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/triggers" "$root/DEBIAN/md5sums"

deb=$build/${package}_${version}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
