from pathlib import Path

import pytest

from policy_kg.corpus.errors import CorpusError, CorpusErrors
from policy_kg.corpus.loader import load_corpus

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TEXT = "重要鉱物に係る取組方針\n\n令和8年3月30日改定\n\nはじめに\n\nリチウムは重要である。\n"
FIELDS = {
    "doc_id": "test-policy@2026-03-30",
    "series": "test-policy",
    "title": "重要鉱物に係る取組方針",
    "issuer": "経済産業省",
    "revision": '"2026-03-30"',
    "revision_label": "令和8年3月30日改定",
    "status": "final",
    "source_file": "original.txt",
}
KNOWN = 'known_revisions:\n  - revision: "2023-01-19"\n    label: 令和5年1月19日\n'


def sidecar(extra: str = "", **fields: str | None) -> str:
    """A sidecar: the valid FIELDS with some changed (None drops one), then `extra` lines."""
    merged = {**FIELDS, **fields}
    lines = [f"{name}: {value}" for name, value in merged.items() if value is not None]
    return "\n".join(lines) + "\n" + extra


def write(folder: Path, stem: str, text: str | bytes | None = TEXT, meta: str | None = None):
    if text is not None:
        path = folder / f"{stem}.txt"
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    if meta is not None:
        (folder / f"{stem}.yaml").write_text(meta, encoding="utf-8")


def only_error(folder: Path) -> CorpusError:
    with pytest.raises(CorpusErrors) as raised:
        load_corpus(folder)
    assert len(raised.value.errors) == 1, raised.value
    return raised.value.errors[0]


def test_a_valid_document_loads_with_its_metadata_and_hash(tmp_path):
    write(tmp_path, "policy", meta=sidecar(KNOWN))
    (document,) = load_corpus(tmp_path).documents
    assert document.meta.doc_id == "test-policy@2026-03-30"
    assert document.meta.revision == "2026-03-30"
    assert [(k.revision, k.label) for k in document.meta.known_revisions] == [
        ("2023-01-19", "令和5年1月19日")
    ]
    assert document.text == TEXT
    assert len(document.content_hash) == 64


def test_the_content_hash_changes_with_the_sidecar_as_well_as_the_text(tmp_path):
    write(tmp_path, "policy", meta=sidecar())
    before = load_corpus(tmp_path).documents[0].content_hash
    write(tmp_path, "policy", text=None, meta=sidecar(title="別の題名"))
    after_meta = load_corpus(tmp_path).documents[0].content_hash
    write(tmp_path, "policy", text=TEXT + "追記。\n")
    after_text = load_corpus(tmp_path).documents[0].content_hash
    assert len({before, after_meta, after_text}) == 3


def test_crlf_line_ends_are_kept_and_a_byte_order_mark_is_dropped(tmp_path):
    write(tmp_path, "policy", text=b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode(),
          meta=sidecar())  # fmt: skip
    text = load_corpus(tmp_path).documents[0].text
    assert text == TEXT.replace("\n", "\r\n")


def test_yaml_dates_and_bare_years_are_accepted_as_revisions(tmp_path):
    write(tmp_path, "dated", meta=sidecar(revision="2026-03-30"))
    write(tmp_path, "year", meta=sidecar(
        doc_id="test-policy@2025-draft", revision="2025", revision_label="令和7年〇月〇日改訂",
        status="draft",
    ))  # fmt: skip
    revisions = [d.meta.revision for d in load_corpus(tmp_path).documents]
    assert revisions == ["2025", "2026-03-30"]


def test_an_undated_document_has_a_null_revision_and_an_undated_id(tmp_path):
    write(tmp_path, "policy", meta=sidecar(
        doc_id="test-policy@undated", revision="null", revision_label='""'
    ))  # fmt: skip
    assert load_corpus(tmp_path).documents[0].meta.revision is None


