"""What the Trade pane's charts are given (no Qt, no database): frozen dataclasses
only. :mod:`explorer.data.trade_view` fills them in one read per filter change;
the widgets draw them and import nothing else from ``explorer.data``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from explorer.data.citations import file_and_row
from explorer.data.formatting import format_number
from explorer.data.trade import GrowthCheck
from explorer.data.units import Converted, money_unit, year_of

#: How a series label says a flow (the reporter's view).
FLOW_WORDS = {"export": "exports to", "import": "imports from", "re-export": "re-exports to",
              "re-import": "re-imports from"}
#: Commodity codes that stand for every commodity together (UN Comtrade "TOTAL", HS "AG0").
AGGREGATE_CODES = frozenset({"TOTAL", "ALL", "AG0"})


#: How an imported commodity key names a breakdown of its figure ('H2:252310 · Sea', a mode of
#: transport; '… · 2nd partner China'): a part of the code's whole, never a commodity of its own.
BREAKDOWN_MARK = " · "


def breakdown_base(commodity: str) -> str:
    """The commodity a breakdown is part of ('H2:252310 · Sea' -> 'H2:252310'); a plain code as it is."""
    return commodity.split(BREAKDOWN_MARK, 1)[0]


def is_aggregate(commodity: str | None) -> bool:
    """True for a code that sums every other ("TOTAL", "H6:TOTAL", "AG0")."""
    return str(commodity or "").rsplit(":", 1)[-1].strip().upper() in AGGREGATE_CODES


@dataclass(frozen=True)
class Figure:
    """One trade figure as a chart needs it."""

    key: str
    period: str
    measure: str
    reporter: str | None        # place id or free text
    partner: str | None
    reporter_name: str
    partner_name: str
    flow: str | None
    commodity: str | None
    value: float | None
    value_text: str | None
    unit: str | None
    approx: str | None
    status: str
    description: str | None
    doc_id: str | None
    document: str | None
    period_precision: str | None
    origin: str = "bundled"             # bundled (curated) | workspace (imported)
    source_file: str | None = None      # an imported row's file and row
    source_row: int | None = None
    claimed: str | None = None          # title of the document an imported row names: its claim

    @property
    def year(self) -> int | None:
        return year_of(self.period)

    @property
    def imported(self) -> bool:
        """A row the importer wrote (each names its file); never one of a document's figures."""
        return self.origin == "workspace" and self.source_file is not None

    @property
    def series_name(self) -> str:
        """The series a chart draws this figure in: its document, or "imported: FILE"
        (an import is never drawn as the document it names), one per flow of the file
        ("imported: FILE — China exports to Russia") when the file gives flows."""
        if self.imported:
            flow = FLOW_WORDS.get(self.flow or "")
            what = f" — {self.reporter_name} {flow} {self.partner_name}" if flow and self.partner_name else ""
            return f"imported: {self.source_file}{what}"
        return self.document or self.doc_id or "unknown document"

    @property
    def all_commodities(self) -> bool:
        """True when the figure stands for every commodity (none named, or an aggregate code)."""
        return self.commodity is None or is_aggregate(self.commodity)

    def source_line(self) -> str:
        if not self.imported:
            return f"Document: {self.document or self.doc_id or 'unknown'}"
        return f"Imported from {file_and_row(self.source_file, self.source_row)}" + (f" (claims: {self.claimed})" if self.claimed else "")

    @property
    def is_money(self) -> bool:
        return money_unit(self.unit) is not None

    @property
    def pair(self) -> frozenset:
        return frozenset(x for x in (self.reporter, self.partner) if x)

    @property
    def who(self) -> str:
        return f"{self.reporter_name} – {self.partner_name}" if self.partner_name else self.reporter_name

    def as_written(self) -> str:
        hedge = f"{self.approx} " if self.approx else ""
        return f"{hedge}{num(self.value)} {self.unit or ''}".strip()

    def hover(self, conv: Converted | None = None) -> str:
        lines = [f"{self.who} · {self.measure} · {self.period} ({self.status})",
                 f"Value: {self.as_written()}"]
        if conv is not None and conv.unit != (self.unit or "") and (conv.ok or conv.note):
            lines.append(f"= {num(conv.value)} {conv.unit}" if conv.ok else conv.note)
            for r in conv.rates:
                lines.append(f"at {r.per_usd:g} {r.currency}/USD ({r.year}; {r.source})")
        if self.description:
            lines.append(self.description)
        lines.append(self.source_line())
        return "\n".join(lines)


def num(value: float | None) -> str:
    """A chart's figure by the app's one number formatter, to two decimals as the charts
    have always written them ("3,879.63"), "—" for none."""
    return format_number(value, none="—", decimals=2)


@dataclass(frozen=True)
class Bar:
    figure: Figure
    converted: Converted


@dataclass(frozen=True)
class GrowthPoint:
    year: int
    reported: float | None
    computed: float | None
    check: GrowthCheck | None
    figure: Figure | None       # the growth row (reported) or value row (computed only)

    @property
    def mismatch(self) -> bool:
        return bool(self.check and self.check.mismatch)

    def label(self) -> str:
        return f"reported {self.reported:.1f}% vs computed {self.computed:.1f}%"


