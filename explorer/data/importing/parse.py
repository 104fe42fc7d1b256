"""Cell parsers: numbers in any locale, periods and dates at their precision,
units by alias. Each raises CellError naming what it expected."""
from __future__ import annotations

import math
import re
from datetime import date, datetime

from explorer.data.importing.errors import CellError

_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009\u2007'_"), None)
_NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def clean_text(cell) -> str | None:
    """Strip a cell; empty is None; undo the apostrophe our export puts before formula-like text."""
    if cell is None:
        return None
    if not isinstance(cell, str):
        cell = str(cell)
    cell = cell.strip()
    if not cell:
        return None
    if cell[0] == "'" and len(cell) > 1 and cell[1] in _FORMULA:
        return cell[1:]
    return cell


def parse_number(cell, decimal: str = "auto") -> tuple[float, bool]:
    """(value, was_percent). Accepts ``1 234,5``, ``1.240.294,00``, ``5,000``, ``12.5%``.

    decimal: '.' or ',' forces the decimal mark; 'auto' decides per cell (a
    single comma followed by exactly three digits is a thousands separator)."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell), False
    text = str(cell).strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    text = text.translate(_SPACES).replace("\u2212", "-")
    if "," in text or text.count(".") > 1:
        text = _normalise_marks(text, decimal)
    elif decimal == "," and "." in text:
        text = text.replace(".", "")
    if not _NUM.match(text):
        raise CellError("a number (like 1234.5, 1 234,5 or 12%)")
    value = float(text)
    if not math.isfinite(value):             # '1e400' overflows to inf
        raise CellError("a finite number (1e400 is out of range)")
    return (-value if negative else value), percent


def _normalise_marks(text: str, decimal: str) -> str:
    commas, dots = text.count(","), text.count(".")
    if decimal == ",":
        return text.replace(".", "").replace(",", ".")
    if decimal == ".":
        return text.replace(",", "")
    if commas and dots:                      # the last mark is the decimal one
        if text.rfind(",") > text.rfind("."):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    if dots > 1:
        return text.replace(".", "")
    if commas > 1:
        return text.replace(",", "")
    head, tail = text.split(",")
    if len(tail) == 3 and head.lstrip("+-") not in ("", "0"):
        return head + tail                   # 5,000 -> 5000
    return head + "." + tail                 # 1,5 -> 1.5


_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_QUARTER = re.compile(r"^(\d{4})[- ]?Q([1-4])$", re.I)
_ZH = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")
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
    text = str(cell).strip()
    if "/" in text and text.count("/") == 1 and not _ISO.match(text):
        start, end = text.split("/")
        a, precision = parse_period(start)
        b, _ = parse_period(end)
        return f"{a}/{b}", precision
    for pattern in (_ISO, _ZH):
        m = pattern.match(text)
        if m:
            return _ymd(m.group(1), m.group(2), m.group(3))
    m = _RU_DATE.match(text)
    if m:
        return _ymd(m.group(3), m.group(2), m.group(1))
    m = _COMPACT_MONTH.match(text)
    if m:
        return _ymd(m.group(1), m.group(2), None)
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
    "Mt/yr": ("mt/yr", "mtpa", "mt/y", "million t/yr", "million tonnes per year", "млн т/год"),
    "bcm": ("bcm", "billion cubic meters", "billion m3", "млрд куб. м"),
    "bcm/yr": ("bcm/yr", "bcm/y", "bcm/a", "bcma", "billion cubic meters per year", "млрд куб. м/год"),
    "mmcf/d": ("mmcf/d", "mmcfd", "million cubic feet per day"),
    "bbl/d": ("bbl/d", "bpd", "barrels per day"),
    "Mt CO2/yr": ("mt co2/yr",),
    "kg": ("kg", "кг", "公斤"),
    "TEU": ("teu",),
    "km": ("km", "км", "公里"),
    "trips": ("trips", "рейсов", "列"),
}
_UNIT_LOOKUP = {alias: canon for canon, aliases in UNITS.items() for alias in (canon.lower(), *aliases)}


def parse_unit(cell) -> str:
    key = " ".join(str(cell).strip().lower().split())
    try:
        return _UNIT_LOOKUP[key]
    except KeyError:
        raise CellError("a known unit (" + ", ".join(UNITS) + ")") from None


def unit_from_header(header: str) -> str | None:
    """'Exports (current US$)' -> 'USD'; None when the header names no known unit."""
    m = re.search(r"\(([^()]*)\)\s*$", header)
    if not m:
        return None
    try:
        return parse_unit(m.group(1))
    except CellError:
        return None
