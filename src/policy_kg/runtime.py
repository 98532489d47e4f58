"""The loaded application: a current build and the services over it, loaded on first use.

The CLI, the UI and the benchmarks share this object. Nothing heavy is loaded until a
service is used: `passages` and `trace` never import torch; `ask` loads the embedding model
the first time it runs and keeps it for the life of the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from policy_kg.build import BuildReport, ProgressCallback, run_build
from policy_kg.config import BuildDir, Paths
from policy_kg.corpus.model import DocumentMeta
from policy_kg.corpus.store import read_manifest
from policy_kg.index.embedder import default_embedder
from policy_kg.nlp.terms import domain_term_extractor
from policy_kg.qa.answerer import QuestionAnswerer
from policy_kg.qa.model import Answer
from policy_kg.qa.service import load_answerer


def _silent(step: str, done: int, total: int) -> None:
    return None


@dataclass
class Runtime:
    paths: Paths
    report: BuildReport

    @classmethod
    def start(cls, paths: Paths | None = None, progress: ProgressCallback = _silent) -> Runtime:
        """Bring the build up to date with the corpus (building what is missing), then load."""
        paths = paths or Paths()
        return cls(paths, run_build(paths, progress=progress))

    @property
    def build(self) -> BuildDir:
        return self.report.build

    @cached_property
    def documents(self) -> dict[str, DocumentMeta]:
        return read_manifest(self.build.manifest).metas()

    @cached_property
    def answerer(self) -> QuestionAnswerer:
        terms = domain_term_extractor(self.paths.cache)
        return load_answerer(self.build, terms, default_embedder(self.paths.models))

    def ask(self, question: str, top_k: int = 3) -> Answer:
        return self.answerer.ask(question, top_k)
