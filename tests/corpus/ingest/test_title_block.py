"""The sidecar drafted from a printed seed's title block (and, where the block does not name
its issuer whole, from the text) is the hand-written one, for every seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from readback import seed_meta

from policy_kg.corpus.ingest.draft import Choices, draft_sidecar
from policy_kg.corpus.ingest.read import read_published
from policy_kg.corpus.ingest.title_block import read_title_block
from policy_kg.corpus.model import DocumentMeta

SEEDS = tuple(sorted((Path(__file__).resolve().parents[3] / "corpus").glob("*.txt")))


def _drafted(published: Path, corpus: tuple[DocumentMeta, ...]) -> DocumentMeta:
    block = read_title_block(read_published(published).text)
    return draft_sidecar(block, Choices(), published.name, published.suffix, "0" * 64, corpus).meta


def _fields(meta: DocumentMeta) -> tuple[object, ...]:
    return (meta.title, meta.issuer, meta.revision, meta.status)


@pytest.mark.parametrize("stem", [seed.stem for seed in SEEDS])
def test_the_drafted_sidecar_is_the_hand_written_one(seed_pdfs, stem):
    corpus = tuple(seed_meta(r.text_path) for r in seed_pdfs.values())
    rendered = seed_pdfs[stem]
    drafted = _drafted(rendered.pdf, corpus)
    hand = seed_meta(rendered.text_path)
    assert _fields(drafted) == _fields(hand)
    assert drafted.doc_id == hand.doc_id  # the series is in the corpus: its id is reused
    assert drafted.known_revisions == hand.known_revisions


def test_the_web_page_drafts_the_signing_parties_as_issuer(seed_web_page):
    drafted = _drafted(seed_web_page.pdf, ())
    assert _fields(drafted) == _fields(seed_meta(seed_web_page.text_path))


def test_a_new_series_is_not_guessed(seed_pdfs):
    rendered = seed_pdfs["rare-metals-overview-2011-12"]
    block = read_title_block(read_published(rendered.pdf).text)
    draft = draft_sidecar(block, Choices(), "x.pdf", ".pdf", "0" * 64, ())
    assert draft.missing() == ("series",)


def test_a_stamp_above_the_title_is_no_title_and_a_draft_stamp_marks_a_draft():
    """The first page may carry the stamp every page carries above its title (仮訳, （案）):
    it says what the text is, not what it is called."""
    text = "（案）\n\nコバルトの備蓄に関する基本計画\n\n令和8年4月1日\n\n経済産業省\n\n"
    text += "1. 目的\n\n本文。\n"
    block = read_title_block(text)
    assert block.title == "コバルトの備蓄に関する基本計画"
    assert block.draft
    assert not read_title_block(text.replace("（案）", "仮訳")).draft
