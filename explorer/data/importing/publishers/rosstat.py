"""Rosstat (the Russian Federal State Statistics Service) workbooks, into the indicators dataset.

A Rosstat collection ('Регионы России', the GRP tables 'VRP_s_1998.xlsx') is a contents sheet
('Содержание') and one table per sheet:

- a link back to the contents ('К содержанию'), then the title, its unit in brackets on the
  title's last line ('… в 2016-2023 гг.1)2)3)\\n(рублей)', '(в постоянных ценах; в процентах к
  предыдущему году)') or on a line of its own ('млн рублей', 'тыс. человек', 'в процентах');
- a header of years, footnote marks glued on ('2022 2)', '20222)', '2022²', '2022 1)'): the
  year is the year;
- the Russian Federation, the federal districts (aggregates, kept as such) and the federal
  subjects down the rows ('Приморский край', 'г.Москва', 'Республика Саха (Якутия)',
  '  в т.ч. Ненецкий авт. округ'), resolved to ISO 3166-2 codes from pycountry's subdivisions
  of RU (their Russian names, and their romanised names read back from the Cyrillic);
- '…' (confidential), '-' and 'x' where there is no figure (no row, never 0), and footnotes
  under the table ('1) Данные …').

Imported without ``--sheet`` every table of the workbook is imported (all or nothing), as the
Statistical Review is (see energyinstitute.py); with ``--sheet`` only that table.
"""
from __future__ import annotations

import functools
import re

from explorer.data.importing.publishers import year_tables as yt

PUBLISHER = "Rosstat (Federal State Statistics Service)"

_LINKS = {"к содержанию", "содержание", "вернуться к содержанию", "к оглавлению", "оглавление"}
_NOT_A_TABLE = "a Rosstat table: a title, then a header row of years, places down the rows"
_NO_FIGURE = {"…", "...", "-", "–", "—", "x", "х", "н/д", "нет данных", ""}
_HEADER_ROWS = 12
#: footnote marks closing a label, title or year: '1)', '2)3)', '¹'
_MARKS = re.compile(r"(?:\s*\d{1,2}\))+\s*$")
_SUPERSCRIPTS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹⁾*")
_PART_OF = re.compile(r"^(?:в\s*т\.\s*ч\.|в том числе:?|из (?:него|них):?)\s*", re.I)
_CITY = re.compile(r"^г\.\s*")
_YEARS_IN_TITLE = re.compile(r"\s+(?:в|за)\s+\d{4}(?:\s*[-–—]\s*\d{4})?\s*(?:гг?\.?|годах|году)?\s*$")
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_BRACKETS_AT_END = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_PRICE_BASIS = (
    (re.compile(r"в\s+текущих(?:\s+основных)?\s+ценах", re.I), "current"),
    (re.compile(r"в\s+ценах\s+(\d{4})", re.I), "constant {0}"),
    (re.compile(r"в\s+постоянных\s+ценах", re.I), "constant"),
)


def _is_link(text: str) -> bool:
    return text.strip().lower().rstrip(".:") in _LINKS


def workbook_probe(header, idx) -> "yt.YearTablesLayout | None":
    """A Rosstat contents sheet ('Содержание') or table ('К содержанию' above its title)."""
    cells = [yt.text(h) for h in header if yt.text(h)]
    if len(cells) != 1 or not _is_link(cells[0]):
        return None
    return yt.layout("rosstat", _read)


def sheet_probe(header, idx) -> "yt.YearTablesLayout | None":
    """A Rosstat table's header row: an empty first cell, then years, one with a footnote mark
    glued on ('20222)', '2022 2)', '2022²') — the mark is what tells it from any wide table."""
    cells = list(header)
    if not cells or yt.text(cells[0]):
        return None
    years = yt.year_run(cells)
    if len(years) < 2 or not any(not re.fullmatch(r"\d{4}(?:\.0)?", yt.text(cells[i])) for i in years):
        return None
    return yt.layout("rosstat", _read)


