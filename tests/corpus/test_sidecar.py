"""Sidecar fields added for `policy-kg add`: known_revisions as a plain list of dates, and the
kept original (`original`, `original_sha256`) beside a text the loader reads as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_kg.corpus.errors import CorpusErrors
from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.model import KnownRevision

TEXT = "重要鉱物に係る取組方針\n\n令和8年3月30日改定\n\nはじめに\n\nリチウムは重要である。\n"
SIDECAR = """doc_id: test-policy@2026-03-30
series: test-policy
title: 重要鉱物に係る取組方針
issuer: 経済産業省
revision: "2026-03-30"
revision_label: 令和8年3月30日改定
status: final
source_file: policy.pdf
"""
SHA256 = "ab" * 32


def _load(folder: Path, extra: str):
    (folder / "policy.txt").write_text(TEXT, encoding="utf-8")
    (folder / "policy.yaml").write_text(SIDECAR + extra, encoding="utf-8")
    return load_corpus(folder).documents[0].meta


def test_known_revisions_may_be_a_plain_list_of_iso_dates(tmp_path):
    meta = _load(tmp_path, 'known_revisions:\n  - "2026-03-30"\n  - 2023-01-19\n')
    assert meta.known_revisions == (
        KnownRevision("2023-01-19", "2023-01-19"),
        KnownRevision("2026-03-30", "2026-03-30"),
    )


def test_a_japanese_date_in_the_list_is_its_own_label(tmp_path):
    meta = _load(tmp_path, "known_revisions: [令和5年1月19日, 令和8年3月30日改定]\n")
    assert meta.known_revisions == (
        KnownRevision("2023-01-19", "令和5年1月19日"),
        KnownRevision("2026-03-30", "令和8年3月30日改定"),
    )


def test_a_plain_entry_that_is_not_a_date_is_named_by_its_index(tmp_path):
    with pytest.raises(CorpusErrors) as raised:
        _load(tmp_path, "known_revisions:\n  - 2023-01-19\n  - 第1版\n")
    (error,) = raised.value.errors
    assert error.field == "known_revisions[1]"
    assert "not a date" in error.message


def test_the_kept_original_is_accepted_and_its_folder_ignored(tmp_path):
    originals = tmp_path / "originals"
    originals.mkdir()
    (originals / "policy.pdf").write_bytes(b"%PDF-1.4")
    (originals / "other.txt").write_text("not a corpus text", encoding="utf-8")
    extra = f"original: originals/policy.pdf\noriginal_sha256: {SHA256}\n"
    meta = _load(tmp_path, extra)
    assert meta.doc_id == "test-policy@2026-03-30"
    assert len(load_corpus(tmp_path).documents) == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (f"original: /etc/policy.pdf\noriginal_sha256: {SHA256}\n", "original"),
        ("original: originals/policy.pdf\noriginal_sha256: abc\n", "original_sha256"),
    ],
)
def test_a_bad_original_field_is_named(tmp_path, extra, field):
    with pytest.raises(CorpusErrors) as raised:
        _load(tmp_path, extra)
    assert [e.field for e in raised.value.errors] == [field]