@dataclass(frozen=True)
class Conflict:
    """The same figure (pair, flow, commodity, year) given by the curated data and
    by an import with another value: both are drawn, and this flags the difference."""

    year: int
    curated: Bar
    imported: Bar

    def label(self, unit: str) -> str:
        return (f"{self.year}: imported {num(self.imported.converted.value)} vs curated "
                f"{num(self.curated.converted.value)} {unit} ({self.imported.figure.source_file})")


@dataclass(frozen=True)
class Bilateral:
    unit: str
    series: dict[str, list[Bar]]     # document title, or "imported: FILE" -> bars by year
    growth: list[GrowthPoint]
    not_converted: list[Bar]
    conflicts: tuple[Conflict, ...] = ()

    def is_imported(self, name: str) -> bool:
        bars = self.series.get(name)
        return bool(bars) and bars[0].figure.imported


@dataclass(frozen=True)
class TargetGroup:
    who: str
    actuals: list[Bar]
    targets: list[Bar]


@dataclass(frozen=True)
class CommodityStack:
    """Yearly totals of the N largest commodities and the rest, in one unit."""

    unit: str
    years: list[int]
    groups: list[tuple[str, dict[int, float]]]      # (label, year -> total); "other" last
    rows: dict[int, int]                            # year -> imported rows summed
    not_converted: int = 0                          # (year, commodity, unit) groups without a rate

    def total(self, year: int) -> float:
        return sum(g.get(year, 0.0) for _label, g in self.groups)



@dataclass(frozen=True)
class RecordedMark:
    """A drawn row involved in a recorded conflict (explorer.data.conflicts)."""

    severity: str               # error | warning | info
    text: str                   # one line per conflict, for the hover

    def on(self, tip: str) -> str:
        """A hover text with this row's recorded conflicts under it."""
        return f"{tip}\n\n{self.text}\n(click: the conflict in the citation panel)"


@dataclass(frozen=True)
class EventMark:
    x: float                    # fractional year
    label: str
    tip: str
    event_id: str = ""
    doc_id: str | None = None   # the document the event is read from, and its words
    quote: str | None = None
    mark: RecordedMark | None = None     # the recorded conflicts that name this event

    @property
    def key(self) -> str:
        """What a click on the event picks: the event as a conflict names it ('events:ev-…')."""
        return f"events:{self.event_id}" if self.event_id else ""


@dataclass(frozen=True)
class TargetsView:
    unit: str
    groups: tuple[TargetGroup, ...]
    failed: tuple[Bar, ...]


@dataclass(frozen=True)
class HBarRow:
    figure: Figure
    value: float
    tip: str


@dataclass(frozen=True)
class HBarView:
    unit: str
    rows: tuple[HBarRow, ...]
    subtitle: str = ""          # what the chart leaves out, said under its title


@dataclass(frozen=True)
class MonthPoint:
    period: str                 # '2023-03': the month as the rows give it
    x: float                    # the middle of the month, in fractional years
    value: float                # in the view's unit
    rows: int                   # imported values summed
    note: str = ""              # how the month was summed, when it matters


@dataclass(frozen=True)
class MonthlyLine:
    label: str                  # "China imports from Russia — imported: FILE"
    points: tuple[MonthPoint, ...]
    source_file: str | None = None


@dataclass(frozen=True)
class MonthlyView:
    """Imported monthly series at month precision (never yearly sums)."""

    unit: str
    lines: tuple[MonthlyLine, ...] = ()
    more: int = 0               # series not drawn (beyond TOP_MONTHLY)
    not_converted: int = 0      # months without a rate
    pending: bool = False       # to be summed off the UI thread


@dataclass(frozen=True)
class CommodityView:
    stack: CommodityStack | None
    names: Mapping[str, str] = field(default_factory=dict)   # code -> description (legend)
    aggregates_left_out: bool = False                         # a TOTAL row was not stacked on its parts
    caveat: str = ""                                          # what the stack mixes, in a sentence
    pending: bool = False


@dataclass(frozen=True)
class TradeView:
    unit: str
    bilateral: Bilateral
    legend_names: Mapping[str, str]            # series -> short legend name
    events: tuple[EventMark, ...]
    targets: TargetsView
    shares: HBarView
    regional: HBarView
    monthly: MonthlyView
    commodities: CommodityView
    has_monthly: bool
    has_commodities: bool
    notes: tuple[str, ...]                     # what the charts cannot show, in sentences
    marks: Mapping[str, RecordedMark]          # key of a drawn row -> its recorded conflicts

    def plotted(self, chart: str) -> list[Figure]:
        """The figures a chart draws ('bilateral', 'targets', 'regional'), for its citations."""
        if chart == "bilateral":
            return ([b.figure for bars in self.bilateral.series.values() for b in bars]
                    + [g.figure for g in self.bilateral.growth if g.figure])
        if chart == "targets":
            return [b.figure for g in self.targets.groups for b in g.actuals + g.targets]
        if chart == "regional":
            return [r.figure for r in self.shares.rows] + [r.figure for r in self.regional.rows]
        return []
