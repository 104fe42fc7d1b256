"""Knight Lab TimelineJS sheets (``Year,Month,Day,Time,End Year,…,Headline,Text,Media,…,Type,Group,
Background``): one event a row, in the corridor its ``Group`` names. With ``Group`` empty (the official
template) the whole sheet is one subject: the one given (wizard, ``--set corridor=NAME``), else the
sheet's own title (its ``title`` row). Title and era rows are not events; HTML is read as plain text.
A BCE year (``-500``) is kept, as an ISO 8601 expanded year (``-0499``); the sheet's ``Display
Date`` (how it words the date: 'c. 8,000–5,000 BCE') is kept beside the headline."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from explorer.data.importing.datasets import get_dataset
from explorer.data.importing.publishers import cell_text as _cell

_EVENT_WORDS = ("opened", "completed", "signed", "agreed", "approved", "established", "construction",
                "operating", "planned", "announced", "meeting", "expired", "effective", "target")
_NAMES = ("year", "month", "day", "endyear", "endmonth", "endday", "headline", "text", "group", "type",
          "displaydate")


def timeline(header: list[str], idx: dict[str, int]):
    """A TimelineJS sheet, or None."""
    from explorer.data.importing.layouts import Layout    # layouts registers this module

    if not {"year", "headline", "text"} <= idx.keys() or not ({"group", "type", "month"} & idx.keys()):
        return None
    cols = {n: idx[n] for n in _NAMES if n in idx}
    sheet = {"title": None}
    layout = Layout("timeline", get_dataset("corridors"), cols, header=header, constants={"status": "actual"})

    def transform(raw: dict) -> dict:
        kind = _cell(raw.get("type")).lower()
        headline = plain_text(raw.get("headline"))
        corridor = _cell(raw.get("group")) or layout.constants.get("corridor")
        if kind == "title":
            # the sheet's title names its subject when no group or corridor is given
            sheet["title"] = sheet["title"] or headline or None
            return {"corridor": corridor or sheet["title"]}
        corridor = corridor or sheet["title"]
        if kind == "era":
            return {"corridor": corridor}                 # a span of the story, not an event
        out = {"corridor": corridor, "date": _date(raw.get("year"), raw.get("month"), raw.get("day")),
               "date_end": _date(raw.get("endyear"), raw.get("endmonth"), raw.get("endday"))}
        word = next((w for w in _EVENT_WORDS if w[:5] in headline.lower()), None) \
            or ("opened" if re.search(r"\bopen(?:s|ing)\b", headline.lower()) else None)
        out["event"] = word or "announced"
        out["inferred"] = ("milestone kind read from the headline" if word
                           else "milestone kind not in the headline: 'announced' assumed")
        text = plain_text(raw.get("text"))
        shown = plain_text(raw.get("displaydate"))       # the sheet's own words for the date, kept
        out["description"] = headline + (f" ({shown})" if shown else "") + (f" — {text}" if text else "")
        return out

    layout.transform = transform
    return layout


def _date(y, m, d) -> str | None:
    """'1815','12','10' -> '1815-12-10'; '1943','7' -> '1943-07'; a BCE year as ISO 8601's
    expanded year, counted astronomically: TimelineJS shows Year -500 as '500 BCE', which is
    year -499 ('-0499'; -1 is '0000'). A year 0, which TimelineJS shows as '0' and no
    calendar has, is left as '0' for the date check to refuse by name."""
    year, month, day = _cell(y), _cell(m), _cell(d)
    if not year:
        return None
    if re.fullmatch(r"-\d+", year) and int(year) < 0:
        astronomical = int(year) + 1
        year = f"-{-astronomical:04d}" if astronomical < 0 else "0000"
    elif re.fullmatch(r"[+-]?0+", year):
        return "0"
    elif re.fullmatch(r"\d{1,4}", year):
        year = year.zfill(4)
    else:
        return year
    parts = [year]
    for p in (month, day):
        if not p:
            break
        parts.append(p.zfill(2) if p.isdigit() else p)
    return "-".join(parts)


#: Elements that run inside a line of text: no space where they open or close.
_INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "q", "s", "small", "span", "strong", "sub", "sup", "u"}


class _Text(HTMLParser):
    """Collects the text of an HTML fragment; block elements and <br> become spaces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def plain_text(cell) -> str:
    """'<p>Take <a href="…">Ada</a>:&nbsp;…</p>' -> 'Take Ada: …' (tags dropped, entities read)."""
    text = _cell(cell)
    if "<" not in text and "&" not in text:
        return text
    parser = _Text()
    parser.feed(text)
    parser.close()
    return re.sub(r"\s+", " ", html.unescape("".join(parser.parts))).strip()