def test_a_shift_jis_text_is_refused_naming_the_encoding_it_looks_like(tmp_path):
    write(tmp_path, "policy", text=TEXT.encode("cp932"), meta=sidecar())
    error = only_error(tmp_path)
    assert error.path == tmp_path / "policy.txt"
    assert "not UTF-8" in error.message
    assert "CP932 (Shift_JIS)" in error.message
    assert error.line == 1


def test_an_euc_jp_text_is_refused_naming_the_encoding_it_looks_like(tmp_path):
    write(tmp_path, "policy", text=TEXT.encode("euc_jp"), meta=sidecar())
    assert "EUC-JP" in only_error(tmp_path).message


def test_a_utf16_text_with_a_byte_order_mark_is_refused_as_utf16(tmp_path):
    write(tmp_path, "policy", text=TEXT.encode("utf-16"), meta=sidecar())
    assert "UTF-16" in only_error(tmp_path).message


@pytest.mark.parametrize(("text", "words"), [("", "empty"), ("\n \u3000\t\r\n", "white space")])
def test_an_empty_or_blank_text_is_refused(tmp_path, text, words):
    write(tmp_path, "policy", text=text, meta=sidecar())
    error = only_error(tmp_path)
    assert error.path == tmp_path / "policy.txt"
    assert words in error.message


def test_a_text_without_its_sidecar_is_refused(tmp_path):
    write(tmp_path, "policy")
    error = only_error(tmp_path)
    assert error.path == tmp_path / "policy.txt"
    assert "policy.yaml" in error.message


def test_a_sidecar_without_its_text_is_refused(tmp_path):
    write(tmp_path, "policy", text=None, meta=sidecar())
    error = only_error(tmp_path)
    assert error.path == tmp_path / "policy.yaml"
    assert "policy.txt is missing" in error.message


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    write(tmp_path, "policy", meta=sidecar(title='"unclosed', issuer="[経済産業省"))
    error = only_error(tmp_path)
    assert "YAML syntax error" in error.message
    assert error.line is not None and 3 <= error.line <= 5
    assert str(error).startswith(f"{tmp_path / 'policy.yaml'}:{error.line}: ")


def test_a_sidecar_that_is_not_a_mapping_is_refused(tmp_path):
    write(tmp_path, "policy", meta="- just\n- a list\n")
    assert "mapping of fields" in only_error(tmp_path).message


def test_a_missing_field_is_named(tmp_path):
    write(tmp_path, "policy", meta=sidecar(issuer=None))
    error = only_error(tmp_path)
    assert (error.field, error.message) == ("issuer", "missing")
    assert "field 'issuer'" in str(error)


def test_a_misspelt_field_is_named_with_a_suggestion(tmp_path):
    write(tmp_path, "policy", meta=sidecar("titel: 余分\n"))
    error = only_error(tmp_path)
    assert error.field == "titel"
    assert "did you mean 'title'" in error.message
    assert error.line == 9


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"status": "Final"}, "status", "'final' or 'draft'"),
        ({"status": "no"}, "status", "must be text"),  # YAML reads a bare no as false
        ({"revision": "2026/03/30"}, "revision", "YYYY-MM-DD"),
        ({"revision": '"2026-02-30"'}, "revision", "is not a date"),
        ({"series": "Test Policy"}, "series", "lower-case"),
        ({"title": '""'}, "title", "empty"),
        ({"doc_id": "test-policy-2026-03-30"}, "doc_id", "<series>@<revision>"),
        ({"doc_id": "test-policy@2026-03-31"}, "doc_id", "expected 'test-policy@2026-03-30'"),
        ({"status": "draft"}, "doc_id", "expected 'test-policy@2026-03-30-draft'"),
        ({"revision_label": "令和8年3月31日改定"}, "revision_label", "names 2026-03-31"),
        ({"revision_label": "改定版"}, "revision_label", "no 和暦"),
        ({"revision_label": '""'}, "revision_label", "is empty"),
        (
            {"revision": "null", "doc_id": "test-policy@undated"},
            "revision_label",
            "but the revision is null",
        ),
    ],
)
def test_an_invalid_field_is_named_with_what_is_wrong(tmp_path, fields, field, words):
    write(tmp_path, "policy", meta=sidecar(**fields))
    error = only_error(tmp_path)
    assert error.path == tmp_path / "policy.yaml"
    assert error.field == field
    assert words in error.message


