"""The Energy Institute's (before 2023, bp's) Statistical Review of World Energy "all data"
workbook, into the indicators dataset.

Each indicator sheet ('Oil Production - tonnes', 'Gas Production - Bcm', 'Primary energy cons -
EJ') is laid out alike in every edition since 2019:

- row 1 names the indicator ('Oil: Production*'), the header's first cell its unit
  ('Million tonnes', 'Billion cubic metres', 'Exajoules');
- the header runs through the years (1965 … 2023), then repeats the latest year over the
  *growth rate* of that year, a span ('2013-23') over the decade's growth rate per annum and
  the latest year again over its *share* of the world: none of them is a value of the
  indicator, and none is stored;
- places run down the rows: countries, and the Review's own aggregates ('Total North America',
  'Other S. & Cent. America', 'USSR', 'Total World', 'of which: OECD', 'Non-OECD',
  'European Union #'), kept as the regions they are, never resolved to a country;
- footnotes follow ('Source: …', '* …', '^ Less than 0.05.', 'w Less than 0.05%', 'n/a …');
  '-', 'n/a', '^' in a value cell mean no figure: no row, never 0.

Imported without ``--sheet``, the workbook's every indicator sheet is imported in one import
(all or nothing): the Review is one publication that an analyst reads across indicators
(production beside consumption, gas beside oil), sheets of other layouts (prices by year,
trade matrices, reserves at year ends, tables by fuel) are listed as not imported. With
``--sheet NAME`` only that sheet is read, and a sheet of another layout is refused by name.
"""
from __future__ import annotations

import functools
import re
from pathlib import PurePath

from explorer.data.importing.publishers import year_tables as yt

#: Sheets of other layouts in the Review, named when a sheet the user chose is refused.
_NOT_A_SERIES = "a Statistical Review table of countries by year (a unit, then the years, in its header row)"
#: The value cells that mean "no figure": not available, not applicable, less than the shown precision.
_NO_FIGURE = {"-", "–", "—", "--", "---", "n/a", "na", "^", "w", "♦", "*", ""}
#: How far down a sheet its header row is looked for (the reserves history has five rows above it).
_HEADER_ROWS = 10
_CONTENTS = re.compile(r"statistical review of world energy", re.I)
_EDITION_IN_TITLE = re.compile(r"\b((?:19|20)\d\d)\b")
#: A footnote mark closing a label or title: 'European Union #', 'Oil: Production*', 'Brazil1', 'Thousand tonnes1'
_MARKS = re.compile(r"(?:\s*[*#^♦†]+|(?<=[a-z])\d{1,2})+\s*$")
_OF_WHICH = re.compile(r"^of which:\s*", re.I)
_UNIT_IN_BRACKETS = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


def _clean(label) -> str:
    return _MARKS.sub("", yt.text(label)).strip()


def is_header(cells: list, strict: bool) -> bool:
    """A header row: a unit, then increasing years from column B. ``strict`` (a file not known
    to be the Review) asks also for the Review's tail: the latest year again or a span ('2013-23')."""
    if not cells or yt.header_year(cells[0]) is not None or not yt.text(cells[0]):
        return False
    years = yt.year_run(cells)
    if len(years) < 2:
        return False
    if not strict:
        return True
    after = [yt.text(c) for c in cells[max(years) + 1:]]
    latest = str(years[max(years)])
    return any(a == latest or re.fullmatch(r"\d{4}\s*-\s*\d{2,4}", a) or a.lower().startswith(("share", "growth"))
               for a in after)


def sheet_probe(header, idx) -> "yt.YearTablesLayout | None":
    """A Review sheet (or one saved as CSV): its header row ('Million tonnes', 1965, …, 2023, 2023, '2013-23', 2023)."""
    if not is_header(list(header), strict=True):
        return None
    return yt.layout("energy_institute", _read)


def workbook_probe(header, idx) -> "yt.YearTablesLayout | None":
    """The Review's 'Contents' sheet ('2024 Energy Institute Statistical Review of World Energy',
    'bp Statistical Review of World Energy June 2020'): the workbook, read sheet by sheet."""
    first = yt.text(header[0]) if header else ""
    if not _CONTENTS.search(first) or len([h for h in header if yt.text(h)]) > 3:
        return None
    return yt.layout("energy_institute", _read)


