"""Drop RUNPATH/RPATH entries of bundled libraries that point outside the bundle.

Wheels built on someone's machine carry its paths (``/home/…/build/lib``, a
conda prefix): in the shipped app the loader would search them on the user's
machine first, which is at best wasted work and at worst picks up a foreign
library. Entries relative to ``$ORIGIN`` that stay inside the bundle are kept;
a library left with none loses its RUNPATH (``patchelf --remove-rpath``).

    python3 packaging/fix_runpath.py dist/amur-explorer

Prints one line per library changed and a count; exit 1 if patchelf is missing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ELF_MAGIC = b"\x7fELF"


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def inside_bundle(entry: str, library: Path, bundle: Path) -> bool:
    """True for an ``$ORIGIN``-relative entry that resolves inside the bundle."""
    for origin in ("$ORIGIN", "${ORIGIN}"):
        if entry.startswith(origin):
            resolved = Path(os.path.normpath(str(library.parent) + entry[len(origin):]))
            return resolved == bundle or bundle in resolved.parents
    return False


def runpath(library: Path) -> list[str]:
    out = subprocess.run(["patchelf", "--print-rpath", str(library)], capture_output=True, text=True)
    return [e for e in out.stdout.strip().split(":") if e] if out.returncode == 0 else []


def fix(library: Path, bundle: Path) -> list[str] | None:
    """Rewrite the library's RUNPATH; the entries dropped, or None if it was clean."""
    entries = runpath(library)
    kept = [e for e in entries if inside_bundle(e, library, bundle)]
    if kept == entries:
        return None
    if kept:
        subprocess.run(["patchelf", "--set-rpath", ":".join(kept), str(library)], check=True)
    else:
        subprocess.run(["patchelf", "--remove-rpath", str(library)], check=True)
    return [e for e in entries if e not in kept]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    if shutil.which("patchelf") is None:
        print("fix_runpath: patchelf is not installed (apt-get install patchelf)", file=sys.stderr)
        return 1
    bundle = Path(argv[0]).resolve()
    changed = 0
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            dropped = fix(path, bundle)
            if dropped:
                changed += 1
                print(f"{path.relative_to(bundle)}: dropped {':'.join(dropped)}")
    print(f"fix_runpath: {changed} libraries had a RUNPATH outside {bundle.name}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