@pytest.mark.parametrize(
    ("entry", "field", "words"),
    [
        ("  - revision: \"2023-01-19\"\n", "known_revisions[0]", "revision and label"),
        ("  - revision: 2023-1-19\n    label: 令和5年1月19日\n", "known_revisions[0].revision",
         "not a date"),
        ("  - revision: \"2023-01-19\"\n    label: 令和5年1月20日\n", "known_revisions[0].label",
         "names 2023-01-20"),
        ("  - revision: \"2023\"\n    label: 第1版\n", "known_revisions[0].label", "no 和暦"),
    ],
)  # fmt: skip
def test_an_invalid_known_revision_is_named_by_its_index(tmp_path, entry, field, words):
    write(tmp_path, "policy", meta=sidecar("known_revisions:\n" + entry))
    error = only_error(tmp_path)
    assert error.field == field
    assert words in error.message
    assert error.line == 10


def test_known_revisions_that_are_not_a_list_are_refused(tmp_path):
    write(tmp_path, "policy", meta=sidecar("known_revisions: 令和5年1月19日\n"))
    assert only_error(tmp_path).field == "known_revisions"


def test_a_duplicate_doc_id_names_both_files(tmp_path):
    write(tmp_path, "first", meta=sidecar())
    write(tmp_path, "second", meta=sidecar())
    with pytest.raises(CorpusErrors) as raised:
        load_corpus(tmp_path)
    errors = raised.value.errors
    assert [e.path.name for e in errors] == ["first.yaml", "second.yaml"]
    assert all(e.field == "doc_id" and "duplicate" in e.message for e in errors)
    assert "second.yaml" in errors[0].message and "first.yaml" in errors[1].message


def test_every_problem_is_reported_at_once(tmp_path):
    write(tmp_path, "good", meta=sidecar())
    write(tmp_path, "bad", text="", meta=sidecar(doc_id="x", status="done", issuer=None))
    write(tmp_path, "lonely", text=None, meta=sidecar())
    with pytest.raises(CorpusErrors) as raised:
        load_corpus(tmp_path)
    errors = raised.value.errors
    assert {(e.path.name, e.field) for e in errors} == {
        ("bad.txt", None),
        ("bad.yaml", "issuer"),
        ("bad.yaml", "status"),
        ("lonely.yaml", None),
    }
    assert all(str(e) in str(raised.value) for e in errors)


def test_skip_invalid_loads_the_rest_and_lists_what_it_skipped(tmp_path):
    write(tmp_path, "good", meta=sidecar())
    write(tmp_path, "bad", meta=sidecar(status="done"))
    load = load_corpus(tmp_path, skip_invalid=True)
    assert [d.text_path.name for d in load.documents] == ["good.txt"]
    assert [(e.path.name, e.field) for e in load.skipped] == [("bad.yaml", "status")]


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p])
def test_a_missing_or_empty_corpus_folder_is_an_error_even_when_skipping(tmp_path, make):
    (tmp_path / "README.md").write_text("not a document\n", encoding="utf-8")
    with pytest.raises(CorpusErrors):
        load_corpus(make(tmp_path), skip_invalid=True)


