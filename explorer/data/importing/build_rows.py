"""Per subject: typed field values -> rows for the schema's tables.

An imported row is never a curated one: its ``doc_id`` stays NULL, and a
document it names (the "document" column, as an exported pane carries it) is
kept as ``claimed_doc`` — what the row claims as its source, which the app
shows as a claim and never draws or cites as the document's own figure."""
from __future__ import annotations

from explorer.data.importing import countries
from explorer.data.importing.convert import Lookups
from explorer.data.importing.errors import CellError
from explorer.data.importing.indicator_cells import indicator_period, indicator_value, split_price_basis


class Missing(CellError):
    def __init__(self, column: str, expected: str) -> None:
        super().__init__(expected)
        self.column = column


def _need(v: dict, name: str, what: str = "a value"):
    if v.get(name) is None:
        raise Missing(name, what)
    return v[name]


def _claim(v: dict, lk: Lookups) -> dict:
    """The provenance columns of an imported row: no document of its own, the named one as its claim."""
    return {"doc_id": None, "claimed_doc": claimed_doc(v.get("document"), lk)}


def claimed_doc(named, lk: Lookups) -> str | None:
    """The id of the document an imported row names (by file name with or without
    its extension, full title, or the title's part before a colon); text naming no
    known document is kept as written, so that the claim is shown, not lost."""
    if named is None or not str(named).strip():
        return None
    text = str(named).strip()
    cache = lk.__dict__.setdefault("_claims", {})      # one answer per distinct text (a million rows)
    if text not in cache:
        cache[text] = _find_document(text.lower(), lk.documents) or text
    return cache[text]


def _find_document(text: str, documents: dict[str, str]) -> str | None:
    if text in documents:
        return documents[text]
    for name, doc_id in documents.items():
        file_stem = " " not in name and name.rsplit(".", 1)[0] == text      # 003_5cf011a87278cc00
        if file_stem or name.split(":", 1)[0].strip() == text:             # the title before its subtitle
            return doc_id
    return None


def _unit(value, unit: str | None, expected: str) -> str | None:
    """The row's unit: its own, or % when the value was written with one. A value written with %
    in a row whose unit says otherwise ('5%' of USD) has no single reading: refused."""
    percent = bool(value and value[1])
    if percent and unit not in (None, "%"):
        raise Missing("value", f"a number in {unit}, as the unit column says (a value written with % "
                               "needs the unit %)")
    unit = unit or ("%" if percent else None)
    if unit is None and value is not None:
        raise Missing("unit", expected)
    return unit


def _period(v: dict, name: str):
    p = v.get(name)
    return (p[0], p[1]) if p else (None, None)


def _number(v: dict, name: str):
    n = v.get(name)
    return n[0] if n else None


def trade(v: dict, new_id, lk: Lookups):
    # the bulk path (millions of rows): one local lookup per field, no helper calls
    g = v.get
    value = g("value")
    if value is None and g("not_available"):
        return None              # the publisher's "no figure here" ('?', '-'): no row, never 0
    if value is None and not g("description"):
        raise Missing("value", "a number (or at least a description)")
    unit = _unit(value, g("unit"), "a known unit (or a % after the value)")
    p = g("period")
    doc = g("document")
    return [("trade_figures", {
        "figure_id": new_id(), "topic": g("topic") or "trade", "measure": g("measure") or "value",
        "reporter": g("reporter"), "partner": g("partner"), "flow": g("flow"),
        "commodity": g("commodity"), "period": p[0] if p else None, "period_precision": p[1] if p else None,
        "value": value[0] if value else None, "value_text": g("value_text"), "unit": unit, "approx": g("approx"),
        "status": g("status") or "actual", "description": g("description"),
        "inferred": g("inferred"), "doc_id": None, "claimed_doc": claimed_doc(doc, lk) if doc else None,
        "quote": g("quote"), "original_source": g("original_source")})]


def _entity(kind: str, table: str, id_col: str, name: str, v: dict, new_id, lk: Lookups, extra: dict,
            suffix: str = ""):
    found = lk.resolve(kind, name)
    if found:
        return found, []
    ent_id = new_id(suffix or ("a" if kind != "place" else "p"))
    lk.add(kind, name, ent_id)
    lk.created.setdefault(kind, []).append(name)
    return ent_id, [(table, {id_col: ent_id, "name_en": name, **extra})]


#: Lifecycle statuses of an asset that is (or was) built, and of one that never was (yet).
_BUILT = {"operating", "completed", "retired", "mothballed", "idle"}
_NOT_BUILT = {"proposed", "planned", "shelved", "cancelled"}


def _asset_name(name: str, status: str | None, lk: Lookups) -> str:
    """The name the row's asset goes by: a known asset's, unless that one is built and the row's
    is not (a cancelled expansion named like a completed pipeline is not that pipeline: it gets
    its own asset, 'Power of Siberia gas pipeline (cancelled)', and never the pipeline's figure)."""
    found = lk.resolve("asset", name)
    if found and status in _NOT_BUILT and lk.asset_status.get(found) in _BUILT:
        return f"{name} ({status})"
    return name


