"""Writing files into a folder the analyst names (``export``, ``publish``,
``screenshot``, File → Export view): never through a link planted there,
never a half-written file under the final name.

Each output is first written to a new file that only this process can have
created (``tempfile.mkstemp``: ``O_CREAT|O_EXCL``, ``O_NOFOLLOW`` where the
system has it, a random name, in the same folder), then renamed onto its
final name. A rename replaces whatever entry has that name, a symlink
included, instead of writing through it: a link planted in the folder never
redirects our bytes to its target.
"""
from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

#: Plain words for the OSErrors an analyst can do something about.
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.EISDIR: "a folder of that name is in the way",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.ENOENT: "its folder does not exist",
}


class OutputError(OSError):
    """An output folder or file cannot be written; the message is for the user.

    An OSError, so that callers that already report failed writes report these too."""


def reason(exc: OSError) -> str:
    """Why an OSError happened, in words (no errno numbers, no traceback)."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def output_folder(path: Path) -> Path:
    """``path`` as a folder to write into, created if missing.

    Raises OutputError when it is an existing file (or a link to one), or cannot be created."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} is a file, not a folder: give a folder to write into "
                          "(it is created if it does not exist)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path}: {reason(exc)}") from None
    if not path.is_dir():       # e.g. a dangling link of that name
        raise OutputError(f"{path} is not a folder: give a folder to write into")
    return path


def _umask() -> int:
    # Python can only read the umask by setting it; it is put back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def _temporary(final: Path) -> Iterator[tuple[int, Path]]:
    """(descriptor, name) of a new file beside ``final``, renamed onto it on a clean exit.

    On an error the file is removed and an OSError becomes an OutputError naming ``final``."""
    try:
        fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.stem}-", suffix=f".part{final.suffix}")
    except OSError as exc:
        raise OutputError(f"could not write {final}: {reason(exc)}") from None
    tmp = Path(name)
    try:
        if hasattr(os, "fchmod"):       # mkstemp makes 0600; an export is as readable as any file the user saves
            os.fchmod(fd, 0o666 & ~_umask())
        yield fd, tmp
        os.replace(tmp, final)
    except OutputError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"could not write {final}: {reason(exc)}; nothing was written there") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def replacing(final: Path) -> Iterator[Path]:
    """The name of a new, empty file beside ``final``, which becomes ``final`` on a clean exit.

    For writers that need a file name (SQLite, Qt's image writers); prefer
    ``open_replacing`` for streams. OSErrors become OutputErrors naming ``final``."""
    with _temporary(Path(final)) as (fd, tmp):
        os.close(fd)
        yield tmp


@contextmanager
def open_replacing(final: Path, mode: str = "wb", **open_args) -> Iterator[IO]:
    """A new file open for writing (``mode`` "w" or "wb", ``open_args`` as for ``open``)
    that becomes ``final`` when closed cleanly. OSErrors become OutputErrors naming ``final``."""
    with _temporary(Path(final)) as (fd, _tmp):
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh


def write_bytes(final: Path, data: bytes) -> Path:
    """Write ``data`` to ``final`` through a new temporary file; returns ``final``."""
    with open_replacing(final, "wb") as fh:
        fh.write(data)
    return Path(final)


def write_text(final: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``final`` through a new temporary file; returns ``final``."""
    return write_bytes(final, text.encode(encoding))
