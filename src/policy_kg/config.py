"""Where things live: the corpus, and the generated files under `indexes/`.

`indexes/` holds complete builds side by side (`builds/<id>/`) and a symlink `current` to
the one in use, swapped atomically when a new build is complete; `cache/` keeps what can be
reused across builds (per-document extraction, embeddings, the Sudachi user dictionary) and
`models/` the converted embedding model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEXES = Path("indexes")

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


@dataclass(frozen=True)
class BuildDir:
    """The files of one complete build."""

    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def passages(self) -> Path:
        return self.root / "passages"

    @property
    def graph(self) -> Path:
        return self.root / "graph"

    @property
    def index(self) -> Path:
        return self.root / "index"


@dataclass(frozen=True)
class Paths:
    """The corpus and the generated files; `shared_cache` (tests, several checkouts) puts
    the reusable cache and converted models elsewhere than under `indexes/`."""

    corpus: Path = DEFAULT_CORPUS
    indexes: Path = DEFAULT_INDEXES
    shared_cache: Path | None = None

    @property
    def current(self) -> Path:
        return self.indexes / "current"

    @property
    def builds(self) -> Path:
        return self.indexes / "builds"

    @property
    def cache(self) -> Path:
        return (self.shared_cache or self.indexes) / "cache"

    @property
    def models(self) -> Path:
        return (self.shared_cache or self.indexes) / "models"

    def current_build(self) -> BuildDir | None:
        """The build in use, or None when nothing has been built yet."""
        return BuildDir(self.current.resolve()) if self.current.exists() else None
