"""rebuild.add without building: what a plan writes, the preview, a replaced document, and
which revision a new one is compared with."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from policy_kg.config import Paths
from policy_kg.corpus.ingest.draft import Choices
from policy_kg.corpus.ingest.errors import IngestError
from policy_kg.corpus.loader import load_corpus
from policy_kg.rebuild.add import check_plan, plan_add, previous_revision, write_plan

REPO = Path(__file__).resolve().parents[2]
OLD_STEM = "critical-minerals-policy-2026-03-30"
NEW_STEM = "critical-minerals-policy-2027-04-01"
FIXTURE = REPO / "tests" / "fixtures" / "added_revision" / f"{NEW_STEM}.txt"


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(REPO / "corpus" / f"{OLD_STEM}{suffix}", corpus)
    return Paths(corpus, tmp_path / "indexes", tmp_path / "cache")


def test_a_plan_writes_text_sidecar_and_original_that_the_loader_reads(paths, tmp_path):
    published = tmp_path / "published.txt"
    shutil.copy(FIXTURE, published)
    plan = plan_add(paths, published, Choices())
    check_plan(plan, replace=False)
    text, sidecar, original = write_plan(paths, plan)
    assert (text.name, sidecar.name) == (f"{NEW_STEM}.txt", f"{NEW_STEM}.yaml")
    assert original == paths.corpus / "originals" / f"{NEW_STEM}.txt"
    digest = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    assert f"original_sha256: {digest}" in sidecar.read_text(encoding="utf-8")
    loaded = {d.meta.doc_id: d.meta for d in load_corpus(paths.corpus).documents}
    hand = {d.meta.doc_id: d.meta for d in load_corpus(FIXTURE.parent).documents}
    new = "critical-minerals-policy@2027-04-01"
    assert set(loaded) == {"critical-minerals-policy@2026-03-30", new}
    assert loaded[new].known_revisions == hand[new].known_revisions
    assert (loaded[new].title, loaded[new].revision_label) == (
        hand[new].title,
        hand[new].revision_label,
    )


def test_the_preview_shows_the_first_passages_in_order(paths):
    plan = plan_add(paths, FIXTURE, Choices())
    kinds = [p.kind for p in plan.preview(3)]
    assert kinds == ["title", "heading", "body"]
    assert "令和9年4月1日改定" in plan.preview(1)[0].text


def test_replace_drops_the_replaced_files_when_the_name_changes(paths, tmp_path):
    renamed = tmp_path / "renamed.txt"
    shutil.copy(paths.corpus / f"{OLD_STEM}.txt", renamed)
    (paths.corpus / f"{OLD_STEM}.txt").rename(paths.corpus / "old-name.txt")
    (paths.corpus / f"{OLD_STEM}.yaml").rename(paths.corpus / "old-name.yaml")
    plan = plan_add(paths, renamed, Choices())
    with pytest.raises(IngestError, match="already in the corpus"):
        check_plan(plan, replace=False)
    check_plan(plan, replace=True)
    write_plan(paths, plan)
    names = sorted(p.name for p in paths.corpus.iterdir() if p.is_file())
    assert names == [f"{OLD_STEM}.txt", f"{OLD_STEM}.yaml"]


def test_a_revision_is_compared_with_the_latest_earlier_one_of_its_series(paths):
    plan = plan_add(paths, FIXTURE, Choices())
    corpus = tuple(d.meta for d in load_corpus(paths.corpus).documents)
    assert previous_revision(plan.draft.meta, corpus) == "critical-minerals-policy@2026-03-30"
    other = plan_add(paths, FIXTURE, Choices(series="another-policy")).draft.meta
    assert previous_revision(other, corpus) is None


def test_a_revision_given_on_the_command_line_overrides_the_title_block(paths):
    plan = plan_add(paths, FIXTURE, Choices(revision="2027-05-01", status="draft"))
    meta = plan.draft.meta
    assert meta.doc_id == "critical-minerals-policy@2027-05-01-draft"
    assert (meta.revision, meta.revision_label) == ("2027-05-01", "2027年5月1日")
    check_plan(plan, replace=False)  # the drafted sidecar passes the sidecar checks
