"""Which text encoding a file is in, decided over the WHOLE file (streamed), never
by how long it is, and never so that text only reads as mojibake.

- A byte-order mark decides (UTF-8, UTF-16, UTF-32); the whole file must then decode.
- UTF-16 without a mark is recognised by its NUL bytes in every other position.
- A file that decodes as UTF-8 is UTF-8.
- Otherwise one streamed pass reads the lines that are not well-formed UTF-8 (they cannot
  be UTF-8 text) in each 8-bit and East Asian candidate; a candidate is kept only if the
  text it gives is plausible for it (``text_plausibility.py``: its script's characters, one
  convincing word, not one word that can only be mojibake). The lines that ARE valid UTF-8
  are then judged in the chosen encoding: one that reads well both ways (GBK 贸 is C3B3,
  UTF-8 'ó') is plain text in it; one that does not is UTF-8 text, and the file, whose
  encoding changes part-way, is refused naming the first row where it does.
- A file with UTF-8 text and a few stray bytes (a CESU-8 surrogate) is UTF-8 with damaged
  cells, each reported by row and column.
"""
from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from typing import Iterator

from explorer.data.importing.errors import ImportRejected, Problem
from explorer.data.importing.records import iter_records, sniff_text
from explorer.data.importing.source import SourceInfo, file_problem, open_raw
from explorer.data.importing.text_plausibility import Reading, best_reading, plausible_line

CHUNK = 1 << 20
SAMPLE_BYTES = 4 << 20
#: Cells with bad bytes listed one by one before the rest are counted.
MAX_BAD_CELLS = 20
#: 8-bit and East Asian encodings tried for a file that is not UTF-8, in order of preference.
CANDIDATES = ("cp1251", "koi8_r", "gb18030", "cp932", "big5", "cp1253", "cp1252")
#: Non-ASCII characters after which a candidate that reads as nonsense is given up (acceptance
#: still needs the whole file).
EARLY_VERDICT_CHARS = 5000
#: Non-ASCII characters whose words are judged; beyond them the rest of the file is only checked to
#: decode (judging every word of a 16 MB file in two code pages takes seconds and changes nothing).
EVIDENCE_CHARS = 200_000
PIECE_CHARS = 32_768
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
    return _not_utf8(info)


def _not_utf8(info: SourceInfo) -> str:
    """The 8-bit or East Asian encoding of a file that does not decode as UTF-8; raises when it
    is UTF-8 with stray bytes, mixes UTF-8 with another encoding, or reads sensibly in none."""
    survey = _survey(info)
    chosen = survey.chosen()
    foreign = _first_foreign_utf8_line(info, chosen) if chosen and survey.first_utf8 else None
    if chosen and foreign is None:       # its lines that are also valid UTF-8 read as plain text in it
        return verified(info, chosen)
    if survey.first_utf8 is None:        # not a line of UTF-8: an 8-bit file none of the candidates reads
        raise _unreadable(info)
    if survey.first_eightbit is None:
        raise bad_cells(info, "utf-8")   # UTF-8 but for a few stray bytes (or a CESU-8 surrogate)
    utf8_line = foreign if chosen else survey.first_utf8
    utf8_first = utf8_line < survey.first_eightbit
    raise _encoding_changes(info, survey.first_eightbit if utf8_first else utf8_line, utf8_first)


def _unreadable(info: SourceInfo) -> ImportRejected:
    """The rejection of a file that is neither UTF-8 nor text any candidate reads sensibly."""
    hint = _suggestion(info)
    return bad_cells(info, "utf-8", expected="text in UTF-8 (or in cp1251, GB18030, Shift-JIS, KOI8-R, Big5, "
                                             "cp1253, cp1252: none reads as sensible text; name it with --encoding"
                                             + (f", perhaps --encoding {hint})" if hint else ")"))


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


#: Encodings whose text plausibility can be judged, by the candidate that judges them.
_JUDGED_AS = {"cp1251": "cp1251", "koi8-r": "koi8_r", "gbk": "gb18030", "gb2312": "gb18030",
              "gb18030": "gb18030", "cp936": "gb18030", "cp932": "cp932", "shift_jis": "cp932",
              "big5": "big5", "cp950": "big5", "cp1253": "cp1253", "cp1252": "cp1252", "iso8859-1": "cp1252"}


def checked_override(info: SourceInfo, encoding: str) -> str:
    """The encoding the user named, if the whole file decodes in it, it is not a UTF-8 file
    being turned into mojibake (UTF-8 read as cp1251 decodes without a single error), and its
    text is not mojibake in it where another encoding reads it as text (a GBK file read as
    cp1251 also decodes without an error: 'ЦР№ъ' for 中国)."""
    verified(info, encoding)
    name = codecs.lookup(encoding).name
    if name.startswith("utf"):
        return encoding
    if first_bad_byte(info, "utf-8") is not None:
        _refuse_mojibake(info, encoding, _JUDGED_AS.get(name))
        return encoding
    for row, column, cell in located_cells(info, encoding):
        if not cell.isascii():
            raise ImportRejected(info.name, [Problem(
                row, column, f"text in {encoding}, as --encoding says (but the file is UTF-8: leave "
                             f"--encoding out)", cell)])
    return encoding


