"""`Runtime.start` builds in a child process: the server that calls it never loads what only
the build needs (spaCy for the facts, the embedding model for the passages), sees the build's
progress, and gets a bad corpus file named exactly as an in-process build names it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_kg.config import Paths
from policy_kg.corpus.errors import CorpusErrors
from policy_kg.rebuild import run_build
from policy_kg.runtime import Runtime

REPO = Path(__file__).resolve().parents[1]
SMALLEST_SEED = "japan-us-minerals-framework-2025-10-28"  # 7.8 KB: the cheapest real build
# modules that only building needs: spaCy (fact extraction), torch and sentence-transformers
# (embedding); queries that the graph answers, and opening a build, load none of them
BUILD_ONLY_MODULES = ("spacy", "torch", "sentence_transformers")
START = """
import json, sys
from pathlib import Path
from policy_kg.config import Paths
from policy_kg.runtime import Runtime
steps = set()
runtime = Runtime.start(
    Paths(*map(Path, sys.argv[1:4])), progress=lambda step, done, total: steps.add(step)
)
print(json.dumps({
    "loaded": [m for m in sys.argv[4:] if m in sys.modules],
    "steps": sorted(steps),
    "build": str(runtime.build.root),
    "leased": runtime.report.lease.held,
    "documents": list(runtime.documents),
}))
"""


def _bad_corpus(folder: Path) -> Path:
    """One document whose sidecar lacks its title."""
    folder.mkdir()
    shutil.copy(REPO / "corpus" / f"{SMALLEST_SEED}.txt", folder)
    sidecar = (REPO / "corpus" / f"{SMALLEST_SEED}.yaml").read_text(encoding="utf-8")
    kept = [line for line in sidecar.splitlines() if not line.startswith("title:")]
    (folder / f"{SMALLEST_SEED}.yaml").write_text("\n".join(kept), encoding="utf-8")
    return folder


def test_a_bad_corpus_file_is_named_as_an_in_process_build_names_it(tmp_path):
    paths = Paths(_bad_corpus(tmp_path / "corpus"), tmp_path / "indexes", tmp_path / "shared")
    with pytest.raises(CorpusErrors) as in_process:
        run_build(paths)
    with pytest.raises(CorpusErrors) as in_child:
        Runtime.start(paths)
    expected = [str(error) for error in in_process.value.errors]
    assert [str(error) for error in in_child.value.errors] == expected
    assert any(f"{SMALLEST_SEED}.yaml" in line and "title" in line for line in expected)
    assert not (tmp_path / "indexes" / "current").exists()


def test_the_first_build_runs_in_a_child_and_leaves_its_libraries_there(tmp_path, shared_cache):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(REPO / "corpus" / f"{SMALLEST_SEED}{suffix}", corpus)
    shared = tmp_path / "shared"  # an empty cache: the child must extract and embed
    shared.mkdir()
    (shared_cache / "models").mkdir(exist_ok=True)
    (shared / "models").symlink_to(shared_cache / "models")  # the model converted once
    args = [str(corpus), str(tmp_path / "indexes"), str(shared), *BUILD_ONLY_MODULES]
    env = {"PYTHONPATH": str(REPO / "src"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", START, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["loaded"] == []
    assert {"passages", "facts", "graph", "embeddings"} <= set(seen["steps"])
    assert seen["leased"] and seen["documents"] == ["japan-us-minerals-framework@2025-10-28"]
    assert Path(seen["build"]) == (tmp_path / "indexes" / "current").resolve()
    assert list((shared / "cache" / "facts").glob("*.json"))  # the child did extract
