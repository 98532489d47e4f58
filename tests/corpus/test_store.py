"""A build takes an unchanged document's passages file from the build before: linked, or
copied where the file system cannot link, and read back the same."""

import os
from pathlib import Path

import pytest

from policy_kg.corpus.model import Passage
from policy_kg.corpus.store import link_passages, read_passages, write_passages

DOC = "rare-metals-overview@2011-12"


@pytest.fixture
def before(tmp_path: Path) -> Path:
    folder = tmp_path / "before"
    folder.mkdir()
    passage = Passage(f"{DOC}#p1", DOC, "body", ("第1章",), "レアアースの確保。", 0, 9)
    write_passages(folder, DOC, (passage,))
    return folder


@pytest.mark.parametrize("can_link", [True, False])
def test_linked_or_copied_passages_read_back_the_same(tmp_path, before, monkeypatch, can_link):
    if not can_link:

        def refuse(*_):
            raise OSError("cross-device link")

        monkeypatch.setattr(os, "link", refuse)
    after = tmp_path / "after"
    after.mkdir()
    link_passages(before, after, DOC)
    assert read_passages(after, DOC) == read_passages(before, DOC)


def test_a_passage_reads_back_with_its_footnote_links_and_where_they_were_marked(tmp_path):
    note = f"{DOC}#n1"
    passage = Passage(
        f"{DOC}#p1",
        DOC,
        "body",
        ("第1章",),
        "需要は80トン程度とされる。",
        0,
        14,
        (note,),
        None,
        ((9, note),),
    )
    write_passages(tmp_path, DOC, (passage,))
    assert read_passages(tmp_path, DOC) == (passage,)