def test_the_real_corpus_loads_its_five_documents():
    documents = load_corpus(CORPUS).documents
    assert [(d.meta.doc_id, d.meta.revision, d.meta.status) for d in documents] == [
        ("critical-minerals-policy@2026-03-30", "2026-03-30", "final"),
        ("japan-us-minerals-framework@2025-10-28", "2025-10-28", "final"),
        ("materials-strategy-issues@2026-02-19", "2026-02-19", "final"),
        ("permanent-magnets-policy@2025-draft", "2025", "draft"),
        ("rare-metals-overview@2011-12", "2011-12", "final"),
    ]
    known = {d.meta.series: [k.revision for k in d.meta.known_revisions] for d in documents}
    assert known == {
        "critical-minerals-policy": ["2023-01-19", "2024-03-29", "2025-06-19", "2026-03-30"],
        "japan-us-minerals-framework": ["2025-10-28"],
        "materials-strategy-issues": ["2026-02-19"],
        "permanent-magnets-policy": ["2023-01-19", "2025"],
        "rare-metals-overview": ["2011-12"],
    }
    labels = {d.meta.series: d.meta.revision_label for d in documents}
    assert labels["permanent-magnets-policy"] == "令和7年〇月〇日改訂"
    assert labels["rare-metals-overview"] == "平成２３年１２月"
    source_files = sorted(d.meta.source_file for d in documents)
    assert source_files == [f"00{i}_{h}.txt" for i, h in enumerate(
        ["560448d517f07cfc", "221b44a1fcd2578a", "070dbe566e552d9a", "e15e9870ed11f074",
         "b777000f5519b6c9"])]  # fmt: skip


def test_every_revision_label_of_the_real_corpus_opens_its_text():
    """The label in the sidecar is the text's own wording, not a paraphrase."""
    for document in load_corpus(CORPUS).documents:
        head = document.text[:400]
        assert document.meta.revision_label in head, document.meta.doc_id
        assert all(k.label in document.text for k in document.meta.known_revisions)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def test_a_sidecar_of_nested_aliases_is_refused_without_expanding_it(tmp_path):
    """A 1 KB "billion laughs" sidecar: refused at its first alias, named by line."""
    write(tmp_path, "policy", meta=sidecar(BOMB))
    error = only_error(tmp_path)
    assert error.path.name == "policy.yaml" and "alias" in error.message
    assert error.line == len(FIELDS) + 2  # the `b:` line, where the first alias is


def test_a_structure_where_text_is_expected_is_named_by_its_type_only(tmp_path):
    big = "[" + ", ".join(["長い値"] * 5000) + "]"
    write(tmp_path, "policy", meta=sidecar(title=big))
    error = only_error(tmp_path)
    assert error.field == "title" and "found a list" in error.message
    assert "長い値" not in str(error)


def test_a_long_value_is_quoted_capped(tmp_path):
    write(tmp_path, "policy", meta=sidecar(status="x" * 1_000_000))
    error = only_error(tmp_path)
    assert error.field == "status" and "1,000,002 characters" in error.message
    assert len(str(error)) < 500


def test_a_text_linked_from_outside_the_corpus_is_refused(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "secret.txt"
    corpus.mkdir()
    outside.write_text(TEXT, encoding="utf-8")
    (corpus / "policy.txt").symlink_to(outside)
    write(corpus, "policy", text=None, meta=sidecar())
    error = only_error(corpus)
    assert error.path.name == "policy.txt" and "outside the corpus" in error.message


def test_a_link_inside_the_corpus_is_followed(tmp_path):
    (tmp_path / ".original.txt").write_text(TEXT, encoding="utf-8")  # hidden: not a document
    (tmp_path / "policy.txt").symlink_to(".original.txt")
    write(tmp_path, "policy", text=None, meta=sidecar())
    (document,) = load_corpus(tmp_path).documents
    assert document.text == TEXT


def test_a_folder_named_like_a_text_is_reported_as_a_folder(tmp_path):
    (tmp_path / "policy.txt").mkdir()
    write(tmp_path, "policy", text=None, meta=sidecar())
    error = only_error(tmp_path)
    assert error.path.name == "policy.txt" and "is a folder" in error.message
