"""Reading the cells of an indicator series as publishers write them: the unit
inside an indicator's name ('GDP (current US$)'), the price basis inside a
unit ('constant 2015 US$'), years from before 1800, missing-value markers
and a flag after a value ('628 e')."""
from __future__ import annotations

import functools
import re

from explorer.data.importing.errors import CellError
from explorer.data.importing.parse import parse_number, parse_period, parse_unit

#: What publishers write where there is no value: no row, never 0, never a refusal.
MISSING_MARKERS = frozenset({"", "..", "...", ":", "-", "--", "—", "–", "na", "n/a", "n.a.", "…", "x", "nan",
                             # EIA: '(s)' less than half the unit shown, 'W' withheld, 'NM' not meaningful
                             "(s)", "w", "(w)", "nm"})

#: Earliest year an indicator may have: Our World in Data carries series from 1700
#: and before; parse_period stops at 1800 to catch typos in trade and energy figures.
FIRST_YEAR = 1000
LAST_YEAR = 2200

_UNIT_AT_END = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_PRICE_BASIS = re.compile(r"^(current|constant(?:\s+(?:\d{4}(?:-\d{2,4})?|prices))?"
                          r"|chain-linked volumes\s+\d{4})\s+(?:prices\s+)?(.+)$", re.I)
_BARE_YEAR = re.compile(r"^(\d{3,4})(?:\.0+)?$")
_VALUE_FLAG = re.compile(r"^(\S.*?)\s+([a-z]{1,3})$", re.I)
#: Eurostat also writes the flag of a value it does not give with no space: ':c' (confidential)
_MISSING_FLAG = re.compile(r"^(:)([a-z]{1,3})$", re.I)


def split_indicator_header(text: str) -> tuple[str, str | None]:
    """'Trade (% of GDP)' -> ('Trade', '% of GDP'); a name with no unit at its end -> (name, None)."""
    text = " ".join(str(text).split())
    m = _UNIT_AT_END.match(text)
    if not m or not m.group(1) or not m.group(2).strip():
        return text, None
    if _is_qualifier(m.group(2).strip()):
        return _unit_before_a_qualifier(text, m.group(1), m.group(2).strip())
    return m.group(1), m.group(2).strip()


def _unit_before_a_qualifier(text: str, head: str, qualifier: str) -> tuple[str, str | None]:
    """WDI's 'Unemployment, total (% of total labor force) (national estimate)': the unit is the
    bracket before the qualifying one, and the qualifier stays in the name ('Unemployment, total
    (national estimate)' is not the modeled ILO estimate). With no unit there, the whole name."""
    m = _UNIT_AT_END.match(head)
    if not m or not m.group(1) or not m.group(2).strip() or _is_qualifier(m.group(2).strip()):
        return text, None
    return f"{m.group(1)} ({qualifier})", m.group(2).strip()


#: English words that make a bracket a unit ('tonnes', 'kWh per capita', 'years', 'current US$' has its '$').
_UNIT_WORDS = frozenset("""
    t kt mt gt tonne tonnes ton tons kg g kilograms grams lb lbs
    w kw mw gw tw wh kwh mwh gwh twh pwh j kj mj gj tj pj ej btu mmbtu quad quads toe ktoe mtoe boe
    watt watts watts-hours joule joules hours hour terawatt-hours kilowatt-hours megawatt-hours gigawatt-hours
    barrel barrels bbl bbl/d b/d kb/d mb/d m3 m³ cubic bcm mcm tcf bcf mmcf cf meters metres km km2 ha hectares
    acres litres liters l mm cm
    dollar dollars usd us$ eur euro euros yuan rmb cny rub ruble rubles rouble roubles currency lcu ppp
    people persons person population inhabitants births deaths years year days day months month
    index points percent percentage pct share ratio rate number count units
    ppm ppb degrees celsius °c co2 co2e co₂ co₂e
    cases doses tests vaccinations patients passengers vehicles tourists arrivals visitors households
    students workers employees jobs firms companies enterprises animals heads
""".split())


def _is_qualifier(text: str) -> bool:
    """A bracket that qualifies the indicator rather than giving its unit: OWID's '(per capita)',
    '(historical)', '(projected)' — so 'Life expectancy at birth (historical)' keeps its whole
    name, and no unit is invented from 'historical'. Only plain English words are judged so;
    a bracket with a digit, a symbol ('%', '$'), a known unit or another script is a unit."""
    if _QUALIFIER.match(text):
        return True
    if not re.fullmatch(r"[A-Za-z][A-Za-z ,\-]*", text):
        return False
    words = {w for w in re.split(r"[ ,]+", text.lower()) if w}
    if words & _UNIT_WORDS:
        return False
    try:
        parse_unit(text)
    except CellError:
        return True
    return False


#: Brackets that qualify the indicator rather than give its unit: OWID's 'Annual CO₂ emissions
#: (per capita)' is a different series from 'Annual CO₂ emissions', and names no unit.
_QUALIFIER = re.compile(r"^\s*per\s+(?:capita|person|head|inhabitant)\b", re.I)


def split_price_basis(unit: str | None) -> tuple[str | None, str | None]:
    """'constant 2015 US$' -> ('USD', 'constant 2015'); 'current US$' -> ('USD', 'current');
    '% of GDP' -> ('% of GDP', None). A unit outside the vocabulary is kept as written:
    an indicator's unit describes the series, it is never a reason to refuse it."""
    if unit is None or not str(unit).strip():
        return None, None
    text = " ".join(str(unit).split())
    basis = None
    m = _PRICE_BASIS.match(text)
    if m:
        basis, text = m.group(1).lower(), m.group(2)
    try:
        return parse_unit(text), basis
    except CellError:
        return text, basis


def indicator_period(text: str) -> tuple[str, str]:
    """(ISO period, precision): a bare year from FIRST_YEAR on, or any period parse_period reads."""
    m = _BARE_YEAR.match(text.strip())
    if m:
        year = int(m.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CellError(f"a year between {FIRST_YEAR} and {LAST_YEAR}")
        return f"{year:04d}", "year"
    return parse_period(text)


def indicator_value(text: str) -> tuple[float | None, str | None]:
    """(value, flag): None for a missing-value marker; '628 e' -> (628.0, 'e')."""
    cell = text.strip()
    if cell.lower() in MISSING_MARKERS:
        return None, None
    try:
        value = float(cell)
    except ValueError:
        pass
    else:
        if value - value == 0:               # not nan or inf
            return value, None
    flag = None
    m = _VALUE_FLAG.match(cell) or _MISSING_FLAG.match(cell)   # a flag is letters after a space: '628 e', ': c'
    if m:
        cell, flag = m.group(1), m.group(2)
    if cell.strip().lower() in MISSING_MARKERS:
        return None, flag
    number, _percent = parse_number(cell)
    return number, flag


#: A file has a few units, written on every row of a long file: each spelling is split once.
split_price_basis = functools.lru_cache(maxsize=1024)(split_price_basis)