def _refuse_mojibake(info: SourceInfo, encoding: str, judged_as: str | None) -> None:
    """Refuse ``encoding`` for a file whose text reads as nonsense in it while detection reads it
    as text in another encoding (the one it would have chosen); an encoding this module cannot
    judge (cp1250, ISO 8859-x…) is the user's call, as is a file no candidate reads."""
    if judged_as is None:
        return
    try:
        detected = _not_utf8(info)
    except ImportRejected:
        return
    if _JUDGED_AS.get(codecs.lookup(detected).name, detected) == judged_as:
        return
    reading = Reading(judged_as)
    shown = None
    for row, column, cell in located_cells(info, encoding):
        if cell.isascii():
            continue
        reading.add(cell)
        if shown is None:
            shown = (row, column, cell)
        if reading.chars >= EVIDENCE_CHARS:
            break
    if shown is None or reading.plausible():
        return
    row, column, cell = shown
    text = cell if len(cell) <= 30 else cell[:27] + "…"
    raise ImportRejected(info.name, [Problem(
        row, column, f"text in {encoding}, as --encoding says (the file reads as text in {detected}: "
                     f"leave --encoding out or give --encoding {detected})",
        f"{text!r}, not words in {encoding}")])


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


def _line_chunks(info: SourceInfo) -> Iterator[tuple[int, bytes]]:
    """(number of the chunk's first physical line, chunk of whole lines) over the file."""
    line = 1
    with open_raw(info) as fh:
        while chunk := fh.read(CHUNK):
            chunk += fh.readline()
            yield line, chunk
            line += chunk.count(b"\n")


@dataclass
class _Survey:
    """What one streamed pass finds in a file that is not all UTF-8. Its lines that are not
    well-formed UTF-8 cannot be UTF-8 text, so they alone decide which other encoding the file
    is in (``readings``: each candidate's reading of them, None once it fails to decode them or
    reads as nonsense); its lines that are valid UTF-8 are judged afterwards, in that encoding."""

    readings: dict[str, Reading | None]
    first_utf8: int | None = None       # the first non-ASCII line that is well-formed UTF-8
    first_eightbit: int | None = None   # the first line of text in another encoding (not a stray byte)

    def read_other_lines(self, lines: list[bytes]) -> None:
        blob = b"\n".join(lines)
        for encoding, reading in self.readings.items():
            if reading is None:
                continue
            try:
                text = blob.decode(encoding)
            except UnicodeDecodeError:
                self.readings[encoding] = None
                continue
            if not _judged(reading, text):
                self.readings[encoding] = None      # already nonsense: the rest cannot redeem it

    def chosen(self) -> str | None:
        return best_reading([reading for reading in self.readings.values() if reading is not None])


def _judged(reading: Reading, text: str) -> bool:
    """Add ``text`` to ``reading`` a piece of lines at a time (up to EVIDENCE_CHARS); False as soon
    as enough of it reads as nonsense (so six candidates do not each judge a whole chunk)."""
    start = 0
    while start < len(text) and reading.chars < EVIDENCE_CHARS:
        end = text.find("\n", start + PIECE_CHARS) + 1 or len(text)
        reading.add(text[start:end])
        start = end
        if reading.chars >= EARLY_VERDICT_CHARS and not reading.plausible():
            return False
    return True


def _survey(info: SourceInfo) -> _Survey:
    survey = _Survey(readings={encoding: Reading(encoding) for encoding in CANDIDATES})
    for first, chunk in _line_chunks(info):
        if _all_utf8(chunk):          # the bulk of a UTF-8 file with a stray byte: no line to look at
            high = _FIRST_HIGH.search(chunk)
            if high and survey.first_utf8 is None:
                survey.first_utf8 = first + chunk.count(b"\n", 0, high.start())
            continue
        other: list[bytes] = []
        for n, line, utf8 in _lines_beyond_ascii(chunk, first):
            if not utf8:
                other.append(line)
                if survey.first_eightbit is None and _is_eightbit_line(line):
                    survey.first_eightbit = n
            elif survey.first_utf8 is None:
                survey.first_utf8 = n
        if other:
            survey.read_other_lines(other)
    return survey


_FIRST_HIGH = re.compile(rb"[\x80-\xff]")


def _all_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _lines_beyond_ascii(chunk: bytes, first: int) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, line, whether it is well-formed UTF-8) of the chunk's lines that are not
    plain ASCII (the only lines that tell encodings apart); ``first`` numbers the chunk's first line."""
    for n, line in enumerate(chunk.split(b"\n"), start=first):
        if not line.isascii():
            yield n, line, _all_utf8(line)


def _is_eightbit_line(line: bytes) -> bool:
    """Whether a line that is not UTF-8 holds text in another encoding rather than a stray byte
    or two (or a CESU-8 surrogate) in UTF-8 text. GBK text often pairs into well-formed UTF-8
    sequences by chance (中 俄 = D6D0 B6ED: 'ж' in the middle), so many bad bytes count even
    when they are not most of the line's."""
    if _CESU.search(line):
        return False
    high = len(line) - len(line.translate(None, _HIGH))
    valid = line.decode("utf-8", "ignore").encode("utf-8")
    invalid = high - (len(valid) - len(valid.translate(None, _HIGH)))
    return invalid >= 2 and (invalid * 2 >= high or invalid >= 4)


def _first_foreign_utf8_line(info: SourceInfo, encoding: str) -> int | None:
    """The first line that is well-formed UTF-8 (with multi-byte characters) and is not plain
    text in ``encoding``: UTF-8 text in a file in ``encoding``. A line that reads well both ways
    (GBK 贸 is C3B3, UTF-8 'ó') is no evidence of a change."""
    for first, chunk in _line_chunks(info):
        for n, line, utf8 in _lines_beyond_ascii(chunk, first):
            if utf8 and not _plausible_line(line, encoding):
                return n
    return None


def _plausible_line(line: bytes, encoding: str) -> bool:
    try:
        return plausible_line(line.decode(encoding), encoding)
    except UnicodeDecodeError:
        return False


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