def energy(v: dict, new_id, lk: Lookups):
    name = _asset_name(_need(v, "asset", "an asset name"), v.get("asset_status"), lk)
    parent, rows = None, []
    if v.get("part_of"):
        # the project a segment or unit belongs to: known, or described by this row
        parent, rows = _entity("asset", "energy_assets", "asset_id", v["part_of"], v, new_id, lk, {
            "kind": "pipeline" if v.get("kind") in (None, "segment") else "project",
            "commodity": v.get("commodity")}, suffix="project")
    asset_id, own = _entity("asset", "energy_assets", "asset_id", name, v, new_id, lk, {
        "kind": v.get("kind") or ("segment" if parent else "pipeline"), "commodity": v.get("commodity"),
        "parent_id": parent, "from_place": v.get("from_place"), "to_place": v.get("to_place"),
        "status": v.get("asset_status")})
    rows += own
    if v.get("value") is None and v.get("measure") in (None, "design_capacity"):
        if rows:
            return rows                                  # a new asset described, no figure
        if v.get("asset_status") and not v.get("description"):
            return None                                  # a known asset described again: nothing to add
    if v.get("value") is None and not v.get("description"):
        raise Missing("value", "a number (or at least a description)")
    unit = _unit(v.get("value"), v.get("unit"), "a known unit (Mt/yr, bcm/yr, bcm, …)")
    measure = v.get("measure") or "design_capacity"
    value = _number(v, "value")
    if "capacity" in measure and value is not None and value < 0:
        # a capacity below zero is a typo or a change written as a level: never stored as a level
        raise Missing("value", f"a {measure.replace('_', ' ')} of 0 or more")
    date, precision = _period(v, "date")
    return rows + [("energy_figures", {
        "figure_id": new_id(), "asset_id": asset_id, "measure": measure,
        "value": value, "value_text": v.get("value_text"), "unit": unit, "approx": v.get("approx"),
        "date": date, "date_precision": precision, "status": v.get("status") or "actual",
        "description": v.get("description"), "inferred": v.get("inferred"), **_claim(v, lk),
        "quote": v.get("quote"), "original_source": v.get("original_source")})]


def corridors(v: dict, new_id, lk: Lookups):
    name = _need(v, "corridor", "a corridor name (a sheet whose rows name none, like a TimelineJS sheet "
                                "with Group empty and no title row, needs one for the whole file: "
                                "--set corridor=NAME, or the wizard's corridor field)")
    corridor_id, rows = _entity("corridor", "corridors", "corridor_id", name, v, new_id, lk, {
        "kind": v.get("kind") or "corridor", "status": None if v.get("event") else v.get("status")})
    if not v.get("event"):
        return rows           # the corridor alone: new, or already known (then nothing to add)
    date, precision = _period(v, "date")
    end, end_precision = _period(v, "date_end")
    return rows + [("events", {
        "event_id": new_id(), "subject_type": "corridor", "subject_id": corridor_id, "event": v["event"],
        "date": date, "date_precision": precision, "date_end": end, "date_end_precision": end_precision,
        "status": v.get("status") or "actual", "value": _number(v, "value"), "unit": v.get("unit"),
        "description": v.get("description"), "inferred": v.get("inferred"), **_claim(v, lk),
        "quote": v.get("quote"), "original_source": v.get("original_source")})]


def institutions(v: dict, new_id, lk: Lookups):
    established, precision = _period(v, "established")
    inst_id = new_id()
    lk.add("inst", _need(v, "name", "a name"), inst_id)
    return [("institutions", {
        "inst_id": inst_id, "name_en": v["name"], "name_ru": v.get("name_ru"), "name_zh": v.get("name_zh"),
        "kind": _need(v, "kind", "a kind (committee, bank, agreement, …)"), "side": _need(v, "side", "a side"),
        "established": established, "established_precision": precision,
        "valid_from": _period(v, "valid_from")[0], "valid_to": _period(v, "valid_to")[0],
        "description": v.get("description"), "inferred": v.get("inferred"), **_claim(v, lk),
        "quote": v.get("quote"), "original_source": v.get("original_source")})]


def relations(v: dict, new_id, lk: Lookups):
    return [("institution_relations", {
        "relation_id": new_id(), "from_id": _need(v, "from", "an institution"),
        "relation": _need(v, "relation", "a relation (established_within, signed_by, …)"),
        "to_id": _need(v, "to", "an institution"), **_claim(v, lk), "quote": v.get("quote")})]


