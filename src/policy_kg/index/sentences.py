"""The answer units of every passage (`corpus.units`) and their e5 embeddings, made at build time.

Ranking a question's candidate units by their own dense similarity needs one vector per unit;
embedding them at question time would cost a model call per candidate (tens of milliseconds
each on this machine), so they are embedded once by the build, cached by content hash like the
passages' vectors, and looked up by (passage, start, end) when a question comes. A table row is
embedded with its table's header rows, which say what its cells are.

Each unit is embedded twice: alone, and placed after its document's title and section path
(`placed_text`), since a sentence often leaves its subject to the heading above it. With both
cosines as features the ranker cites a supporting sentence first for 72% of the development
questions out of fold, against 68% with the unit alone (bench/fit_ranker.py, 185 answerable
questions); the second pass costs one more embedding per unit at build time.

An indexed passage's only unit is placed as the indexes see its passage (`index_text`: the
title, the nearest heading, the text), so its placed vector is the passage's own, which the
dense index embedded just before into the same cache. The seeds' cold build then embeds 3,317
texts instead of 3,877, the 560 left out among the longest: 47.6 and 55.8 s against 54.8 and
69.8 s, 86-100 CPU-s against 100-127 (two builds each, taking turns, 2026-12-06). Out of fold
over six assignments of the 1,622 development questions (bench/fit_ranker.md), the answer
ranker's cite@1 moved by -0.002 on facts it had not seen (sd 0.005 over the assignments) and
-0.001 by question; cite@3 by +0.003 and +0.001.

The vectors are kept per document (`<doc>.json` with its spans and a hash of what was
embedded, `<doc>.own.npy`, `<doc>.placed.npy`), so that a build takes an unchanged document's
files from the build before it, hard-linked. In one file for the corpus, every edit at 100
copies of the seeds made the units of every passage, gathered their vectors from the cache
and wrote all 350 MB again: 3.3-4.4 s of an edit at load average 3, against 0.4-0.6 s now.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policy_kg import atomic
from policy_kg.corpus.model import Passage
from policy_kg.corpus.store import file_stem
from policy_kg.corpus.units import AnswerUnit, answer_units
from policy_kg.index.embedder import Embedder
from policy_kg.index.embedding_cache import VectorCaches
from policy_kg.index.retriever import index_text, indexable
from policy_kg.progress import ProgressCallback

Span = tuple[int, int]


def embedded_text(passage: Passage, unit: AnswerUnit) -> str:
    """What is embedded of a unit: its text, after its table's header rows if it has them."""
    quote = unit.quote(passage)
    return f"{unit.context}\n{quote}" if unit.context else quote


def placed_text(passage: Passage, unit: AnswerUnit, title: str, alone: bool = False) -> str:
    """A unit placed in its document: the title and section path, then its text; the only
    unit of a passage (`alone`) is the passage as the indexes see it (`index_text`), whose
    vector the build already has."""
    if alone:
        return index_text(passage, title)
    return f"{' / '.join((title, *passage.section))}: {unit.quote(passage)}"


@dataclass(frozen=True)
class UnitCosines:
    """The question's cosine with each unit, alone and placed under its headings."""

    own: np.ndarray
    placed: np.ndarray


class SentenceVectors:
    """Two unit-length vectors per candidate span of every passage, the headings' too (a
    heading that states the value asked for is a candidate, `qa.companions`): the unit's own
    text (`embedded_text`) and the unit placed in its document (`placed_text`)."""

    def __init__(self, documents: list[DocumentVectors]) -> None:
        self._rows: dict[tuple[str, int, int], tuple[DocumentVectors, int]] = {}
        for document in documents:
            row = 0
            for passage_id, found in document.spans.items():
                for a, b in found:
                    self._rows[(passage_id, a, b)] = (document, row)
                    row += 1

    def similarity(self, passage_id: str, spans: list[Span], query: np.ndarray) -> UnitCosines:
        """Cosines of the query with each span (0 for a span the build did not embed)."""
        own = np.zeros(len(spans), dtype=np.float32)
        placed = np.zeros(len(spans), dtype=np.float32)
        for n, (a, b) in enumerate(spans):
            found = self._rows.get((passage_id, a, b))
            if found is not None:
                document, row = found
                own[n] = document.own[row] @ query
                placed[n] = document.placed[row] @ query
        return UnitCosines(own, placed)

    @classmethod
    def load(cls, folder: Path) -> SentenceVectors:
        """The vectors mapped from their files, not read: a question reads a few hundred rows,
        and at 100 copies of the seeds they are 350 MB."""
        return cls([DocumentVectors.load(path) for path in sorted(folder.glob("*.json"))])


