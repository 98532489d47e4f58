import numpy as np

from policy_kg.corpus.model import Passage
from policy_kg.corpus.units import answer_units
from policy_kg.index.sentences import (
    SentenceVectors,
    build_sentence_vectors,
    embedded_text,
    placed_text,
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


def test_vectors_are_looked_up_by_span_and_cached_by_text(tmp_path):
    passages = [_passage(1, LONG), _passage(2, "短い一行。")]
    embedder = _CountingEmbedder()
    vectors = build_sentence_vectors(passages, TITLES, embedder, tmp_path, lambda *a: None)
    first = len(embedder.embedded)
    # the ten equal sentences are one text, then 二文目, then the short line; each alone and
    # placed under the title
    assert first == 6
    build_sentence_vectors(passages, TITLES, embedder, tmp_path, lambda *a: None)
    assert len(embedder.embedded) == first  # all cached
    query = embedder.encode_passages(["短い一行。"])[0]
    cosines = vectors.similarity("d#p2", vectors.spans("d#p2"), query)
    assert np.isclose(cosines.own[0], 1.0)
    placed = embedder.encode_passages(["取組方針: 短い一行。"])[0]
    assert np.isclose(vectors.similarity("d#p2", vectors.spans("d#p2"), placed).placed[0], 1.0)


def test_saved_vectors_load_back_and_unknown_spans_score_zero(tmp_path):
    passages = [_passage(1, LONG)]
    vectors = build_sentence_vectors(
        passages, TITLES, _CountingEmbedder(), tmp_path, lambda *a: None
    )
    vectors.save(tmp_path / "sentences")
    loaded = SentenceVectors.load(tmp_path / "sentences")
    spans = loaded.spans("d#p1")
    query = np.array([1.0, 0.0], dtype=np.float32)
    before, after = (
        vectors.similarity("d#p1", spans, query),
        loaded.similarity("d#p1", spans, query),
    )
    assert np.allclose(after.own, before.own) and np.allclose(after.placed, before.placed)
    unknown = loaded.similarity("d#p1", [(0, 1)], query)
    assert unknown.own.tolist() == [0.0] and unknown.placed.tolist() == [0.0]
    assert loaded.spans("absent") == []