def places(v: dict, new_id, lk: Lookups):
    lat, lon = _number(v, "lat"), _number(v, "lon")
    if lat is not None and not -90 <= lat <= 90:
        raise Missing("lat", "a latitude between -90 and 90")
    if lon is not None and not -180 <= lon <= 180:
        raise Missing("lon", "a longitude between -180 and 180")
    place_id = new_id()
    lk.add("place", _need(v, "name_en", "an English name"), place_id)
    return [("places", {
        "place_id": place_id, "name_en": v["name_en"], "name_ru": v.get("name_ru"), "name_zh": v.get("name_zh"),
        "kind": v.get("kind"), "country": v.get("country"), "parent_id": v.get("parent"), "lat": lat, "lon": lon,
        "coord_source": v.get("coord_source"), **_claim(v, lk), "quote": v.get("quote")})]


def exchange_rates(v: dict, new_id, lk: Lookups):
    rate = _need(v, "per_usd", "a number")[0]
    if rate <= 0:
        raise Missing("per_usd", "a positive rate")
    return [("exchange_rates", {"year": _need(v, "year", "a year"), "currency": _need(v, "currency").upper(),
                                "per_usd": rate, "source": _need(v, "source", "a citation")})]


def indicators(v: dict, new_id, lk: Lookups):
    """One value of one indicator for one place and period; a missing-value marker makes no row
    (None: the engine counts it neither as added nor as already present)."""
    g = v.get
    raw = g("value")
    if raw is None:
        return None                      # nothing to write, and nothing already there
    try:
        value, flag = indicator_value(str(raw))
    except CellError as exc:
        raise Missing("value", exc.expected) from None
    if value is None:
        return None
    indicator = _need(v, "indicator", "an indicator name (a file whose column has no name needs one given, "
                                      "e.g. a mapping with constants {\"indicator\": \"GDP\"})")
    try:
        period, precision = indicator_period(str(_need(v, "period", "a year or period")))
    except CellError as exc:
        raise Missing("period", exc.expected) from None
    unit, basis = split_price_basis(g("unit"))
    return [("indicators", {
        "figure_id": new_id(), "place": _indicator_place(g("place"), g("place_code"), lk),
        "place_code": g("place_code"), "indicator": indicator, "indicator_code": g("indicator_code"),
        "period": period, "period_precision": precision, "value": value, "unit": unit,
        "price_basis": g("price_basis") or basis, "publisher": g("publisher"), "flag": g("flag") or flag,
        "description": g("description"), "inferred": None, "quote": g("quote"),
        **_indicator_claim(g("document"), lk)})]


def _indicator_claim(document, lk: Lookups) -> dict:
    """An imported row is never the document's own figure: no doc_id; a document it names
    (an exported pane's "document" column) is kept as its claim, by id when known."""
    text = str(document).strip() if document else ""
    return {"doc_id": None, "claimed_doc": lk.documents.get(text.lower(), text) if text else None}


def _indicator_place(name, code, lk: Lookups):
    """The place of an indicator row (_resolve_indicator_place), resolved once per name and code
    in an import: a file repeats its places on every row."""
    cache = lk.__dict__.setdefault("_indicator_places", {})
    key = (name, code)
    if key not in cache:
        before = dict(lk.unknown_places)
        place = _resolve_indicator_place(name, code, lk)
        cache[key] = (place, lk.unknown_places != before)
        return place
    place, unknown = cache[key]
    if unknown:
        lk.unknown_places[str(name)] += 1
    return place


def _resolve_indicator_place(name, code, lk: Lookups):
    """The place id for a country or region named (or coded) as the publisher writes it: by the
    database's names, then by ISO 3166 (alpha-2/-3 'RUS', numeric '643', 'Russian Federation',
    the World Bank's 'Korea, Dem. People's Rep.', Russian and Chinese names: importing.countries).
    A country the database has no place for is stored under ISO's name, the same whichever way a
    publisher wrote it ('US', 'USA' and 'United States' are one place); what names no country
    (World, EU27, income groups) stays as written."""
    for text in (name, code):
        if text:
            found = lk.resolve("place", str(text))
            if found:
                return found
    for text in (name, code):        # a province by its ISO 3166-2 code or short name ('CN-HL', '黑龙江')
        for alias in countries.subdivision_names(text) if text else ():
            found = lk.resolve("place", alias)
            if found:
                return found
    iso = [c for c in (countries.country(t) for t in (code, name) if t) if c is not None]
    for found_country in iso:
        for key in (found_country.alpha_2, countries.display_name(found_country), found_country.name):
            found = lk.resolve("place", key)
            if found:
                return found
    if iso:
        return countries.display_name(iso[0])
    if name:
        # what is left (regions, income groups, odd spellings) is listed for a 'places' mapping
        lk.unknown_places[str(name)] += 1
    return name or code


BUILDERS = {"trade": trade, "energy": energy, "corridors": corridors, "institutions": institutions,
            "relations": relations, "places": places, "exchange_rates": exchange_rates,
            "indicators": indicators}
