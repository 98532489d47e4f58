"""Every file a build writes under `indexes/` and the cache is one `config` names: no module
composes a path there on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from policy_kg.config import BuildDir, CacheDir, Paths
from policy_kg.index.e5_adapter import adapted_name, load_adapter
from policy_kg.index.embedder import DEFAULT_MODEL_NAME, default_model_dir
from policy_kg.rebuild import run_build

REPO = Path(__file__).resolve().parents[1]
FRAMEWORK = "japan-us-minerals-framework-2025-10-28"


def test_cache_names_are_those_of_earlier_builds(tmp_path):
    """The names a build already on disk was written with (so a cache is still found)."""
    cache = CacheDir(tmp_path)
    assert cache.facts("0123456789abcdef0123456789abcdef") == (
        tmp_path / "facts" / "0123456789abcdef01234567.json"
    )
    assert cache.embeddings("e5") == tmp_path / "embeddings-e5.npz"
    assert cache.sentence_embeddings("e5") == tmp_path / "sentence-embeddings-e5.npz"
    assert cache.user_dic == tmp_path / "user.dic"
    build = BuildDir(tmp_path)
    assert [build.lexical, build.dense, build.sentences, build.synonyms, build.rows] == [
        tmp_path / "index" / name
        for name in ("lexical", "dense", "sentences", "synonyms.json", "rows.json")
    ]
    assert Paths(indexes=tmp_path).build_lock == tmp_path / ".build.lock"


def _named(paths: Paths, build: BuildDir, model: str) -> list[Path]:
    """What config names: files, and folders whose content belongs to one reader/writer (an
    index class, the graph store, the passage store, the converted model)."""
    cache = CacheDir(paths.cache)
    user_dic = cache.user_dic
    return [
        paths.build_lock,
        paths.current,
        build.manifest,
        build.lease,
        build.passages,
        build.graph,
        build.lexical,
        build.dense,
        build.sentences,
        build.synonyms,
        build.terms,
        build.rows,
        cache.facts("x").parent,
        cache.embeddings(model),
        cache.sentence_embeddings(model),
        user_dic,
        user_dic.with_name(user_dic.name + ".stamp"),  # nlp.userdict's staleness record
        default_model_dir(paths.models),
    ]


def test_a_build_writes_only_files_config_names(tmp_path, shared_cache):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(REPO / "corpus" / f"{FRAMEWORK}{suffix}", corpus)
    paths = Paths(corpus, tmp_path / "indexes", shared_cache)
    report = run_build(paths)
    named = _named(paths, report.build, adapted_name(DEFAULT_MODEL_NAME, load_adapter()))
    written = [p for root in (paths.indexes, shared_cache) for p in root.rglob("*") if p.is_file()]
    written += [paths.current]
    unnamed = [p for p in written if not any(p == n or p.is_relative_to(n) for n in named)]
    assert unnamed == []
    assert all(p.exists() for p in named), [p for p in named if not p.exists()]
