"""Publisher layouts against the app's own layout of the SAME rows (issue 15: "importing a
publisher file runs at least as fast, rows per second, as the app's own layout of the same rows").

For each publisher layout that carries many rows in practice a SYNTHETIC file of about N values is
written in that publisher's exact layout (header, preamble, quoting, value spellings copied from the
real files in ../shared/real-files/ and tests/fixtures/import/), and beside it the same figures in
the app's own template layout of that subject (trade, indicators, energy). Each is imported through
the real path (``run_import``, as bench_import does) in a fresh process of its own, A B A B …; both
workspaces are then checked to hold the same stored rows (every row, ids and provenance aside), and
the ratio (publisher rows/s) / (own layout rows/s) is printed as min/median/max (target ≥ 1.0×).

    python -m bench.bench_publisher_import [--values N] [--quick] [--rounds R] [--layout NAME …]

All figures are made up (names of countries are ISO 3166's); nothing here is bundled.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from bench.common import PY, REPO

TARGET = 1.0
DEFAULT_VALUES = 200_000
QUICK_VALUES = 20_000

CHILD = """
import sys, time
from pathlib import Path
from explorer.data.db import Store
from explorer.data.importing import run_import
store = Store(workspace=Path(sys.argv[1]), bundled=Path(sys.argv[2]))
conn = store.connect()
t, c = time.perf_counter(), time.process_time()
s = run_import(conn, Path(sys.argv[3]))
dt, dc = time.perf_counter() - t, time.process_time() - c
conn.close()
print(dt, dc, s.added, s.layout)
"""


# -- places (ISO 3166 names, as the publishers' own files carry them) ---------------------------------

def countries() -> list[tuple[str, str, str, str]]:
    """(alpha-2, alpha-3, numeric, name as ISO names it) of every ISO 3166 country, sorted by alpha-3."""
    import pycountry

    return sorted((c.alpha_2, c.alpha_3, c.numeric, getattr(c, "common_name", None) or c.name)
                  for c in pycountry.countries)


def _writer(path: Path, delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL, encoding: str = "utf-8"):
    fh = path.open("w", encoding=encoding, newline="")
    return fh, csv.writer(fh, delimiter=delimiter, quoting=quoting, lineterminator="\n")


TRADE_OWN = ("period", "reporter", "partner", "flow", "commodity", "value", "unit", "description", "original_source")
INDICATOR_OWN = ("place", "place_code", "indicator", "indicator_code", "period", "value", "unit", "publisher",
                 "flag", "description")


def _hs6(rng: random.Random, n: int) -> list[tuple[str, str]]:
    codes = sorted({f"{rng.randrange(1, 98):02d}{rng.randrange(1, 100):02d}{rng.randrange(0, 100):02d}"
                    for _ in range(n * 2)})[:n]
    return [(c, f"Goods of heading {c[:4]}, kind {c[4:]} (synthetic)") for c in codes]


def _trade_records(n: int) -> Iterator[tuple]:
    """(year, reporter (code, iso, name), partner (code, iso, name), flow letter, hs6, description, value):
    n distinct figures, China reporting on every ISO country, both flows, 2015-2023."""
    rng = random.Random(15)
    partners = [(num.lstrip("0") or "0", a3, name) for _a2, a3, num, name in countries() if a3 != "CHN"]
    years = range(2015, 2024)
    per_code = len(partners) * 2 * len(years)
    goods = _hs6(rng, n // per_code + 1)
    k = 0
    for code, desc in goods:
        for year in years:
            for flow in ("M", "X"):
                for partner in partners:
                    if k == n:
                        return
                    k += 1
                    yield year, ("156", "CHN", "China"), partner, flow, code, desc, rng.randrange(1000, 10**10)


def comtrade_plus(n: int, pub: Path, own: Path) -> None:
    """The Comtrade Plus API's CSV (47 columns as the real download, floats such as 3159813913.0,
    True/False); own twin: the trade template."""
    header = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,"
              "flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
              "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,"
              "customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,"
              "altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,"
              "cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate").split(",")
    fp, wp = _writer(pub)
    fo, wo = _writer(own)
    wp.writerow(header)
    wo.writerow(TRADE_OWN)
    for year, rep, par, flow, code, desc, value in _trade_records(n):
        fdesc = "Import" if flow == "M" else "Export"
        wp.writerow(["C", "A", f"{year}0101", year, 52, year, rep[0], rep[1], rep[2], flow, fdesc, par[0], par[1],
                     par[2], 0, "W00", "World", "H5", "HS", "True", code, desc, 6, "True", "C00", "TOTAL CPC", 0, 0,
                     "TOTAL MOT", 8, "kg", f"{value // 7}.0", "False", -1, "N/A", "0.0", "False", f"{value // 7}.0",
                     "False", "0.0", "False", f"{value}.0" if flow == "M" else "", "" if flow == "M" else f"{value}.0",
                     f"{value}.0", 0, "False", "False"])
        wo.writerow([year, rep[2], par[2], "import" if flow == "M" else "export", f"H5:{code}", value, "USD", desc,
                     "UN Comtrade"])
    fp.close()
    fo.close()


def comtrade_classic(n: int, pub: Path, own: Path) -> None:
    """comtrade.un.org's classic 'Download CSV' (35 columns, as comtrade_legacy_CHN_S4_2015.csv)."""
    header = ("Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,"
              "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,2nd Partner Code,2nd Partner,"
              "2nd Partner ISO,Customs Proc. Code,Customs,Mode of Transport Code,Mode of Transport,Commodity Code,"
              "Commodity,Qty Unit Code,Qty Unit,Qty,Alt Qty Unit Code,Alt Qty Unit,Alt Qty,Netweight (kg),"
              "Gross weight (kg),Trade Value (US$),CIF Trade Value (US$),FOB Trade Value (US$),Flag").split(",")
    fp, wp = _writer(pub)
    fo, wo = _writer(own)
    wp.writerow(header)
    wo.writerow(TRADE_OWN)
    for year, rep, par, flow, code, desc, value in _trade_records(n):
        fname = "Import" if flow == "M" else "Export"
        wp.writerow(["H4", year, year, year, 6, 1, 1 if flow == "M" else 2, fname, rep[0], rep[2], rep[1], par[0],
                     par[2], par[1], "", "", "", "", "", "", "", code, desc, 8, "Weight in kilograms", value // 9,
                     "", "", "", value // 9, "", value, "", "", 0])
        wo.writerow([year, rep[2], par[2], fname.lower(), f"H4:{code}", value, "USD", desc, "UN Comtrade"])
    fp.close()
    fo.close()


def _value(rng: random.Random) -> str:
    return f"{rng.uniform(0.01, 1e6):.6g}"


def owid(n: int, pub: Path, own: Path) -> None:
    """Our World in Data grapher CSV: Entity,Code,Year and three indicator columns with units."""
    indicators = (("Trade", "% of GDP"), ("GDP per capita", "constant 2015 US$"), ("Coal production", "terawatt-hours"))
    places = countries()
    rows = n // len(indicators) + 1
    years = list(range(2023 - rows // len(places), 2024))
    rng = random.Random(1)
    fp, wp = _writer(pub)
    fo, wo = _writer(own)
    wp.writerow(["Entity", "Code", "Year", *(f"{i} ({u})" for i, u in indicators)])
    wo.writerow(INDICATOR_OWN)
    k = 0
    for _a2, a3, _num, name in places:
        for year in years:
            if k >= n:
                break
            cells = [_value(rng) if (k + j) % 17 else "" for j in range(len(indicators))]   # OWID leaves gaps
            wp.writerow([name, a3, year, *cells])
            for (ind, unit), cell in zip(indicators, cells):
                k += 1
                if cell:
                    wo.writerow([name, a3, ind, "", year, cell, unit, "Our World in Data", "", ""])
    fp.close()
    fo.close()


def wdi(n: int, pub: Path, own: Path) -> None:
    """World Bank WDI bulk CSV: four preamble lines, every cell quoted, years 1960-2023, a trailing comma."""
    years = list(range(1960, 2024))
    indicators = [(f"Indicator {i:02d} of the economy (current US$)", f"SYN.IND.{i:02d}.CD") for i in range(40)]
    indicators[1] = ("Exports of goods and services (% of GDP)", "NE.EXP.GNFS.ZS")
    indicators[2] = ("GDP per capita (constant 2015 US$)", "NY.GDP.PCAP.KD")
    rng = random.Random(2)
    fp = pub.open("w", encoding="utf-8-sig", newline="")
    fp.write('"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-06-28",\n\n')
    wp = csv.writer(fp, quoting=csv.QUOTE_ALL, lineterminator=",\n")
    fo, wo = _writer(own)
    wp.writerow(["Country Name", "Country Code", "Indicator Name", "Indicator Code", *map(str, years)])
    wo.writerow(INDICATOR_OWN)
    k = 0
    for name, code in indicators:
        for _a2, a3, _num, place in countries():
            if k >= n:
                break
            cells = [_value(rng) if (k + j) % 5 else "" for j in range(len(years))]    # early years are blank
            k += len(years)
            wp.writerow([place, a3, name, code, *cells])
            ind, unit = name.rsplit(" (", 1)
            for year, cell in zip(years, cells):
                if cell:
                    wo.writerow([place, a3, ind, code, year, cell, unit[:-1], "World Bank, World Development Indicators",
                                 "", ""])
    fp.close()
    fo.close()


EUROSTAT_GEOS = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
                 "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "UK", "NO", "CH", "EU27_2020",
                 "EA20", "TR", "RS", "IS", "ME", "MK", "AL", "BA", "XK")


def _eurostat_place(geo: str) -> str:
    import pycountry

    iso = {"EL": "GR", "UK": "GB"}.get(geo, geo)
    c = pycountry.countries.get(alpha_2=iso) if len(iso) == 2 else None
    return (getattr(c, "common_name", None) or c.name) if c else geo


def eurostat(n: int, pub: Path, own: Path) -> None:
    """Eurostat's 2023+ bulk TSV (``freq,unit,na_item,geo\\TIME_PERIOD``, quarters, values with a
    trailing space, flags such as '628 e', ':' and ': c' where there is no value)."""
    quarters = [f"{y}-Q{q}" for y in range(2000, 2024) for q in range(1, 5)]
    items = [f"B{i}" for i in range(1, 200)]
    units = (("MIO_EUR", "million EUR"), ("PC_GDP", "% of GDP"))      # Eurostat's unit codes and what they mean
    rng = random.Random(3)
    fp = pub.open("w", encoding="utf-8", newline="")
    fp.write("freq,unit,na_item,geo\\TIME_PERIOD\t" + "\t".join(q + " " for q in quarters) + "\n")
    fo, wo = _writer(own)
    wo.writerow(INDICATOR_OWN)
    dataset = pub.name.split(".")[0].removeprefix("estat_")
    k = 0
    for item in items:
        for code, unit in units:
            for geo in EUROSTAT_GEOS:
                if k >= n:
                    break
                place = _eurostat_place(geo)
                cells = []
                for q in quarters:
                    k += 1
                    roll = rng.random()
                    if roll < 0.05:
                        cells.append(": " if roll < 0.03 else ": c")
                        continue
                    value, flag = f"{rng.uniform(-5e4, 5e4):.1f}", ("p" if roll < 0.15 else "e" if roll < 0.2 else "")
                    cells.append(f"{value} {flag}" if flag else f"{value} ")
                    wo.writerow([place, geo, f"{dataset}: na_item={item}", dataset, q, value, unit, "Eurostat", flag, ""])
                fp.write(f"Q,{code},{item},{geo}\t" + "\t".join(cells) + "\n")
    fp.close()
    fo.close()


def faostat(n: int, pub: Path, own: Path) -> None:
    """FAOSTAT's website download (normalized: one value a row, every cell quoted, a BOM, CPC codes with
    dots and leading zeros, flags and their descriptions; M = missing, no row)."""
    items = [(f"0{1100 + i * 7:04d}.{i % 3:02d}", f"Crop number {i} (synthetic)") for i in range(120)]
    elements = (("5312", "Area harvested", "ha"), ("5412", "Yield", "kg/ha"), ("5510", "Production", "t"))
    flags = (("A", "Official figure"), ("E", "Estimated value"), ("I", "Imputed value"), ("M", "Missing value"))
    years = range(1961, 2023)
    rng = random.Random(4)
    fp = pub.open("w", encoding="utf-8-sig", newline="")
    wp = csv.writer(fp, quoting=csv.QUOTE_ALL, lineterminator="\n")
    fo, wo = _writer(own)
    fp.write("Domain Code,Domain,Area Code (ISO3),Area,Element Code,Element,Item Code (CPC),Item,Year Code,Year,"
             "Unit,Value,Flag,Flag Description\n")
    wo.writerow(INDICATOR_OWN)
    k = 0
    for a2, a3, _num, place in countries():
        if a3 == "CHN":                    # FAO's 'China' is an aggregate of its own (publishers/faostat.py)
            continue
        for code, item in items:
            for ecode, element, unit in elements:
                if k >= n:
                    break
                for year in years:
                    k += 1
                    roll = rng.random()            # a few values missing (M), most official or estimated
                    flag, fdesc = flags[3 if roll < 0.03 else 0 if roll < 0.6 else 1 if roll < 0.9 else 2]
                    value = "" if flag == "M" else f"{rng.uniform(1, 1e7):.0f}"
                    wp.writerow(["QCL", "Crops and livestock products", a3, place, ecode, element, code, item, year,
                                 year, unit, value, flag, fdesc])
                    if value:
                        wo.writerow([place, a3, f"{item} — {element}", f"{code}/{ecode}", year, value, unit,
                                     "FAO, FAOSTAT", flag, ""])
    fp.close()
    fo.close()


GEM_HEADER = ("ProjectID;Fuel;StartCountry;EndCountry;Countries;Wiki;PipelineName;SegmentName;OtherNames;Parent;"
              "Status;StartYear1;StartYear2;StartYear3;StopYear;Capacity;CapacityUnits;CapacityBcm/y;LengthKnownKm;"
              "LengthEstimateKm;LengthMergedKm;Diameter;DiameterUnits;Source;StartLocation;StartPrefecture/District;"
              "StartState/Province;StartRegion;EndLocation;EndPrefecture/District;EndState/Province;EndRegion;FID;"
              "FIDYear;WKTFormat").split(";")


def gem(n: int, pub: Path, own: Path) -> None:
    """GEM's pipeline download (semicolon-separated, as gem_ggit_pipelines_RU_CN_MN.csv): one row a
    segment of a project, 'StartYear1' written 2019.0, capacity units in their spellings."""
    statuses = (("Operating", "operating"), ("Construction", "construction"), ("Proposed", "proposed"),
                ("Cancelled", "cancelled"), ("Shelved", "shelved"), ("Mothballed", "mothballed"))
    units = ("bcm/y", "bcm/year", "MMcf/d", "mtpa")
    # one country a side: GEM's 'Russia, Mongolia, China' (several areas) has no one start
    places = [name for _a2, _a3, _num, name in countries() if "," not in name][:60]
    rng = random.Random(5)
    fp, wp = _writer(pub, delimiter=";")
    fo, wo = _writer(own)
    wp.writerow(GEM_HEADER)
    wo.writerow(("asset", "measure", "value", "unit", "date", "status", "part_of", "commodity", "from_place",
                 "to_place", "asset_status", "kind", "description", "original_source"))
    source = "Global Energy Monitor, Global Gas Infrastructure Tracker, 2024-12"
    for k in range(n):
        project, segment = divmod(k, 4)
        name = f"Synthetic Gas Pipeline {project:06d}"
        seg = f"Segment {segment + 1}" if project % 3 else ""      # a third of the projects are one pipe
        if not seg and segment:
            continue
        pid = f"P{project:06d}"
        start, end = places[project % len(places)], places[(project * 7 + 3) % len(places)]
        status, asset_status = statuses[project % len(statuses)]
        year = "" if rng.random() < 0.2 else f"{rng.randrange(1970, 2030)}.0"
        capacity, unit = f"{rng.uniform(0.5, 80):.2f}", units[k % len(units)]
        wp.writerow([pid, "Gas", start, end, f"{start}, {end}", f"https://www.gem.wiki/{name.replace(' ', '_')}",
                     name, seg, "", "Synthetic Co (100%)", status, year, "", "", "", capacity, unit, "--",
                     f"{rng.uniform(10, 3000):.2f}", "", "", 42, "in", "", "", "", "", "Eurasia", "", "", "", "Eurasia",
                     "", "", "LINESTRING (114.06 43.10, 106.94 47.89)"])
        wo.writerow([f"{name}, {seg}" if seg else name, "design_capacity", capacity, unit, year[:4], "design",
                     name if seg else "", "gas", start, end, asset_status, "segment" if seg else "pipeline",
                     f"GEM id {pid}", source])
    fp.close()
    fo.close()


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[int, Path, Path], None]
    file_name: str               # publishers read a dataset code or a release from the file's name
    layout: str                  # the layout the import must recognise
    query: str                   # the stored rows, ids and provenance left out, in a fixed order


_TRADE_Q = ("SELECT topic, measure, reporter, partner, flow, commodity, period, period_precision, value, value_text,"
            " unit, approx, status, description, inferred, quote, original_source FROM main.trade_figures"
            " ORDER BY reporter, partner, flow, commodity, period")
_IND_Q = ("SELECT place, place_code, indicator, indicator_code, period, period_precision, value, unit, price_basis,"
          " publisher, flag, description, inferred, quote FROM main.indicators"
          " ORDER BY indicator, place, period, unit")
_GEM_Q = ("SELECT a.name_en, a.kind, a.commodity, p.name_en, a.from_place, a.to_place, a.status, a.original_source,"
          " f.measure, f.value, f.value_text, f.unit, f.date, f.date_precision, f.status, f.description,"
          " f.original_source FROM main.energy_assets a LEFT JOIN main.energy_figures f ON f.asset_id = a.asset_id"
          " LEFT JOIN main.energy_assets p ON p.asset_id = a.parent_id ORDER BY a.name_en, f.date")

CASES = (
    Case("comtrade_plus", comtrade_plus, "TradeData_plus_api.csv", "comtrade", _TRADE_Q),
    Case("comtrade_classic", comtrade_classic, "comtrade_classic.csv", "comtrade_classic", _TRADE_Q),
    Case("owid", owid, "owid_grapher.csv", "owid", _IND_Q),
    Case("wdi", wdi, "API_SYN_DS2_en_csv_v2.csv", "wdi", _IND_Q),
    Case("eurostat_tsv", eurostat, "estat_namq_10_syn.tsv", "eurostat_tsv", _IND_Q),
    Case("faostat", faostat, "FAOSTAT_data_en_syn.csv", "faostat", _IND_Q),
    Case("gem_pipelines", gem, "GEM-GGIT-Gas-Pipelines-2024-12.csv", "gem_tracker", _GEM_Q),
)


def write_pair(case: Case, values: int, folder: Path) -> tuple[Path, Path]:
    """The publisher file and its own-layout twin, written once into ``folder``."""
    pub, own = folder / case.file_name, folder / f"own_{case.name}.csv"
    case.write(values, pub, own)
    return pub, own


def import_in_child(ws: Path, bundled: Path, path: Path) -> tuple[float, float, int, str]:
    """Import ``path`` into a new workspace ``ws`` in a fresh process; (wall seconds, CPU seconds,
    rows added, layout). CPU time is the steadier measure on a shared, loaded machine: both are printed."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(ws) + suffix).unlink(missing_ok=True)
    done = subprocess.run([PY, "-c", CHILD, str(ws), str(bundled), str(path)], cwd=REPO, text=True,
                          capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"import of {path.name} failed:\n{done.stderr[-3000:]}")
    wall, cpu, added, layout = done.stdout.split()
    return float(wall), float(cpu), int(added), layout


def stored_rows(ws: Path, query: str) -> list[tuple]:
    with sqlite3.connect(ws) as conn:
        return conn.execute(query).fetchall()


def same_rows(pub_ws: Path, own_ws: Path, query: str) -> str | None:
    """None when both workspaces hold the same rows; else what differs first."""
    a, b = stored_rows(pub_ws, query), stored_rows(own_ws, query)
    if len(a) != len(b):
        return f"{len(a)} rows from the publisher's file, {len(b)} from the own layout"
    for n, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"row {n} differs:\n  publisher {x}\n  own       {y}"
    return None


def bundled_db(folder: Path) -> Path:
    from explorer.data.build import build

    path = folder / "bundled.sqlite"
    build(path, REPO / "tests" / "fixtures" / "mini_curated")
    return path


def run_case(case: Case, values: int, rounds: int, folder: Path, bundled: Path) -> bool | None:
    """Time one layout; None when its import failed or stored other rows than its twin (not timed)."""
    pub, own = write_pair(case, values, folder)
    pub_ws, own_ws = folder / f"{case.name}_pub.sqlite", folder / f"{case.name}_own.sqlite"
    pub_t, own_t, pub_c, own_c = [], [], [], []
    for _ in range(rounds):
        try:
            tp, cp, added_p, layout = import_in_child(pub_ws, bundled, pub)
            to, co, added_o, own_layout = import_in_child(own_ws, bundled, own)
        except RuntimeError as exc:
            print(f"{case.name}: {exc}")
            return None
        pub_t.append(tp)
        own_t.append(to)
        pub_c.append(cp)
        own_c.append(co)
    if layout != case.layout or own_layout != "own":
        print(f"{case.name}: read as the {layout!r} / {own_layout!r} layouts, not {case.layout!r} / 'own'")
        return None
    differs = same_rows(pub_ws, own_ws, case.query)
    if differs or added_p != added_o:
        print(f"{case.name}: the two imports stored different rows ({added_p} vs {added_o} added): {differs}")
        return None
    report(f"{case.name} wall", added_p, pub_t, own_t)
    return report(f"{case.name} CPU", added_p, pub_c, own_c)


def report(name: str, rows: int, pub_t: list[float], own_t: list[float]) -> bool:
    """rows/s of each side (medians) and min/median/max of the per-round ratio publisher ÷ own
    (the same rows on both sides, so it is own seconds ÷ publisher seconds)."""
    ratios = sorted(o / p for p, o in zip(pub_t, own_t))
    med = statistics.median(ratios)
    ok = med >= TARGET
    print(f"{name:22s} {rows:,} rows (the same stored from both): publisher {rows / statistics.median(pub_t):,.0f} "
          f"rows/s, own layout {rows / statistics.median(own_t):,.0f} rows/s; ratio min/median/max "
          f"{ratios[0]:.2f}/{med:.2f}/{ratios[-1]:.2f}× (target ≥ {TARGET}×) [{'meets' if ok else 'MISSES'}]",
          flush=True)
    return ok


def compile_bytecode() -> None:
    """PYTHONDONTWRITEBYTECODE may be set: without .pyc files every child would compile the app first."""
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "explorer"), str(REPO / "bench")], check=False,
                   stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # AMUR_BENCH_ROWS (1,000,000 for the other benchmarks) only ever shrinks this one
    ap.add_argument("--values", type=int,
                    default=min(int(os.environ.get("AMUR_BENCH_ROWS", DEFAULT_VALUES)), DEFAULT_VALUES))
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_VALUES:,} values a layout")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("AMUR_BENCH_ROUNDS", "3")))
    ap.add_argument("--layout", action="append", choices=[c.name for c in CASES])
    args = ap.parse_args(argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else [])
    values = QUICK_VALUES if args.quick else args.values
    compile_bytecode()
    print(f"SYNTHETIC files of ~{values:,} values each, {args.rounds} rounds, publisher and own layout alternating")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bundled = bundled_db(folder)
        failed = [case.name for case in CASES if (not args.layout or case.name in args.layout)
                  and run_case(case, values, args.rounds, folder, bundled) is None]
    if failed:          # a miss is printed as one; a wrong or failed import makes the run fail
        print(f"not measured (wrong or failed import): {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
