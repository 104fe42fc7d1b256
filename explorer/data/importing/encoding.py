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
  Western text with accents standing alone); the most common plausible one wins.
"""
from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from explorer.data.importing.errors import ImportRejected, Problem
from explorer.data.importing.records import iter_records, sniff_text
from explorer.data.importing.source import SourceInfo, file_problem, open_raw

CHUNK = 1 << 20
SAMPLE_BYTES = 4 << 20
#: Cells with bad bytes listed one by one before the rest are counted.
MAX_BAD_CELLS = 20
#: 8-bit and East Asian encodings tried for a file that is not UTF-8, in order of preference.
CANDIDATES = ("cp1251", "koi8_r", "gb18030", "cp932", "big5", "cp1252")
#: Non-ASCII characters after which a candidate that reads as nonsense is given up (acceptance
#: still needs the whole file).
EARLY_VERDICT_CHARS = 5000
_HIGH = bytes(range(0x80, 0x100))
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
_CYRILLIC_VOWELS = re.compile(r"[аеёиоуыэюяАЕЁИОУЫЭЮЯ]")
_CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff01-\uff5e\u2010-\u2027]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
# Accented letters and typographic marks of Western text (not ÐÞðþÿ, which are mostly junk bytes)
_LATIN = re.compile(r"[À-ÏÑ-ÖØ-Ýß-ïñ-öø-ý€‘’“”–—…°·«»\xa0§©®±²³µ¼½¾]")


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
    utf8_lines = _valid_utf8_lines(info)
    if not utf8_lines:                             # not a line of UTF-8: an 8-bit or East Asian file
        return _eight_bit(info)
    first_8bit = _first_eightbit_line(info)
    if first_8bit is None:
        raise bad_cells(info, "utf-8")             # UTF-8 but for some damaged cells
    chosen = _choose_8bit(info)
    if chosen:
        first_utf8 = next((n for n, line in utf8_lines if not _plausible_line(line, chosen)), None)
        if first_utf8 is None:                     # its "UTF-8" lines are plain text in that encoding too
            return verified(info, chosen)
    else:
        first_utf8 = utf8_lines[0][0]
    change = first_8bit if utf8_lines[0][0] < first_8bit else first_utf8
    raise _encoding_changes(info, change, utf8_first=utf8_lines[0][0] < first_8bit)


def _eight_bit(info: SourceInfo) -> str:
    chosen = _choose_8bit(info)
    if chosen is None:
        hint = _suggestion(info)
        raise bad_cells(info, "utf-8", expected="text in UTF-8 (or in cp1251, GB18030, Shift-JIS, KOI8-R, Big5, "
                                                "cp1252: none reads as sensible text; name it with --encoding"
                                                + (f", perhaps --encoding {hint})" if hint else ")"))
    return verified(info, chosen)


def _suggestion(info: SourceInfo) -> str | None:
    """charset-normalizer's guess for a file none of the candidates reads sensibly (cp1250,
    ISO 8859-2…): offered to the user to try, never used unasked."""
    from charset_normalizer import from_bytes

    with open_raw(info) as fh:
        lines = [ln for ln in fh.read(SAMPLE_BYTES).splitlines() if not ln.isascii()][:2000]
    sample = b"\n".join(lines)
    if len(sample) - len(sample.translate(None, _HIGH)) < 4:
        return None                      # a stray byte or two: nothing to guess from
    best = from_bytes(sample).best()
    if best is None or best.encoding.startswith("utf") or first_bad_byte(info, best.encoding) is not None:
        return None
    return best.encoding


def checked_override(info: SourceInfo, encoding: str) -> str:
    """The encoding the user named, if the whole file decodes in it and it is not a UTF-8 file
    being turned into mojibake (UTF-8 read as cp1251 decodes without a single error)."""
    verified(info, encoding)
    if codecs.lookup(encoding).name.startswith("utf") or first_bad_byte(info, "utf-8") is not None:
        return encoding
    for row, column, cell in located_cells(info, encoding):
        if not cell.isascii():
            raise ImportRejected(info.name, [Problem(
                row, column, f"text in {encoding}, as --encoding says (but the file is UTF-8: leave "
                             f"--encoding out)", cell)])
    return encoding


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


#: Lines with bytes that are not UTF-8 looked at to tell stray bytes from text in another encoding.
MAX_LINES_CLASSIFIED = 10_000


def _line_chunks(info: SourceInfo) -> Iterator[tuple[int, bytes]]:
    """(number of the chunk's first physical line, chunk of whole lines) over the file."""
    line = 1
    with open_raw(info) as fh:
        while chunk := fh.read(CHUNK):
            chunk += fh.readline()
            yield line, chunk
            line += chunk.count(b"\n")


def _valid_utf8_lines(info: SourceInfo) -> list[tuple[int, bytes]]:
    """(line number, bytes) of every line that is non-ASCII, well-formed UTF-8."""
    out = []
    for first, chunk in _line_chunks(info):
        for n, line in enumerate(chunk.split(b"\n"), start=first):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            out.append((n, line))
    return out


def _first_eightbit_line(info: SourceInfo) -> int | None:
    """The first line whose bytes are mostly not UTF-8 (text in another encoding), or None when
    the lines that are not UTF-8 only hold a few stray bytes (or a CESU-8 surrogate)."""
    seen = 0
    for first, chunk in _line_chunks(info):
        for n, line in enumerate(chunk.split(b"\n"), start=first):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                continue
            except UnicodeDecodeError:
                pass
            high = len(line) - len(line.translate(None, _HIGH))
            valid = line.decode("utf-8", "ignore").encode("utf-8")
            invalid = high - (len(valid) - len(valid.translate(None, _HIGH)))
            if invalid >= 2 and invalid * 2 >= high and not _CESU.search(line):
                return n
            seen += 1
            if seen >= MAX_LINES_CLASSIFIED:
                return None
    return None


def _plausible_line(line: bytes, encoding: str) -> bool:
    try:
        text = line.decode(encoding)
    except UnicodeDecodeError:
        return False
    reading = _Reading()
    reading.add(text, _COMMON_SET.get(encoding))
    return reading.plausible(encoding, whole_file=False)


def _encoding_changes(info: SourceInfo, line: int, utf8_first: bool) -> ImportRejected:
    """The rejection of a file whose lines switch between UTF-8 and another encoding at ``line``."""
    other = "8-bit text (cp1251, GBK…)"
    first, then = ("UTF-8 text", other) if utf8_first else (other, "UTF-8 text")
    located = _record_at_line(info, line)
    if not located:
        return file_problem(info.path, "text in one encoding throughout", f"{first}, then {then}")
    row, column = located
    return ImportRejected(info.name, [Problem(
        row, column, f"{first}, as in the rows before", f"{then}: the encoding changes part-way")])


def _record_at_line(info: SourceInfo, line: int) -> tuple[int, str] | None:
    """(row, column) of the first non-ASCII cell of the record that holds physical ``line``."""
    found: tuple[int, str] | None = None
    for row, column, cell in located_cells(info, "utf-8"):
        if getattr(row, "line", int(row)) > line:
            break
        if not cell.isascii() and (found is None or found[0] != row):
            found = (row, column)
    return found


def bad_cells(info: SourceInfo, encoding: str, expected: str | None = None) -> ImportRejected:
    """The rejection naming each cell (row, column, bytes) that does not decode in ``encoding``."""
    expected = expected or f"text in {encoding}"
    error = _first_error(info, encoding)
    if error and error[1]:               # only the last character is incomplete: the file was cut short
        last = (1, "(any)", "")
        for last in located_cells(info, encoding, stop_at=error[0]):
            pass
        return ImportRejected(info.name, [Problem(
            last[0], last[1], expected, "the file ending in the middle of a character (cut short?)")])
    problems: list[Problem] = []
    more = 0
    for row, column, cell in located_cells(info, encoding):
        if _ESCAPED.search(cell):
            if len(problems) == MAX_BAD_CELLS:
                more = 1
                break
            problems.append(Problem(row, column, expected, _describe(cell)))
    if not problems:                     # nothing located (a bad byte inside a broken record)
        offset = error[0] if error else 0
        problems.append(Problem(1, "(any)", f"{expected} (byte offset {offset})", "undecodable bytes"))
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


def located_cells(info: SourceInfo, encoding: str, stop_at: int | None = None) -> Iterator[tuple[int, str, str]]:
    """(row, column name, cell) of every cell of the file (up to byte ``stop_at``) read in
    ``encoding`` with undecodable bytes kept as escapes U+DC00+byte; stops quietly where the
    record structure itself is broken (the report names the bytes found before it)."""
    def reopen():
        raw = open_raw(info) if stop_at is None else io.BufferedReader(_Head(open_raw(info), stop_at))
        return io.TextIOWrapper(raw, encoding=encoding, errors=ESCAPE, newline="")

    with reopen() as fh:
        delimiter = info.delimiter if info.delimiter else (sniff_text(fh.read(64 * 1024)) or ",")
    header: list[str] = []
    try:
        with reopen() as fh:
            for row, cells in iter_records(fh, delimiter, info.name, reopen):
                if not header:
                    header = [_ESCAPED.sub("\ufffd", h) for h in cells]
                for i, cell in enumerate(cells):
                    name = header[i] if i < len(header) and row != 1 and header[i] else f"#{i + 1}"
                    yield row, name, cell
    except ImportRejected:
        return


# Non-ASCII runs with the Latin letter touching them, if any: the unit plausibility is judged on
_TOKEN = re.compile(r"[A-Za-z]?[^\x00-\x7f]+[A-Za-z]?")
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass
class _Reading:
    """What the non-ASCII text of a file looks like in one candidate encoding."""

    chars: int = 0
    cyrillic: int = 0
    lower: int = 0
    cjk: int = 0
    halfwidth: int = 0
    latin: int = 0
    lone: int = 0                  # one or two non-ASCII characters inside a Latin word
    glued: int = 0                 # non-ASCII characters touching a Latin letter
    longest: int = 0               # longest run of non-ASCII characters (a word of two letters or more)
    outside_common: int = 0        # not among the common characters of GB2312 / JIS X 0208
    vowels: int = 0                # Cyrillic vowels: about 40% of the letters of Russian words

    def add(self, text: str, common: str | None) -> None:
        """Count the non-ASCII words of ``text``; each distinct word is judged once (data files
        repeat the same region and country names on every row)."""
        for token, k in Counter(_TOKEN.findall(text)).items():
            core = token.strip(_ASCII_LETTERS)
            n = len(core)
            self.chars += n * k
            self.longest = max(self.longest, n)
            if core != token:
                self.glued += n * k
                if n <= 2:
                    self.lone += n * k
            self.cyrillic += len(_CYRILLIC.findall(core)) * k
            self.lower += len(_CYRILLIC_LOWER.findall(core)) * k
            self.vowels += len(_CYRILLIC_VOWELS.findall(core)) * k
            self.cjk += len(_CJK.findall(core)) * k
            self.halfwidth += len(_HALFWIDTH_KANA.findall(core)) * k
            self.latin += len(_LATIN.findall(core)) * k
            if common:
                self.outside_common += _rare(core, common) * k

    def plausible(self, encoding: str, whole_file: bool = True) -> bool:
        """Whether this reads as text in ``encoding``; a whole file must hold a word of two
        characters or more (one line may hold a single character: 俄)."""
        n = self.chars
        if not n:
            return True
        if encoding != "cp1252" and ((whole_file and self.longest < 2) or self.glued > 0.2 * n):
            return False
        if encoding in ("cp1251", "koi8_r"):
            # Russian is mostly lower case; all capitals (КНР, МОСКВА) is the other plausible shape;
            # either way about 40% of the letters are vowels (another code page's letters are not)
            return (self.cyrillic >= 0.8 * n and self.vowels >= 0.2 * self.cyrillic
                    and (self.lower >= 0.6 * self.cyrillic or self.lower <= 0.05 * self.cyrillic))
        if encoding in ("gb18030", "cp932", "big5"):
            common = encoding == "big5" or self.outside_common <= 0.2 * n
            return self.cjk >= 0.9 * n and self.halfwidth <= 0.02 * n and common
        return self.latin >= 0.9 * n and self.lone >= 0.7 * n          # cp1252


_COMMON_SET = {"gb18030": "gb2312", "cp932": "shift_jis"}
# Lead bytes of the frequent characters: GB2312 punctuation and level-1 hanzi (the 3,755 commonest),
# Shift-JIS symbols, kana and level-1 kanji. Russian read as Chinese lands mostly in the rare rows.
_COMMON_LEADS = {"gb2312": frozenset(range(0xA1, 0xAA)) | frozenset(range(0xB0, 0xD8)),
                 "shift_jis": frozenset(range(0x81, 0x85)) | frozenset(range(0x88, 0x99))}


def _rare(text: str, charset: str) -> int:
    """How many characters of ``text`` are not among the common characters of ``charset``."""
    leads = _COMMON_LEADS[charset]
    rare = 0
    for ch in text:
        try:
            raw = ch.encode(charset)
        except UnicodeEncodeError:
            rare += 1
            continue
        if len(raw) == 2 and raw[0] not in leads:
            rare += 1
    return rare


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
            reading.add(text, common)
            if not chunk:
                return reading
            if reading.chars >= EARLY_VERDICT_CHARS and not reading.plausible(encoding):
                return reading             # already implausible: the rest cannot redeem it


def _choose_8bit(info: SourceInfo) -> str | None:
    """The first candidate, in order of how common it is in these files, whose reading of the
    whole file is plausible. (charset-normalizer was tried here: on short files it picks Big5 for
    a GBK word and KOI8-R for capitals in cp1251, so the order decides instead.)"""
    for encoding in CANDIDATES:
        reading = _read_as(info, encoding)
        if reading is not None and reading.chars and reading.plausible(encoding):
            return encoding
    return None
