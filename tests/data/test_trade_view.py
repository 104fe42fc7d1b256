"""The Trade pane's one read per filter change (explorer.data.trade_view), without Qt:
the curated bilateral series as the documents give it, an imported Comtrade file's
China–Russia exports and imports as series of their own, the commodity stack
without TOTAL, monthly imports at month precision, unit conversion, the notes,
and the recorded conflicts of the drawn rows."""
from __future__ import annotations

import pytest

from explorer.data.importing import run_import
from explorer.data.filters import Filter
from explorer.data.trade_view import monthly_view, trade_view
from explorer.data.units import Rates

DOC003 = "Sino-Russian Sub-Regional Cooperation in the Far East and Arctic"

HEADER = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
          "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,classificationCode,cmdCode,cmdDesc,"
          "aggrLevel,isLeaf,primaryValue,isAggregate\n")
#: China's 2022 trade with Russia as UN Comtrade gives it (the real file's TOTAL rows), a part of it,
#: and the World row (a sum over partners).
COMTRADE = [("M", "Import", "643", "RUS", "Russia", "TOTAL", "All Commodities", 114148970877),
            ("X", "Export", "643", "RUS", "Russia", "TOTAL", "All Commodities", 76122649188),
            ("M", "Import", "643", "RUS", "Russia", "27", "Mineral fuels, mineral oils", 81_000_000_000),
            ("M", "Import", "0", "W00", "World", "TOTAL", "All Commodities", 2715997517261)]


def _comtrade(tmp_path, rows=COMTRADE, name="TradeData_2022.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(
        f'C,A,2022,2022,52,2022,156,CHN,China,{fc},{fd},{pc},{iso},{pn},H6,{cmd},"{desc}",2,False,{v},False\n'
        for fc, fd, pc, iso, pn, cmd, desc, v in rows), encoding="utf-8")
    return path


def _bars(view, name):
    return {b.figure.year: b.converted.value for b in view.bilateral.series[name]}


def test_curated_bilateral_series_in_usd_bn(conn):
    view = trade_view(conn, Filter(), "USD bn")
    [title] = [n for n in view.bilateral.series if n.startswith(DOC003)]
    # document 003's table: 1468.8, 1905.7, 2320.0, 2448.195 hundred million USD
    assert _bars(view, title) == pytest.approx({2021: 146.88, 2022: 190.57, 2023: 232.0, 2024: 244.8195})
    assert view.bilateral.unit == "USD bn"
    growth = {g.year: (g.reported, round(g.computed, 1) if g.computed is not None else None)
              for g in view.bilateral.growth}
    assert growth[2023] == (4.9, 21.7)
    assert growth[2024] == (1.9, 5.5)


def test_unit_switch_converts_every_bar(conn):
    view = trade_view(conn, Filter(), "hundred million USD")
    [title] = [n for n in view.bilateral.series if n.startswith(DOC003)]
    assert _bars(view, title) == pytest.approx({2021: 1468.8, 2022: 1905.7, 2023: 2320.0, 2024: 2448.195})
    assert view.bilateral.unit == "hundred million USD"


def test_no_rate_figures_are_a_note_not_a_bar(conn):
    """The bundled rates run 2015–2024: an imported 2012 figure has none, and is a note, not a bar."""
    with conn:
        conn.execute("INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, period,"
                     " period_precision, value, unit, status, source_file, source_row) VALUES ('old', 'trade',"
                     " 'value', 'china', 'russia', 'total', '2012', 'year', 88.16, 'billion USD', 'actual',"
                     " 'old.csv', 2)")
    rates = Rates.load(conn)
    view = trade_view(conn, Filter(), "CNY bn", rates)
    [title] = [n for n in view.bilateral.series if n.startswith(DOC003)]
    assert _bars(view, title) == pytest.approx({y: v * rates.get(y, "CNY").per_usd for y, v in
                                                {2021: 146.88, 2022: 190.57, 2023: 232.0, 2024: 244.8195}.items()})
    assert "imported: old.csv" not in view.bilateral.series
    assert [b.figure.key for b in view.bilateral.not_converted] == ["old"]
    assert "Not converted: no CNY rate for 2012 — cannot convert; " \
           "no RUB/CNY rate for 2030 — cannot convert." in view.notes
    rates_note = next(n for n in view.notes if n.startswith("Rates, CNY per USD: 2021 6.44898, 2022 6.73716"))
    assert "2023 7.3139 (implied by a document's own conversion)" in rates_note


