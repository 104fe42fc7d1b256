"""China's National Bureau of Statistics (data.stats.gov.cn) exports, into the indicators dataset.

An export is a table of two of three dimensions — 指标 (indicator), 地区 (region), 时间 (time) —
with the third fixed in its preamble (``数据库：分省年度数据``, ``指标：年末常住人口(万人)``,
``时间：最近10年``); the first header cell names the rows' dimension. Periods are written
``2024年``, ``2021年5月``, ``2022年第一季度``; the unit is inside the indicator's label
(``国内生产总值(亿元)``); ``注：`` and ``数据来源：`` lines at the foot are notes, not data.
National databases (年度数据, 季度数据, 月度数据) have no region: their figures are China's.
"""
from __future__ import annotations

import functools
import re

from explorer.data.importing import layouts as _layouts
from explorer.data.importing.datasets import get_dataset
from explorer.data.importing.indicator_cells import split_indicator_header

PUBLISHER = "National Bureau of Statistics of China"
#: the place of a national database's figures (as the database names it)
CHINA = "China"

_DIMENSIONS = {"指标": "indicator", "地区": "place", "时间": "period"}
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = re.compile(r"^(\d{4})年$")
#: a year as a number: a workbook saved again in Excel keeps '2023' (or 2023.0) in the header cell
_BARE_YEAR = re.compile(r"^(1[89]\d\d|2[01]\d\d)(?:\.0+)?$")
_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月$")
_QUARTER = re.compile(r"^(\d{4})年第?([一二三四1-4])季度?$")
#: cumulative figures: '2022年1-3季度' (Q1 to Q3), '2021年1-5月' (January to May)
_QUARTERS_SPAN = re.compile(r"^(\d{4})年第?([一二三四1-4])\s*[-—~至]\s*第?([一二三四1-4])季度$")
_MONTHS_SPAN = re.compile(r"^(\d{4})年(\d{1,2})\s*[-—~至]\s*(\d{1,2})月$")
#: lines under the table that are notes, not data
_NOTES = ("注：", "注:", "数据来源：", "数据来源:", "说明：", "说明:")
#: the indicator label's unit in full-width or ASCII brackets at its end: 年末常住人口(万人), 人口（万人）
_FULL_WIDTH = str.maketrans({"（": "(", "）": ")"})


def period(text: str) -> str | None:
    """'2024年' (or 2024 as a number) -> '2024', '2021年5月' -> '2021-05', '2022年第一季度' -> '2022-Q1',
    '2022年1-3季度' -> '2022-Q1/2022-Q3', '2021年1-5月' -> '2021-01/2021-05'; else None."""
    cell = str(text).strip()
    m = _YEAR.match(cell) or _BARE_YEAR.match(cell)
    if m:
        return m.group(1)
    m = _MONTH.match(cell)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = _QUARTER.match(cell)
    if m:
        return f"{m.group(1)}-Q{_QUARTERS[m.group(2)]}"
    m = _QUARTERS_SPAN.match(cell)
    if m:
        y = m.group(1)
        return f"{y}-Q{_QUARTERS[m.group(2)]}/{y}-Q{_QUARTERS[m.group(3)]}"
    m = _MONTHS_SPAN.match(cell)
    if m and 1 <= int(m.group(2)) <= int(m.group(3)) <= 12:
        y = m.group(1)
        return f"{y}-{int(m.group(2)):02d}/{y}-{int(m.group(3)):02d}"
    return None


def indicator(label: str) -> dict:
    """'国内生产总值(亿元)' -> indicator '国内生产总值', unit '亿元' (the unit as written;
    parse.UNITS gives it its scale where the vocabulary has it)."""
    name, unit = split_indicator_header(str(label).translate(_FULL_WIDTH))
    return {"indicator": name, **({"unit": unit} if unit else {})}


def _is_note(text: str) -> bool:
    return str(text).strip().startswith(_NOTES)


