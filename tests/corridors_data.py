"""A small curated set for the Corridors tests: the mini fixture plus made-up
corridors (names marked 'Test') with routes, spans and dates at every precision."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

MINI = Path(__file__).resolve().parent / "fixtures" / "mini_curated"
DOC = "003_5cf011a87278cc00.txt"

EXTRA = {
    "places": [
        dict(place_id="test-prov-cn", name_en="Test Province", name_zh="测试省", kind="province", country="CN"),
        dict(place_id="test-krai-ru", name_en="Test Krai", name_ru="Тестовый край", kind="krai", country="RU"),
        dict(place_id="alpha", name_en="Alphatown", kind="city", country="CN", parent_id="test-prov-cn",
             lat="45.0", lon="126.0"),
        dict(place_id="beta", name_en="Betagrad", kind="city", country="RU", parent_id="test-krai-ru",
             lat="43.5", lon="131.5"),
        dict(place_id="gamma", name_en="Gamma Port", kind="port", country="RU", parent_id="test-krai-ru",
             lat="42.8", lon="132.9"),
    ],
    "corridors": [
        dict(corridor_id="test-rail", name_en="Test Rail Link", name_ru="Тестовая железная дорога",
             name_zh="测试铁路", kind="rail", status="operating", doc_id=DOC, quote="rail"),
        dict(corridor_id="test-port", name_en="Test Seaport", name_ru="Тестовый порт", name_zh="测试港",
             kind="port", status="planned", provinces="test-krai-ru", doc_id=DOC, quote="port"),
        dict(corridor_id="test-hub", name_en="Test Freight Hub", kind="hub", status="proposed",
             doc_id=DOC, quote="hub"),
    ],
    "corridor_places": [
        dict(corridor_id="test-rail", seq="1", place_id="alpha"),
        dict(corridor_id="test-rail", seq="2", place_id="beta"),
        dict(corridor_id="test-rail", seq="3", place_id="gamma"),
        dict(corridor_id="test-port", seq="1", place_id="gamma"),
    ],
    "events": [
        dict(event_id="ev-t-agreed", subject_type="corridor", subject_id="test-rail", event="agreed",
             date="2015", date_precision="year", status="actual", doc_id=DOC, quote="agreed in 2015"),
        dict(event_id="ev-t-build", subject_type="corridor", subject_id="test-rail", event="construction",
             date="2016-03", date_precision="month", date_end="2019", date_end_precision="year",
             status="actual", doc_id=DOC, quote="built"),
        dict(event_id="ev-t-done", subject_type="corridor", subject_id="test-rail", event="completed",
             date="2019-11-25", date_precision="day", status="actual", doc_id=DOC, quote="completed"),
        dict(event_id="ev-t-target", subject_type="corridor", subject_id="test-port", event="target",
             date="2030", date_precision="year", status="target", value="45", unit="Mt", doc_id=DOC,
             quote="by 2030"),
        dict(event_id="ev-t-nov", subject_type="corridor", subject_id="test-port", event="opened",
             date="2022-11", date_precision="month", status="actual", doc_id=DOC, quote="November 2022"),
        dict(event_id="ev-t-energy", subject_type="energy", subject_id="x", event="opened",
             date="2020", date_precision="year", status="actual", doc_id=DOC, quote="not a corridor"),
    ],
}


def write_corridor_csvs(out: Path) -> Path:
    """Copy the mini curated CSVs to ``out`` and append the test corridors."""
    out.mkdir(parents=True, exist_ok=True)
    for path in MINI.glob("*.csv"):
        shutil.copy(path, out / path.name)
    for table, rows in EXTRA.items():
        path = out / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        with path.open("a", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header)
            for row in rows:
                writer.writerow({k: row.get(k, "") for k in header})
    return out


def build_corridor_db(tmp: Path) -> Path:
    from explorer.data.build import build

    db = tmp / "corridors.sqlite"
    build(db, write_corridor_csvs(tmp / "csv"))
    return db