def is_header(cells: list) -> bool:
    """A header row: no label (or a column name such as 'Субъект'), then increasing years."""
    if not cells or yt.header_year(cells[0]) is not None:
        return False
    return len(yt.year_run(cells)) >= 2


def _read(layout: "yt.YearTablesLayout", info):
    read_all = layout.sheet_asked is None or yt.text(layout.sheet_asked).lower() == "содержание"
    yield from yt.sheet_records(info, read_all, lambda title, rows, strict: _sheet(
        layout, info, title, rows, strict=strict))


def _sheet(layout, info, title: str | None, rows, strict: bool):
    above, header = yt.title_and_header(rows, is_header, _HEADER_ROWS)
    if header is None:
        return _not_a_table(layout, info, title, strict, "no header row of years", 1)
    table = _table(title, above, header[1])
    if table is None:
        return _not_a_table(layout, info, title, strict, "no title naming the indicator above the years",
                            header[0])
    yt.say_years_left_unread(layout, title, header[1], table.years)
    seen: dict[str, int] = {}
    found: list[tuple[int, list]] = []
    unplaced: list[str] = []
    for row_no, cells in rows:
        label = yt.text(cells[0]) if cells else ""
        filled = [i for i in table.years if i < len(cells) and yt.text(cells[i])]
        if not label or not filled:
            continue                     # footnotes ('1) Данные …'), blank lines, headings
        if not found and _column_numbers(cells, filled):
            continue                     # 'А | 1 | 2 | 3': the columns' numbers under the header
        place, code = place_of(label)
        if place in seen:
            layout.reading.left_out.append(f"sheet {title!r} rows {row_no}– (a second table: its places "
                                           f"repeat rows {seen[place]}–)")
            break
        seen[place] = row_no
        if code is None and not _PLACE_WORDS.search(place):
            unplaced.append(f"row {row_no}: {place!r}")
        found.append((row_no, yt.row(place, code, table, cells, row_no, _value)))
    if not found:
        return _not_a_table(layout, info, title, strict, "no rows of places with figures", header[0])
    if len(unplaced) * 2 > len(found):
        # a national table (GDP by component, rows of indicators): its rows are not places of Russia
        return _not_a_table(layout, info, title, strict, f"rows that are not places of Russia ({unplaced[0]}, "
                            f"{len(unplaced)} of {len(found)} rows)", found[0][0])
    yield from found


#: Words of the places Rosstat lists that have no ISO 3166-2 code: federal districts, parts of subjects,
#: subjects ISO does not list ('Республика Крым', 'г. Севастополь').
_PLACE_WORDS = re.compile(r"федеральн\w* округ|област|край|республик|автономн|округ|^г\.|город|Москва|Санкт-Петербург|"
                          r"Севастополь", re.I)


def _column_numbers(cells: list, filled: list[int]) -> bool:
    """A row numbering the columns (Rosstat's 'А, 1, 2, 3 …' under a header), not figures."""
    try:
        numbers = [float(str(cells[i]).strip()) for i in filled]
    except ValueError:
        return False
    return len(numbers) >= 2 and numbers == [float(n) for n in range(int(numbers[0]), int(numbers[0]) + len(numbers))] \
        and numbers[0] in (1.0, 2.0) and len(yt.text(cells[0])) <= 2


def _not_a_table(layout, info, title, strict: bool, why: str, row_no: int):
    if strict or title is None:
        raise yt.refuse(info, row_no, "(sheet)", _NOT_A_TABLE, f"sheet {title!r}: {why}" if title else why)
    if yt.text(title).lower() != "содержание":
        layout.reading.left_out.append(f"sheet {title!r} ({why}; not a table)")
    return iter(())


