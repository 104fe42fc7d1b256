#!/usr/bin/env bash
# Wrap the PyInstaller .app in a compressed disk image with an Applications
# link, the conventional drag-to-install layout. macOS only (hdiutil).
#
#   packaging/macos/make-dmg.sh [VERSION]
# Input:  dist/Amur Explorer.app (packaging/amur-explorer.spec, BUNDLE step)
# Output: dist/amur-explorer-<version>-macos-<arch>.dmg
#
# The build is ad-hoc signed by PyInstaller; it is not notarised, so on first
# launch users open it with right-click > Open. To sign and notarise, set
# CODESIGN_IDENTITY and run codesign/notarytool on the .app before this script.
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
