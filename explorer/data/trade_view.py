"""The Trade pane's one question per filter change (no Qt): :func:`trade_view`
reads the filtered figures once and answers with a frozen :class:`TradeView`
— every chart's data already converted to the chosen unit, ranked and labelled,
the notes under the charts, the recorded conflicts of each drawn row — so that
the widgets only draw.

Two parts can take seconds on a workspace of millions of imported rows: the
imported monthly series (summed by month in SQL) and the commodity stack when
no rollup table answers it. ``defer_heavy=True`` leaves them ``pending``; the
pane asks :func:`monthly_view` and :func:`commodity_view` for them off the UI
thread (or when their tab is shown).
"""
from __future__ import annotations

import re
import sqlite3
from typing import Mapping

from explorer.data import trade_rollups as rollups
from explorer.data import trade_series as ts
from explorer.data.conflicts import marks as conflict_marks
from explorer.data.filters import Filter
from explorer.data.trade import GrowthCheck, growth_checks
from explorer.data.trade_types import FLOW_WORDS, Bar, Bilateral, Figure, num
from explorer.data.trade_types import (CommodityView, EventMark, HBarRow, HBarView,
                                       MonthlyLine, MonthlyView, MonthPoint, RecordedMark, TargetsView,
                                       TradeView)
from explorer.data.units import TARGETS, Rates, convert, rates_note

#: How many commodities the stack shows before "other".
TOP_COMMODITIES = 8
#: How many imported figures "Regional & shares" draws (the largest) when no document's figure is left.
TOP_IMPORTED_REGIONAL = 8
#: How many monthly series are drawn (the largest first); the note says how many more there are.
TOP_MONTHLY = 6


def period_years(conn: sqlite3.Connection) -> list[int]:
    """Every year from the earliest period to the latest (interval ends included);
    the workspace's bounds come off its period index, never a scan."""
    lo_hi = [conn.execute("SELECT min(substr(period, 1, 4)), max(substr(period, instr(period, '/') + 1, 4)) "
                          "FROM bundled.trade_figures").fetchone(),
             conn.execute("SELECT substr(min(period), 1, 4), substr(max(period), 1, 4) "
                          "FROM main.trade_figures").fetchone()]
    years = [int(y) for pair in lo_hi for y in pair if y and str(y).isdigit()]
    return list(range(min(years), max(years) + 1)) if years else []


