"""Builds shared between processes: one writer at a time, readers' builds never pruned, what
a killed build leaves cleaned up, a document without passages named.

One small document is built once for the module; each test copies that build and changes
the corpus, so each pays for one incremental rebuild (about 15 s), not a cold build.
"""

import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from policy_kg.config import Paths
from policy_kg.rebuild import NO_PASSAGES, open_current, run_build
from policy_kg.rebuild.locks import build_lock

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
STEM = "rare-metals-overview-2011-12"
# a rebuild waiting for the lock is signalled, not timed; this only bounds a hang
WAIT_LIMIT = 600.0


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Paths:
    root = tmp_path_factory.mktemp("built")
    (root / "corpus").mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(CORPUS / f"{STEM}{suffix}", root / "corpus")
    paths = Paths(root / "corpus", root / "indexes", shared_cache)
    run_build(paths).release()
    return paths


@pytest.fixture
def paths(built: Paths, tmp_path: Path) -> Paths:
    shutil.copytree(built.corpus, tmp_path / "corpus")
    shutil.copytree(built.indexes, tmp_path / "indexes", symlinks=True)
    return Paths(tmp_path / "corpus", tmp_path / "indexes", built.shared_cache)


def edit(paths: Paths, line: str) -> None:
    text = paths.corpus / f"{STEM}.txt"
    text.write_text(text.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_a_build_started_during_another_waits_for_it_instead_of_racing(paths):
    first = paths.current.resolve()
    edit(paths, "追記された段落。")
    told, outcome = threading.Event(), []
    with build_lock(paths, on_wait=print):  # another process is building
        thread = threading.Thread(
            target=lambda: outcome.append(run_build(paths, on_wait=lambda m: told.set()))
        )
        thread.start()
        assert told.wait(WAIT_LIMIT), "the second build neither waited nor said so"
        assert sorted(p.name for p in paths.builds.iterdir()) == [first.name]  # not writing
    thread.join(WAIT_LIMIT)
    (report,) = outcome
    assert paths.current.resolve() == report.build.root != first


def test_a_build_in_use_survives_two_rebuilds_and_is_pruned_once_released(paths):
    serving = open_current(paths)  # what a server holds
    assert serving is not None
    for n in range(2):
        edit(paths, f"追記 {n}。")
        run_build(paths).release()
    assert serving.build.root.is_dir() and serving.build.manifest.is_file()
    serving.release()
    edit(paths, "追記 2。")
    latest = run_build(paths)
    assert not serving.build.root.exists()
    assert latest.build.root.is_dir()


def test_the_next_build_removes_the_staging_folder_of_a_killed_one(paths):
    """`kill -9` during a build leaves its staging folder; the next build removes it."""
    edit(paths, "追記された段落。")
    script = f"""
import os, signal
from pathlib import Path
import policy_kg.rebuild
from policy_kg.config import Paths

def die(*args, **kwargs):  # half-way through: passages written, no graph yet
    os.kill(os.getpid(), signal.SIGKILL)

policy_kg.rebuild.GraphStage = die
policy_kg.rebuild.run_build(Paths(Path({str(paths.corpus)!r}), Path({str(paths.indexes)!r}),
                                Path({str(paths.shared_cache)!r})))
"""
    done = subprocess.run([sys.executable, "-c", script], check=False)
    assert done.returncode == -signal.SIGKILL
    staging = [p for p in paths.builds.iterdir() if p.name.startswith(".")]
    assert staging, "the killed build left nothing to clean"
    report = run_build(paths)
    assert not any(p.exists() for p in staging)
    assert report.build.root.is_dir()


def test_a_document_that_gives_no_passage_is_named_in_a_warning(paths):
    """A text on one line is read as a title block: 0 passages, which the report names."""
    sidecar = (paths.corpus / f"{STEM}.yaml").read_text(encoding="utf-8")
    (paths.corpus / "one-line.yaml").write_text(
        sidecar.replace("rare-metals-overview", "one-line"), encoding="utf-8"
    )
    (paths.corpus / "one-line.txt").write_text("レアメタル。" * 2000, encoding="utf-8")
    report = run_build(paths)
    assert [(w.path.name, w.message) for w in report.warnings] == [("one-line.txt", NO_PASSAGES)]
    again = run_build(paths)  # up to date: still said
    assert again.up_to_date and [w.path.name for w in again.warnings] == ["one-line.txt"]
