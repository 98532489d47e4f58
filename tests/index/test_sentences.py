import numpy as np

from policy_kg.config import CacheDir
from policy_kg.corpus.model import Passage
from policy_kg.corpus.units import answer_units
from policy_kg.index.embedding_cache import VectorCaches
from policy_kg.index.retriever import index_text
from policy_kg.index.sentences import (
    SentenceVectors,
    embedded_text,
    placed_text,
    write_sentence_vectors,
)


class _CountingEmbedder:
    """Unit vectors from the text's length, counting what it is asked to embed."""

    name = "counting"
    dim = 2

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def encode_passages(self, texts):
        self.embedded += texts
        angles = np.array([len(t) for t in texts], dtype=np.float32)
        return np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)


def _passage(n: int, text: str, kind: str = "body", section: tuple[str, ...] = ()) -> Passage:
    return Passage(f"d#p{n}", "d", kind, section, text, 0, len(text))


TITLES = {"d": "取組方針"}


LONG = "一文目は重要鉱物の長い説明である。" * 10 + "\n  二文目。"


def unit_spans(passage: Passage) -> list[tuple[int, int]]:
    return [(u.start, u.end) for u in answer_units(passage)]


def test_units_are_the_passage_s_answer_units_and_a_table_row_is_embedded_with_its_header():
    prose = _passage(1, LONG)
    spans = unit_spans(prose)
    assert len(spans) == 11 and LONG[slice(*spans[-1])] == "二文目。"
    table = _passage(2, "鉱種\t目標量\nリチウム\t10万トン", "table")
    row = answer_units(table)[-1]
    assert unit_spans(table)[-1] == (row.start, row.end)
    assert embedded_text(table, row) == f"{row.context}\nリチウム\t10万トン"
    assert "目標量" in row.context


def test_a_unit_is_also_embedded_under_its_title_and_section_path():
    passage = _passage(1, "対象とする。", section=("第2章", "(1) 支援"))
    unit = answer_units(passage)[0]
    assert placed_text(passage, unit, "取組方針") == "取組方針 / 第2章 / (1) 支援: 対象とする。"


def test_a_passage_s_only_unit_is_placed_as_the_passage_is_indexed():
    passage = _passage(1, "対象とする。", section=("第2章", "(1) 支援"))
    unit = answer_units(passage)[0]
    placed = placed_text(passage, unit, "取組方針", alone=True)
    assert placed == index_text(passage, "取組方針") == "取組方針\n(1) 支援\n対象とする。"


def test_an_only_unit_takes_its_passage_s_vector_without_embedding_it_again(tmp_path):
    """The dense index embeds the passage first, into the passages' cache; the placed vector
    of its only unit is that row, so the unit is embedded once, alone."""
    only = _passage(1, "短い一行。")
    embedder = _CountingEmbedder()
    indexed = index_text(only, TITLES["d"])
    caches = VectorCaches.open(CacheDir(tmp_path), embedder.name)
    passage_vector = caches.passages.embed([indexed], embedder.encode_passages, "e", _quiet)[0]
    vectors = _written([only, _passage(2, LONG)], embedder, tmp_path / "sentences", caches=caches)
    assert embedder.embedded.count(indexed) == 1  # by the dense index's step only
    assert "短い一行。" in embedder.embedded
    found = vectors.similarity("d#p1", unit_spans(only), passage_vector)
    assert np.isclose(found.placed[0], 1.0)
    two_units = embedder.embedded[-2:]  # LONG's two texts, placed under the title path
    assert all(t.startswith("取組方針: ") for t in two_units)


def _quiet(*_args) -> None:
    return None


def _written(
    passages, embedder, folder, reused=None, titles=TITLES, caches=None
) -> SentenceVectors:
    """The passages' vectors written into `folder`, through `caches` (by default those of
    the folder's parent, read and saved)."""
    caches = caches or VectorCaches.open(CacheDir(folder.parent), embedder.name)
    write_sentence_vectors(passages, titles, embedder, caches, _quiet, folder, reused)
    caches.save()
    return SentenceVectors.load(folder)


def test_vectors_are_looked_up_by_span_and_cached_by_text(tmp_path):
    passages = [_passage(1, LONG), _passage(2, "短い一行。")]
    embedder = _CountingEmbedder()
    vectors = _written(passages, embedder, tmp_path / "first")
    first = len(embedder.embedded)
    # the ten equal sentences are one text, then 二文目, then the short line; each alone and
    # placed under the title (the short line, its passage's only unit, as its passage)
    assert first == 6
    _written(passages, embedder, tmp_path / "second")
    assert len(embedder.embedded) == first  # all cached
    query = embedder.encode_passages(["短い一行。"])[0]
    spans = unit_spans(passages[1])
    assert np.isclose(vectors.similarity("d#p2", spans, query).own[0], 1.0)
    placed = embedder.encode_passages(["取組方針\n短い一行。"])[0]  # its passage, indexed
    assert np.isclose(vectors.similarity("d#p2", spans, placed).placed[0], 1.0)


def test_unknown_spans_score_zero(tmp_path):
    passage = _passage(1, LONG)
    vectors = _written([passage], _CountingEmbedder(), tmp_path / "sentences")
    query = np.array([1.0, 0.0], dtype=np.float32)
    unknown = vectors.similarity("d#p1", [(0, 1)], query)
    assert unknown.own.tolist() == [0.0] and unknown.placed.tolist() == [0.0]
    assert vectors.similarity("absent", [(0, 1)], query).own.tolist() == [0.0]


def test_an_unchanged_document_is_linked_and_a_changed_one_embedded_again(tmp_path):
    kept = Passage("k#p1", "k", "body", (), "変わらない文。", 0, 7)
    before = [_passage(1, "古い文。"), kept]
    titles = {**TITLES, "k": "別の文書"}
    _written(before, _CountingEmbedder(), tmp_path / "before", titles=titles)
    embedder = _CountingEmbedder()
    after = [_passage(1, "新しい文です。"), kept]
    vectors = _written(after, embedder, tmp_path / "after", tmp_path / "before", titles)
    assert (tmp_path / "after" / "k.own.npy").stat().st_ino == (
        tmp_path / "before" / "k.own.npy"
    ).stat().st_ino
    assert sorted(embedder.embedded) == ["取組方針\n新しい文です。", "新しい文です。"]
    query = embedder.encode_passages(["変わらない文。"])[0]
    assert np.isclose(vectors.similarity("k#p1", unit_spans(kept), query).own[0], 1.0)
    renamed = {**titles, "k": "改題された文書"}  # placed under a new title: embedded again
    _written(after, embedder, tmp_path / "renamed", tmp_path / "after", renamed)
    assert embedder.embedded[-1] == "改題された文書\n変わらない文。"
