"""Cell parsers: numbers in any locale, periods and dates at their precision,
units by alias. Each raises CellError naming what it expected."""
from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

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
    return (-value if negative else value), percent


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
_COMPACT_MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")


def parse_period(cell) -> tuple[str, str]:
    """(ISO text at its precision, precision): '2023', '2023-03', '2023-03-05',
    '2023-Q1', or an interval '2023-01/2023-09' (precision of its start)."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.isoformat(), "day"
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer():
        cell = str(int(cell))
    text = _MIDNIGHT.sub(r"\1", _YEAR_AS_FLOAT.sub(r"\1", str(cell).strip()))
    if "/" in text and text.count("/") == 1 and not _ISO.match(text):
        start, end = text.split("/")
        a, precision = parse_period(start)
        b, _ = parse_period(end)
        if "/" in a or "/" in b:
            raise CellError("a period with one start and one end (like 2023-01/2023-09)")
        if _bounds(b)[1] < _bounds(a)[0]:
            raise CellError("a period whose end is not before its start (like 2023-01/2023-09)")
        return f"{a}/{b}", precision
    for pattern in (_ISO, _ZH):
        m = pattern.match(text)
        if m:
            return _ymd(m.group(1), m.group(2), m.group(3))
    m = _RU_DATE.match(text)
    if m:
        return _ymd(m.group(3), m.group(2), m.group(1))
    m = _COMPACT_MONTH.match(text) or _RU_MONTH.match(text)
    if m:
        month_first = m.re is _RU_MONTH
        return _ymd(m.group(2 if month_first else 1), m.group(1 if month_first else 2), None)
    m = _QUARTER_FIRST.match(text)
    if m:
        return f"{m.group(3)}-Q{m.group(1) or m.group(2)}", "quarter"
    m = _QUARTER.match(text)
    if m:
        return f"{m.group(1)}-Q{m.group(2)}", "quarter"
    raise CellError("a date or period (2023, 2023-03, 2023-03-05, 2023-Q1, 05.03.2023)")


def _ymd(y: str, m: str | None, d: str | None) -> tuple[str, str]:
    year = int(y)
    if not 1800 <= year <= 2200:
        raise CellError("a year between 1800 and 2200")
    if m is None:
        return f"{year:04d}", "year"
    month = int(m)
    if not 1 <= month <= 12:
        raise CellError("a month between 1 and 12")
    if d is None:
        return f"{year:04d}-{month:02d}", "month"
    try:
        return date(year, month, int(d)).isoformat(), "day"
    except ValueError:
        raise CellError("a real calendar date") from None


def _bounds(iso: str) -> tuple[date, date]:
    """The first and last day a period at its precision covers ('2023-Q3' -> 2023-07-01, 2023-09-30)."""
    year, _, rest = iso.partition("-")
    y = int(year)
    if not rest:
        return date(y, 1, 1), date(y, 12, 31)
    if rest.startswith("Q"):
        first_month, months = 3 * int(rest[1]) - 2, 3
    else:
        month, _, day = rest.partition("-")
        if day:
            d = date(y, int(month), int(day))
            return d, d
        first_month, months = int(month), 1
    start = date(y, first_month, 1)
    after = first_month + months           # the month after the period, maybe in the next year
    end = date(y + (after - 1) // 12, (after - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def looks_like_period(header: str) -> bool:
    try:
        parse_period(header)
    except CellError:
        return False
    return True


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
    "%": ("%", "percent", "per cent", "pct", "процентов"),
    "count": ("count", "number", "units", "ед."),
    "t": ("t", "tonnes", "tons", "т", "吨"),
    "thousand t": ("thousand t", "kt", "тыс. т", "千吨"),
    "Mt": ("mt", "million t", "million tonnes", "млн т", "百万吨"),
    "Mt/yr": ("mt/yr", "mtpa", "mt/y", "million t/yr", "million tonnes/yr", "млн т/год"),
    "bcm": ("bcm", "billion cubic meters", "billion m3", "млрд куб. м", "млрд м3"),
    "bcm/yr": ("bcm/yr", "bcm/y", "bcm/a", "bcma", "billion cubic meters/yr", "billion m3/yr",
               "млрд куб. м/год"),
    "mmcf/d": ("mmcf/d", "mmcfd", "million cubic feet per day"),
    "bbl/d": ("bbl/d", "bpd", "barrels per day"),
    "MW": ("mw", "megawatts", "мвт", "兆瓦"),            # GEM's power trackers: 'Capacity (MW)'
    "Mt CO2/yr": ("mt co2/yr",),
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
}
_UNIT_LOOKUP = {alias: canon for canon, aliases in UNITS.items() for alias in (canon.lower(), *aliases)}


#: 'per year' as publishers spell it ('bcm/year', 'Mt per annum', 'bcm/y'), read as '/yr'.
_PER_YEAR = re.compile(r"\s*(?:/|\bper\b)\s*(?:year|yr|y|a|annum)\.?$")


def parse_unit(cell) -> str:
    key = " ".join(str(cell).strip().lower().split())
    found = _UNIT_LOOKUP.get(key)
    if found is None:
        key = _PER_YEAR.sub("/yr", key.replace("metres", "meters"))
        found = _UNIT_LOOKUP.get(key)
    if found is None:
        raise CellError("a known unit (" + ", ".join(UNITS) + ")")
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
