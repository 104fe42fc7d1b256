"""``make bench``: run every benchmark module in bench/ that defines main(), each
in a fresh process of its own (no memory high-water mark or warm cache carried
from one to the next), or only those named: ``python -m bench.run_all bench_text_filter``."""
from __future__ import annotations

import pkgutil
import subprocess
import sys

import bench
from bench.common import PY, REPO


def main() -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    only = set(sys.argv[1:])
    unknown = only - set(names)
    if unknown:
        print(f"no such benchmark: {', '.join(sorted(unknown))} (have: {', '.join(names)})", file=sys.stderr)
        return 2
    failed = []
    for name in names:
        if only and name not in only:
            continue
        print(f"== {name}", flush=True)
        if subprocess.run([PY, "-m", f"bench.{name}"], cwd=REPO).returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed to run: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