class GrowthCheckCache:
    """Growth checks of every annual series, re-read only when the data changed: they
    do not depend on the filter, and the query joins the all_trade_figures view to
    itself (~175 ms a filter change with a million imported rows)."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._checks: list[GrowthCheck] = []

    def get(self, conn: sqlite3.Connection) -> list[GrowthCheck]:
        # data_version moves when another connection commits; total_changes when this one writes
        key = (id(conn), conn.execute("PRAGMA main.data_version").fetchone()[0], conn.total_changes)
        if self._key != key:
            self._checks = growth_checks(conn)
            self._key = key
        return self._checks


def trade_view(conn: sqlite3.Connection, flt: Filter, unit: str, rates: Rates | None = None, *,
               events: bool = False, checks: list[GrowthCheck] | None = None,
               defer_heavy: bool = False) -> TradeView:
    """Everything the Trade charts draw for the filtered rows, in ``unit``."""
    rates = rates if rates is not None else Rates.load(conn)
    figures = ts.fetch_figures(conn, flt)
    data = ts.bilateral(figures, checks if checks is not None else growth_checks(conn), unit, rates)
    t_unit, groups, failed = ts.targets_vs_actuals(figures, unit, rates)
    regional, regional_failed = _regional_view(figures, unit, rates)
    has_monthly, has_commodities = rollups.has_monthly(conn), rollups.has_commodities(conn)
    return TradeView(
        unit=unit, bilateral=data, legend_names=legend_names(conn, data),
        events=tuple(dated_events(conn, data)) if events else (),
        targets=TargetsView(t_unit, tuple(groups), tuple(failed)),
        shares=HBarView("%", tuple(HBarRow(f, f.value, f.hover()) for f in ts.shares(figures))),
        regional=regional,
        monthly=_monthly_part(conn, flt, unit, rates, has_monthly, defer_heavy),
        commodities=_commodity_part(conn, flt, unit, rates, has_commodities, defer_heavy),
        has_monthly=has_monthly, has_commodities=has_commodities,
        notes=tuple(_notes(data, failed + regional_failed, figures)),
        marks=recorded_marks(conn, figures))


def _regional_view(figures: list[Figure], unit: str, rates: Rates) -> tuple[HBarView, list[Bar]]:
    """The regional bars (every document's, else the largest imported) and those not converted.
    An imported commodity's figure belongs to Top commodities: it is neither drawn here
    nor converted (a Comtrade file holds thousands)."""
    drawable = [f for f in figures if not f.imported or f.all_commodities]
    r_unit, bars = ts.regional(drawable, unit, rates)
    bars, imported_kept = _largest_imported(bars)
    left = sum(1 for f in figures if f.imported and ts.is_regional(f)) - imported_kept
    subtitle = ("" if not left else f"{left} imported figure{'s' if left > 1 else ''} in the table only"
                if not imported_kept
                else f"{imported_kept} of {imported_kept + left} imported figures: the largest for all commodities")
    rows = tuple(HBarRow(b.figure, b.converted.value, b.figure.hover(b.converted)) for b in bars if b.converted.ok)
    return HBarView(r_unit, rows, subtitle), [b for b in bars if not b.converted.ok]


def _monthly_part(conn: sqlite3.Connection, flt: Filter, unit: str, rates: Rates, present: bool,
                  defer: bool) -> MonthlyView:
    if not present:
        return MonthlyView(_chart_unit(unit))
    return MonthlyView(_chart_unit(unit), pending=True) if defer else monthly_view(conn, flt, unit, rates)


def _commodity_part(conn: sqlite3.Connection, flt: Filter, unit: str, rates: Rates, present: bool,
                    defer: bool) -> CommodityView:
    if not present:
        return CommodityView(None)
    if defer and not rollups.commodity_rollup_is_quick(conn, flt):
        return CommodityView(None, pending=True)
    return commodity_view(conn, flt, unit, rates)


def _largest_imported(bars: list[Bar]) -> tuple[list[Bar], int]:
    """Every document's bar; the imported ones only when the filter leaves no document's
    figure (a country's trade with the world would flatten a province's to nothing), and
    then the largest (and those not converted, for the notes). Returns the bars and how
    many imported ones they hold."""
    curated = [b for b in bars if not b.figure.imported]
    if curated:
        return curated, 0
    largest = sorted((b for b in bars if b.converted.ok), key=lambda b: -b.converted.value)
    kept = largest[:TOP_IMPORTED_REGIONAL] + [b for b in bars if not b.converted.ok]
    return kept, len(kept)


def _chart_unit(unit: str) -> str:
    """The unit a summed imported series is drawn in: the chosen currency unit, else USD bn."""
    return unit if unit in TARGETS and TARGETS[unit].currency else "USD bn"


# -- what the charts say in words ------------------------------------------------------------

def _notes(data: Bilateral, failed: list[Bar], figures: list[Figure]) -> list[str]:
    """The sentences under the charts: growth mismatches, imports that disagree with the
    curated data, figures with no rate to convert them, what is not drawn, the rates used."""
    conflicts = ts.conflicts_with_curated(figures)
    bits = []
    mism = [g for g in data.growth if g.mismatch]
    if mism:
        bits.append("Growth mismatch: " + "; ".join(f"{g.year} {g.label()}" for g in mism) + ".")
    charted = {c.imported.figure.key for c in data.conflicts}
    others = [f"{i.who} {i.measure} {i.period}: imported {num(i.value)} vs curated {num(c.value)} "
              f"{i.unit or ''} ({i.source_file})" for i, c in conflicts if i.key not in charted]
    if data.conflicts or others:
        bits.append("Conflict with the curated data: "
                    + "; ".join([c.label(data.unit) for c in data.conflicts] + others) + ".")
    missing = _grouped_rate_notes({b.converted.note for b in data.not_converted + failed if b.converted.note})
    if missing:
        bits.append("Not converted: " + "; ".join(missing) + ".")
    by_part = _files_by_commodity_only(figures)
    if by_part:
        bits.append(f"{', '.join(by_part)}: China–Russia by commodity only, no all-commodities figure "
                    "(not on the bilateral chart; see Top commodities).")
    # only the rates the drawn bars were converted with, each publisher named once
    used = [r for bars in data.series.values() for b in bars for r in b.converted.rates]
    if used:
        bits.append(rates_note(used))
    return bits


_NO_RATE = re.compile(r"^no (.+) rate for (\d{4}) — cannot convert$")


def _grouped_rate_notes(notes: set[str]) -> list[str]:
    """"no CNY rate for 2015 — cannot convert", … for 2016, … as one note a currency with its
    years in runs ("no CNY rate for 2015–2018, 2021 and 2024 — cannot convert"); others as they are."""
    years: dict[str, list[int]] = {}
    others = []
    for note in notes:
        m = _NO_RATE.match(note)
        if m:
            years.setdefault(m.group(1), []).append(int(m.group(2)))
        else:
            others.append(note)
    grouped = [f"no {currency} rate for {_year_runs(sorted(ys))} — cannot convert" for currency, ys in years.items()]
    return sorted(grouped + others)


def _year_runs(years: list[int]) -> str:
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]
    text = ", ".join(parts)
    head, sep, last = text.rpartition(", ")
    return f"{head} and {last}" if sep else text


def _files_by_commodity_only(figures: list[Figure]) -> list[str]:
    """Imported files with annual China–Russia values for single commodities and none for all."""
    bilateral = [f for f in figures if f.imported and f.pair == ts.BILATERAL and f.measure == "value"
                 and f.period_precision == "year"]
    whole = {f.source_file for f in bilateral if f.all_commodities}
    return sorted({f.source_file for f in bilateral if not f.all_commodities} - whole)


def recorded_marks(conn: sqlite3.Connection, figures: list[Figure]) -> dict[str, RecordedMark]:
    """The drawn rows involved in a recorded conflict, each with its worst severity and
    one line per conflict."""
    trade = conflict_marks(conn).get("trade", {})
    keys = {f.key for f in figures}
    return {key: _recorded(found) for key, found in trade.items() if key in keys}


def _recorded(found: list) -> RecordedMark:
    from explorer.data.conflicts import MARK, worst_severity

    return RecordedMark(worst_severity(found) or "info",
                        "\n".join(f"{MARK} Recorded conflict ({c.severity}): {c.description}" for c in found))


def event_conflicts(conn: sqlite3.Connection, event_ids: set[str]) -> dict[str, list]:
    """event_id -> the recorded conflicts that name that event (``events:<id>``), for the
    events among ``event_ids``."""
    from explorer.data.conflicts import load_conflicts

    found: dict[str, list] = {}
    for c in load_conflicts(conn):
        for ref in c.refs:
            if ref.table == "events" and ref.row_id in event_ids and c not in found.get(ref.row_id, []):
                found.setdefault(ref.row_id, []).append(c)
    return found


def legend_names(conn: sqlite3.Connection, data: Bilateral) -> dict[str, str]:
    """A legend name for each document's series: its publisher and year ("The Arctic
    Institute, 2025"), whole, rather than a long title cut mid-word."""
    names = {}
    for name, bars in data.series.items():
        f = bars[0].figure
        if f.imported or not f.doc_id:
            continue
        row = conn.execute("SELECT publisher, published FROM all_documents WHERE doc_id = ?",
                           (f.doc_id,)).fetchone()
        publisher = re.sub(r"\s*\(.*?\)|;.*", "", (row[0] or "") if row else "").strip()
        if publisher:
            year = str(row[1] or "")[:4]
            names[name] = f"{publisher}, {year}" if year.isdigit() else publisher
    return names


def dated_events(conn: sqlite3.Connection, data: Bilateral) -> list[EventMark]:
    """The events on the time axis, each named by a recorded conflict with its mark."""
    rows = ts.events(conn, data)
    conflicts = event_conflicts(conn, {row[3] for row in rows})
    return [EventMark(x, label, tip, event_id, doc_id, quote,
                      _recorded(conflicts[event_id]) if event_id in conflicts else None)
            for x, label, tip, event_id, doc_id, quote in rows]


# -- the parts that can take seconds -------------------------------------------------------------

def commodity_view(conn: sqlite3.Connection, flt: Filter, unit: str, rates: Rates,
                   top: int = TOP_COMMODITIES) -> CommodityView:
    """The top-``top`` commodities stacked by year, an aggregate (TOTAL, a code whose
    longer codes are there too) never stacked on its own parts, each code with its
    publisher's description."""
    rows = rollups.commodity_rollup(conn, flt)
    leaves = ts.leaf_commodities(rows)
    stack = ts.commodity_stack(leaves, unit, rates, top)
    names = ts.commodity_names(conn, [code for code, _g in stack.groups])
    return CommodityView(stack, names, len(leaves) < len(rows), _mixed_classifications(leaves))


def _mixed_classifications(rows: list[tuple]) -> str:
    """A warning when the stack holds codes of several classifications (HS 2017 and SITC 4…):
    the same goods are then counted once under each."""
    schemes = sorted({str(r[1]).split(":", 1)[0] for r in rows if ":" in str(r[1])})
    if len(schemes) < 2:
        return ""
    return (f"Codes of {len(schemes)} classifications stacked ({', '.join(schemes)}), from every reporter and "
            "partner the filter leaves: choose a reporter and partner to compare like with like.")


def monthly_view(conn: sqlite3.Connection, flt: Filter, unit: str, rates: Rates,
                 top: int = TOP_MONTHLY) -> MonthlyView:
    """Imported monthly series at month precision, one line per reporter, partner, flow
    and file, in ``unit`` (a currency unit; else USD bn)."""
    return monthly_lines(rollups.monthly_series(conn, flt), _chart_unit(unit), rates,
                         _place_names(conn), top)


def _place_names(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT place_id, name_en FROM all_places WHERE name_en IS NOT NULL"))


def monthly_lines(rows: list[tuple], unit: str, rates: Rates, names: Mapping[str, str],
                  top: int = TOP_MONTHLY) -> MonthlyView:
    """rows: (period, reporter, partner, flow, unit, file, level, sum, n) from
    :func:`trade_rollups.monthly_series`. A month of a series is its all-commodities
    figure when the file gives one, else the sum of its parts at one level (the
    coarsest, when a file gives several: never a code added to its own sub-codes)."""
    months: dict[tuple, dict[str, dict[int, tuple[float, int, str]]]] = {}
    for period, reporter, partner, flow, src_unit, file, level, total, n in rows:
        if not _is_month(period) or total is None:
            continue
        by_level = months.setdefault((reporter, partner, flow, file, src_unit), {}).setdefault(period, {})
        by_level[level] = (total, n, src_unit)
    lines, failed = [], 0
    for (reporter, partner, flow, file, _u), by_month in months.items():
        points = []
        for period in sorted(by_month):
            value, n, note = _month_value(by_month[period])
            c = convert(value, _u, period, unit, rates)
            if not c.ok:
                failed += 1
                continue
            points.append(MonthPoint(period, _month_x(period), c.value, n, note))
        if points:
            lines.append(MonthlyLine(_series_label(reporter, partner, flow, file, names), tuple(points), file))
    lines.sort(key=lambda line: (-sum(p.value for p in line.points), line.label))
    return MonthlyView(unit, tuple(lines[:top]), max(0, len(lines) - top), failed)


def _month_value(levels: dict[int, tuple[float, int, str]]) -> tuple[float, int, str]:
    if 0 in levels:
        total, n, _u = levels[0]
        return total, n, ""
    coarsest = min(levels)
    total, n, _u = levels[coarsest]
    note = f"sum of {coarsest}-character commodity codes" if len(levels) > 1 else ""
    return total, n, note


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _is_month(period: str | None) -> bool:
    m = _MONTH.match(str(period or ""))
    return bool(m) and 1 <= int(m.group(2)) <= 12


def _month_x(period: str) -> float:
    year, month = _MONTH.match(period).groups()
    return int(year) + (int(month) - 0.5) / 12.0


def _series_label(reporter, partner, flow, file, names: Mapping[str, str]) -> str:
    who = names.get(reporter) or reporter or "no reporter"
    other = names.get(partner) or partner
    verb = FLOW_WORDS.get(flow or "")
    what = f"{who} {verb} {other}" if verb and other else f"{who} – {other} {flow or ''}".strip() if other else who
    return f"{what} — imported: {file}" if file else what
