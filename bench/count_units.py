"""Answer units of the corpus: how many of each kind each document gives, and passages per kind.

    PYTHONPATH=src .venv/bin/python bench/count_units.py

The counts show where answers can now be cited from (table rows, bullets, title-block lines,
footnotes, headings) besides sentences.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import get_args

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.model import PassageKind
from policy_kg.corpus.passages import parse_document
from policy_kg.corpus.units import UnitKind, answer_units

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _row(label: str, counts: Counter[str], kinds: tuple[str, ...]) -> str:
    cells = "".join(f"{counts[kind]:>11}" for kind in kinds)
    return f"{label:<40}{cells}{sum(counts.values()):>8}"


def _table(title: str, kinds: tuple[str, ...], rows: dict[str, Counter[str]]) -> None:
    print(title)
    print(f"{'document':<40}" + "".join(f"{kind:>11}" for kind in kinds) + f"{'total':>8}")
    for label, counts in rows.items():
        print(_row(label, counts, kinds))
    print(_row("all", sum(rows.values(), Counter()), kinds))
    print()


def main() -> None:
    units: dict[str, Counter[str]] = {}
    passages: dict[str, Counter[str]] = {}
    for source in load_corpus(CORPUS).documents:
        parsed = parse_document(source).passages
        doc_id = source.meta.doc_id
        passages[doc_id] = Counter(p.kind for p in parsed)
        units[doc_id] = Counter(u.kind for p in parsed for u in answer_units(p))
    _table("answer units per kind", get_args(UnitKind), units)
    _table("passages per kind", get_args(PassageKind), passages)


if __name__ == "__main__":
    main()
