"""An input file as bytes: what it is (text, gzip, a workbook), whether it can be
read at all, and a byte stream whose damage (a gzip cut short or failing its
checksum) is a rejection naming the file, never a traceback."""
from __future__ import annotations

import gzip
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from explorer.data.importing.errors import ImportRejected, Problem

#: The first bytes of an OLE2 compound file: an old Excel .xls (BIFF) or a password-protected workbook.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class SourceInfo:
    """What was detected about a file (and may be overridden)."""

    path: Path
    kind: str = "csv"            # csv|xlsx
    compressed: bool = False
    encoding: str = "utf-8"
    delimiter: str = ","
    sheet: str | None = None
    #: a preview reads only this many records (from the top, preamble and header included)
    max_records: int | None = None

    @property
    def name(self) -> str:
        return self.path.name


def file_problem(path: Path, expected: str, found: str) -> ImportRejected:
    """A rejection of the file as a whole (row 1, column '(file)')."""
    return ImportRejected(Path(path).name, [Problem(1, "(file)", expected, found)])


def check_readable(path: Path) -> None:
    """Refuse, with a one-line reason, anything that is not a regular file this process can read:
    a folder, a pipe or device (opening one would block or read forever), a file without read permission."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise file_problem(path, "an existing file", "no such file") from None
    except OSError as exc:
        raise file_problem(path, "a readable file", exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise file_problem(path, "a file", "a folder")
    if not stat.S_ISREG(mode):
        kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
        raise file_problem(path, "a regular file", kind)
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except PermissionError:
        raise file_problem(path, "a file you may read", "no read permission") from None
    except OSError as exc:
        raise file_problem(path, "a readable file", exc.strerror or str(exc)) from None


def read_magic(path: Path, n: int = 8) -> bytes:
    with Path(path).open("rb") as fh:
        return fh.read(n)


#: Inflation past which a gzip file is taken for a bomb (text compresses 5–20×), once it is big.
MAX_GZIP_RATIO = 200
GZIP_RATIO_FROM = 256 << 20


class _CheckedGzip(gzip.GzipFile):
    """A gzip stream whose damage is an ImportRejected: a file cut short ends the stream with
    EOFError, a failed CRC or length check or a corrupt block raises BadGzipFile/zlib.error,
    and a stream inflating far beyond any text file (a gzip bomb) is stopped."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename=filename, mode="rb")
        self._packed = max(os.stat(filename).st_size, 1)
        self._inflated = 0

    def _checked(self, method, *args):
        try:
            out = method(*args)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            what = ("the gzip file cut short (an incomplete download?)" if isinstance(exc, EOFError)
                    else f"a damaged gzip file ({exc})")
            raise file_problem(Path(self.name), "a complete gzip-compressed file", what) from None
        self._inflated += out if isinstance(out, int) else len(out)
        if self._inflated > GZIP_RATIO_FROM and self._inflated > MAX_GZIP_RATIO * self._packed:
            raise file_problem(Path(self.name), "a gzip-compressed text file of a readable size",
                               f"over {self._inflated >> 20:,} MiB inflated from {self._packed / 2**20:,.1f} MiB "
                               f"(a gzip bomb?)")
        return out

    def read(self, size=-1):
        return self._checked(super().read, size)

    def read1(self, size=-1):
        return self._checked(super().read1, size)

    def readinto(self, b):
        data = self.read(len(b))         # counted and checked there
        b[:len(data)] = data
        return len(data)

    def readline(self, size=-1):
        return self._checked(super().readline, size)

    def peek(self, n):
        try:
            return super().peek(n)       # not counted: the bytes are read again
        except (EOFError, gzip.BadGzipFile, zlib.error):
            return self._checked(super().read, n)


def open_raw(info: SourceInfo) -> BinaryIO:
    """The file's bytes, decompressed when it is gzipped."""
    if info.compressed:
        return _CheckedGzip(os.fspath(info.path))
    return info.path.open("rb")