@dataclass(frozen=True)
class DocumentVectors:
    """One document's spans (by passage, in row order), what they were embedded from (a
    hash), and their two vectors each."""

    spans: dict[str, list[Span]]
    embedded: str
    own: np.ndarray
    placed: np.ndarray

    def save(self, folder: Path, doc_id: str) -> None:
        stem = folder / file_stem(doc_id)
        for suffix, matrix in ((".own.npy", self.own), (".placed.npy", self.placed)):
            tmp = stem.with_name(f".{stem.name}{suffix}")
            np.save(tmp, matrix)
            tmp.replace(stem.with_name(stem.name + suffix))
        record = {"embedded": self.embedded, "spans": self.spans}
        atomic.write_text(stem.with_name(stem.name + ".json"), json.dumps(record))

    @classmethod
    def load(cls, path: Path) -> DocumentVectors:
        record = json.loads(path.read_text(encoding="utf-8"))
        spans = {pid: [(a, b) for a, b in found] for pid, found in record["spans"].items()}
        stem = path.with_suffix("")
        own, placed = (np.load(f"{stem}{s}", mmap_mode="r") for s in (".own.npy", ".placed.npy"))
        return cls(spans, record["embedded"], own, placed)

    @staticmethod
    def embedded_hash(folder: Path, doc_id: str) -> str | None:
        path = folder / f"{file_stem(doc_id)}.json"
        return json.loads(path.read_text(encoding="utf-8"))["embedded"] if path.exists() else None


def write_sentence_vectors(
    passages: list[Passage],
    titles: dict[str, str],
    embedder: Embedder,
    caches: VectorCaches,
    progress: ProgressCallback,
    folder: Path,
    reused: Path | None = None,
) -> None:
    """Embed every candidate span of the passages, alone and placed under its document's title
    (`titles`, by doc_id) and section path, reusing the vectors `caches` hold (the caller
    saves them), and write them per document into `folder`; a document whose passages and
    title the `reused` folder embedded alike is linked from it."""
    folder.mkdir(parents=True, exist_ok=True)
    by_document: dict[str, list[Passage]] = {}
    for passage in passages:
        by_document.setdefault(passage.doc_id, []).append(passage)
    fresh = {}
    for doc_id, found in by_document.items():
        embedded = _embedded_hash(found, titles[doc_id], embedder.name)
        if reused is None or DocumentVectors.embedded_hash(reused, doc_id) != embedded:
            fresh[doc_id] = embedded
        else:
            _link(reused, folder, doc_id)
    units = {p.passage_id: answer_units(p) for d in fresh for p in by_document[d]}
    chosen = [p for d in fresh for p in by_document[d]]
    own = [embedded_text(p, u) for p in chosen for u in units[p.passage_id]]
    placed = [
        placed_text(p, u, titles[p.doc_id], alone=_only_unit_indexed(p, units[p.passage_id]))
        for p in chosen
        for u in units[p.passage_id]
    ]
    own_vectors = caches.units.embed(own, embedder.encode_passages, "sentence embeddings", progress)
    # the passages' cache: an only unit's placed text is its passage's, embedded already
    placed_vectors = caches.passages.embed(
        placed, embedder.encode_passages, "placed sentence embeddings", progress
    )
    start = 0
    for doc_id, embedded in fresh.items():
        spans = {
            p.passage_id: [(u.start, u.end) for u in units[p.passage_id]]
            for p in by_document[doc_id]
        }
        end = start + sum(len(found) for found in spans.values())
        if end > start:  # a document without units has no vectors to look up
            rows = own_vectors[start:end], placed_vectors[start:end]
            DocumentVectors(spans, embedded, *rows).save(folder, doc_id)
        start = end


def _only_unit_indexed(passage: Passage, units: tuple[AnswerUnit, ...]) -> bool:
    """The passage's only unit, in a passage the dense index embeds (not a heading)."""
    return len(units) == 1 and bool(indexable([passage]))


def _embedded_hash(passages: list[Passage], title: str, model: str) -> str:
    """What a document's vectors are made from: the model, the title and the passages' ids,
    sections, kinds and texts (the units follow from them, with the code of the same build)."""
    digest = hashlib.sha1(json.dumps([model, title]).encode())
    for p in passages:
        digest.update(json.dumps([p.passage_id, p.section, p.kind, p.text]).encode())
    return digest.hexdigest()


def _link(source: Path, folder: Path, doc_id: str) -> None:
    """A document's files from the folder of the build before."""
    for suffix in (".json", ".own.npy", ".placed.npy"):
        name = file_stem(doc_id) + suffix
        atomic.link_or_copy(source / name, folder / name)
