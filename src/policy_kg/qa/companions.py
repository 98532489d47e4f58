"""Passages read with a retrieved passage although retrieval left them out.

Two kinds. A passage's notes (`qa.notes`): a question may ask about a note through the
statement it annotates. And its section heading, when the question asks for a value and the
heading states it: the 2011 overview gives the number of minerals each measure covers only in
its headings (１．レアメタル海外資源確保の推進（対象５鉱種）), and headings are not indexed
(`index.retriever.indexable`). The units under such a heading fitted the question through it,
but each alone scored too low to answer: the 4 development questions asking those counts
abstained. With the heading a candidate (the build embeds it as it does every unit, and the
ranker reads its kind, `heading_line`), the ranker refitted on the 1,326 development questions
cites a supporting unit first for 0.868 of them out of fold, against 0.860 refitted without
it (cite@3 0.946 against 0.942; 43 false abstentions against 51; 157 of 251 unanswerable
questions abstained against 163, the fitted threshold being lower); those 4 now answer. The
cost is at build time: the headings' 332 unit texts are 9.5% of the characters a 1x build
embeds (docs/scale.md).

A companion is measured at the rank and with the retrieval scores of the passage it came with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage

Companions = Callable[[Passage], Iterable[Passage]]


def with_companions(
    retrieved: list[ScoredPassage], companions: Companions
) -> list[tuple[int, ScoredPassage]]:
    """The retrieved passages by rank, each followed by its companions that were neither
    retrieved nor already added, at its rank and with its scores."""
    seen = {s.passage.passage_id for s in retrieved}
    ranked = []
    for rank, scored in enumerate(retrieved, start=1):
        ranked.append((rank, scored))
        for other in companions(scored.passage):
            if other.passage_id not in seen:
                seen.add(other.passage_id)
                ranked.append((rank, replace(scored, passage=other)))
    return ranked