def _read(layout: "yt.YearTablesLayout", info):
    """Every row of the sheets this import reads, as year_tables.row gives them."""
    edition = _edition(info)
    # no sheet chosen (or the Contents sheet): the whole Review; else the sheet chosen
    read_all = layout.sheet_asked is None or _is_contents(layout.sheet_asked)
    named: dict[tuple, str | None] = {}      # (indicator, unit) -> the sheet that gave it that name
    yield from yt.sheet_records(info, read_all, lambda title, rows, strict: _sheet(
        layout, info, title, rows, edition, named, strict=strict))


def _is_contents(sheet: str | None) -> bool:
    return sheet is not None and sheet.strip().lower() == "contents"


def _edition(info) -> int | None:
    """The edition: from the Contents sheet's title, else the file name ('bp-stats-review-2020-all-data.xlsx')."""
    lines = yt.first_cells(info, 12) if info.kind == "xlsx" else []
    for line in lines + [PurePath(info.path).name]:
        if _CONTENTS.search(line) or "stats-review" in line.lower() or "statistical" in line.lower():
            m = _EDITION_IN_TITLE.search(line)
            if m:
                return int(m.group(1))
    return None


def publisher(edition: int | None) -> str:
    """Who published the edition: bp until 2022, the Energy Institute from 2023."""
    if edition is None:
        return "Energy Institute, Statistical Review of World Energy"
    if edition <= 2022:
        return f"bp, Statistical Review of World Energy {edition}"
    return f"Energy Institute, Statistical Review of World Energy {edition}"


def _sheet(layout, info, title: str | None, rows, edition: int | None, named: dict, strict: bool):
    """The rows of one sheet's table; a sheet of another layout is noted (or, chosen by the
    user, refused)."""
    name = title or PurePath(info.path).name
    above, header = yt.title_and_header(rows, lambda cells: is_header(cells, strict=False), _HEADER_ROWS)
    if header is None:
        return _not_a_series(layout, info, title, strict, "no header row of a unit and years", 1)
    table = _table(title, above, header[1], edition)
    yt.say_years_left_unread(layout, title, header[1], table.years)
    key = (table.fields["indicator"], table.fields["unit"])
    if named.setdefault(key, title) != title:
        # two sheets under one title and unit (2021: 'Carbon Dioxide Emissions' and 'CO2 Excluding
        # Flaring'): the sheet's name tells them apart, never one series of both
        table.fields["indicator"] = f"{table.fields['indicator']} ({title})"
    seen: dict[str, int] = {}
    data = False
    for row_no, cells in rows:
        label = yt.text(cells[0]) if cells else ""
        filled = [i for i in table.years if i < len(cells) and yt.text(cells[i])]
        if not filled:
            if label and any(ch.isalpha() for ch in label) and not data:
                # a heading above the first data row ('Imports', 'North America'): the rows under it
                # are not places ('Light distillates') or not one series (imports, then exports)
                return _not_a_series(layout, info, title, strict,
                                     f"sub-tables under headings (row {row_no}: {label!r})", row_no)
            continue                  # a footnote, a blank line, a heading under the table
        place = _place(label)
        if not place:
            continue
        if place in seen:
            # the places again: a second table under the first (biofuels by fuel type)
            layout.reading.left_out.append(f"sheet {name!r} rows {row_no}– (a second table: its places "
                                           f"repeat rows {seen[place]}–)")
            return
        seen[place] = row_no
        data = True
        yield row_no, yt.row(place, _ISO.get(place.lower()), table, cells, row_no, _value)
    if not data:
        return _not_a_series(layout, info, title, strict, "no rows of places with figures", header[0])


def _not_a_series(layout, info, title, strict: bool, why: str, row_no: int):
    if strict:
        raise yt.refuse(info, row_no, "(sheet)", _NOT_A_SERIES, f"sheet {title!r}: {why}")
    if title is None:
        raise yt.refuse(info, row_no, "(header)", _NOT_A_SERIES, why)
    if not _is_contents(title):
        layout.reading.left_out.append(f"sheet {title!r} ({why}; not a table of countries by year)")
    return iter(())


def _table(title: str | None, above: list[list], header: list, edition: int | None) -> yt.Table:
    years = yt.year_run(header)
    latest = years[max(years)]
    edition = edition or latest + 1              # an edition carries the figures of the year before it
    unit, qualifier = _unit(header[0])
    titles = [_clean(cells[0]) for cells in above
              if cells and yt.text(cells[0]) and yt.text(cells[0]).lower() != "contents"
              and not yt.text(cells[0]).lower().startswith("the methodology")]
    name = ": ".join(t for t in [*titles, qualifier] if t) or (title or "").strip()
    return yt.Table(title, years, {"indicator": name, "indicator_code": (title or "").strip() or None,
                                   "unit": unit, "price_basis": None, "publisher": publisher(edition)})


