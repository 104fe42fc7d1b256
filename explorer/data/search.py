"""Search everywhere: a full-text index over every entry (explorer.data.entries)
— figures, places, corridors, milestones, energy assets, institutions,
documents, curated and imported alike.

The index lives in TEMP tables of one connection: the bundled database is
read-only and the workspace changes with every import, so it is rebuilt from
the ``all_*`` views (lazily, on the first search, and again when the data
changes). At the curated size a rebuild takes milliseconds.

Two FTS5 tables share one rowid space with ``search_entries``:

* ``search_words`` — ``unicode61 remove_diacritics 2`` over the title and
  body (case-folds Latin and Cyrillic, "Blagoveshchensk", "Благовещенск"),
  plus a ``grams`` column of CJK character bigrams: Chinese has no spaces, so
  "黑河" is found inside "黑河大桥" as the bigram token 黑河, and a longer
  query is a phrase of consecutive bigrams.
* ``search_trigrams`` — the trigram tokenizer, asked only when the word
  index finds nothing: substrings of three or more characters in any script.
"""
from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass

from explorer.data.entries import Entry, entries_sql

#: Weights of title, body and CJK bigrams in bm25 (a hit in the title counts most).
WEIGHTS = (10.0, 1.0, 4.0)
PER_KIND = 25

_CJK = r"\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
#: GLOB pattern true for text with a CJK character (skips the Python call for the rest).
_CJK_GLOB = f"*[{_CJK.encode().decode('unicode_escape')}]*"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_NON_CJK = re.compile(f"[^{_CJK}]+")
_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+")


def cjk_bigrams(text: str | None) -> str:
    """Space-separated character bigrams of every CJK run in ``text`` (a lone character stays)."""
    if not text:
        return ""
    grams: list[str] = []
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i:i + 2] for i in range(len(run) - 1))
    return " ".join(grams)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for what the analyst typed, or None if there is nothing to find.

    Every word must match (as a prefix, so results come while typing); CJK runs
    match the bigram column as a phrase of consecutive bigrams.
    """
    terms: list[str] = []
    for token in query.split():
        for run in _CJK_RUN.findall(token):
            if len(run) == 1:
                terms.append(f"grams : {_quote(run)}*")
            else:
                terms.append(f"grams : {_quote(cjk_bigrams(run))}")
        for part in _NON_CJK.findall(token):
            # "Heihe–Blagoveshchensk" is two words in any order; "1905.7" stays one
            # number (quoted, unicode61 makes it the phrase 1905 7).
            for word in _WORD.findall(part):
                terms.append(f"{{title body}} : {_quote(word)}*")
    return " AND ".join(terms) or None


def trigram_expression(query: str) -> str | None:
    """Substring match for every word of three or more characters, or None."""
    words = [w for w in query.split() if len(w) >= 3]
    return " AND ".join(_quote(w) for w in words) or None


@dataclass(frozen=True)
class Hit(Entry):
    """An entry found by a search, with its bm25 rank (lower is better)."""

    rank: float = 0.0


class SearchIndex:
    """The full-text index of one connection; ``search`` builds it on first use."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.built = False
        self.trigrams_built = False
        self.rows = 0
        self.build_seconds = 0.0

    def invalidate(self) -> None:
        """The data changed: the next search rebuilds."""
        self.built = False

    def rebuild(self) -> int:
        """(Re)build the TEMP index tables from the all_* views; returns the number of entries."""
        started = time.perf_counter()
        conn = self.conn
        conn.create_function("cjk_bigrams", 1, cjk_bigrams, deterministic=True)
        with conn:
            for name in ("search_words", "search_trigrams", "search_entries"):
                conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
            conn.execute(
                "CREATE TEMP TABLE search_entries (id INTEGER PRIMARY KEY, kind TEXT, label TEXT, pane TEXT, "
                "key TEXT, filter_text TEXT, title TEXT, detail TEXT, body TEXT, doc_id TEXT, origin TEXT, "
                "source_file TEXT)")
            conn.execute(
                "INSERT INTO temp.search_entries (kind, label, pane, key, filter_text, title, detail, body, "
                f"doc_id, origin, source_file) {entries_sql()}")
            conn.execute(
                "CREATE VIRTUAL TABLE temp.search_words USING fts5(title, body, grams, content='', "
                "tokenize='unicode61 remove_diacritics 2')")
            conn.execute(
                "INSERT INTO temp.search_words (rowid, title, body, grams) SELECT id, title, body, "
                "CASE WHEN body GLOB ? THEN cjk_bigrams(title || ' ' || body) ELSE '' END "
                "FROM temp.search_entries", (_CJK_GLOB,))
        self.rows = conn.execute("SELECT count(*) FROM temp.search_entries").fetchone()[0]
        self.built = True
        self.trigrams_built = False
        self.build_seconds = time.perf_counter() - started
        return self.rows

    def _ensure_trigrams(self) -> None:
        """The substring index, built the first time a search needs it (it is the larger one)."""
        if self.trigrams_built:
            return
        with self.conn:
            self.conn.execute(
                "CREATE VIRTUAL TABLE temp.search_trigrams USING fts5(title, body, content='', "
                "tokenize='trigram')")
            self.conn.execute(
                "INSERT INTO temp.search_trigrams (rowid, title, body) "
                "SELECT id, title, body FROM temp.search_entries")
        self.trigrams_built = True

    def ensure(self) -> None:
        if not self.built:
            self.rebuild()

    def search(self, query: str, per_kind: int = PER_KIND) -> list[Hit]:
        """Entries matching every word of ``query``, best first (bm25), at most ``per_kind`` of each kind."""
        expression = match_expression(query)
        if expression is None:
            return []
        self.ensure()
        hits = self._run("search_words", f"bm25(search_words, {', '.join(map(str, WEIGHTS))})",
                         expression, per_kind)
        if not hits:
            trigram = trigram_expression(query)
            if trigram:
                self._ensure_trigrams()
                hits = self._run("search_trigrams", "bm25(search_trigrams, 10.0, 1.0)", trigram, per_kind)
        return hits

    def _run(self, table: str, rank_sql: str, expression: str, per_kind: int) -> list[Hit]:
        sql = (
            "SELECT kind, label, pane, key, filter_text, title, detail, origin, source_file, rank FROM ("
            "  SELECT e.*, m.rank, row_number() OVER (PARTITION BY e.kind ORDER BY m.rank, e.id) AS n"
            f"  FROM (SELECT rowid, {rank_sql} AS rank FROM temp.{table} WHERE {table} MATCH ?) m"
            "  JOIN temp.search_entries e ON e.id = m.rowid"
            ") WHERE n <= ? ORDER BY rank, id"
        )
        try:
            rows = self.conn.execute(sql, (expression, per_kind)).fetchall()
        except sqlite3.OperationalError:
            # A query FTS5 cannot parse finds nothing rather than failing the box.
            return []
        return [Hit(kind, label, pane, None if key is None else str(key), flt, title or "", detail or "",
                    origin, source_file, rank)
                for kind, label, pane, key, flt, title, detail, origin, source_file, rank in rows]


def group_hits(hits: list[Hit]) -> list[tuple[str, list[Hit]]]:
    """Hits grouped by kind; groups ordered by their best hit, hits by rank within a group."""
    groups: dict[str, list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: h.rank):
        groups.setdefault(hit.label, []).append(hit)
    return list(groups.items())
