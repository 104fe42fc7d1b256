"""Plain and Chicago-style references from a row's citation."""
from __future__ import annotations

import pytest

from explorer.data.citations import chicago, format_citation, human_date, plain
from explorer.data.citations import Citation

MEMO = Citation(
    doc_id="004.txt", title="Foreign Trade Cooperation Between China and Siberian Regions",
    publisher="MEMO journal", author="A. Author", published="2024-05", url=None,
    doi="10.20542/0131-2227-2024-68-5-81-90", quote="trade grew", original_source="GACC")
WEB = Citation(
    doc_id="000.txt", title="Russian Far East to grow China trade", publisher="RT News", author=None,
    published="2023-06-05", url="https://example.org/a", doi=None, quote="Trade reached $7.5 billion",
    original_source=None)


def test_chicago_journal_with_doi():
    assert chicago(MEMO) == (
        "A. Author. “Foreign Trade Cooperation Between China and Siberian Regions.” MEMO journal, May 2024. "
        "https://doi.org/10.20542/0131-2227-2024-68-5-81-90. Original source as cited: GACC.\n"
        "Quote: “trade grew”")


def test_chicago_web_article_without_author():
    assert chicago(WEB) == ("“Russian Far East to grow China trade.” RT News, June 5, 2023. https://example.org/a.\n"
                            "Quote: “Trade reached $7.5 billion”")


def test_plain_keeps_iso_date_and_url():
    assert plain(WEB) == ("“Russian Far East to grow China trade”, RT News, 2023-06-05. https://example.org/a\n"
                          "Quote: “Trade reached $7.5 billion”")
    assert "doi:10.20542" in plain(MEMO)


def test_imported_row_names_file_and_row():
    c = Citation(None, None, None, None, None, None, None, None, None, source_file="mine.csv", source_row=7)
    assert plain(c) == chicago(c) == "Imported from mine.csv, row 7."


@pytest.mark.parametrize("iso, text", [("2023", "2023"), ("2022-11", "November 2022"),
                                       ("2022-11-25", "November 25, 2022"), ("2023-01/2023-09", "2023-01/2023-09"),
                                       (None, None)])
def test_dates_at_their_precision(iso, text):
    assert human_date(iso) == text


def test_unknown_style():
    with pytest.raises(ValueError):
        format_citation(WEB, "apa")