def _unit(cell) -> tuple[str, str]:
    """(unit, what it qualifies): 'Million tonnes ' -> ('Million tonnes', ''); 'Installed Capacity
    (Gigawatts)' -> ('Gigawatts', 'Installed Capacity'); 'Exajoules (input-equivalent)*' stays whole."""
    from explorer.data.importing.errors import CellError
    from explorer.data.importing.parse import parse_unit

    label = _clean(cell)
    m = _UNIT_IN_BRACKETS.match(label)
    if m:
        try:
            parse_unit(m.group(2))
        except CellError:
            return label, ""
        return m.group(2).strip(), m.group(1).strip()
    return label, ""


#: The groupings the Review lists as 'of which: OECD' under the world: 'of which:' only says so.
_GROUPINGS = {"oecd", "non-oecd", "opec", "non-opec", "european union", "eu"}
#: The Review's short names of countries that ISO 3166 (pycountry) spells otherwise, as ISO codes:
#: the code places them beside other publishers' figures; the name stays as the Review writes it.
_ISO = {"trinidad & tobago": "TT", "turkey": "TR", "brunei": "BN", "china hong kong sar": "HK",
        "curacao": "CW", "dr congo": "CD", "democratic republic of congo": "CD", "republic of congo": "CG",
        "the dominican republic": "DO"}


def _place(label: str) -> str:
    """A place as the Review names it, its footnote marks aside ('European Union #' -> 'European
    Union', 'of which: OECD' -> 'OECD'); aggregates stay as written, and a part of a place that is
    no grouping keeps its 'of which:' ('of which: Under active development')."""
    name = _clean(label)
    rest = _OF_WHICH.sub("", name).strip()
    return rest if rest.lower() in _GROUPINGS else name


#: A value cell; the Review's markers of no figure are blank (no row).
_value = yt.blanking(_NO_FIGURE)


# -- the consolidated dataset (CSV), panel and narrow -------------------------------------
#
# Since 2020 the Review is also published as one CSV of every country's every variable by year:
# the "panel" format ``Country,Year,[pop,]ISO3166_alpha3,ISO3166_numeric,Region,SubRegion,OPEC,EU,
# OECD,CIS,<variable>…`` (one column per variable: ``gasprod_bcm``, ``oilprod_kbd``, ``coalprod_mt``,
# ``co2_mtco2``…) and the "narrow" format ``…,CIS,Var,Value`` (one variable per row). A variable's
# unit is the suffix of its name; a variable whose suffix names no unit (``primary_eintensity``)
# is not imported and listed among the ignored columns. The Review's aggregates ('Total World',
# 'Total OECD', 'Other Asia Pacific', coded 'WLD', 'T-OECD', 'O-AP') keep their names and no code.

#: A variable's unit from the end of its name, longest first; variables named in full first.
_VAR_UNITS = {"pop": "million persons", "co2_combust_pc": "t CO2 per capita",
              "co2_combust_per_ej": "Mt CO2 per EJ"}
_SUFFIX_UNITS = (("_twh_net", "TWh"), ("_mtco2e", "Mt CO2e"), ("_mtco2", "Mt CO2"), ("_ej_pc", "GJ per capita"),
                 ("_kboed", "thousand boe/d"), ("_bcfd", "bcf/d"), ("_twh", "TWh"), ("_bcm", "bcm"),
                 ("_tcm", "tcm"), ("_kbd", "thousand bbl/d"), ("_bbl", "billion bbl"), ("_pct", "%"),
                 ("_ej", "EJ"), ("_pj", "PJ"), ("_mt", "Mt"), ("_kt", "thousand t"), ("_gw", "GW"),
                 ("_mw", "MW"))
#: electricity generation by fuel ('electbyfuel_coal'): TWh, as the Review's table of it says
_PREFIX_UNITS = (("electbyfuel_", "TWh"),)
#: the columns that describe the place, not a variable
_PANEL_PLACE_COLUMNS = {"country", "year", "iso3166alpha3", "iso3166numeric", "region", "subregion", "opec",
                        "eu", "oecd", "cis"}


