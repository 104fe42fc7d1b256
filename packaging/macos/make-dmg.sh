#!/usr/bin/env bash
# Wrap the PyInstaller .app in a compressed disk image with an Applications
# link, the conventional drag-to-install layout. macOS only (hdiutil).
#
#   packaging/macos/make-dmg.sh [VERSION]
# Input:  dist/Amur Explorer.app (packaging/amur-explorer.spec, BUNDLE step)
# Output: dist/amur-explorer-<version>-macos-<arch>.dmg
#
# The build is ad-hoc signed by PyInstaller and not notarised: on macOS 15 users
# allow it once in System Settings > Privacy & Security > Open Anyway (README).
# The release workflow signs the .app before this script and notarises the .dmg
# after it when the signing secrets are configured.
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${1:-$(sed -n 's/^__version__ *= *"\([^"]*\)".*/\1/p' explorer/__init__.py)}"
app="dist/Amur Explorer.app"
dmg="dist/amur-explorer-${version}-macos-$(uname -m).dmg"
[ -d "$app" ] || { echo "missing $app: build with PyInstaller first" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
ditto "$app" "$stage/Amur Explorer.app"        # keeps symlinks, xattrs and signatures
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "Amur Explorer ${version}" -srcfolder "$stage" \
  -fs HFS+ -format UDZO -imagekey zlib-level=9 -ov "$dmg"
hdiutil verify "$dmg"
echo "$dmg"
