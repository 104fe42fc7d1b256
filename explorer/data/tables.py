"""What each pane's table shows, as SQL over the ``all_*`` views, and what else
the pane is: its facets, the milestones exported beside it, the entries search
everywhere opens in it.

One definition serves the window's table models, ``amur-explorer export``,
publish, search and the checks, so that an export is exactly the table the
analyst sees: names rather than ids, dates at their precision, units, document
title and quote. The panes are listed once, in explorer.data.panes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from explorer.data import entries
from explorer.data.entries import EventLink, Subject
from explorer.data.formatting import sql_number_text as _num
from explorer.data.trade import growth_computed_sql, growth_reported_sql
from explorer.data.units import DEFAULT_TARGET, normalised_sql
from explorer.data.formatting import sql_date_text


@dataclass(frozen=True)
class Column:
    key: str                  # CSV header and alias in SQL
    header: str               # shown in the window
    sql: str                  # expression over the spec's FROM clause
    numeric: bool = False     # right-aligned, sorted as numbers
    width: int = 0            # default width in characters (0 = auto)
    #: a place's English name: (alias of the all_places join, the column holding the place id);
    #: the big-table planner filters such a column on the id, where an index can serve
    place: tuple[str, str] | None = None
    #: a stored date that may lie before the common era ('-0499' is 500 BCE): sorted in time
    #: (formatting.sql_date_order), shown in words ('500 BCE'), exported as stored
    dated: bool = False
    #: the widest text the column must show whole ('88,888,888,888,888.888'): its width, when given
    widest: str = ""


@dataclass(frozen=True)
class Facet:
    """A choice above a pane's table that keeps only rows with one value of a column
    (explorer.data.facets offers its choices and turns a choice into the filter's facets).
    ``choices`` and ``narrows`` name functions as ``"package.module:function"``: a pane's
    own data module, which may itself read this module's specs."""

    key: str                  # the column's key, or the facet's own name when ``narrows`` says what it keeps
    noun: str                 # what one value is ("reporter": "Show only one reporter")
    any_text: str = ""        # the "no choice" entry, when not "any <noun>"
    label: str = ""           # a caption before the box ("Side"), when its choices alone do not say
    tip: str = ""             # the box's tooltip, when not "Show only one <noun>"
    width: int = 0            # the box's width in characters (0: as wide as its longest choice)
    several: bool = False     # several values may be chosen (a checklist; the filter keeps any of them)
    as_stored: bool = False   # the column's values labelled as stored ('growth_rate', not 'growth rate')
    #: (conn) -> [(label, value)]: the choices, when not the column's distinct values in order
    choices: str = ""
    #: (conn, value) -> {column key: value or tuple}: what a choice keeps, when not the rows
    #: whose column ``key`` holds it (a region keeps the corridors that touch it)
    narrows: str = ""

    @property
    def any_label(self) -> str:
        return self.any_text or f"any {self.noun}"

    @property
    def tooltip(self) -> str:
        return self.tip or f"Show only one {self.noun}"


@dataclass(frozen=True)
class Says:
    """What a row says when a recorded conflict sets it beside another (the citation panel's
    statements): a label ('Trade figure') and ``sql``, a SELECT of (text, date, doc_id, quote)
    of the row whose id is ``?``."""

    label: str
    sql: str


@dataclass(frozen=True)
class ShownRows:
    """Rows of another table that a pane's rows stand for: a conflict naming one of them
    marks the pane's rows whose keys ``keys_sql`` selects (``:id`` is the named row's id),
    and its statement is what ``says`` reads."""

    table: str
    keys_sql: str
    says: Says | None = None


#: Provenance columns every spec carries (hidden in the table, shown in the citation panel).
PROVENANCE = ("doc_id", "quote", "original_source", "source_file", "source_row", "origin", "claimed_doc",
              "inferred", "figure")


@dataclass(frozen=True)
class TableSpec:
    """A pane's table. Its FROM is ``all_<subject_table> <subject_alias> <joins>`` — the
    subject leads, so that a big workspace's rows can be read from the base table
    instead (explorer.data.big_tables) — or, for a table whose subject does not
    lead, ``from_sql`` as written (never read the big way)."""

    name: str                          # pane name, CSV file name of the export
    title: str
    key_sql: str
    columns: tuple[Column, ...]
    search_sql: tuple[str, ...]        # expressions the text filter looks in
    provenance_sql: dict[str, str] = field(default_factory=dict)
    default_order: str = ""            # column key
    subject_table: str = ""            # the all_* view the rows come from
    subject_alias: str = ""            # its alias, when it leads the FROM clause
    joins: str = ""                    # what follows the subject in the FROM clause
    from_sql: str = ""                 # the whole FROM, for a spec whose subject does not lead
    facets: tuple[Facet, ...] = ()     # choices above the table
    milestones: TableSpec | None = None   # dated events of its subjects, exported beside it
    subjects: tuple[Subject, ...] = ()    # the entries search everywhere opens in this pane
    events: tuple[EventLink, ...] = ()    # the events whose entries open in this pane
    #: rows of other tables its rows stand for (its subject's own rows, by their id, need none)
    shows: tuple[ShownRows, ...] = ()
    #: what one of its rows says in a conflict's statements, when not :meth:`statement`'s default
    says: Says | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def column(self, key: str) -> Column:
        return self.columns[self.keys.index(key)]

    def from_clause(self, subject: str | None = None) -> str:
        """The FROM clause; ``subject`` replaces the ``all_*`` view the rows come from
        (a subquery over one base table) in a spec whose subject leads."""
        if not self.subject_alias:
            return self.from_sql
        source = subject or f"all_{self.subject_table}"
        return f"{source} {self.subject_alias} {self.joins}".rstrip()

    def base_column(self, key: str) -> str | None:
        """The subject's own column a visible column shows as it is ('f.period'), else None."""
        sql = self.column(key).sql
        prefix = f"{self.subject_alias}."
        if self.subject_alias and sql.startswith(prefix) and sql[len(prefix):].isidentifier():
            return sql
        return None

    def statement(self) -> Says:
        """What one of its rows says in a conflict: ``says``, else the row read through the
        spec itself: its description (else its first column), its date, document and quote."""
        if self.says is not None:
            return self.says
        first = self.columns[0].sql
        text = f"coalesce({self.column('description').sql}, {first})" if "description" in self.keys else first
        when = self.column("date").sql if "date" in self.keys else "NULL"
        doc, quote = (self.provenance_sql.get(k, "NULL") for k in ("doc_id", "quote"))
        return Says(self.title, f"SELECT {text}, {when}, {doc}, {quote} FROM {self.from_clause()} "
                                f"WHERE {self.key_sql} = ?")

    def joined_views(self) -> set[str]:
        """The all_* views the FROM clause reads besides the subject's."""
        words = self.from_clause().replace("(", " ").split()
        return {w[len("all_"):] for w in words if w.startswith("all_")} - {self.subject_table}

    def select_sql(self, subject: str | None = None) -> str:
        """The spec as one SELECT: _key, the visible columns, provenance, _search
        (``subject``: as :meth:`from_clause`)."""
        parts = [f"{self.key_sql} AS _key"]
        parts += [f"{c.sql} AS {c.key}" for c in self.columns]
        for name in PROVENANCE:
            parts.append(f"{self.provenance_sql.get(name, 'NULL')} AS _{name}")
        haystack = " || ' ' || ".join(f"coalesce({s}, '')" for s in self.search_sql)
        # fold() (registered on every connection) case-folds Cyrillic too;
        # SQLite's own lower() only folds ASCII.
        parts.append(f"fold({haystack}) AS _search")
        return f"SELECT {', '.join(parts)} FROM {self.from_clause(subject)}"


def _figure(value: str, value_text: str, unit: str, when: str, prefix: str = "NULL") -> str:
    """'US$200 billion (200 billion USD), 2024': what a row states, named in its citation (SQL text)."""
    number = f"{_num(value)} || coalesce(' ' || {unit}, '')"
    amount = (f"(CASE WHEN {value_text} IS NULL OR {value_text} = {_num(value)} THEN "
              f"CASE WHEN {value} IS NOT NULL THEN {number} END "
              f"WHEN {value} IS NOT NULL AND coalesce({unit}, '') <> '%' THEN {value_text} || ' (' || {number} || ')' "
              f"ELSE {value_text} END)")
    rest = f"(coalesce({amount}, '') || coalesce(CASE WHEN {amount} IS NULL THEN '' ELSE ', ' END || {when}, ''))"
    return (f"nullif(CASE WHEN {rest} = '' THEN coalesce({prefix}, '') "
            f"ELSE coalesce({prefix} || ': ', '') || {rest} END, '')")


def _prov(alias: str, *, with_source: bool = True) -> dict[str, str]:
    return {
        "doc_id": f"{alias}.doc_id",
        "quote": f"{alias}.quote",
        "original_source": f"{alias}.original_source" if with_source else "NULL",
        "source_file": f"{alias}.source_file",
        "source_row": f"{alias}.source_row",
        "origin": f"{alias}.origin",
        "claimed_doc": f"{alias}.claimed_doc",      # an imported row's named document: a claim
        "inferred": f"{alias}.inferred",
    }


def _place(key: str, header: str, alias: str, ref: str, width: int) -> Column:
    """A column showing the English name of the place ``ref`` holds (joined as ``alias``),
    or the raw value when the place has none."""
    return Column(key, header, f"coalesce({alias}.name_en, {ref})", width=width, place=(alias, ref))


def _sourced(alias: str, *fallback: str) -> tuple[Column, ...]:
    """The columns a table of cited rows ends with: what the row says in words, then where it
    comes from (the document's title, else its file, else the ``fallback`` columns) and the quote."""
    document = ", ".join(("d.title", f"{alias}.source_file", *fallback))
    return (
        Column("description", "Description", f"{alias}.description", width=40),
        Column("inferred", "Inferred", f"{alias}.inferred", width=20),
        Column("original_source", "Original source", f"{alias}.original_source", width=20),
        Column("document", "Document", f"coalesce({document})", width=30),
        Column("quote", "Quote", f"{alias}.quote", width=60),
    )


def _route_sql(corridor_ref: str) -> str:
    return (
        "(SELECT group_concat(name, ' – ') FROM (SELECT coalesce(p.name_en, cp.place_id) AS name "
        "FROM all_corridor_places cp LEFT JOIN all_places p ON p.place_id = cp.place_id "
        f"WHERE cp.corridor_id = {corridor_ref} ORDER BY cp.seq))"
    )


def _milestones(subject_type: str, pane: str, title: str, join: str, subject: str) -> TableSpec:
    """The dated events of one kind of subject (a pane's milestones: the Harbin fair, a pipeline's
    full-line completion), as a table of their own for exports: the pane's table lists subjects."""
    return TableSpec(
        name=f"{pane}_milestones",
        title=f"{title} milestones",
        subject_table="events",
        subject_alias="e",
        joins=f"{join} AND e.subject_type = '{subject_type}' LEFT JOIN all_documents d ON d.doc_id = e.doc_id",
        key_sql="e.event_id",
        columns=(
            Column("subject", title, subject, width=30),
            Column("event", "Milestone", "e.event", width=10),
            Column("date", "Date", "e.date", width=10),
            Column("precision", "Precision", "e.date_precision", width=7),
            Column("date_end", "Until", "e.date_end", width=8),
            Column("status", "Status", "e.status", width=8),
            Column("value", "Value", "e.value", numeric=True, width=7),
            Column("unit", "Unit", "e.unit", width=8),
            *_sourced("e"),
        ),
        search_sql=(subject, "e.event", "e.date", "e.status", "e.description", "d.title", "e.quote"),
        provenance_sql={**_prov("e"), "figure": _figure("e.value", "NULL", "e.unit", "e.date")},
        default_order="date",
    )


TRADE = TableSpec(
    name="trade",
    title="Trade",
    subject_table="trade_figures",
    subject_alias="f",
    joins=(
        "LEFT JOIN all_places r ON r.place_id = f.reporter "
        "LEFT JOIN all_places pa ON pa.place_id = f.partner "
        "LEFT JOIN all_documents d ON d.doc_id = f.doc_id"
    ),
    key_sql="f.figure_id",
    columns=(
        Column("period", "Period", "f.period", width=14),
        Column("period_precision", "Precision", "f.period_precision", width=6),
        Column("measure", "Measure", "f.measure", width=8),
        _place("reporter", "Reporter", "r", "f.reporter", width=16),
        _place("partner", "Partner", "pa", "f.partner", width=14),
        Column("flow", "Flow", "f.flow", width=7),
        Column("commodity", "Commodity", "f.commodity", width=10),
        Column("value", "Value", "f.value", numeric=True, width=9),
        Column("value_text", "As written", "f.value_text", width=14),
        Column("unit", "Unit", "f.unit", width=16),
        Column("value_normalised", f"Value ({DEFAULT_TARGET})", normalised_sql(DEFAULT_TARGET),
               numeric=True, width=13),
        Column("growth_reported", "Growth % reported", growth_reported_sql("f"), numeric=True, width=15),
        Column("growth_computed", "Growth % computed", growth_computed_sql("f"), numeric=True, width=15),
        Column("approx", "Hedge", "f.approx", width=6),
        Column("status", "Status", "f.status", width=7),
        Column("topic", "Topic", "f.topic", width=8),
        *_sourced("f", "f.doc_id"),
    ),
    search_sql=(
        "f.period", "f.measure", "f.reporter", "r.name_en", "r.name_ru", "r.name_zh",
        "f.partner", "pa.name_en", "pa.name_ru", "pa.name_zh", "f.flow", "f.commodity",
        "f.value_text", "f.unit", "f.status", "f.topic", "f.description", "d.title", "f.quote",
    ),
    provenance_sql={**_prov("f"), "figure": _figure("f.value", "f.value_text", "f.unit", "f.period")},
    default_order="period",
    # free-text reporters can be long: narrow boxes keep the bar at 1280 px
    facets=tuple(Facet(key, key, width=9, as_stored=True)
                 for key in ("reporter", "partner", "flow", "measure", "status")),
    milestones=_milestones("trade", "trade", "Trade figure",
                           "JOIN all_trade_figures s ON s.figure_id = e.subject_id", "s.description"),
    subjects=(entries.TRADE_FIGURES,),
    events=(entries.TRADE_EVENTS,),
    says=Says("Trade figure", "SELECT coalesce(description, value_text), period, doc_id, quote "
                              "FROM all_trade_figures WHERE figure_id = ?"),
)

CORRIDORS = TableSpec(
    name="corridors",
    title="Corridors",
    subject_table="events",
    from_sql=(
        "all_corridors c "
        "LEFT JOIN all_events e ON e.subject_type = 'corridor' AND e.subject_id = c.corridor_id "
        "LEFT JOIN all_documents d ON d.doc_id = coalesce(e.doc_id, c.doc_id)"
    ),
    key_sql="coalesce(e.event_id, c.corridor_id)",
    columns=(
        Column("corridor", "Corridor / project", "c.name_en", width=30),
        Column("kind", "Kind", "c.kind", width=8),
        Column("event", "Milestone", "e.event", width=10),
        Column("date", "Date", "e.date", width=10, dated=True),
        Column("date_end", "Until", "e.date_end", width=8, dated=True),
        Column("precision", "Precision", "e.date_precision", width=7),
        Column("status", "Status", "coalesce(e.status, c.status)", width=8),
        Column("value", "Value", "e.value", numeric=True, width=7),
        Column("unit", "Unit", "e.unit", width=8),
        Column("route", "Route", _route_sql("c.corridor_id"), width=40),
        Column("description", "Description", "coalesce(e.description, c.description)", width=40),
        Column("inferred", "Inferred", "e.inferred", width=20),
        Column("original_source", "Original source", "coalesce(e.original_source, c.original_source)", width=20),
        Column("document", "Document", "coalesce(d.title, e.source_file, c.source_file)", width=30),
        Column("quote", "Quote", "coalesce(e.quote, c.quote)", width=60),
    ),
    search_sql=(
        "c.name_en", "c.name_ru", "c.name_zh", "c.kind", "e.event", sql_date_text("e.date"), "e.status",
        "e.description", "c.description", "d.title", "e.quote", "c.quote", _route_sql("c.corridor_id"),
    ),
    provenance_sql={
        "doc_id": "coalesce(e.doc_id, c.doc_id)",
        "quote": "coalesce(e.quote, c.quote)",
        "original_source": "coalesce(e.original_source, c.original_source)",
        "source_file": "coalesce(e.source_file, c.source_file)",
        "source_row": "coalesce(e.source_row, c.source_row)",
        "origin": "coalesce(e.origin, c.origin)",
        "claimed_doc": "coalesce(e.claimed_doc, c.claimed_doc)",
        "inferred": "e.inferred",
        "figure": _figure("e.value", "NULL", "e.unit", sql_date_text("e.date"),
                          prefix="c.name_en || coalesce(', ' || e.event, '')"),
    },
    default_order="date",
    facets=(Facet("kind", "kind of corridor or project", "All kinds", tip="Show one kind of corridor or project",
                  width=14, choices="explorer.data.corridors:kind_choices"),
            Facet("region", "country or province", "All countries and provinces",
                  tip="Show the corridors that touch a country or province", width=14,
                  choices="explorer.data.corridors:region_choices",
                  narrows="explorer.data.corridors:corridors_in_region")),
    subjects=(entries.CORRIDORS, entries.EVENTS, entries.PLACES),
    events=(entries.CORRIDOR_EVENTS,),
    # a corridor is its milestones' rows, or its own row when it has none
    shows=(ShownRows("corridors", "SELECT event_id FROM all_events WHERE subject_type = 'corridor' AND subject_id = :id "
                                  "UNION ALL SELECT :id WHERE NOT EXISTS (SELECT 1 FROM all_events "
                                  "WHERE subject_type = 'corridor' AND subject_id = :id)",
                     Says("Corridor", "SELECT coalesce(description, name_en), NULL, doc_id, quote "
                                      "FROM all_corridors WHERE corridor_id = ?")),),
    says=Says("Milestone", "SELECT description, date, doc_id, quote FROM all_events WHERE event_id = ?"),
)

ENERGY = TableSpec(
    name="energy",
    title="Energy",
    subject_table="energy_figures",
    subject_alias="f",
    joins=(
        "JOIN all_energy_assets a ON a.asset_id = f.asset_id "
        "LEFT JOIN all_energy_assets pa ON pa.asset_id = a.parent_id "
        "LEFT JOIN all_places fp ON fp.place_id = a.from_place "
        "LEFT JOIN all_places tp ON tp.place_id = a.to_place "
        "LEFT JOIN all_documents d ON d.doc_id = f.doc_id"
    ),
    key_sql="f.figure_id",
    columns=(
        Column("asset", "Asset", "a.name_en", width=30),
        Column("part_of", "Part of", "pa.name_en", width=20),
        Column("commodity", "Commodity", "lower(trim(a.commodity))", width=7),   # one vocabulary: "Gas" is "gas"
        _place("from_place", "From", "fp", "a.from_place", width=12),
        _place("to_place", "To", "tp", "a.to_place", width=12),
        # measure names such as achieved_max_capacity need the room
        Column("measure", "Measure", "f.measure", width=22),
        Column("value", "Value", "f.value", numeric=True, width=8),
        Column("value_text", "As written", "f.value_text", width=14),
        Column("unit", "Unit", "f.unit", width=9),
        Column("approx", "Hedge", "f.approx", width=6),
        Column("date", "Date", "f.date", width=10),
        Column("date_precision", "Precision", "f.date_precision", width=6),
        Column("status", "Status", "f.status", width=8),
        Column("asset_status", "Asset status", "a.status", width=10),
        *_sourced("f"),
    ),
    search_sql=(
        "a.name_en", "a.name_ru", "a.name_zh", "pa.name_en", "a.commodity", "fp.name_en", "fp.name_ru",
        "fp.name_zh", "tp.name_en", "tp.name_ru", "tp.name_zh", "f.measure", "f.unit", "f.status",
        "f.description", "d.title", "f.quote",
    ),
    provenance_sql={**_prov("f"), "figure": _figure("f.value", "f.value_text", "f.unit", "f.date")},
    default_order="asset",
    facets=(Facet("commodity", "commodity", "Any commodity"), Facet("asset_status", "asset status", "Any status"),
            Facet("measure", "measure", "Any measure")),
    milestones=_milestones("energy", "energy", "Energy asset",
                           "JOIN all_energy_assets s ON s.asset_id = e.subject_id", "s.name_en"),
    subjects=(entries.ENERGY_ASSETS, entries.ENERGY_FIGURES),
    events=(entries.ENERGY_EVENTS,),
    # an asset is its figures' rows, and a pipeline those of its segments too
    shows=(ShownRows("energy_assets", "SELECT f.figure_id FROM all_energy_figures f JOIN all_energy_assets a "
                                      "ON a.asset_id = f.asset_id WHERE a.asset_id = :id OR a.parent_id = :id",
                     Says("Energy asset", "SELECT coalesce(description, name_en), NULL, doc_id, quote "
                                          "FROM all_energy_assets WHERE asset_id = ?")),),
    says=Says("Energy figure", "SELECT coalesce(description, value_text), date, doc_id, quote "
                               "FROM all_energy_figures WHERE figure_id = ?"),
)

INSTITUTIONS = TableSpec(
    name="institutions",
    title="Institutions",
    subject_table="institutions",
    subject_alias="i",
    joins="LEFT JOIN all_documents d ON d.doc_id = i.doc_id",
    key_sql="i.inst_id",
    columns=(
        Column("name", "Name", "i.name_en", width=40),
        Column("name_ru", "Russian", "i.name_ru", width=20),
        Column("name_zh", "Chinese", "i.name_zh", width=14),
        Column("kind", "Kind", "i.kind", width=12),
        Column("side", "Side", "i.side", width=8),
        Column("established", "Established / signed", "i.established", width=10),
        Column("established_precision", "Precision", "i.established_precision", width=6),
        Column("valid_from", "Valid from", "i.valid_from", width=8),
        Column("valid_to", "Valid to", "i.valid_to", width=8),
        *_sourced("i"),
    ),
    search_sql=(
        "i.name_en", "i.name_ru", "i.name_zh", "i.kind", "i.side", "i.established",
        "i.description", "d.title", "i.quote",
    ),
    provenance_sql={**_prov("i"), "figure": "CASE WHEN i.established IS NOT NULL THEN "
                                            "'established / signed ' || i.established END"},
    default_order="name",
    facets=(Facet("side", "side", "All sides", label="Side"), Facet("kind", "kind", "All kinds", label="Kind")),
    milestones=_milestones("institution", "institutions", "Institution",
                           "JOIN all_institutions s ON s.inst_id = e.subject_id", "s.name_en"),
    subjects=(entries.INSTITUTIONS,),
    events=(entries.INSTITUTION_EVENTS,),
    says=Says("Institution", "SELECT name_en, established, doc_id, quote FROM all_institutions WHERE inst_id = ?"),
)

INDICATORS = TableSpec(
    name="indicators",
    title="Indicators",
    subject_table="indicators",
    subject_alias="i",
    joins=(
        "LEFT JOIN all_places p ON p.place_id = i.place "
        "LEFT JOIN all_documents d ON d.doc_id = i.doc_id"
    ),
    key_sql="i.figure_id",
    columns=(
        Column("indicator", "Indicator", "i.indicator", width=30),
        _place("place", "Country / region", "p", "i.place", width=18),
        Column("period", "Period", "i.period", width=8),
        # GDP in US$ runs to 14 digits and 3 decimals: the whole number must show
        Column("value", "Value", "i.value", numeric=True, widest="88,888,888,888,888.888"),
        Column("unit", "Unit", "i.unit", width=10),
        Column("price_basis", "Prices", "i.price_basis", width=15),
        Column("flag", "Flag", "i.flag", width=4),
        Column("publisher", "Publisher", "i.publisher", width=22),
        Column("indicator_code", "Indicator code", "i.indicator_code", width=14),
        Column("place_code", "Place code", "i.place_code", width=8),
        Column("description", "Description", "i.description", width=30),
        Column("document", "Document", "coalesce(d.title, i.source_file, i.doc_id)", width=30),
    ),
    search_sql=(
        "i.indicator", "i.indicator_code", "i.place", "p.name_en", "p.name_ru", "p.name_zh", "i.place_code",
        "i.period", "i.unit", "i.price_basis", "i.publisher", "i.description", "d.title",
    ),
    provenance_sql={**_prov("i", with_source=False), "original_source": "i.publisher"},
    default_order="indicator",
    # hundreds of countries and indicators: checklists with a box to find one, read from the series rollup
    facets=(Facet("indicator", "indicator", "Any indicator", width=26, several=True,
                  choices="explorer.data.indicators:indicator_choices"),
            Facet("place", "country or region", "Any country or region", width=26, several=True,
                  choices="explorer.data.indicators:place_choices")),
)

_COUNT_TABLES = ("trade_figures", "corridors", "energy_figures", "institutions", "events", "places")


def _count_by_doc(table: str) -> str:
    """Rows of a table drawn from document d, each side counted on its own: a
    correlated count through the all_* UNION ALL view reads every row (~0.9 s a
    document with a million imported rows); per side it walks the doc_id index."""
    return " + ".join(f"(SELECT count(*) FROM {schema}.{table} x WHERE x.doc_id = d.doc_id)"
                      for schema in ("bundled", "main"))


_DRAWN = " + ".join(_count_by_doc(t) for t in _COUNT_TABLES)

SOURCES = TableSpec(
    name="sources",
    title="Sources",
    subject_table="documents",
    subject_alias="d",
    key_sql="d.doc_id",
    columns=(
        Column("doc_id", "File", "d.doc_id", width=24),
        Column("title", "Title", "d.title", width=50),
        Column("publisher", "Publisher", "d.publisher", width=24),
        Column("author", "Author", "d.author", width=16),
        Column("published", "Published", "d.published", width=10),
        Column("published_precision", "Precision", "d.published_precision", width=6),
        Column("inferred", "Date inferred", "d.inferred", width=20),
        Column("url", "URL / DOI", "coalesce(d.url, 'doi:' || d.doi)", width=20),
        Column("rows_drawn", "Rows drawn", _DRAWN, numeric=True, width=6),
        Column("figures", "Figures", f"{_count_by_doc('trade_figures')} + {_count_by_doc('energy_figures')}",
               numeric=True, width=6),
        Column("description", "Description", "d.description", width=50),
    ),
    search_sql=("d.doc_id", "d.title", "d.publisher", "d.author", "d.published", "d.description"),
    provenance_sql={"doc_id": "d.doc_id", "quote": "NULL", "origin": "d.origin"},
    default_order="doc_id",
    subjects=(entries.DOCUMENTS,),
    says=Says("Document", "SELECT title, published, doc_id, NULL FROM all_documents WHERE doc_id = ?"),
)

#: The panes' tables in tab order.
SPECS: tuple[TableSpec, ...] = (TRADE, CORRIDORS, ENERGY, INSTITUTIONS, SOURCES, INDICATORS)
SPECS_BY_NAME: dict[str, TableSpec] = {s.name: s for s in SPECS}