def test_no_rate_years_are_said_in_runs():
    from explorer.data.trade_view import _grouped_rate_notes

    notes = {f"no CNY rate for {y} — cannot convert" for y in (2015, 2016, 2017, 2018, 2021, 2024)}
    assert _grouped_rate_notes(notes | {"km — not money, not converted"}) == [
        "km — not money, not converted", "no CNY rate for 2015–2018, 2021 and 2024 — cannot convert"]


def test_imported_exports_and_imports_are_hatched_series_of_their_own(conn, tmp_path):
    run_import(conn, _comtrade(tmp_path))
    view = trade_view(conn, Filter(), "USD bn")
    imports = "imported: TradeData_2022.csv — China imports from Russia"
    exports = "imported: TradeData_2022.csv — China exports to Russia"
    assert _bars(view, imports) == pytest.approx({2022: 114.148970877})      # the TOTAL row, never + HS 27
    assert _bars(view, exports) == pytest.approx({2022: 76.122649188})
    assert view.bilateral.is_imported(imports) and view.bilateral.is_imported(exports)
    [title] = [n for n in view.bilateral.series if n.startswith(DOC003)]
    assert _bars(view, title)[2022] == pytest.approx(190.57)                  # the curated bar unchanged
    assert not any(b.figure.imported for b in view.bilateral.series[title])
    assert len(view.bilateral.series) == 3                                    # no World, no part of a TOTAL


def test_commodity_stack_leaves_the_total_out_and_names_each_code(conn, tmp_path):
    run_import(conn, _comtrade(tmp_path, COMTRADE + [
        ("M", "Import", "643", "RUS", "Russia", "44", "Wood and articles of wood", 4_000_000_000)]))
    stack = trade_view(conn, Filter(), "USD bn").commodities
    assert [code for code, _g in stack.stack.groups] == ["H6:27", "H6:44"]
    assert stack.stack.total(2022) == pytest.approx(85.0)                     # 81 + 4, never + the TOTAL
    assert stack.aggregates_left_out
    assert dict(stack.names) == {"H6:27": "Mineral fuels, mineral oils", "H6:44": "Wood and articles of wood"}


def _monthly(conn, rows):
    with conn:
        conn.executemany(
            "INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, commodity, period,"
            " period_precision, value, unit, status, source_file, source_row) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(f"m-{i}", "trade", "value", rep, par, flow, cmd, period, "month", value, "thousand USD", "actual",
              "monthly.csv", i) for i, (rep, par, flow, cmd, period, value) in enumerate(rows)])


def test_monthly_imports_are_a_series_at_month_precision(conn):
    _monthly(conn, [("china", "russia", "import", "TOTAL", "2023-01", 9_000_000),
                    ("china", "russia", "import", "27", "2023-01", 6_000_000),      # a part of the TOTAL
                    ("china", "russia", "import", "TOTAL", "2023-02", 8_500_000),
                    ("china", "russia", "export", "27", "2023-01", 1_000_000),      # no TOTAL: its parts,
                    ("china", "russia", "export", "44", "2023-01", 500_000),        # at one level
                    ("china", "russia", "export", "2709", "2023-01", 700_000)])     # a sub-code: left out
    view = trade_view(conn, Filter(), "USD bn")
    assert view.has_monthly
    lines = {line.label: [(p.period, round(p.value, 6)) for p in line.points] for line in view.monthly.lines}
    assert lines == {
        "China imports from Russia — imported: monthly.csv": [("2023-01", 9.0), ("2023-02", 8.5)],
        "China exports to Russia — imported: monthly.csv": [("2023-01", 1.5)],
    }
    export = next(line for line in view.monthly.lines if "exports" in line.label)
    assert export.points[0].note == "sum of 2-character commodity codes"
    assert export.points[0].x == pytest.approx(2023 + 0.5 / 12)


def test_monthly_view_follows_the_filter(conn):
    _monthly(conn, [("china", "russia", "import", None, "2022-12", 2_000_000),
                    ("china", "russia", "import", None, "2023-01", 3_000_000)])
    view = monthly_view(conn, Filter(ranges={"period": ("2023", None)}), "USD bn", Rates.load(conn))
    assert [(p.period, p.value) for line in view.lines for p in line.points] == [("2023-01", 3.0)]


def test_heavy_parts_can_be_left_for_later(conn):
    _monthly(conn, [("china", "russia", "import", None, "2023-01", 3_000_000)])
    view = trade_view(conn, Filter(), "USD bn", defer_heavy=True)
    assert view.monthly.pending and view.monthly.lines == ()


