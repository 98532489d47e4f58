"""A build's terms are stored by text hash and reused: a known text is never read again."""

from __future__ import annotations

from pathlib import Path

from policy_kg.index.embedding_cache import text_key
from policy_kg.index.passage_terms import read_terms, terms_of, write_terms


class CountingExtractor:
    def __init__(self) -> None:
        self.read: list[str] = []

    def __call__(self, text: str) -> list[str]:
        self.read.append(text)
        return text.split()


def test_known_texts_are_taken_and_only_the_others_read(tmp_path: Path):
    first = CountingExtractor()
    texts = ["ニッケル 確保", "リチウム 輸入"]
    write_terms(tmp_path / "terms.json", texts, terms_of(texts, first, {}))
    assert first.read == texts
    again = CountingExtractor()
    edited = ["ニッケル 確保", "リチウム 輸入 追記"]
    found = terms_of(edited, again, read_terms(tmp_path / "terms.json"))
    assert found == [["ニッケル", "確保"], ["リチウム", "輸入", "追記"]]
    assert again.read == ["リチウム 輸入 追記"]


def test_a_text_without_terms_is_known_too(tmp_path: Path):
    write_terms(tmp_path / "terms.json", ["。"], [[]])
    extractor = CountingExtractor()
    assert terms_of(["。"], extractor, read_terms(tmp_path / "terms.json")) == [[]]
    assert extractor.read == []
    assert read_terms(tmp_path / "terms.json") == {text_key("。"): []}


def test_a_build_without_stored_terms_reuses_nothing(tmp_path: Path):
    assert read_terms(tmp_path / "absent.json") == {}


def test_unreadable_stored_terms_are_read_again_with_a_warning(tmp_path: Path, caplog):
    path = tmp_path / "terms.json"
    write_terms(path, ["ニッケル 確保"], [["ニッケル", "確保"]])
    path.write_text(path.read_text(encoding="utf-8")[:-5], encoding="utf-8")
    assert read_terms(path) == {}
    path.write_text("[]", encoding="utf-8")
    assert read_terms(path) == {}
    assert caplog.text.count(str(path)) == 2


def test_a_text_repeated_in_one_build_is_read_once():
    extractor = CountingExtractor()
    assert terms_of(["同じ 文", "同じ 文"], extractor, {}) == [["同じ", "文"], ["同じ", "文"]]
    assert extractor.read == ["同じ 文"]
