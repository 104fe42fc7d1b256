"""Open any input file as a stream of rows of text cells: gzip, XLSX, and
CSV/TSV/TXT in whatever encoding and delimiter it was written with.

Detection looks at the whole file where it is cheap (a strict UTF-8 decode
runs at hundreds of MB/s) and at a large sample otherwise, so a bad byte
late in a file is reported by row and column, never decoded into mojibake.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from explorer.data.importing.errors import ImportRejected, Problem

SAMPLE_BYTES = 4 << 20
#: Longest cell accepted (csv's own default limit); longer ones are reported, not crashed on.
MAX_CELL = csv.field_size_limit()           # what charset-normalizer is shown
CHUNK = 1 << 20
DELIMITERS = (",", ";", "\t", "|")
#: Encodings charset-normalizer may choose between for files without a BOM.
CANDIDATES = ("utf_8", "cp1251", "gb18030", "koi8_r", "cp1252", "big5")


@dataclass
class SourceInfo:
    """What was detected about a file (and may be overridden)."""

    path: Path
    kind: str = "csv"            # csv|xlsx
    compressed: bool = False
    encoding: str = "utf-8"
    delimiter: str = ","
    sheet: str | None = None

    @property
    def name(self) -> str:
        return self.path.name


def _raw(path: Path, compressed: bool):
    return gzip.open(path, "rb") if compressed else path.open("rb")


def detect(path: Path, encoding: str | None = None, delimiter: str | None = None) -> SourceInfo:
    """Find the container, encoding and delimiter of ``path``."""
    path = Path(path)
    with path.open("rb") as fh:
        magic = fh.read(4)
    info = SourceInfo(path=path, compressed=magic[:2] == b"\x1f\x8b")
    if magic[:2] == b"PK" or path.suffix.lower() in (".xlsx", ".xlsm"):
        info.kind, info.encoding, info.delimiter = "xlsx", "", ""
        return info
    info.encoding = encoding or _detect_encoding(info)
    if encoding:
        _verify(info)
    if not info.encoding.replace("_", "-").startswith(("utf-16", "utf-32")):
        nul = _first_nul(info)
        if nul is not None:
            _reject_bad_bytes(info, info.encoding, nul, "a NUL byte (0x00) inside text")
    info.delimiter = delimiter or _sniff_delimiter(info)
    return info


def _detect_encoding(info: SourceInfo) -> str:
    with _raw(info.path, info.compressed) as fh:
        head = fh.read(SAMPLE_BYTES)
    if not head.strip():
        return "utf-8"
    if head.startswith(codecs.BOM_UTF8):
        return _verified(info, "utf-8-sig")
    # UTF-32's little-endian BOM begins with UTF-16's: test it first
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _verified(info, "utf-32")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _verified(info, "utf-16")
    if head[1:200:2].count(0) > 40 and head[0:200:2].count(0) == 0:
        return _verified(info, "utf-16-le")
    bad = _first_bad_offset(info, "utf-8")
    if bad is None:
        return "utf-8"
    # Mostly-valid UTF-8 with stray bytes is UTF-8 with junk, not another encoding.
    sample_utf8 = head.decode("utf-8", errors="replace")
    if sample_utf8.count("\ufffd") * 50 < sum(1 for ch in sample_utf8 if ord(ch) > 127):
        _reject_bad_bytes(info, "utf-8", bad)
    guess = _guess_cyrillic_or_chinese(head)
    if guess:
        return _verified(info, guess)
    from charset_normalizer import from_bytes

    best = from_bytes(head, cp_isolation=list(CANDIDATES)).best()
    chosen = codecs.lookup(best.encoding).name if best else "cp1251"
    if chosen == "gbk":
        chosen = "gb18030"
    return _verified(info, chosen)


def _guess_cyrillic_or_chinese(sample: bytes) -> str | None:
    """Russian or Chinese 8-bit text, told apart by what each decoding makes of the high bytes:
    Russian text is mostly lower-case letters; GBK read as cp1251 is upper case and symbols.
    Short samples (one Chinese word) defeat statistical detectors; this does not need many bytes."""
    high = sum(1 for b in sample if b >= 0x80)
    if not high:
        return None
    # Russian words and GBK characters are runs of high bytes; accented Latin letters stand alone
    isolated = sum(1 for i, b in enumerate(sample) if b >= 0x80 and (i == 0 or sample[i - 1] < 0x80)
                   and (i + 1 == len(sample) or sample[i + 1] < 0x80))
    if isolated > 0.3 * high:
        return None
    for codec in ("cp1251", "koi8_r"):
        chars = [ch for ch in sample.decode(codec, errors="replace") if ord(ch) >= 0x80]
        lower = sum(1 for ch in chars if "а" <= ch <= "я" or ch == "ё")
        if lower >= 0.7 * len(chars):
            return codec
    try:
        text = sample.decode("gb18030")
    except UnicodeDecodeError:
        return None
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return "gb18030" if cjk * 2 >= 0.6 * high else None


def _first_bad_offset(info: SourceInfo, encoding: str) -> int | None:
    """Byte offset of the first undecodable byte in the whole file, or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with _raw(info.path, info.compressed) as fh:
        while True:
            chunk = fh.read(CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return offset + exc.start
            if not chunk:
                return None
            offset += len(chunk)


def _first_nul(info: SourceInfo) -> int | None:
    """Byte offset of the first NUL byte: junk in any 8-bit or UTF-8 text file."""
    offset = 0
    with _raw(info.path, info.compressed) as fh:
        while chunk := fh.read(CHUNK):
            at = chunk.find(b"\x00")
            if at >= 0:
                return offset + at
            offset += len(chunk)
    return None


def _verified(info: SourceInfo, encoding: str) -> str:
    bad = _first_bad_offset(info, encoding)
    if bad is not None:
        _reject_bad_bytes(info, encoding, bad)
    return encoding


def _verify(info: SourceInfo) -> None:
    _verified(info, info.encoding)


def _reject_bad_bytes(info: SourceInfo, encoding: str, offset: int, what: str = "") -> None:
    """Raise the rejection naming the row and column of the bad byte at ``offset``.
    Everything before it is read leniently: the text may be junk itself (a UTF-32 file
    read as UTF-16 is full of NULs and stray line breaks), and must not crash the report."""
    with _raw(info.path, info.compressed) as fh:
        before = fh.read(offset)
        bad = fh.read(4)
    try:
        text = before.decode(encoding, errors="replace")
    except LookupError:
        text = before.decode("latin-1")
    lines = text.split("\n")
    row = len(lines)
    try:
        delim = _sniff_text(text) or ","
        col = lines[-1].count(delim) + 1
        first = lines[0].lstrip("\ufeff").rstrip("\r").replace("\r", " ").replace("\x00", "")
        header = next(csv.reader([first], delimiter=delim), [])
    except csv.Error:
        col, header = 1, []
    col_name = header[col - 1] if col - 1 < len(header) and row > 1 else f"#{col}"
    raise ImportRejected(info.name, [Problem(
        row, col_name or f"#{col}", f"text in {encoding} (byte offset {offset})",
        what or ("undecodable bytes " + " ".join(f"0x{b:02x}" for b in bad[:2]) if bad
                 else "the file ending in the middle of a character (cut short?)"))])


def _sniff_text(text: str) -> str | None:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return None
    best, best_score = None, 0
    for d in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:            # junk (a runaway quote, NULs): not this delimiter
            continue
        if counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = consistent * 1000 + counts[0]
        if score > best_score:
            best, best_score = d, score
    return best


def _sniff_delimiter(info: SourceInfo) -> str:
    try:
        with open_text(info) as fh:
            sample = fh.read(64 * 1024)
    except UnicodeDecodeError as exc:      # only with an encoding that was not verified
        _reject_bad_bytes(info, info.encoding, exc.start)
    return _sniff_text(sample) or ","


def open_text(info: SourceInfo) -> io.TextIOBase:
    return io.TextIOWrapper(_raw(info.path, info.compressed), encoding=info.encoding, newline="")


def iter_rows(info: SourceInfo) -> Iterator[list]:
    """Every row, header first, as lists of cells (text for CSV; typed values for XLSX)."""
    if info.kind == "xlsx":
        yield from _xlsx_rows(info)
        return
    with open_text(info) as fh:
        reader = csv.reader(fh, delimiter=info.delimiter)
        first = True
        header: list = []
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:        # a cell over MAX_CELL, a NUL byte, a runaway quote, a stray CR
                column = _column_at(info, reader.line_num, header)
                raise ImportRejected(info.name, [Problem(
                    max(reader.line_num, 1), column, f"well-formed delimited text with cells under "
                    f"{MAX_CELL // 1024} KiB", f"unreadable text ({exc})")]) from exc
            except UnicodeDecodeError as exc:   # only with an encoding that was not verified
                raise ImportRejected(info.name, [Problem(
                    reader.line_num + 1, "(any)", f"text in {info.encoding}",
                    "undecodable bytes " + " ".join(f"0x{b:02x}" for b in exc.object[exc.start:exc.start + 2]))
                ]) from exc
            if first and row:
                row[0] = row[0].lstrip("\ufeff")
                first = False
                header = row
            yield row


def _column_at(info: SourceInfo, line_num: int, header: list) -> str:
    """The column of the cell csv choked on in physical line ``line_num``: the first NUL,
    stray carriage return or over-long cell, counted by delimiters before it; '(any)'
    when the line gives no clue (a quote left open since an earlier line)."""
    if line_num < 1:
        return "(any)"
    try:
        with open_text(info) as fh:
            for n, line in enumerate(fh, start=1):
                if n == line_num:
                    break
            else:
                return "(any)"
    except (UnicodeDecodeError, OSError):
        return "(any)"
    body = line.rstrip("\r\n")
    at = [i for i in (body.find("\x00"), body.find("\r"), body.find("\n")) if i >= 0]
    if not at:
        start = 0
        for i, cell in enumerate(body.split(info.delimiter)):
            if len(cell) > MAX_CELL:
                at = [start]
                break
            start += len(cell) + 1
    if not at:
        return "(any)"
    col = body[:min(at)].count(info.delimiter)
    return str(header[col]) if col < len(header) and header[col] else f"#{col + 1}"


def _xlsx_rows(info: SourceInfo) -> Iterator[list]:
    import openpyxl  # heavy; only when an Excel file is opened

    try:
        book = openpyxl.load_workbook(info.path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same problem to the user
        raise ImportRejected(info.name, [Problem(1, "(file)", "an Excel .xlsx workbook",
                                                 f"unreadable file ({exc.__class__.__name__})")]) from exc
    try:
        sheet = book[info.sheet] if info.sheet else book.worksheets[0]
        info.sheet = sheet.title
        for values in sheet.iter_rows(values_only=True):
            row = ["" if v is None else v for v in values]
            while row and row[-1] == "":
                row.pop()
            yield row
    finally:
        book.close()
