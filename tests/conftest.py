"""Shared fixtures: one converted embedding model and embedding cache per test session."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where builds made by tests keep the converted model and the embedding cache."""
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture(scope="session")
def runtime(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path):
    """The real corpus, built once per session into a temporary indexes folder."""
    from policy_kg.config import Paths
    from policy_kg.runtime import Runtime

    indexes = tmp_path_factory.mktemp("indexes")
    return Runtime.start(Paths(REPO / "corpus", indexes, shared_cache))
