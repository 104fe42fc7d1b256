"""Cell parsers: numbers in any locale, periods and dates at their precision,
units by alias. Each raises CellError naming what it expected."""
from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation, localcontext

from explorer.data.calendar_days import day_number, is_valid_day, year_label
from explorer.data.importing.errors import CellError

_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009\u2007'_"), None)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
#: A number's digits and marks read with a decimal point (thousands grouped by commas, in
#: threes after a first group of one to three digits that does not start with 0) ...
_POINT_FORM = re.compile(r"(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+")
#: ... and read with a decimal comma (thousands grouped by dots). '1,234' fits both.
_COMMA_FORM = re.compile(r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?|,\d+")
_EXPONENT = re.compile(r"[eE][+-]?\d+$")
_DIGITS_AND_MARKS = re.compile(r"[\d.,]+")
#: Thousands separators that are not decimal marks: each must start a group of exactly three
#: digits after a first group of one to three ('240 110,5', "1'234.5"). A space anywhere else is
#: two numbers run together ('2401 2': a figure and its footnote mark), never one.
_GROUP_SEPARATORS = re.compile(r"[ \u00a0\u202f\u2009\u2007'_]+")
_NUMBER_CHARS = re.compile(r"[\d.,+\-\u2212eE \u00a0\u202f\u2009\u2007'_]+")
_FIRST_GROUP = re.compile(r"[+\-\u2212]?\d{1,3}")
_NEXT_GROUP = re.compile(r"\d{3}(?:[.,]\d*)?(?:[eE][+-]?\d+)?")
POINT, COMMA, EITHER = ".", ",", "either"
NUMBER_EXPECTED = "a number (like 1234.5, 1 234,5 or 12%)"


#: Characters no one can see, pasted in from web pages and PDFs: 'China\u200b' would be a
#: reporter of its own that never matches China. Dropped wherever they are.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)


def clean_text(cell) -> str | None:
    """Strip a cell; empty is None; undo the apostrophe our export puts before formula-like text."""
    if cell is None:
        return None
    if not isinstance(cell, str):
        cell = str(cell)
    cell = cell.translate(_INVISIBLE).strip()
    if not cell:
        return None
    if cell[0] == "'" and len(cell) > 1 and cell[1] in _FORMULA:
        return cell[1:]
    return cell


def _split_number(text: str) -> tuple[bool, str, str, str, bool]:
    """(negative, sign, mantissa, exponent, percent) of a number as written: spaces,
    apostrophes and underscores between digits dropped, '(4)' is -4, a trailing % noted."""
    text = text.strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    text = text.translate(_SPACES).replace("\u2212", "-")
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[0], text[1:]
    exponent = _EXPONENT.search(text)
    if exponent:
        return negative, sign, text[:exponent.start()], exponent.group(), percent
    return negative, sign, text, "", percent


def number_marks(cell) -> str | None:
    """Which decimal mark a number cell can be read with: POINT ('2401.1', '1,234.5'),
    COMMA ('1 234,5', '1.234,5', '0,25'), EITHER ('1,234' and '1.234': a thousands group or
    three decimals), or None when it has no mark or is not a number written this way."""
    if not isinstance(cell, str) or ("," not in cell and "." not in cell):
        return None
    kind = _one_mark(cell, ".", POINT) if "," not in cell else _one_mark(cell, ",", COMMA) if "." not in cell else None
    if kind is not None:
        return kind
    mantissa = _split_number(cell)[2]
    if "," not in mantissa and "." not in mantissa:
        return None
    point, comma = _POINT_FORM.fullmatch(mantissa), _COMMA_FORM.fullmatch(mantissa)
    if point and comma:
        return EITHER
    return POINT if point else COMMA if comma else None


def _one_mark(cell: str, mark: str, kind: str) -> str | None:
    """The common cell, plain digits with one mark ('2401.1', '1234,5'), classified without
    the general parse (the pass over a big file meets it millions of times); None otherwise."""
    head, _, tail = cell.partition(mark)
    if not (head.isdigit() and tail.isdigit() and head.isascii() and tail.isascii()):
        return None
    return EITHER if len(tail) == 3 and len(head) <= 3 and head[0] != "0" else kind


def parse_number(cell, decimal: str = "auto") -> tuple[float, bool]:
    """(value, was_percent). Accepts ``1 234,5``, ``1.240.294,00``, ``5,000``, ``12.5%``.

    decimal: '.' or ',' is the column's decimal mark (the other mark may only group
    thousands, in threes); 'auto' reads one cell alone, a single mark before three digits
    ('5,000', '1.240') being taken as the decimal point's reading."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if isinstance(cell, int) and float(cell) != cell:
            # an integer cell beyond 2**53 (written by a tool, not Excel) that a float would round
            raise CellError("a number of at most 15 significant digits, which a stored figure keeps exactly")
        return float(cell), False
    negative, sign, mantissa, exponent, percent = _split_number(str(cell))
    if negative and sign:
        raise CellError("a number with one sign: (4) or -4, not both")
    if not _grouped_in_threes(str(cell)):
        raise CellError("a number whose spaces or apostrophes group thousands in threes (like 1 234 567,5)")
    point, comma = _POINT_FORM.fullmatch(mantissa), _COMMA_FORM.fullmatch(mantissa)
    if decimal not in (POINT, COMMA):
        decimal = POINT if point else COMMA if comma else "auto"
    if decimal == POINT and point:
        digits = mantissa.replace(",", "")
    elif decimal == COMMA and comma:
        digits = mantissa.replace(".", "").replace(",", ".")
    else:
        raise CellError(_number_expected(mantissa, decimal))
    value = float(sign + digits + exponent)
    if not math.isfinite(value):             # '1e400' overflows to inf
        raise CellError("a finite number (1e400 is out of range)")
    if not _stored_exactly(digits + exponent, value):
        raise CellError("a number of at most 15 significant digits, which a stored figure keeps exactly")
    return (-value if negative else value), percent


def _stored_exactly(written: str, value: float) -> bool:
    """True unless the number as written has more digits than a float keeps
    ('12345678901234567890' would be stored as 12345678901234567168): a figure must come
    out as the file wrote it, so such a cell is refused, not silently rounded. Every
    number of 15 significant digits or fewer is kept; a longer one when the float, rounded
    to the places the file wrote, gives back the same digits ('8.800000000000001' and
    '0.30000000000000004', as tools print floats with 16 or 17 digits)."""
    if len(written) <= 15:                   # the usual cell: no more digits than characters
        return True
    if sum(ch.isdigit() for ch in written.partition("e")[0].partition("E")[0]) <= 15:
        return True
    with localcontext() as ctx:
        ctx.prec = 1000                      # a float's exact decimal has up to 767 digits
        wanted = Decimal(written)
        try:
            return Decimal(abs(value)).quantize(wanted) == wanted
        except InvalidOperation:
            return False


def _grouped_in_threes(text: str) -> bool:
    """True when every space-like separator in the number ``text`` starts a group of three digits."""
    body = text.strip().removesuffix("%").rstrip().removeprefix("(").removesuffix(")").strip()
    groups = _GROUP_SEPARATORS.split(body)
    if len(groups) == 1 or not _NUMBER_CHARS.fullmatch(body):
        return True                  # no separators, or not digits at all ('about 5'): said elsewhere
    if groups[0] in ("+", "-", "\u2212"):            # '- 5': a sign set apart from its digits
        groups = [groups[0] + groups[1], *groups[2:]]
    *inner, last = groups[1:] or [""]
    return (len(groups) == 1 or bool(_FIRST_GROUP.fullmatch(groups[0])) and all(len(g) == 3 and g.isdigit()
                                                                                for g in inner)
            and bool(_NEXT_GROUP.fullmatch(last)))


def _number_expected(mantissa: str, decimal: str) -> str:
    """What a badly written number should have looked like: digits whose marks fit no
    reading ('1,234,5', '12,34' in a decimal-point column) are told about thousands groups."""
    if not _DIGITS_AND_MARKS.fullmatch(mantissa) or not any(c.isdigit() for c in mantissa):
        return NUMBER_EXPECTED
    if decimal == POINT:
        return "a number with a decimal point, thousands grouped in threes (like 1,234.5 or 1234.5)"
    if decimal == COMMA:
        return "a number with a decimal comma, thousands grouped in threes (like 1.234,5 or 1 234,5)"
    return "a number with thousands grouped in threes (like 1,234.5 or 1.234,5)"


_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
#: '03.2023': a month as Russian-locale Excel and Rosstat write it.
_RU_MONTH = re.compile(r"^(\d{1,2})\.(\d{4})$")
#: 'Q1 2023', 'Q1-2023', '1Q2023': a quarter written before its year.
_QUARTER_FIRST = re.compile(r"^(?:Q([1-4])|([1-4])Q)[- ]?(\d{4})$", re.I)
#: '2023-03-05T00:00:00' / '2023-03-05 00:00:00': a date pandas or a database wrote with its midnight.
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(?::00(?:\.0+)?)?$")
_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_QUARTER = re.compile(r"^(\d{4})[- ]?Q([1-4])$", re.I)
_ZH = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")
#: '2003.0': a year a spreadsheet or pandas wrote as a float.
_YEAR_AS_FLOAT = re.compile(r"^(\d{4})\.0+$")
#: '500 BCE', '500 BC', '500 B.C.', '500 B.C.E.': a year before the common era in words.
_BCE = re.compile(r"^(\d+)\s*B\.?\s?C\.?(?:\s?E\.?)?$", re.I)
#: '-0499', '-0499-03', '-0499-03-15': an ISO 8601 expanded year, astronomically numbered
#: (year 0 is 1 BCE, -0499 is 500 BCE), as the app stores a date before the common era.
_ISO_EXPANDED = re.compile(r"^(-\d{4,})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
#: '-500', '-500-03': a negative year short of ISO's four digits, read as 500 BCE by some
#: (TimelineJS) and as 501 BCE by ISO 8601's astronomical count: never guessed.
_SHORT_NEGATIVE_YEAR = re.compile(r"^-\d{1,3}(?:-\d{1,2}){0,2}$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
#: '2023M03', '2023M3': a month as Eurostat, the IMF and SDMX write it.
_SDMX_MONTH = re.compile(r"^(\d{4})M(\d{1,2})$", re.I)


#: The earliest year of a figure (a trade flow, a capacity): an earlier one is a typo ('1023').
FIRST_YEAR = 1800
#: The earliest year of a dated milestone or institution: the border treaties (Nerchinsk 1689,
#: Kyakhta 1727) and the timelines analysts build begin long before any figure.
HISTORY_FIRST_YEAR = 1000
#: The earliest year of a corridor milestone, astronomically numbered (100 billion BCE): a
#: TimelineJS sheet tells a story from its beginning, BCE years included, back to the Big Bang
#: (Year -13800000000) in a sheet of cosmic history. A first year of 0 or before takes BCE
#: dates (stored as ISO 8601 expanded years, explorer.data.calendar_days).
TIMELINE_FIRST_YEAR = -99_999_999_999


def parse_period(cell, first_year: int = FIRST_YEAR) -> tuple[str, str]:
    """(ISO text at its precision, precision): '2023', '2023-03', '2023-03-05',
    '2023-Q1', or an interval '2023-01/2023-09' (precision of its start); years from
    ``first_year`` to 2200."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.isoformat(), "day"
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if not float(cell).is_integer():
            # a number cell 2023.1 is what Excel keeps of 2023.10 as much as of 2023.1: which
            # month it was written as is lost, so it is never read as a month
            raise CellError(f"a whole year (2023) or a date cell, not the number {cell!r} "
                            "(format the column as text to write a month as 2023.10)")
        cell = str(int(cell))
    text = _MIDNIGHT.sub(r"\1", _YEAR_AS_FLOAT.sub(r"\1", str(cell).strip()))
    if text in ("0", "-0", "+0"):
        raise CellError("a year other than 0 (no calendar has one: 1 BCE is followed by 1 CE)")
    bce = _BCE.match(text)
    if bce or _ISO_EXPANDED.match(text) or _SHORT_NEGATIVE_YEAR.match(text):
        if first_year > 0:
            raise CellError("a date of the common era (a year BCE is taken for corridor milestones only)")
        if bce:
            if int(bce.group(1)) == 0:
                raise CellError("a year other than 0 BCE (no calendar has one: 1 BCE is followed by 1 CE)")
            return _ymd(str(1 - int(bce.group(1))), None, None, first_year)
        m = _ISO_EXPANDED.match(text)
        if m is None:
            raise CellError("a year BCE as ISO 8601 writes it, four digits counted astronomically "
                            "(-0499 is 500 BCE, 0000 is 1 BCE), or in words ('500 BCE')")
        return _ymd(m.group(1), m.group(2), m.group(3), first_year)
    if "/" in text and text.count("/") == 1 and not _ISO.match(text):
        start, end = text.split("/")
        a, precision = parse_period(start, first_year)
        b, _ = parse_period(end, first_year)
        if "/" in a or "/" in b:
            raise CellError("a period with one start and one end (like 2023-01/2023-09)")
        if _bounds(b)[1] < _bounds(a)[0]:
            raise CellError("a period whose end is not before its start (like 2023-01/2023-09)")
        return f"{a}/{b}", precision
    for pattern in (_ISO, _ZH):
        m = pattern.match(text)
        if m:
            return _ymd(m.group(1), m.group(2), m.group(3), first_year)
    m = _RU_DATE.match(text)
    if m:
        return _ymd(m.group(3), m.group(2), m.group(1), first_year)
    m = _COMPACT_MONTH.match(text) or _SDMX_MONTH.match(text) or _RU_MONTH.match(text)
    if m:
        month_first = m.re is _RU_MONTH
        return _ymd(m.group(2 if month_first else 1), m.group(1 if month_first else 2), None, first_year)
    m = _QUARTER_FIRST.match(text)
    if m:
        return f"{m.group(3)}-Q{m.group(1) or m.group(2)}", "quarter"
    m = _QUARTER.match(text)
    if m:
        return f"{m.group(1)}-Q{m.group(2)}", "quarter"
    raise CellError("a date or period (2023, 2023-03, 2023-03-05, 2023-Q1, 05.03.2023)")


def _ymd(y: str, m: str | None, d: str | None, first_year: int = FIRST_YEAR) -> tuple[str, str]:
    year = int(y)
    if not first_year <= year <= 2200:
        raise CellError(f"a year between {year_label(first_year)} and 2200")
    if m is None:
        return _iso_year(year), "year"
    month = int(m)
    if not 1 <= month <= 12:
        raise CellError("a month between 1 and 12")
    if d is None:
        return f"{_iso_year(year)}-{month:02d}", "month"
    if not is_valid_day(year, month, int(d)):
        raise CellError("a real calendar date")
    return f"{_iso_year(year)}-{month:02d}-{int(d):02d}", "day"


def _iso_year(year: int) -> str:
    """A year as ISO 8601 writes it: '2023', '0476', '0000' (1 BCE), '-0499' (500 BCE)."""
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _bounds(iso: str) -> tuple[int, int]:
    """The first and last day (explorer.data.calendar_days' numbers) a period at its precision
    covers ('2023-Q3' -> the days of 2023-07-01 and 2023-09-30)."""
    negative = iso.startswith("-")
    year, _, rest = iso[negative:].partition("-")
    y = -int(year) if negative else int(year)
    if not rest:
        return day_number(y), day_number(y + 1) - 1
    if rest.startswith("Q"):
        first_month, months = 3 * int(rest[1]) - 2, 3
    else:
        month, _, day = rest.partition("-")
        if day:
            d = day_number(y, int(month), int(day))
            return d, d
        first_month, months = int(month), 1
    after = first_month + months           # the month after the period, maybe in the next year
    return day_number(y, first_month), day_number(y + (after - 1) // 12, (after - 1) % 12 + 1) - 1


def _parses(parse, cell) -> bool:
    """Whether ``parse`` reads ``cell`` (raises no CellError)."""
    try:
        parse(cell)
    except CellError:
        return False
    return True


def looks_like_period(header: str) -> bool:
    return _parses(parse_period, header)


def is_unit(text: str) -> bool:
    """A unit the vocabulary knows (``parse_unit`` reads it)."""
    return _parses(parse_unit, text)


#: Canonical units and the ways publishers write them (compared lower-cased, spaces squeezed).
UNITS: dict[str, tuple[str, ...]] = {
    "USD": ("usd", "us$", "$", "us dollars", "current us$", "dollars", "долл.", "美元"),
    "thousand USD": ("thousand usd", "usd thousand", "тыс. долл.", "千美元", "k usd"),
    "million USD": ("million usd", "usd million", "usd mn", "mn usd", "млн долл.", "百万美元", "m usd"),
    "billion USD": ("billion usd", "usd billion", "usd bn", "bn usd", "млрд долл.", "十亿美元"),
    "hundred million USD": ("hundred million usd", "亿美元", "100 million usd"),
    "CNY": ("cny", "rmb", "yuan", "元", "人民币"),
    "hundred million CNY": ("hundred million cny", "亿元", "亿元人民币", "100 million cny"),
    "billion CNY": ("billion cny", "cny bn", "bn cny"),
    "RUB": ("rub", "rubles", "roubles", "руб.", "рубль", "рублей"),
    "million RUB": ("million rub", "млн руб."),
    "billion RUB": ("billion rub", "млрд руб."),
    "%": ("%", "percent", "per cent", "pct", "процентов", "в %"),
    "count": ("count", "number", "units", "ед."),
    "t": ("t", "tonnes", "tons", "т", "吨"),
    "thousand t": ("thousand t", "kt", "тыс. т", "千吨", "thousand tonnes", "thousand tons", "kilotonnes"),
    "Mt": ("mt", "million t", "million tonnes", "млн т", "百万吨"),
    "Mt/yr": ("mt/yr", "mtpa", "mt/y", "million t/yr", "million tonnes/yr", "млн т/год"),
    "bcm": ("bcm", "billion cubic meters", "billion m3", "млрд куб. м", "млрд м3"),
    "bcm/yr": ("bcm/yr", "bcm/y", "bcm/a", "bcma", "billion cubic meters/yr", "billion m3/yr",
               "млрд куб. м/год"),
    "mmcf/d": ("mmcf/d", "mmcfd", "mmscfd", "mmscf/d", "million cubic feet per day",
               "million standard cubic feet per day"),
    "bbl/d": ("bbl/d", "bpd", "barrels per day"),
    "bcf/d": ("bcf/d", "bcfd", "billion cubic feet per day"),
    "boe/d": ("boe/d", "boed", "barrels of oil equivalent per day"),
    "MW": ("mw", "megawatts", "мвт", "兆瓦"),            # GEM's power trackers: 'Capacity (MW)'
    "Mt CO2/yr": ("mt co2/yr",),
    # the Energy Institute's Statistical Review (the unit cell of each sheet) and Rosstat (a title line)
    "EJ": ("ej", "exajoules", "exajoule", "эдж"),
    "PJ": ("pj", "petajoules", "petajoule", "пдж"),
    "GW": ("gw", "gigawatts", "gigawatt", "гвт"),
    "Mtoe": ("mtoe", "million tonnes oil equivalent", "million tonnes of oil equivalent"),
    "Mt CO2": ("mt co2", "million tonnes of carbon dioxide", "million tonnes co2"),
    "Mt CO2e": ("mt co2e", "million tonnes of carbon dioxide equivalent", "million tonnes co2e"),
    "thousand boe/d": ("thousand boe/d", "thousand barrels of oil equivalent per day"),
    "tcm": ("tcm", "trillion cubic meters", "трлн куб. м"),
    "billion bbl": ("billion bbl", "thousand million barrels", "billion barrels"),
    "thousand RUB": ("thousand rub", "тыс. рублей", "тыс. руб.", "тысяч рублей"),
    "thousand persons": ("thousand persons", "тыс. человек", "тыс. чел.", "тысяч человек"),
    "kg": ("kg", "кг", "公斤"),
    "TEU": ("teu",),
    "km": ("km", "км", "公里"),
    "trips": ("trips", "рейсов", "列"),
    # Eurostat (its unit codes and Data Browser labels) and China NBS (units inside indicator labels)
    "EUR": ("eur", "euro", "euros", "евро", "欧元"),
    "thousand EUR": ("thousand eur", "ths_eur", "thousand euro", "тыс. евро"),
    "million EUR": ("million eur", "mio_eur", "mio eur", "eur million", "million euro", "млн евро", "百万欧元"),
    "billion EUR": ("billion eur", "bio_eur", "eur billion", "billion euro", "млрд евро"),
    "% of GDP": ("% of gdp", "pc_gdp", "percentage of gdp", "percentage of gross domestic product (gdp)",
                 "% ввп", "占gdp比重(%)"),
    "TJ": ("tj", "terajoule", "terajoules", "тдж"),
    "ten thousand CNY": ("ten thousand cny", "万元", "万元人民币"),
    "ten thousand USD": ("ten thousand usd", "万美元"),
    "persons": ("persons", "人", "чел."),
    "ten thousand persons": ("ten thousand persons", "万人"),
    # EIA International Energy Statistics and FAOSTAT
    "Quad Btu": ("quad btu", "quadrillion btu", "qbtu"),
    "bcf": ("bcf", "billion cubic feet", "billion cubic feet (bcf)"),
    "tcf": ("tcf", "trillion cubic feet"),
    "TWh": ("twh", "billion kwh", "твт·ч"),
    "thousand bbl/d": ("thousand bbl/d", "thousand barrels per day", "kb/d", "thousand b/d"),
    "ha": ("ha", "hectares", "hectare", "га", "公顷"),
    "thousand ha": ("thousand ha", "1000 ha", "тыс. га", "千公顷"),
    "head": ("head", "heads", "голов"),
    "thousand head": ("thousand head", "1000 head", "тыс. голов"),
    "kg/ha": ("kg/ha",),
    "hg/ha": ("hg/ha",),
    # scales of a currency the forms above do not reach (written any way round: see _money_unit)
    "thousand CNY": ("thousand cny", "千元"),
    "million CNY": ("million cny", "百万元", "млн юаней"),
    "trillion USD": ("trillion usd",),
    # energy, as statistical reviews, OWID, EIA and China's NBS write it
    "kWh": ("kwh", "kilowatt-hours", "kilowatt hours", "квт·ч", "квт.ч", "千瓦时"),
    "GWh": ("gwh", "gigawatt-hours", "gigawatt hours", "гвт·ч", "гвт.ч"),
    "hundred million kWh": ("hundred million kwh", "亿千瓦时", "亿度"),
    "kW": ("kw", "kilowatts", "квт", "千瓦"),
    "ten thousand kW": ("ten thousand kw", "万千瓦"),
    "ten thousand t": ("ten thousand t", "万吨"),
    "hundred million m3": ("hundred million m3", "亿立方米"),
    "t CO2": ("t co2", "tonnes co2", "tonnes of co2", "t co₂", "tonnes co₂"),
    "thousand t CO2": ("thousand t co2", "kt co2", "kt co₂"),
    # Global Energy Monitor's extraction and mine trackers: production per year, reserves, capacity
    "million m3/yr": ("million m3/yr", "million m³/yr", "million cubic meters/yr", "mmcm/yr"),
    "million bbl/yr": ("million bbl/yr", "mmbbl/yr", "million barrels/yr"),
    "million boe/yr": ("million boe/yr", "mmboe/yr"),
    "million m3": ("million m3", "million m³", "million cubic meters", "mmcm"),
    "million bbl": ("million bbl", "mmbbl", "million barrels"),
    "million boe": ("million boe", "mmboe"),
    "thousand t/yr": ("thousand t/yr", "ttpa", "thousand tonnes/yr", "kt/yr", "ktpa"),
}
#: More spellings of units defined above: the Statistical Review's and Rosstat's title cells, and
#: what the held-out publisher files write. One entry per unit, so no spelling is silently lost.
_MORE_SPELLINGS: dict[str, tuple[str, ...]] = {
    "thousand t": ("thousand tonnes", "thousand metric tons"),
    "million RUB": ("млн рублей", "млн. рублей", "миллионов рублей", "млн руб"),
    "billion RUB": ("млрд рублей", "млрд. рублей", "миллиардов рублей", "млрд руб"),
    "thousand RUB": ("тыс. руб.",),
    "persons": ("человек",),
    "%": ("в процентах",),
    "TWh": ("terawatt-hours", "terawatt hours", "твт.ч", "млрд квт·ч", "млрд квт.ч"),
    "thousand bbl/d": ("thousand barrels daily",),
    "GW": ("吉瓦",),
    "Quad Btu": ("quads", "quad"),
    "Mtoe": ("million toe", "млн т н.э."),
    "Mt CO2": ("million t co2", "mt co₂", "million tonnes of co2"),
}
for _canon, _spellings in _MORE_SPELLINGS.items():
    UNITS[_canon] = UNITS[_canon] + tuple(x for x in _spellings if x not in UNITS[_canon])
_UNIT_LOOKUP = {alias: canon for canon, aliases in UNITS.items() for alias in (canon.lower(), *aliases)}


#: 'per year' as publishers spell it ('bcm/year', 'Mt per annum', 'bcm/y'), read as '/yr'.
_PER_YEAR = re.compile(r"\s*(?:/|\bper\b)\s*(?:year|yr|y|a|annum)\.?$")


#: A currency as publishers spell it (English, Russian, Chinese), read as its ISO code.
_CURRENCY = (("usd", r"usd|us\$|\$|us dollars?|u\.s\. dollars?|dollars?|долл\.? ?сша|долларов сша|долл\.|美元"),
             ("eur", r"eur|euros?|евро|欧元"),
             ("rub", r"rub|rubles?|roubles?|руб\.?|рублей|рубль"),
             ("cny", r"cny|rmb|yuan|renminbi|юаней|元|人民币"))
#: A scale word before or after the currency ('US$ million', 'млн долл. США', 'thousands of US dollars').
_SCALE = (("thousand", r"thousands?(?: of)?|ths|тыс\.?|'?000s?|1,?000|k|千"),     # "'000 USD", "USD '000"
          # 'Mio.' (German, Eurostat's labels), 'MM' (US finance: a thousand thousand)
          ("million", r"millions?(?: of)?|mn|mln|mio\.?|mm|m|млн\.?|百万"),
          # 'Mrd.' (German Milliarde, 10⁹); never 'Bio.' (German Billion is 10¹²)
          ("billion", r"billions?(?: of)?|bn|bln|mrd\.?|млрд\.?|十亿"),
          ("trillion", r"trillions?(?: of)?|трлн\.?|万亿"),
          ("ten thousand", r"万|10,?000|ten thousands?(?: of)?"),
          ("hundred million", r"亿|100 ?million|hundred millions?(?: of)?"))


def _money_unit(key: str) -> str | None:
    """'us$ million', 'млн долл. сша', 'thousands of us dollars', 'usd, millions' -> a canonical
    money unit of UNITS; None when ``key`` is not a currency with a scale written this way."""
    key = re.sub(r",(?=\s|$)|[()]", " ", key)        # "usd, millions"; not the comma of "10,000"
    key = " ".join(key.split())
    for code, currency in _CURRENCY:
        for scale, words in (("", ""), *_SCALE):
            if not scale:
                pattern = rf"^(?:{currency})$"
            else:
                pattern = rf"^(?:(?:{words}) ?(?:{currency})|(?:{currency}) ?(?:{words}))$"
            if re.match(pattern, key):
                canon = _UNIT_LOOKUP.get(f"{scale} {code}".strip())
                if canon is not None:
                    return canon
    return None


def parse_unit(cell) -> str:
    found = _unit_of(" ".join(str(cell).strip().lower().split()))
    if found is None:
        raise CellError("a known unit (" + ", ".join(UNITS) + ")")
    return found


@functools.lru_cache(maxsize=4096)
def _unit_of(key: str) -> str | None:
    """The canonical unit of a lower-cased, space-squeezed unit text (cached: an indicator file
    names the same few units on every row)."""
    found = _UNIT_LOOKUP.get(key)
    if found is None:
        key = _PER_YEAR.sub("/yr", key.replace("metres", "meters").replace("metre", "meter"))
        found = _UNIT_LOOKUP.get(key) or _money_unit(key)
    return found


def unit_from_header(header: str) -> str | None:
    """'Exports (current US$)' -> 'USD'; None when the header names no known unit."""
    m = re.search(r"\(([^()]*)\)\s*$", header)
    if not m:
        return None
    try:
        return parse_unit(m.group(1))
    except CellError:
        return None