def variable_unit(name: str) -> str | None:
    """The unit a consolidated-dataset variable's name gives ('gasprod_bcm' -> 'bcm'), or None."""
    var = name.strip().lower()
    if var in _VAR_UNITS:
        return _VAR_UNITS[var]
    found = next((u for prefix, u in _PREFIX_UNITS if var.startswith(prefix)), None)
    return found or next((u for suffix, u in _SUFFIX_UNITS if var.endswith(suffix)), None)


def _is_consolidated(idx: dict) -> bool:
    return {"country", "year", "iso3166alpha3"} <= idx.keys()


def panel_probe(header, idx):
    """The panel format: one column per variable."""
    from explorer.data.importing import layouts as _layouts
    from explorer.data.importing.datasets import get_dataset, norm

    if not _is_consolidated(idx) or "var" in idx:
        return None
    series = [(i, {"indicator": str(h).strip(), "indicator_code": str(h).strip(), "unit": variable_unit(str(h))})
              for i, h in enumerate(header)
              if norm(h) not in _PANEL_PLACE_COLUMNS and str(h).strip() and variable_unit(str(h))]
    if not series:
        return None
    state = {"publisher": publisher(None)}
    layout = _layouts.Layout("energy_institute_panel", get_dataset("indicators"), _place_columns(idx),
                             header=header, series=series, transform=_consolidated_row(state),
                             constants={"publisher": state["publisher"]})
    layout.with_file_name = _edition_from_name(layout, state)
    return layout


def narrow_probe(header, idx):
    """The narrow format: ``…,Var,Value``, one variable per row."""
    from explorer.data.importing import layouts as _layouts
    from explorer.data.importing.datasets import get_dataset

    if not _is_consolidated(idx) or not {"var", "value"} <= idx.keys():
        return None
    cols = _place_columns(idx) | {"var": idx["var"], "value": idx["value"]}
    state = {"publisher": publisher(None)}
    row_fields = _consolidated_row(state)
    unread: set[str] = set()

    def transform(raw: dict) -> dict | None:
        out = row_fields(raw)
        if out is None:
            return None
        var = str(raw.get("var") or "").strip()
        unit = variable_unit(var)
        if var and unit is None:
            # a variable whose name says no unit ('primary_eintensity'): never stored without one
            if var not in unread:
                unread.add(var)
                layout.left_out.append(f"Var {var!r} (its name gives no unit)")
            return None
        return {**out, "indicator": var or None, "indicator_code": var or None, "unit": unit,
                "value": raw.get("value")}

    layout = _layouts.Layout("energy_institute_narrow", get_dataset("indicators"), cols, header=header,
                             transform=transform, constants={"publisher": state["publisher"]})
    layout.with_file_name = _edition_from_name(layout, state)
    return layout


def _place_columns(idx: dict) -> dict[str, int]:
    return {"place": idx["country"], "period": idx["year"], "place_code": idx["iso3166alpha3"]}


def _consolidated_row(state: dict):
    def transform(raw: dict) -> dict | None:
        place = str(raw.get("place") or "").strip()
        if not place:
            return None
        code = str(raw.get("place_code") or "").strip().upper()
        out = {"place": place, "publisher": state["publisher"], "period": raw.get("period")}
        out["place_code"] = code if _iso_alpha3(code) else None    # 'WLD', 'T-OECD', 'O-AP': aggregates
        return out
    return transform


@functools.lru_cache(maxsize=1024)       # a file names a few hundred places, on every row
def _iso_alpha3(code: str) -> bool:
    """A country's ISO 3166 alpha-3 code, current or former ('SUN', the USSR)."""
    import pycountry  # loads its tables on first use, off the start-up path

    if len(code) != 3 or not code.isalpha():
        return False
    return bool(pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code))


def _edition_from_name(layout, state: dict):
    """The edition the file's name gives ('bp-stats-review-2022-consolidated-dataset-panel-format.csv')."""
    def with_file_name(file_name: str) -> None:
        m = _EDITION_IN_TITLE.search(file_name)
        state["publisher"] = publisher(int(m.group(1)) if m else None)
        layout.constants["publisher"] = state["publisher"]
    return with_file_name


#: The probes layouts.PUBLISHERS tries, and the layout names a saved mapping uses.
PROBES = (workbook_probe, sheet_probe, panel_probe, narrow_probe)


any_probe = yt.either_probe(workbook_probe, sheet_probe)

BY_NAME = {"energy_institute": any_probe, "energy_institute_panel": panel_probe,
           "energy_institute_narrow": narrow_probe}
