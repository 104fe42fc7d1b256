"""The one home of citations: a row's :class:`Citation` (resolved from its
provenance), its ready-to-paste references — a plain form and a Chicago-style
(notes and bibliography) form, each with the quote the figure was read from —
and the "Source: …" lines under every exported chart and footer.

Dates are written at their precision ("June 2023", not a made-up day).
Imported rows have no document: their reference names the file and row,
any document the row names as its claim ("claims: …"), and its quote as given
by the import — never as the document's words.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from explorer.data.formatting import format_date

STYLES: dict[str, str] = {"plain": "Plain", "chicago": "Chicago"}


def human_date(iso: str | None) -> str | None:
    """'2023' → '2023', '2023-06' → 'June 2023', '2023-06-05' → 'June 5, 2023'; other text as is."""
    if not iso:
        return None
    return iso if "/" in iso else format_date(iso, style="citation")


@dataclass(frozen=True)
class Citation:
    """Where a row came from, ready to show or paste.

    A curated row cites its document. An imported row cites its file and row:
    it has no document of its own (``title`` is None), and a document it names
    is only its claim (``claimed_doc``/``claimed_title``), never its source."""

    doc_id: str | None
    title: str | None
    publisher: str | None
    author: str | None
    published: str | None
    url: str | None
    doi: str | None
    quote: str | None
    original_source: str | None
    source_file: str | None = None
    source_row: int | None = None
    origin: str | None = None
    claimed_doc: str | None = None
    claimed_title: str | None = None
    published_inferred: str | None = None   # the document's date was inferred: how
    inferred: str | None = None             # what the row itself infers (its date, its period…)
    figure: str | None = None               # what the row states: value, unit, period

    @property
    def imported(self) -> bool:
        return bool(self.source_file) and not self.title

    def imported_line(self) -> str:
        """'Imported from FILE, row N (claims: “Title”).'"""
        where = file_and_row(self.source_file, self.source_row)
        claim = self.claimed_title or self.claimed_doc
        return f"Imported from {where}" + (f" (claims: “{claim}”)" if claim else "") + "."

    def as_text(self) -> str:
        """The reference a "Source: …" line gives: the document's, or the file's and row's."""
        return self.imported_line() if self.imported else reference(self, brief=True)


def file_and_row(source_file: str | None, source_row: int | None) -> str:
    """Where an imported row stands: 'FILE, row N' (the file alone when its row is unknown)."""
    return f"{source_file}, row {source_row}" if source_row else str(source_file)


def _document(conn: sqlite3.Connection, doc_id: str | None) -> tuple:
    """(title, publisher, author, published, url, doi, inferred) of a document, or Nones."""
    if not doc_id:
        return (None,) * 7
    row = conn.execute("SELECT title, publisher, author, published, url, doi, inferred FROM all_documents "
                       "WHERE doc_id = ?", (doc_id,)).fetchone()
    return tuple(row) if row else (None,) * 7


def citation_for(conn: sqlite3.Connection, provenance: dict[str, Any]) -> Citation:
    """Resolve a row's provenance (doc_id, quote, …) into a full citation.

    A row from a file (source_file set) is cited as imported whatever document it
    names: that document becomes its claim, so that no import's quote is ever
    attributed to a curated document."""
    doc_id, claimed = provenance.get("doc_id"), provenance.get("claimed_doc")
    if provenance.get("source_file"):
        doc_id, claimed = None, claimed or doc_id
    title, publisher, author, published, url, doi, published_inferred = _document(conn, doc_id)
    return Citation(
        doc_id=doc_id, title=title, publisher=publisher, author=author,
        published=published, url=url, doi=doi, quote=provenance.get("quote"),
        original_source=provenance.get("original_source"),
        source_file=provenance.get("source_file"), source_row=provenance.get("source_row"),
        origin=provenance.get("origin"), claimed_doc=claimed,
        claimed_title=_document(conn, claimed)[0] if claimed else None,
        published_inferred=published_inferred, inferred=provenance.get("inferred"),
        figure=provenance.get("figure"),
    )




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
    return (imported or reference(c)) + _tail(c)


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


def conflict_lines(conflicts: Iterable[tuple[str, str, str, str]]) -> str:
    """'Recorded conflict (error, growth mismatch) cf-…: description' lines for a copied citation,
    from (conflict_id, severity, kind label, description): a figure the documents contradict is
    not pasted as a plain fact."""
    return "".join(f"\nRecorded conflict ({severity}, {kind}) {cid}: {description}"
                   for cid, severity, kind, description in conflicts)


def format_citation(c: Citation, style: str = "plain") -> str:
    if style == "chicago":
        return chicago(c)
    if style == "plain":
        return plain(c)
    raise ValueError(f"unknown citation style {style!r}; styles are {', '.join(STYLES)}")


def document_title(conn: sqlite3.Connection, doc_id: str) -> str:
    """A document's title, or its id when it has none."""
    row = conn.execute("SELECT title FROM all_documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row and row[0] else doc_id


def source_lines(conn: sqlite3.Connection, doc_ids: Iterable[str | None],
                 imported: Mapping[str, Iterable[str]] | None = None,
                 original: Mapping[str, Iterable[str]] | None = None) -> list[str]:
    """The "Source: …" lines under a chart, a footer or an export: one per document, in the
    order given, as its plain reference; then one per imported file, by name, with the
    documents its rows claim (an import is never cited as the document it names) and the
    original source (publisher) its rows give, as given in the import."""
    lines = [f"Source: {citation_for(conn, {'doc_id': d}).as_text()}" for d in dict.fromkeys(doc_ids) if d]
    for name in sorted(imported or {}):
        lines.append(f"Source: imported from {name}" + _file_notes((imported or {})[name], (original or {}).get(name, ())))
    return lines


def _file_notes(claims: Iterable[str], original: Iterable[str]) -> str:
    """' (claims: A; B; original source as given in the import: P)', or nothing."""
    notes = []
    if claimed := sorted(set(claims)):
        notes.append(f"claims: {'; '.join(claimed)}")
    if given := sorted(set(original)):
        notes.append(f"original source as given in the import: {'; '.join(given)}")
    return f" ({'; '.join(notes)})" if notes else ""


def reference(c: Citation, *, brief: bool = False) -> str:
    """A document's plain reference without a row's quote: Author, “Title”, Publisher, date. DOI URL.
    ``brief`` says only that an inferred date was inferred (a footer), not how."""
    published = (f"{c.published} (date inferred from the document's text)"
                 if brief and c.published and c.published_inferred else dated(c.published, c))
    bits = [b for b in (author_name(c.author), quoted_title(c.title) if c.title else c.doc_id, c.publisher,
                        published) if b]
    text = ", ".join(bits) + "."
    if c.doi:
        text += f" doi:{c.doi}."
    if c.url:
        text += f" {c.url}"
    return text
