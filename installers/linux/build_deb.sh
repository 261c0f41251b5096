#!/usr/bin/env bash
# Build the Debian/UOS/Kylin package from the PyInstaller folder:
#
#     bash installers/linux/build_deb.sh VERSION [FROZEN_DIR] [OUT_DIR]     (or: make deb)
#
# FROZEN_DIR defaults to dist/evidence-station, OUT_DIR to dist. Writes
# OUT_DIR/evidence-station_VERSION_ARCH.deb with dpkg-deb (no debhelper needed). Layout:
#   /opt/evidence-station/                 the frozen program (Python, Qt, libvlc and plugins, font, .qm)
#   /usr/bin/evidence-station              a wrapper that starts it
#   /usr/share/applications/, /usr/share/metainfo/, /usr/share/icons/hicolor/   desktop integration
#   /usr/share/doc/evidence-station/       copyright, the user guides, README.service.txt
#   /lib/systemd/system/evidence-station.service   the station service (hardened unit)
#   /etc/evidence-station/client.json      desk commands and the desktop program use the service's socket
# Maintainer scripts: postinst creates the group evidence-users, the system account evidence-station (a member
# of it) and /var/lib/evidence-station (0700, the service's home); prerm stops the service; postrm never removes
# the station data or the account. dpkg triggers refresh the menus and icon caches.
# DEB_COMPRESSION (default gzip: quick, and understood by every dpkg, including older UOS ones).
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${1:?usage: build_deb.sh VERSION [FROZEN_DIR] [OUT_DIR]}
FROZEN=${2:-dist/evidence-station}
OUT=${3:-dist}
ARCH=$(dpkg --print-architecture)
APP_ID=cn.evidencestation.EvidenceStation
LINUX=installers/linux
STAGE=build/deb/evidence-station_${VERSION}_${ARCH}

if [ ! -x "$FROZEN/evidence-station" ]; then
  echo "build_deb: $FROZEN/evidence-station is missing; build it first with: make frozen" >&2
  exit 1
fi
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/icons" "$STAGE/usr/share/doc/evidence-station" \
  "$STAGE/lib/systemd/system" "$STAGE/etc/evidence-station"

cp -a "$FROZEN" "$STAGE/opt/evidence-station"
install -m 0755 "$LINUX/evidence-station.sh" "$STAGE/usr/bin/evidence-station"
install -m 0644 "$LINUX/$APP_ID.desktop" "$STAGE/usr/share/applications/$APP_ID.desktop"
install -m 0644 "$LINUX/$APP_ID.metainfo.xml" "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
cp -r "$LINUX/icons/hicolor" "$STAGE/usr/share/icons/hicolor"
cp -r docs/guide "$STAGE/usr/share/doc/evidence-station/guide"
install -m 0644 "$LINUX/README.service.txt" "$STAGE/usr/share/doc/evidence-station/README.service.txt"
install -m 0644 "$LINUX/evidence-station.service" "$STAGE/lib/systemd/system/evidence-station.service"
install -m 0644 "$LINUX/client.json" "$STAGE/etc/evidence-station/client.json"
for script in postinst prerm postrm; do install -m 0755 "$LINUX/$script" "$STAGE/DEBIAN/$script"; done
echo /etc/evidence-station/client.json > "$STAGE/DEBIAN/conffiles"
cat > "$STAGE/usr/share/doc/evidence-station/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: evidence-station

Files: *
License: Proprietary

Files: opt/evidence-station/_internal/evidence_station/resources/fonts/*
License: Apache-2.0 or GPL-3.0-or-later with font embedding exception (WenQuanYi Micro Hei)

Files: opt/evidence-station/_internal/vlc/*
License: LGPL-2.1-or-later (libvlc, from the Debian VLC packages)

Files: opt/evidence-station/_internal/PySide6/*
License: LGPL-3.0-only (Qt for Python)
COPYRIGHT

# Normalise permissions: directories and programs 0755, everything else 0644.
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -exec chmod go-w,a+r {} +
chmod 0755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/prerm" "$STAGE/DEBIAN/postrm"

SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" "$LINUX/control.in" \
  > "$STAGE/DEBIAN/control"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
  | xargs -0 md5sum > DEBIAN/md5sums)

mkdir -p "$OUT"
DEB="$OUT/evidence-station_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-gzip}" --build "$STAGE" "$DEB"
echo "build_deb: wrote $DEB ($(du -h "$DEB" | cut -f1))"