def nbs(header, idx) -> "_layouts.Layout | None":
    if len(header) < 2:
        return None
    rows_dim = _DIMENSIONS.get(str(header[0]).strip().lstrip("\ufeff"))
    if rows_dim is None:
        return None
    labels = [(i, str(h).strip()) for i, h in enumerate(header) if i and str(h).strip()]
    if not labels:
        return None
    periods = [(i, period(h)) for i, h in labels]
    if _indicators_across_under_an_indicator_corner(rows_dim, labels, periods):
        # a table turned with years down the rows still names its indicators in the corner
        # ('指标,民用汽车拥有量(万辆),…' over '2023年,32911.55,…'): the columns are the indicators
        rows_dim = "period"
    if rows_dim != "period" and all(p for _, p in periods):
        cols_dim = "period"
    elif rows_dim == "period" and any(p for _, p in periods):
        return None
    else:
        # the other two dimensions: regions or indicators across (NBS region names end in
        # 省/市/自治区/特别行政区; an indicator's label usually carries its unit)
        cols_dim = ({"indicator", "place"} - {rows_dim}).pop() if rows_dim != "period" else (
            "place" if all(_looks_like_region(h) for _, h in labels) else "indicator")
    table = _Table(rows_dim, cols_dim)
    series = [(i, table.column_fields(h)) for i, h in labels]
    layout = _layouts.Layout("nbs", get_dataset("indicators"), {rows_dim: 0}, header=header, series=series,
                             transform=table.transform, constants={"publisher": PUBLISHER})
    layout.read_preamble = table.read_preamble
    return layout


def _indicators_across_under_an_indicator_corner(rows_dim: str, labels: list[tuple[int, str]],
                                                 periods: list[tuple[int, str | None]]) -> bool:
    """The corner says 指标 while every column is an indicator's label with its unit (no period,
    no region): the rows are then the periods, as NBS writes a table with time down the rows."""
    if rows_dim != "indicator" or any(p for _, p in periods):
        return False
    return all(not _looks_like_region(h) and "unit" in indicator(h) for _, h in labels)


#: the national total row of a provincial table
_WHOLE_COUNTRY = {"全国", "全国合计", "中国", "全国总计"}


def region(text: str) -> dict:
    """A region as NBS writes it ('黑龙江省', '内蒙古自治区'), with its ISO 3166-2 code when it is a
    province of China: the code is what places other publishers' figures beside it."""
    name = str(text).strip()
    if name in _WHOLE_COUNTRY:
        return {"place": CHINA}
    code = _provinces().get(name) or _provinces().get(_short(name))
    return {"place": name, **({"place_code": code} if code else {})}


def _short(name: str) -> str:
    return re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", name)


@functools.lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """Chinese name (full and without 省/市/自治区) -> ISO 3166-2 code, from pycountry's ISO 3166-2
    subdivisions of CN and their zh_CN translations (iso-codes), not a hand-written list."""
    import gettext

    import pycountry

    try:
        zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        return {}
    out: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code="CN") or ():
        name = zh.gettext(sub.name)
        if name != sub.name:
            out.setdefault(name, sub.code)
            out.setdefault(_short(name), sub.code)
    return out


_REGION_END = ("省", "市", "自治区", "特别行政区", "地区", "全国")


def _looks_like_region(text: str) -> bool:
    return str(text).strip().endswith(_REGION_END)


class _Table:
    def __init__(self, rows_dim: str, cols_dim: str) -> None:
        self.rows_dim, self.cols_dim = rows_dim, cols_dim
        self.fixed: dict = {}
        if "place" not in (rows_dim, cols_dim):
            self.fixed["place"] = CHINA          # until a '地区：' line says otherwise

    def column_fields(self, label: str) -> dict:
        return self._fields(self.cols_dim, label)

    @staticmethod
    def _fields(dim: str, text: str) -> dict:
        if dim == "period":
            return {"period": period(text) or str(text).strip()}
        if dim == "indicator":
            return indicator(text)
        return region(text)

    def read_preamble(self, _file_name: str, rows: list[list]) -> None:
        """'指标：年末常住人口(万人)', '地区：北京市', '时间：2023年' fix the third dimension."""
        for row in rows:
            line = next((str(c).strip() for c in row if c is not None and str(c).strip()), "")
            label, sep, value = line.translate({ord(":"): "："}).partition("：")
            dim = _DIMENSIONS.get(label.strip())
            if not sep or dim is None or dim in (self.rows_dim, self.cols_dim) or not value.strip():
                continue
            self.fixed.update(self._fields(dim, value.strip()))

    def transform(self, raw: dict) -> dict | None:
        text = str(raw.get(self.rows_dim) or "").strip()
        if not text or _is_note(text):
            return None
        return {**self.fixed, **self._fields(self.rows_dim, text)}


#: The probes layouts.PUBLISHERS tries, and the layout names a saved mapping uses.
PROBES = (nbs,)
BY_NAME = {"nbs": nbs}
