"""Ready-to-paste references for a row's Citation (explorer.data.query):
a plain form and a Chicago-style (notes and bibliography) form, each with the
quote the figure was read from.

Dates are written at their precision ("June 2023", not a made-up day).
Imported rows have no document: their reference names the file and row,
any document the row names as its claim ("claims: …"), and its quote as given
by the import — never as the document's words.
"""
from __future__ import annotations

import re

from explorer.data.query import Citation

STYLES: dict[str, str] = {"plain": "Plain", "chicago": "Chicago"}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def human_date(iso: str | None) -> str | None:
    """'2023' → '2023', '2023-06' → 'June 2023', '2023-06-05' → 'June 5, 2023'; other text as is."""
    if not iso:
        return None
    parts = iso.split("-")
    try:
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 3:
            return f"{_MONTHS[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
    except (ValueError, IndexError):
        pass
    return iso


def quoted_title(title: str) -> str:
    """“Title” with the title's own double quotation marks made single (no “…“…”…” nesting)."""
    inner = title.replace("“", "‘").replace("”", "’").replace('"', "'")
    return f"“{inner}”"


def author_name(author: str | None) -> str | None:
    """The author without an affiliation in parentheses: 'Li Xiaoning (PhD candidate, Ocean
    University of China)' → 'Li Xiaoning'. The affiliation stays in the panel's Author line."""
    if not author:
        return None
    return re.sub(r"\s*\([^)]*\)", "", author).strip() or None


def dated(shown: str | None, c: Citation) -> str | None:
    """A document's date, with '(inferred: …)' when the document does not state it."""
    if shown and c.published_inferred:
        return f"{shown} (inferred: {c.published_inferred.rstrip('.')})"
    return shown


def _figure_line(c: Citation) -> str:
    """What the row states (value, unit, period) and any inference of its own."""
    text = ""
    if c.figure:
        text += f"\nFigure: {c.figure}"
        if c.inferred:
            text += f" (inferred: {c.inferred.rstrip('.')})"
    elif c.inferred:
        text += f"\nInferred: {c.inferred}"
    return text


def _imported(c: Citation) -> str | None:
    return c.imported_line() if c.imported else None


def _tail(c: Citation) -> str:
    """Original source and quote, shared by both styles (an import's own, marked as such)."""
    given = " as given in the import" if c.imported else ""
    text = ""
    if c.original_source:
        text += f" Original source{given or ' as cited'}: {c.original_source}."
    if c.quote:
        text += f"\nQuote{given}: “{c.quote}”"
    return text + _figure_line(c)


def plain(c: Citation) -> str:
    """Author, “Title”, Publisher, date. URL or DOI. Then the quote."""
    imported = _imported(c)
    if imported:
        return imported + _tail(c)
    bits = [b for b in (author_name(c.author), quoted_title(c.title) if c.title else c.doc_id, c.publisher,
                        dated(c.published, c)) if b]
    text = ", ".join(bits) + "."
    if c.doi:
        text += f" doi:{c.doi}."
    if c.url:
        text += f" {c.url}"
    return text + _tail(c)


def chicago(c: Citation) -> str:
    """Chicago bibliography entry: Author. “Title.” Publisher, Month Day, Year. URL or https://doi.org/DOI."""
    imported = _imported(c)
    if imported:
        return imported + _tail(c)
    parts: list[str] = []
    author = author_name(c.author)
    if author:
        parts.append(author.rstrip(".") + ".")
    title = c.title or c.doc_id or "Untitled"
    parts.append(quoted_title(title.rstrip(".") + "."))
    place = ", ".join(b for b in (c.publisher, dated(human_date(c.published), c)) if b)
    if place:
        parts.append(place + ".")
    if c.doi:
        parts.append(f"https://doi.org/{c.doi}.")
    elif c.url:
        parts.append(c.url.rstrip(".") + ".")
    return " ".join(parts) + _tail(c)


def format_citation(c: Citation, style: str = "plain") -> str:
    if style == "chicago":
        return chicago(c)
    if style == "plain":
        return plain(c)
    raise ValueError(f"unknown citation style {style!r}; styles are {', '.join(STYLES)}")
