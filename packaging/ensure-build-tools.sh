#!/usr/bin/env bash
# Install the Debian tools the Linux build and its tests use, when missing:
#   patchelf              drops build-machine RUNPATHs from the bundle (fix_runpath.py)
#   desktop-file-utils    desktop-file-validate (tests/packaging)
#   appstream             appstreamcli validate (tests/packaging)
#   debootstrap           the bare Debian root the .deb is installed into (tests/packaging)
#   flatpak-builder       parses the Flatpak manifest (tests/packaging)
#
#   packaging/ensure-build-tools.sh [COMMAND...]   only the tools for these commands
# With apt-get as root (or passwordless sudo); otherwise prints the line to run and fails.
set -euo pipefail
declare -A package=([patchelf]=patchelf [desktop-file-validate]=desktop-file-utils
                    [appstreamcli]=appstream [debootstrap]=debootstrap [flatpak-builder]=flatpak-builder)
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=("${!package[@]}")
need=()
for cmd in "${wanted[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || need+=("${package[$cmd]}")
done
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "the build needs: sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
fi
install() { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
              -o DPkg::Lock::Timeout=300 "${need[@]}" >/dev/null; }
# A fresh machine has no package lists yet: fetch them once, then try again.
install || { $sudo apt-get -q update >/dev/null && install; }
