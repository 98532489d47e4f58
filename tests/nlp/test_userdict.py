"""The Sudachi user dictionary: it builds, it fixes the domain's splits and normalisations, and it
changes nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sudachipy import SplitMode, Tokenizer

from policy_kg.nlp.userdict import (
    USER_DICT_CSV,
    build_user_dict,
    generate_user_dict_csv,
    is_candidate_form,
    sudachi_tokenizer,
    system_tokenizer,
)
from policy_kg.nlp.vocabulary import Vocabulary, default_vocabulary

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def user_dic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("cache") / "user.dic"
    assert build_user_dict(output) is True
    return output


@pytest.fixture(scope="module")
def tokenizer(user_dic: Path) -> Tokenizer:
    return sudachi_tokenizer(user_dic)


@pytest.fixture(scope="module")
def baseline() -> Tokenizer:
    return system_tokenizer()


def _readings(tokenizer: Tokenizer, text: str) -> list[tuple[str, str]]:
    return [(m.surface(), m.normalized_form()) for m in tokenizer.tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("重希土類フリー", [("重希土類", "重希土類"), ("フリー", "フリー")]),
        (
            "軽希土類（NdPr）",
            [("軽希土類", "軽希土類"), ("（", "("), ("NdPr", "NdPr"), ("）", ")")],
        ),
        ("ジスプロ使用量", [("ジスプロ", "ジスプロシウム"), ("使用量", "使用量")]),
        ("JOGMEC出資", [("JOGMEC", "JOGMEC"), ("出資", "出資")]),
        ("ＪＯＧＭＥＣ", [("ＪＯＧＭＥＣ", "JOGMEC")]),
        ("ホルニウム", [("ホルニウム", "ホルミウム")]),
        ("プラセオジウム", [("プラセオジウム", "プラセオジム")]),
        ("ネオジウム", [("ネオジウム", "ネオジム")]),
        ("天然黒鉛", [("天然黒鉛", "グラファイト")]),
    ],
)
def test_domain_words_are_single_tokens_in_canonical_form(
    tokenizer: Tokenizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _readings(tokenizer, text) == expected


def test_rare_earth_synonyms_share_one_normalized_form(tokenizer: Tokenizer) -> None:
    forms = ["レアアース", "希土類", "希土類金属", "稀土類"]
    normalized = {m.normalized_form() for form in forms for m in tokenizer.tokenize(form)}
    assert normalized == {"レアアース"}


def test_entries_are_known_words_not_unknown_ones(tokenizer: Tokenizer) -> None:
    (jogmec,) = tokenizer.tokenize("JOGMEC")
    assert not jogmec.is_oov()
    assert jogmec.part_of_speech()[:2] == ("名詞", "固有名詞")


def test_every_mineral_form_is_one_token_normalised_to_its_label(
    tokenizer: Tokenizer,
) -> None:
    """So a gazetteer can match minerals on one normalized token each."""
    vocabulary: Vocabulary = default_vocabulary()
    wrong = []
    for mineral in vocabulary.minerals:
        for form in filter(is_candidate_form, mineral.surface_forms):
            readings = _readings(tokenizer, form)
            if readings != [(form, mineral.label)]:
                wrong.append((form, readings))
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    [
        "ボーリング調査",
        "ガソリン車",
        "亜鉛鉱石",
        "イッテルビウム",
        "アルミ新地金",
        "非鉄金属",
        "銀行",
    ],
)
def test_words_around_traps_keep_their_system_segmentation(
    tokenizer: Tokenizer, baseline: Tokenizer, text: str
) -> None:
    assert [m.surface() for m in tokenizer.tokenize(text)] == [
        m.surface() for m in baseline.tokenize(text)
    ]


@pytest.mark.parametrize("mode", [SplitMode.C, SplitMode.A])
def test_corpus_segmentation_changes_only_at_entries(
    tokenizer: Tokenizer, baseline: Tokenizer, mode: SplitMode
) -> None:
    """Outside user-dictionary tokens, every token of the five texts keeps its span."""
    changed = []
    entries = 0
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            spans = {(m.begin(), m.end()) for m in baseline.tokenize(line, mode)}
            for m in tokenizer.tokenize(line, mode):
                if m.dictionary_id() >= 1:
                    entries += 1
                elif (m.begin(), m.end()) not in spans:
                    changed.append((path.name, m.surface(), line[max(0, m.begin() - 10) : m.end()]))
    assert entries > 100  # the dictionary is in use
    assert changed == []


def test_committed_csv_is_generated_from_the_vocabulary() -> None:
    assert USER_DICT_CSV.read_text(encoding="utf-8") == generate_user_dict_csv(
        default_vocabulary()
    ), "run `python -m policy_kg.nlp.userdict write-csv` and commit the CSV"


def test_every_entry_normalises_to_a_vocabulary_entry() -> None:
    vocabulary = default_vocabulary()
    for line in USER_DICT_CSV.read_text(encoding="utf-8").splitlines():
        normalized = line.split(",")[12]
        assert vocabulary.mineral(normalized) or vocabulary.agency(normalized), line


def test_build_is_skipped_when_up_to_date_and_redone_when_the_csv_changes(
    tmp_path: Path,
) -> None:
    csv_path = tmp_path / "user_dict.csv"
    shutil.copy(USER_DICT_CSV, csv_path)
    output = tmp_path / "cache" / "user.dic"
    assert build_user_dict(output, csv_path) is True
    assert build_user_dict(output, csv_path) is False
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write("ジジム,5144,5144,5000,ジジム,名詞,普通名詞,一般,*,*,*,,ジジム,*,*,*,*,*\n")
    assert build_user_dict(output, csv_path) is True
    assert sorted(p.name for p in output.parent.iterdir()) == ["user.dic", "user.dic.stamp"]
    assert _readings(sudachi_tokenizer(output), "ジジム") == [("ジジム", "ジジム")]


def test_failed_build_keeps_the_previous_dictionary(tmp_path: Path) -> None:
    csv_path = tmp_path / "user_dict.csv"
    shutil.copy(USER_DICT_CSV, csv_path)
    output = tmp_path / "user.dic"
    build_user_dict(output, csv_path)
    previous = output.read_bytes()
    csv_path.write_text("重希土類,not-a-number\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="ubuild failed"):
        build_user_dict(output, csv_path)
    assert output.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "user.dic",
        "user.dic.stamp",
        "user_dict.csv",
    ]
