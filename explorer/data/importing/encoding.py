"""Which text encoding a file is in, decided over the WHOLE file (streamed), never
by how long it is, and never so that text only reads as mojibake.

- A byte-order mark decides (UTF-8, UTF-16, UTF-32); the whole file must then decode.
- UTF-16 without a mark is recognised by its NUL bytes in every other position.
- A file that decodes as UTF-8 is UTF-8.
- A file with some UTF-8 text and some bytes that are not is either UTF-8 with damaged
  cells (each reported by row and column) or a file whose encoding changes part-way
  (refused naming the first row where it does).
- Otherwise it is an 8-bit or East Asian encoding; each candidate is tried over the whole
  file and kept only if the text it gives is plausible for it (Russian mostly lower-case
  Cyrillic, Chinese in the common GB2312 set, Japanese without half-width katakana junk,
  Western text with accents standing alone). charset-normalizer breaks ties.
"""
from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field

from explorer.data.importing.errors import ImportRejected, Problem
from explorer.data.importing.records import iter_records, sniff_text
from explorer.data.importing.source import SourceInfo, file_problem, open_raw

CHUNK = 1 << 20
SAMPLE_BYTES = 4 << 20
#: Cells with bad bytes listed one by one before the rest are counted.
MAX_BAD_CELLS = 20
#: 8-bit and East Asian encodings tried for a file that is not UTF-8, in order of preference.
CANDIDATES = ("cp1251", "gb18030", "cp932", "koi8_r", "big5", "cp1252")
_HIGH = bytes(range(0x80, 0x100))
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_ESCAPED = re.compile(r"[\udc00-\udcff]+")
ESCAPE = "amur-escape-bytes"


def _escape_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Like 'surrogateescape' (each bad byte b becomes U+DC00+b) but for any byte and any codec:
    the UTF-16/32 decoders hand over ASCII-range bytes when a file is cut short."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error(ESCAPE, _escape_bytes)
# A UTF-16 surrogate written as three UTF-8 bytes (CESU-8): damaged UTF-8, not another encoding.
_CESU = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_CYRILLIC = re.compile(r"[А-яЁё]")
_CYRILLIC_LOWER = re.compile(r"[а-яё]")
_CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff01-\uff5e\u2010-\u2027]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_LATIN = re.compile(r"[À-ÖØ-öø-ÿ€‘’“”–—…°·«»\xa0§©®±²³µ¼½¾]")


def detect_encoding(info: SourceInfo) -> str:
    """The encoding of the text file behind ``info``; raises ImportRejected when the file is
    damaged or its text can only be read as mojibake."""
    with open_raw(info) as fh:
        head = fh.read(SAMPLE_BYTES)
    if not head.strip():
        return "utf-8"
    marked = _by_mark(head)
    if marked:
        return verified(info, marked)
    unmarked_utf16 = _utf16_without_mark(head)
    if unmarked_utf16:
        if first_bad_byte(info, unmarked_utf16) is not None:
            raise file_problem(info.path, f"text in one encoding (try --encoding {unmarked_utf16})",
                               "text that looks like UTF-16 without a byte-order mark but does not decode as it")
        return unmarked_utf16
    if first_bad_byte(info, "utf-8") is None:
        return "utf-8"
    scan = _scan_lines(info)
    if scan.utf8_lines and scan.eightbit_lines:
        raise _encoding_changes(info, scan)
    if scan.utf8_lines:
        raise bad_cells(info, "utf-8")            # UTF-8 but for some damaged cells
    chosen = _choose_8bit(info)
    if chosen is None:
        raise bad_cells(info, "utf-8", expected="text in UTF-8, cp1251, GB18030, Shift-JIS, KOI8-R, Big5 "
                                                "or cp1252 (no reading of these bytes gives sensible text)")
    return verified(info, chosen)


