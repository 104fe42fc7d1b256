#!/usr/bin/env bash
# Install the few system libraries Qt needs (offscreen and on a desktop) when
# they are missing. Quiet and quick when everything is already there.
set -euo pipefail
need=()
# Read the cache once: `ldconfig -p | grep -q` under pipefail fails at random
# (grep exits early, ldconfig gets SIGPIPE) and reported present libraries missing.
cache=$(ldconfig -p 2>/dev/null || true)
check() { [[ "$cache" == *"$1"* ]] || need+=("$2"); }
check 'libglib-2.0.so.0' libglib2.0-0
check 'libEGL.so.1' libegl1
check 'libGL.so.1' libgl1
check 'libX11.so.6' libx11-6
check 'libxkbcommon.so.0' libxkbcommon0
check 'libfontconfig.so.1' libfontconfig1
check 'libfreetype.so.6' libfreetype6
check 'libdbus-1.so.3' libdbus-1-3
check 'libxkbcommon-x11.so.0' libxkbcommon-x11-0
check 'libxcb-cursor.so.0' libxcb-cursor0
check 'libxcb-icccm.so.4' libxcb-icccm4
check 'libxcb-keysyms.so.1' libxcb-keysyms1
check 'libxcb-shape.so.0' libxcb-shape0
check 'libxcb-render-util.so.0' libxcb-render-util0
check 'libxcb-image.so.0' libxcb-image0
# Chinese place and institution names need a CJK font, or they draw as boxes.
if command -v fc-list >/dev/null 2>&1; then
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || need+=(fonts-wqy-microhei)
else
  need+=(fontconfig fonts-wqy-microhei)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Qt needs these system libraries; install them with your package manager: ${need[*]}" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "Qt needs these system libraries; please run: sudo apt-get install -y ${need[*]}" >&2
    exit 0
  fi
fi
echo "Installing system libraries for Qt: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