def test_drawn_rows_in_a_recorded_conflict_carry_their_severity(conn):
    view = trade_view(conn, Filter(), "USD bn")
    assert view.marks["tf-cn-ru-trade-2023"].severity == "error"            # cf-table-growth-2023
    assert "cf-table-growth" not in view.marks["tf-cn-ru-trade-2023"].text   # the description, not the id
    assert "Recorded conflict (error)" in view.marks["tf-cn-ru-trade-2023"].text
    assert view.marks["tf-cn-ru-growth-2022"].severity == "info"
    narrowed = trade_view(conn, Filter(facets={"status": "target"}), "USD bn")
    assert "tf-cn-ru-trade-2023" not in narrowed.marks


def test_a_file_with_commodities_only_is_a_note_not_a_made_up_total(conn, tmp_path):
    run_import(conn, _comtrade(tmp_path, [r for r in COMTRADE if r[5] != "TOTAL"], name="parts.csv"))
    view = trade_view(conn, Filter(), "USD bn")
    assert not any(name.startswith("imported:") for name in view.bilateral.series)
    assert "parts.csv: China–Russia by commodity only, no all-commodities figure (not on the bilateral chart; " \
           "see Top commodities)." in view.notes


def test_regional_chart_draws_every_document_figure_and_imported_ones_only_without_them(conn, tmp_path):
    from explorer.data.trade_view import TOP_IMPORTED_REGIONAL

    partners = [(str(100 + i), f"X{i:02d}", f"Partner {i}", 1_000_000_000 * (i + 1)) for i in range(12)]
    rows = [("M", "Import", code, iso, name, "TOTAL", "All Commodities", v) for code, iso, name, v in partners]
    rows += [("M", "Import", "101", "X01", "Partner 1", "27", "Mineral fuels", 5)]
    before = trade_view(conn, Filter(), "USD bn").regional.rows
    run_import(conn, _comtrade(tmp_path, rows))
    view = trade_view(conn, Filter(), "USD bn")
    # the documents' figures keep their scale: a country's imports from the world never flatten them
    assert [r.figure.key for r in view.regional.rows] == [r.figure.key for r in before]
    assert view.regional.subtitle == "13 imported figures in the table only"
    only_imported = trade_view(conn, Filter(facets={"flow": "import"}), "USD bn")     # no document gives one
    values = [r.value for r in only_imported.regional.rows]
    assert values == pytest.approx([12.0, 11.0, 10.0, 9.0, 8.0, 7.0, 6.0, 5.0][:TOP_IMPORTED_REGIONAL])
    assert only_imported.regional.subtitle == "8 of 13 imported figures: the largest for all commodities"


def test_a_stack_of_several_classifications_says_so(conn, tmp_path):
    run_import(conn, _comtrade(tmp_path, COMTRADE))
    assert trade_view(conn, Filter(), "USD bn").commodities.caveat == ""
    path = _comtrade(tmp_path, [("M", "Import", "643", "RUS", "Russia", "03", "Fish", 1_000_000)], name="s4.csv")
    path.write_text(path.read_text(encoding="utf-8").replace(",H6,", ",S4,"), encoding="utf-8")
    run_import(conn, path)
    caveat = trade_view(conn, Filter(), "USD bn").commodities.caveat
    assert caveat.startswith("Codes of 2 classifications stacked (H6, S4)")


def test_free_text_narrows_the_monthly_series_and_the_stack(conn):
    _monthly(conn, [("china", "russia", "import", "TOTAL", "2023-01", 9_000_000),
                    ("heilongjiang", "russia", "import", "27", "2023-01", 2_000_000)])
    with conn:
        conn.execute("UPDATE main.trade_figures SET description = 'crude oil by pipeline' WHERE figure_id = 'm-1'")
    flt = Filter(text="pipeline")
    view = monthly_view(conn, flt, "USD bn", Rates.load(conn))
    assert [(line.label, [p.value for p in line.points]) for line in view.lines] == [
        ("Heilongjiang Province imports from Russia — imported: monthly.csv", [2.0])]
    stack = trade_view(conn, flt, "USD bn").commodities.stack
    assert [code for code, _g in stack.groups] == ["27"] and stack.total(2023) == pytest.approx(2.0)


def test_a_commodity_row_never_drawn_gives_no_rate_note(conn, tmp_path):
    """An imported commodity's figure is not on Regional & shares: no "no CNY rate" note for it."""
    path = _comtrade(tmp_path, [("M", "Import", "156", "CHN", "Vietnam", "27", "Mineral fuels", 5_000_000)],
                     name="vn.csv")
    path.write_text(path.read_text(encoding="utf-8").replace(",2022,2022,52,2022,", ",2012,2012,52,2012,"),
                    encoding="utf-8")
    run_import(conn, path)
    view = trade_view(conn, Filter(), "CNY bn")
    assert not any("2012" in n for n in view.notes)
    assert view.regional.subtitle == "1 imported figure in the table only"
    assert not any(r.figure.imported for r in view.regional.rows)