def _table(title: str | None, above: list[list], header: list) -> "yt.Table | None":
    lines = [line for cells in above if (line := _title_line(cells))]
    if not lines:
        return None
    unit, basis, qualifiers, name_lines = None, None, [], []
    for line in lines:
        found = _unit_line(line)
        if found is not None:
            unit, basis, qualifiers = found
        else:
            name_lines.append(line)
    name = " ".join(name_lines)
    m = _BRACKETS_AT_END.match(name)
    if m and unit is None:
        name, (unit, basis, qualifiers) = m.group(1), _unit_text(m.group(2))
    name = _MARKS.sub("", name.translate(_SUPERSCRIPTS)).strip()
    name = _YEARS_IN_TITLE.sub("", name).strip(" .,;:")
    if unit is None and ", " in name:        # 'Численность населения, тыс. человек'
        head, _, tail = name.rpartition(", ")
        if _is_unit(tail):
            name, unit = head, tail
    name = _NUMBERING.sub("", name)          # '1.3. Инвестиции …': the table's number in the collection
    if name and qualifiers:                  # '(оценка на конец года; …)' is part of what is counted
        name = f"{name} ({'; '.join(qualifiers)})"
    if not name:
        return None
    return yt.Table(title, yt.year_run(header), {"indicator": name, "indicator_code": (title or "").strip() or None,
                                                 "unit": unit, "price_basis": basis, "publisher": PUBLISHER})


def _title_line(cells: list) -> str:
    """A title line above the header: its first cell, or a unit standing alone in another column
    ('', '(процентов)': Rosstat's innovation tables put the unit over the first year)."""
    first = yt.text(cells[0]) if cells else ""
    if first:
        return "" if _is_link(first) else first
    filled = [yt.text(c) for c in cells if yt.text(c)]
    return filled[0] if len(filled) == 1 and _unit_line(filled[0]) is not None else ""


def _unit_line(line: str) -> tuple[str | None, str | None, list[str]] | None:
    """A title line that is only a unit: '(млн рублей)', 'тыс. человек', 'в процентах'."""
    inner = line[1:-1] if line.startswith("(") and line.endswith(")") else line
    if inner is line and not _is_unit(inner):
        return None
    return _unit_text(inner)


def _is_unit(text: str) -> bool:
    from explorer.data.importing.parse import is_unit

    return is_unit(text)


def _unit_text(text: str) -> tuple[str | None, str | None, list[str]]:
    """(unit, price basis, what else the brackets say): 'в постоянных ценах; в процентах к
    предыдущему году' -> ('в процентах к предыдущему году', 'constant', []); 'оценка на конец года;
    тысяч человек' -> ('тысяч человек', None, ['оценка на конец года']). The unit is the last part,
    as written (the vocabulary names it)."""
    basis, parts = None, []
    for part in (p.strip() for p in text.split(";")):
        found = next(((rx, fmt) for rx, fmt in _PRICE_BASIS if rx.search(part)), None)
        if found is not None:
            basis = found[1].format(*found[0].search(part).groups())
            part = found[0].sub("", part).strip(" ,")
        if part:
            parts.append(part)
    return (parts[-1] if parts else None), basis, parts[:-1]


def place_of(label: str) -> tuple[str, str | None]:
    """(place as written, ISO 3166-2 code or 'RU'): 'г.Москва' -> ('Москва', 'RU-MOW'),
    '  в т.ч. Ненецкий авт. округ' -> ('Ненецкий авт. округ', 'RU-NEN'); federal districts and
    parts of subjects ('Архангельская область без Ненецкого авт.округа') as written, no code."""
    name = _MARKS.sub("", yt.text(label).translate(_SUPERSCRIPTS)).strip()
    name = _PART_OF.sub("", name).strip()
    if _RUSSIA.search(name):
        return "Российская Федерация", "RU"
    city = _CITY.sub("", name)
    return (city if city != name else name), subject_code(name)


