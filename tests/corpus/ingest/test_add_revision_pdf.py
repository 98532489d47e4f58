"""The earlier-revision fixture, printed to PDF and added with `add`: trace and diff report
exactly its edits, as they do when the text fixture is copied in.

The assertions are those of tests/revisions/test_added_revision.py, run here against a corpus
whose 2027-04-01 revision came in as a PDF (read, drafted and written by rebuild.add) instead
of as the hand-made text and sidecar.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from policy_kg.config import Paths
from policy_kg.corpus.ingest.draft import Choices
from policy_kg.rebuild.add import add_and_build, check_plan, plan_add
from policy_kg.revisions.diff_model import DocumentDiff
from policy_kg.runtime import Runtime

REPO = Path(__file__).resolve().parents[3]
_SPEC = importlib.util.spec_from_file_location(
    "text_revision_tests", REPO / "tests" / "revisions" / "test_added_revision.py"
)
assert _SPEC is not None and _SPEC.loader is not None
text_tests = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(text_tests)

# the same tests as for the text fixture, collected here with this module's fixtures
for _name in dir(text_tests):
    if _name.startswith("test_"):
        globals()[_name] = getattr(text_tests, _name)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for suffix in (".txt", ".yaml"):
        shutil.copy(REPO / "corpus" / f"{text_tests.OLD_STEM}{suffix}", folder)
    return folder


@pytest.fixture(scope="module")
def before(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory, shared_cache: Path):
    indexes = tmp_path_factory.mktemp("indexes")
    return Runtime.start(Paths(corpus_dir, indexes, shared_cache))


@pytest.fixture(scope="module")
def added(before: Runtime, revision_pdf):
    plan = plan_add(before.paths, revision_pdf.pdf, Choices())
    check_plan(plan, replace=False)
    return add_and_build(before.paths, plan)


@pytest.fixture(scope="module")
def after(before: Runtime, added) -> Runtime:
    return Runtime(before.paths, added.build)


@pytest.fixture(scope="module")
def revision_diff(after: Runtime) -> DocumentDiff:
    return after.diff(text_tests.OLD, text_tests.NEW)


def test_the_pdf_is_added_under_the_fixture_doc_id_with_its_original(added, corpus_dir):
    assert added.doc_id == text_tests.NEW
    assert (corpus_dir / "originals" / f"{text_tests.NEW_STEM}.pdf").is_file()
    sidecar = (corpus_dir / f"{text_tests.NEW_STEM}.yaml").read_text(encoding="utf-8")
    hand = REPO / "tests" / "fixtures" / "added_revision" / f"{text_tests.NEW_STEM}.yaml"
    for field in ("doc_id", "series", "title", "issuer", "revision_label", "status"):
        line = next(x for x in hand.read_text(encoding="utf-8").splitlines() if x.startswith(field))
        assert line.replace('"', "'") in sidecar


def test_the_summary_names_the_previous_revision_and_the_dropped_mineral(added):
    change = added.revision
    assert change is not None and change.previous == text_tests.OLD
    assert change.minerals_removed == (text_tests.REMOVED_MINERAL,)
    assert change.minerals_added == ()
    assert change.sections["removed"] == 2 and change.sections["added"] == 1