def _by_mark(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # UTF-32's little-endian mark begins with UTF-16's: test it first
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_mark(head: bytes) -> str | None:
    """UTF-16 text (digits, delimiters, Latin letters) has a NUL byte in every other position."""
    sample = head[:4096]
    half = len(sample) // 2
    if half < 4:
        return None
    even_nul, odd_nul = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nul >= 0.3 * half and even_nul <= 0.02 * half:
        return "utf-16-le"
    if even_nul >= 0.3 * half and odd_nul <= 0.02 * half:
        return "utf-16-be"
    return None


def first_bad_byte(info: SourceInfo, encoding: str) -> int | None:
    """Byte offset of the first undecodable byte in the whole file (streamed), or None."""
    error = _first_error(info, encoding)
    return error[0] if error else None


def _first_error(info: SourceInfo, encoding: str) -> tuple[int, bool] | None:
    """(offset, whether only the end of the file is bad: a character cut short) or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with open_raw(info) as fh:
        while True:
            chunk = fh.read(CHUNK)
            pending = len(decoder.getstate()[0])       # bytes held back from the last chunk
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return offset - pending + exc.start, not chunk
            if not chunk:
                return None
            offset += len(chunk)


def verified(info: SourceInfo, encoding: str) -> str:
    """``encoding`` if the whole file decodes in it; otherwise the rejection naming each bad cell."""
    if first_bad_byte(info, encoding) is not None:
        raise bad_cells(info, encoding)
    return encoding


@dataclass
class _LineScan:
    """Physical lines (numbered from 1) by what their non-ASCII bytes are."""

    utf8_lines: int = 0               # non-ASCII and valid UTF-8
    eightbit_lines: int = 0           # mostly bytes that are not UTF-8: text in another encoding
    first_utf8: int = 0
    first_eightbit: int = 0
    junk_lines: list[int] = field(default_factory=list)   # a few stray bytes in otherwise UTF-8/ASCII


def _scan_lines(info: SourceInfo) -> _LineScan:
    scan = _LineScan()
    with open_raw(info) as fh:
        for n, line in enumerate(fh, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                scan.utf8_lines += 1
                scan.first_utf8 = scan.first_utf8 or n
                continue
            high = len(line) - len(line.translate(None, _HIGH))
            valid = line.decode("utf-8", "ignore").encode("utf-8")
            invalid = high - (len(valid) - len(valid.translate(None, _HIGH)))
            if invalid >= 2 and invalid * 2 >= high and not _CESU.search(line):
                scan.eightbit_lines += 1
                scan.first_eightbit = scan.first_eightbit or n
            else:
                scan.junk_lines.append(n)
    return scan


def _encoding_changes(info: SourceInfo, scan: _LineScan) -> ImportRejected:
    """The rejection of a file whose lines switch between UTF-8 and another encoding."""
    utf8_first = scan.first_utf8 < scan.first_eightbit

    def switched(cell: str) -> bool:
        has_escaped = bool(_ESCAPED.search(cell))
        if utf8_first:
            return has_escaped
        return not has_escaped and not cell.isascii()

    located = _find_cells(info, "utf-8", switched, limit=1)
    other = "8-bit text (cp1251, GBK…)"
    first, then = ("UTF-8 text", other) if utf8_first else (other, "UTF-8 text")
    if not located:
        return file_problem(info.path, "text in one encoding throughout", f"{first}, then {then}")
    row, column, _ = located[0]
    return ImportRejected(info.name, [Problem(
        row, column, f"{first}, as in the rows before", f"{then}: the encoding changes part-way")])


def bad_cells(info: SourceInfo, encoding: str, expected: str | None = None) -> ImportRejected:
    """The rejection naming each cell (row, column, bytes) that does not decode in ``encoding``."""
    expected = expected or f"text in {encoding}"
    error = _first_error(info, encoding)
    if error and error[1]:               # only the last character is incomplete: the file was cut short
        located = _find_cells(info, encoding, lambda cell: True, limit=None, stop_at=error[0])
        row, column, _ = located[-1] if located else (1, "(any)", "")
        return ImportRejected(info.name, [Problem(
            row, column, expected, "the file ending in the middle of a character (cut short?)")])
    found = _find_cells(info, encoding, lambda cell: bool(_ESCAPED.search(cell)), limit=MAX_BAD_CELLS + 1)
    problems = [Problem(row, column, expected, _describe(cell)) for row, column, cell in found[:MAX_BAD_CELLS]]
    if not problems:                     # nothing located (a bad byte inside a broken record)
        offset = error[0] if error else 0
        problems.append(Problem(1, "(any)", f"{expected} (byte offset {offset})", "undecodable bytes"))
    more = 1 if len(found) > MAX_BAD_CELLS else 0
    return ImportRejected(info.name, problems, more)


class _Head(io.RawIOBase):
    """The first ``limit`` bytes of a stream."""

    def __init__(self, raw, limit: int) -> None:
        self.raw, self.left = raw, limit

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = min(len(b), self.left)
        data = self.raw.read(n) if n else b""
        b[:len(data)] = data
        self.left -= len(data)
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


def _describe(cell: str) -> str:
    """The cell's bytes that did not decode, and the cell as far as it reads."""
    escaped = "".join(_ESCAPED.findall(cell))[:4]
    text = _ESCAPED.sub("\ufffd", cell)
    shown = text if len(text) <= 30 else text[:27] + "…"
    if escaped:
        return "undecodable bytes " + " ".join(f"0x{ord(ch) - 0xdc00:02x}" for ch in escaped) + f" in {shown!r}"
    return f"{shown!r}"


def _find_cells(info: SourceInfo, encoding: str, wanted, limit: int | None,
                stop_at: int | None = None) -> list[tuple[int, str, str]]:
    """(row, column name, cell) of the first ``limit`` cells for which ``wanted(cell)`` holds, the
    file (up to byte ``stop_at``) read in ``encoding`` with undecodable bytes kept as escapes."""
    def reopen():
        raw = open_raw(info) if stop_at is None else io.BufferedReader(_Head(open_raw(info), stop_at))
        return io.TextIOWrapper(raw, encoding=encoding, errors=ESCAPE, newline="")

    with reopen() as fh:
        delimiter = info.delimiter if info.delimiter else (sniff_text(fh.read(64 * 1024)) or ",")
    out: list[tuple[int, str, str]] = []
    header: list[str] = []
    try:
        with reopen() as fh:
            for row, cells in iter_records(fh, delimiter, info.name, reopen):
                if not header:
                    header = cells
                for i, cell in enumerate(cells):
                    if wanted(cell):
                        name = header[i] if i < len(header) and row != 1 and header[i] else f"#{i + 1}"
                        out.append((row, _ESCAPED.sub("\ufffd", name), cell))
                        if limit is not None and len(out) >= limit:
                            return out
    except ImportRejected:
        pass                              # the record structure is broken too: report what was found
    return out


@dataclass
class _Reading:
    """What the non-ASCII text of a file looks like in one candidate encoding."""

    chars: int = 0
    cyrillic: int = 0
    lower: int = 0
    cjk: int = 0
    halfwidth: int = 0
    latin: int = 0
    lone: int = 0                  # in runs of one or two non-ASCII characters
    outside_common: int = 0        # not in GB2312 (gb18030) / JIS X 0208 (cp932)

    def plausible(self, encoding: str) -> bool:
        n = self.chars
        if not n:
            return True
        if encoding in ("cp1251", "koi8_r"):
            return self.cyrillic >= 0.8 * n and self.lower >= 0.6 * n
        if encoding in ("gb18030", "cp932", "big5"):
            common = encoding == "big5" or self.outside_common <= 0.1 * n
            return self.cjk >= 0.9 * n and self.halfwidth <= 0.02 * n and common
        return self.latin >= 0.9 * n and self.lone >= 0.7 * n          # cp1252


_COMMON_SET = {"gb18030": "gb2312", "cp932": "shift_jis"}


def _read_as(info: SourceInfo, encoding: str) -> _Reading | None:
    """The whole file read in ``encoding`` (None when it does not decode)."""
    reading = _Reading()
    decoder = codecs.getincrementaldecoder(encoding)()
    common = _COMMON_SET.get(encoding)
    with open_raw(info) as fh:
        while True:
            chunk = fh.read(CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                return None
            runs = _NON_ASCII_RUN.findall(text)
            if runs:
                high = "".join(runs)
                reading.chars += len(high)
                reading.cyrillic += len(_CYRILLIC.findall(high))
                reading.lower += len(_CYRILLIC_LOWER.findall(high))
                reading.cjk += len(_CJK.findall(high))
                reading.halfwidth += len(_HALFWIDTH_KANA.findall(high))
                reading.latin += len(_LATIN.findall(high))
                reading.lone += sum(len(r) for r in runs if len(r) <= 2)
                if common:
                    reading.outside_common += high.encode(common, "replace").count(b"?") - high.count("?")
            if not chunk:
                return reading


def _choose_8bit(info: SourceInfo) -> str | None:
    """The first candidate whose reading of the whole file is plausible; charset-normalizer
    decides between several."""
    plausible = []
    for encoding in CANDIDATES:
        reading = _read_as(info, encoding)
        if reading is not None and reading.chars and reading.plausible(encoding):
            plausible.append(encoding)
    if len(plausible) <= 1:
        return plausible[0] if plausible else None
    return _tie_break(info, plausible)


def _tie_break(info: SourceInfo, plausible: list[str]) -> str:
    from charset_normalizer import from_bytes

    with open_raw(info) as fh:
        lines = [ln for ln in fh.read(SAMPLE_BYTES).splitlines() if not ln.isascii()]
    best = from_bytes(b"\n".join(lines[:2000]), cp_isolation=plausible).best()
    if best is not None:
        name = codecs.lookup(best.encoding).name
        for encoding in plausible:
            if codecs.lookup(encoding).name == name:
                return encoding
    return plausible[0]