#: The Russian Federation's row: 'Российская Федерация', 'Российская Федерация  из суммы областей', and the
#: total of a GRP table, 'Валовой региональный продукт по субъектам Российской Федерации (…)-всего'
_RUSSIA = re.compile(r"^Российская\s+Федерация\b|Российской\s+Федерации.*[-–—\s]всего$", re.I)
#: A part of a subject ('Тюменская область (без Ханты-Мансийского …)') is no subject: no code.
_A_PART = re.compile(r"\b(?:без|кроме|включая)\b", re.I)

#: Forms Rosstat writes that neither pycountry's Russian names nor their romanisation match.
_ALIASES = {
    "республика саха (якутия)": "RU-SA",
    "республика северная осетия-алания": "RU-SE",
    "кемеровская область-кузбасс": "RU-KEM",
    "ханты-мансийский автономный округ-югра": "RU-KHM",
    "чувашская республика-чувашия": "RU-CU",
}
_ABBREVIATIONS = ((re.compile(r"\bавт\.\s*", re.I), "автономный "), (re.compile(r"\bобл\.\s*", re.I), "область "),
                  (re.compile(r"\s*[-–—]\s*"), "-"))


def subject_code(name: str) -> str | None:
    """The ISO 3166-2 code of a federal subject named in Russian, else None."""
    text = _CITY.sub("", " ".join(name.split()))
    for rx, repl in _ABBREVIATIONS:
        text = rx.sub(repl, text)
    text = text.strip()
    if _A_PART.search(text):
        return None
    if text.lower() in _ALIASES:
        return _ALIASES[text.lower()]
    keys = _subjects()
    bare = re.sub(r"\s*\([^()]*\)", "", text)                       # 'Республика Саха (Якутия)'
    short = re.sub(r"-(?:Кузбасс|Югра|Алания|Чувашия)$", "", bare, flags=re.I)
    for candidate in dict.fromkeys((text, bare, short)):
        for key in (_key(candidate), _key(_romanise(candidate))):
            if key in keys:
                return keys[key]
    return None


def _key(text: str) -> str:
    return re.sub(r"[\s\-'’`\".,]", "", text.lower().replace("ё", "е"))


@functools.lru_cache(maxsize=1)
def _subjects() -> dict[str, str]:
    """Key -> ISO 3166-2 code of Russia's subdivisions: their Russian names (iso-codes' ru
    translation, where it has one) and their romanised names ('Primorskiy kray', 'Adygeya,
    Respublika' also as 'Respublika Adygeya')."""
    import gettext

    import pycountry

    try:
        ru = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:
        ru = None
    out: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code="RU") or ():
        names = [sub.name]
        if ", " in sub.name:                   # 'Adygeya, Respublika' -> 'Respublika Adygeya'
            head, _, tail = sub.name.partition(", ")
            names.append(f"{tail} {head}")
        if ru is not None and ru.gettext(sub.name) != sub.name:
            names.append(ru.gettext(sub.name))
        for n in names:
            out.setdefault(_key(n), sub.code)
    return out


#: Cyrillic to the romanisation ISO 3166-2 uses for Russia's subdivisions (BGN/PCGN: 'й' 'ы' -> y,
#: 'х' -> kh, 'е' -> ye at the start of a word or after a vowel).
_ROMAN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i", "й": "y",
          "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
          "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "'",
          "э": "e", "ю": "yu", "я": "ya"}
_VOWELS = set("аеёиоуыэюяьъ")


def _romanise(text: str) -> str:
    out = []
    prev = ""
    for ch in text.lower():
        if ch in "её":
            out.append("ye" if (not prev or not prev.isalpha() or prev in _VOWELS) else "e")
        else:
            out.append(_ROMAN.get(ch, ch))
        prev = ch
    return "".join(out)


#: A value cell; Rosstat's markers of no figure ('…' confidential, '-', 'x') are blank (no row).
_value = yt.blanking(_NO_FIGURE)


#: The probes layouts.PUBLISHERS tries, and the layout names a saved mapping uses.
PROBES = (workbook_probe, sheet_probe)


any_probe = yt.either_probe(workbook_probe, sheet_probe)

BY_NAME = {"rosstat": any_probe}
