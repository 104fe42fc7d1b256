"""The import preview (explorer.data.importing.preview): from the first records only, each column's
first values as written and exactly as the import stores them, with unit and precision; what the
whole file lacks; unknown units with the nearest known ones; problems folded over rows. The
stored side is checked against what run_import really stores for the same rows."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from explorer.data.importing.mapping_file import MappingError, load_mapping
from explorer.data.importing.preview import PREVIEW_RECORDS, nearest_units, preview_import, problem_lines

REAL = Path("/work/shared/real-files")
REPO = Path(__file__).resolve().parents[2]

OWN = ("period,reporter,partner,commodity,value,unit\n"
       "2021年5月,China,Russia,'0111,\"1.234,5\",million USD\n"
       "2021年6月,China,Atlantis,'0112,\"2.000,25\",bcm/d\n"
       "2021年7月,China,Russia,'0113,\"3,5\",bcm/d\n")


def column(preview, header):
    return next(c for c in preview.columns if c.header == header)


def shown(preview, header) -> list[str]:
    return [e.text() for e in column(preview, header).examples]


def test_each_column_shows_its_first_values_as_they_will_be_stored(conn, tmp_path):
    path = tmp_path / "own.csv"
    path.write_text(OWN, encoding="utf-8")
    p = preview_import(conn, path, mapping={"units": {"bcm/d": "bcm/yr"}})
    assert (p.layout, p.dataset, p.header_row, p.rows_read, p.rows_stored) == ("own", "trade", 1, 3, 3)
    assert shown(p, "period") == ["2021年5月 → 2021-05 (month)", "2021年6月 → 2021-06 (month)",
                                  "2021年7月 → 2021-07 (month)"]
    assert shown(p, "value") == ["1.234,5 → 1234.5 million USD", "2.000,25 → 2000.25 bcm/yr", "3,5 → 3.5 bcm/yr"]
    assert shown(p, "commodity")[0] == "'0111 → 0111 (text)"
    assert shown(p, "partner") == ["Russia → russia", "Atlantis → Atlantis (not a known place: kept as written)",
                                   "Russia → russia"]
    assert p.unknown_places == {"Atlantis": 1} and p.unknown_units == {}


def test_an_unknown_unit_is_one_folded_problem_with_the_nearest_known_units(conn, tmp_path):
    path = tmp_path / "own.csv"
    path.write_text(OWN, encoding="utf-8")
    p = preview_import(conn, path)
    assert problem_lines(p.problems) == [
        "rows 3–4 (2 rows), column unit: unit 'bcm/d' not known — nearest: " + ", ".join(nearest_units("bcm/d"))]
    assert nearest_units("bcm/d")[0] == "bcm/yr"             # the rest depends on the vocabulary
    assert p.unknown_units == {"bcm/d": 2}
    assert shown(p, "value")[1] == "2.000,25 (row not stored: a problem in column unit)"
    assert nearest_units("bcm per year")[:1] == ["bcm/yr"]
    assert nearest_units("Mtpa")[:1] == ["Mt/yr"]


def test_a_unit_mapping_stores_the_same_rows_in_the_wizard_engine_and_the_command_line(store, conn, tmp_path):
    """The mapping the wizard saves with the import ('units' as written -> known) is the history's
    mapping JSON; given back to the CLI with --mapping it stores the same rows."""
    path = tmp_path / "own.csv"
    path.write_text(OWN, encoding="utf-8")
    mapping = {"units": {"bcm/d": "bcm/yr"}, "places": {"Atlantis": "russia"}}
    preview = preview_import(conn, path, mapping=mapping)
    run_import(conn, path, mapping=mapping)
    saved = json.loads(conn.execute("SELECT mapping_json FROM imports").fetchone()[0])
    assert saved["units"] == {"bcm/d": "bcm/yr"} and saved["places"] == {"Atlantis": "russia"}
    rows = conn.execute("SELECT period, partner, commodity, value, unit FROM trade_figures "
                        "WHERE source_file = 'own.csv' ORDER BY source_row").fetchall()
    assert rows == [("2021-05", "russia", "0111", 1234.5, "million USD"), ("2021-06", "russia", "0112", 2000.25, "bcm/yr"),
                    ("2021-07", "russia", "0113", 3.5, "bcm/yr")]
    assert [e.stored + " " + e.unit for e in column(preview, "value").examples] == [
        f"{v:g} {u}" for *_, v, u in rows]
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps(saved), encoding="utf-8")
    assert load_mapping(mapping_file)["units"] == {"bcm/d": "bcm/yr"}
    other = tmp_path / "cli.sqlite"
    done = subprocess.run([sys.executable, "-m", "explorer", "--db", str(other), "import", str(path),
                           "--mapping", str(mapping_file)], capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "AMUR_BUNDLED_DB": str(store.bundled)})
    assert done.returncode == 0, done.stderr
    cli = sqlite3.connect(other)
    assert cli.execute("SELECT period, partner, commodity, value, unit FROM trade_figures "
                       "WHERE source_file = 'own.csv' ORDER BY source_row").fetchall() == rows


def test_a_mapping_to_a_unit_nobody_knows_is_refused_by_name(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"units": {"bcm/d": "bananas"}}', encoding="utf-8")
    with pytest.raises(MappingError, match="\"units\" maps 'bcm/d' to 'bananas'; expected a known unit"):
        load_mapping(path)


def test_the_preview_reads_only_the_first_records(conn, tmp_path):
    """A bad cell far down the file is the import's to report; the preview does not read that far."""
    path = tmp_path / "long.csv"
    lines = ["period,reporter,partner,commodity,value,unit"]
    lines += [f"{2000 + i % 20},China,Russia,{i:04d},{i},USD" for i in range(2000)]
    lines.append("2020,China,Russia,9999,n/a,USD")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = preview_import(conn, path)
    assert (p.rows_read, p.rows_stored, p.problems) == (PREVIEW_RECORDS, PREVIEW_RECORDS, [])
    with pytest.raises(ImportRejected, match="row 2002, column value"):
        run_import(conn, path, dry_run=True)


