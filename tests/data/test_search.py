"""Search everywhere, without Qt: FTS5 over curated and imported rows, in
English, Russian and Chinese, ranked and grouped by kind."""
from __future__ import annotations

import pytest

from explorer.data.db import Store
from explorer.data.search import SearchIndex, cjk_bigrams, group_hits, match_expression

BRIDGE = "heihe-blagoveshchensk-bridge"


@pytest.fixture
def mini_conn(tmp_path, mini_bundled_path):
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    yield conn
    conn.close()


@pytest.fixture
def index(mini_conn):
    return SearchIndex(mini_conn)


def kinds(hits):
    return {h.kind for h in hits}


def corridor_hit(hits):
    return next(h for h in hits if h.kind == "corridor")


@pytest.mark.parametrize("query", ["黑河", "Благовещенск", "Heihe", "heihe bridge", "благовещ", "布拉戈维申斯克"])
def test_any_script_finds_the_heihe_bridge(index, mini_conn, query):
    hits = index.search(query)
    bridge = corridor_hit(hits)
    assert bridge.title.startswith("Heihe")
    assert bridge.pane == "corridors"
    # the key selects a row of the Corridors table (its first milestone)
    assert mini_conn.execute("SELECT subject_id FROM all_events WHERE event_id = ?",
                             (bridge.key,)).fetchone() == (BRIDGE,)


def test_place_opens_corridors_filtered_by_its_name(index):
    place = next(h for h in index.search("黑河") if h.kind == "place")
    assert (place.pane, place.key, place.filter_text) == ("corridors", None, "Heihe")
    assert "Хэйхэ" in place.detail and "黑河" in place.detail


def test_numbers_and_chinese_inside_longer_names(index, mini_conn):
    value = mini_conn.execute(
        "SELECT figure_id, value FROM all_trade_figures WHERE measure = 'value' ORDER BY value DESC").fetchone()
    hits = index.search(f"{value[1]:g}")
    assert hits[0].kind == "trade_figure" and hits[0].key == value[0]
    # 商务部 is the tail of 中华人民共和国商务部: found by the bigram column
    assert [h.key for h in index.search("商务部")] == ["mofcom"]


def test_results_ranked_and_grouped(index):
    hits = index.search("Heihe")
    groups = group_hits(hits)
    labels = [label for label, _ in groups]
    assert len(labels) == len(set(labels))
    assert {"Places", "Corridors"} <= set(labels)
    # groups come in the order of their best hit
    bests = [min(h.rank for h in group) for _, group in groups]
    assert bests == sorted(bests)


def test_substring_fallback_and_nonsense(index):
    assert "corridor" in kinds(index.search("oveshch"))    # inside a word: trigram index
    assert index.search("zzzqqq") == []
    assert index.search("   ") == []
    assert isinstance(index.search('"(* AND NEAR('), list)   # FTS syntax in the box never raises


def test_index_is_lazy_and_rebuilt_after_an_import(index, mini_conn):
    assert not index.built
    assert index.search("Svobodny") == []
    assert index.built and index.rows > 0
    with mini_conn:
        mini_conn.execute(
            "INSERT INTO places (place_id, name_en, name_ru, name_zh, kind, country, import_id, source_file, "
            "source_row) VALUES ('svobodny', 'Svobodny', 'Свободный', '斯沃博德内', 'city', 'RU', 1, 'mine.csv', 2)")
    index.invalidate()
    hit = index.search("Свободный")[0]
    assert (hit.title, hit.imported, hit.source_file) == ("Svobodny", True, "mine.csv")
    assert index.search("斯沃")[0].title == "Svobodny"


def test_cjk_bigrams_and_match_expression():
    assert cjk_bigrams("Heihe 黑河大桥") == "黑河 河大 大桥"
    assert cjk_bigrams("中") == "中"
    assert match_expression("") is None
    assert 'grams : "黑河 河大"' in match_expression("黑河大")
    assert '"1905.7"' in match_expression("1905.7")
