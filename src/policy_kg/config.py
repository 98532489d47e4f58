"""Where things live: the corpus, and the generated files under `indexes/`.

`indexes/` holds complete builds side by side (`builds/<id>/`) and a symlink `current` to
the one in use, swapped atomically when a new build is complete; `cache/` keeps what can be
reused across builds (per-document extraction, embeddings, the Sudachi user dictionary) and
`models/` the converted embedding model. Both folders are the user's choice (`--corpus`,
`--indexes`), relative to the working directory by default.

A few files the package reads at run time live at the repository's top, where the docs link
them (the ontology, the SPARQL docs whose examples the SPARQL tab shows). A wheel carries
copies under `policy_kg/_shipped/` (setup.py); `shipped_file` finds either.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEXES = Path("indexes")

_PACKAGE = Path(__file__).resolve().parent
# where a wheel carries the files below (setup.py copies them there)
SHIPPED_DIR = _PACKAGE / "_shipped"
ONTOLOGY_TTL = "ontology/policy-kg.ttl"
ONTOLOGY_README = "ontology/README.md"
SPARQL_DOCS = "docs/sparql.md"
SHIPPED_FILES = (ONTOLOGY_TTL, ONTOLOGY_README, SPARQL_DOCS)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def shipped_file(relative: str) -> Path:
    """One of SHIPPED_FILES: the wheel's copy when installed, else the checkout's (a source
    checkout or an editable install, where the package is `src/policy_kg`)."""
    packaged = SHIPPED_DIR / relative
    return packaged if packaged.is_file() else _PACKAGE.parents[1] / relative


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

    @property
    def lexical(self) -> Path:
        return self.index / "lexical"

    @property
    def dense(self) -> Path:
        return self.index / "dense"

    @property
    def sentences(self) -> Path:
        return self.index / "sentences"

    @property
    def synonyms(self) -> Path:
        return self.index / "synonyms.json"

    @property
    def terms(self) -> Path:
        """The search terms of every indexed text, by text hash (index.passage_terms)."""
        return self.index / "terms.json"

    @property
    def rows(self) -> Path:
        """The passage id of every row of the lexical and dense indexes."""
        return self.index / "rows.json"

    @property
    def lease(self) -> Path:
        """Locked shared by each process reading the build (rebuild.locks)."""
        return self.root / ".lease"


@dataclass(frozen=True)
class CacheDir:
    """What later builds reuse: facts per document text, embeddings per model, and the Sudachi
    user dictionary."""

    root: Path

    def facts(self, content_hash: str) -> Path:
        return self.root / "facts" / f"{content_hash[:24]}.json"

    def embeddings(self, model: str) -> Path:
        return self.root / f"embeddings-{model}.npz"

    def sentence_embeddings(self, model: str) -> Path:
        return self.root / f"sentence-embeddings-{model}.npz"

    @property
    def user_dic(self) -> Path:
        return self.root / "user.dic"


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
    def build_lock(self) -> Path:
        """Held by the one process building into `indexes` (rebuild.locks)."""
        return self.indexes / ".build.lock"

    @property
    def cache(self) -> Path:
        return (self.shared_cache or self.indexes) / "cache"

    @property
    def models(self) -> Path:
        return (self.shared_cache or self.indexes) / "models"

    def current_build(self) -> BuildDir | None:
        """The build in use, or None when nothing has been built yet."""
        return BuildDir(self.current.resolve()) if self.current.exists() else None