def test_a_file_with_no_unit_asks_for_one_for_the_whole_file(conn, tmp_path):
    path = tmp_path / "nounit.csv"
    path.write_text("period,reporter,partner,value\n2023,China,Russia,28.5\n", encoding="utf-8")
    assert "unit" in preview_import(conn, path).lacking
    p = preview_import(conn, path, mapping={"constants": {"unit": "bcm/year"}})
    assert "unit" not in p.lacking
    assert shown(p, "value") == ["28.5 → 28.5 bcm/yr"]


def test_the_header_row_given_is_the_one_read(conn, tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text("Trade of China with Russia\nperiod,partner,value\n"
                    "period,reporter,partner,value,unit\n2023,China,Russia,1.5,billion USD\n", encoding="utf-8")
    p = preview_import(conn, path, mapping={"header_row": 3})
    assert p.header_row == 3 and p.mapping["header_row"] == 3
    assert shown(p, "value") == ["1.5 → 1.5 billion USD"]


# -- real publisher files: the preview says what the import then stores -----------------------

REAL_CASES = [
    ("gem_ggit_pipelines_RU_CN_MN.csv", "Global Energy Monitor tracker", "energy_figures", "Capacity"),
    ("comtradeplus_TradeData_CHN_imports_2022.csv", "UN Comtrade Plus (API CSV)", "trade_figures", "primaryValue"),
    ("owid_trade-as-share-of-gdp.csv", "Our World in Data grapher CSV", "indicators", "Trade (% of GDP)"),
    ("eurostat_teina200.tsv", "Eurostat bulk TSV", "indicators", "2014"),
    ("eurostat_nrg_ti_gas_custom_2437435.xlsx", "Eurostat Data Browser XLSX", "indicators", "2020"),
    ("wdi_API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv", "World Bank WDI bulk CSV", "indicators", "2015"),
    ("nbs_分省年度数据_GBK.csv", "China NBS (data.stats.gov.cn) export", "indicators", "2024年"),
    ("comtrade_legacy_CHN_S4_2015.csv", "UN Comtrade classic CSV", "trade_figures", "Trade Value (US$)"),
    ("gem_ggit_map_2024-10-08.xlsx", "Global Energy Monitor tracker", "energy_figures", "capacity"),
]


@pytest.mark.parametrize("name, publisher, table, value_column", REAL_CASES)
def test_real_files_preview_what_the_import_stores(conn, name, publisher, table, value_column):
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    p = preview_import(conn, path)
    assert p.publisher == publisher and p.problems == [] and p.lacking == {}
    examples = [e for e in column(p, value_column).examples if e.stored]
    assert examples
    run_import(conn, path)
    for e in examples:
        stored = conn.execute(f"SELECT value, unit FROM {table} WHERE source_file = ? AND source_row = ?",
                              (name, e.row)).fetchall()
        assert (float(e.stored), e.unit) in stored, (e, stored)


def test_gem_capacity_is_previewed_in_its_unit(conn):
    path = REAL / "gem_ggit_pipelines_RU_CN_MN.csv"
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    p = preview_import(conn, path)
    assert shown(p, "Capacity") == ["80 → 80 bcm/yr", "16 → 16 bcm/yr", "57.5 → 57.5 bcm/yr"]
    assert shown(p, "CapacityUnits")[:2] == ["bcm/y → bcm/yr", "bcm/year → bcm/yr"]
    assert shown(p, "StartYear1")[0] == "2003.0 → 2003 (year)"


ROUND_TRIP = ["gem_ggit_pipelines_RU_CN_MN.csv", "comtradeplus_TradeData_CHN_imports_2022.csv",
              "eurostat_teina200.tsv", "nbs_分省年度数据_GBK.csv"]


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_the_history_mapping_of_a_publisher_file_is_taken_back_by_mapping(bundled_path, tmp_path, name):
    """What the history keeps for a publisher's layout (its own column names: 'units_column',
    'reporter_iso') was refused by --mapping ("not a field of energy"); now it stores the same rows."""
    from explorer.data.db import Store

    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    first = Store(workspace=tmp_path / "a.sqlite", bundled=bundled_path).connect()
    run_import(first, path)
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(first.execute("SELECT mapping_json FROM imports").fetchone()[0], encoding="utf-8")
    again = Store(workspace=tmp_path / "b.sqlite", bundled=bundled_path).connect()
    run_import(again, path, mapping=load_mapping(mapping_file))
    for table in ("trade_figures", "energy_figures", "energy_assets", "indicators"):
        sql = f"SELECT * FROM main.{table} ORDER BY rowid"
        assert again.execute(sql).fetchall() == first.execute(sql).fetchall(), table
