"""What every graph-backed route needs: the graph, the vocabulary, the documents, and the
few shared readings of a question (which minerals, countries and documents it names).

Entities are found from the question's Sudachi normalised terms (`TermEntities`), never by
substring search: テルビウム is the tail of イッテルビウム, and 重レアアース, 希土類 and
重希土類 are one term each. A document is named by the words of its title that set it apart
from the other candidates (永久磁石 for the permanent-magnets policy, 日米 for the framework).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from rdflib import Graph

from policy_kg.corpus.dates import parse_iso_date
from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.corpus.sentences import sentence_around
from policy_kg.graph.queries import QuoteRef
from policy_kg.nlp.facts import EntityType
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.terms import TermExtractor
from policy_kg.nlp.vocabulary import Mineral, Vocabulary
from policy_kg.qa.model import Answer, Citation, Fact

# The most sentences a graph answer cites. A fact restated word for word in several
# documents is cited once (its first statement); beyond that, no answer over the seed corpus
# cites more than 6 sentences (every question of bench/eval/*_qa.jsonl), while on the
# 100-copy corpus one export-control question gathered 400 citations.
MAX_GRAPH_CITATIONS = 10

# A question names a document when it holds this share of its title's terms (one shared word,
# 等 or 支援, is chance). Measured on who issued a document: the development questions asking
# so hold 3 of 11 (このマテリアル分野の課題を整理したスライド資料) to 7 of 11; those asking who
# issued another work the document cites (「マテリアル革新力強化戦略」を公表したのは) share one
# word of 8 to 11. The share sits between the two (1/3 left out the first).
MIN_TITLE_SHARE = 1 / 4

# another work a question asks of, named after the document (取組方針が活用させるとしている
# ガイドラインは、どの機関が作ったものか asks who made the guideline; 取組方針が挙げるグリーン成長
# 戦略で…基金はどの機関に設けられたか, where the strategy's fund is)
WORK = re.compile(r"ガイドライン|指針|手引|戦略|計画|報告書|白書|法律|条例|規格|ロードマップ")

R = TypeVar("R")


@dataclass(frozen=True)
class GraphContext:
    graph: Graph
    vocabulary: Vocabulary
    documents: dict[str, DocumentMeta]
    passages: Mapping[str, Passage]
    terms: TermExtractor
    entities: TermEntities
    # what `read` and `label_terms` remember: a build's graph and texts never change while
    # it is served (not copied by `dataclasses.replace`, which makes a new context)
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def read(self, query: Callable[..., R], *args: Hashable) -> R:
        """`query(graph, *args)`, run once per build. Reading every budget fact again for
        each question took 1.4 s on the 100-copy corpus (2,100 facts); remembered, 1 ms."""
        return self._remember((query, args), lambda: query(self.graph, *args))

    def label_terms(self, text: str) -> frozenset[str]:
        """The terms of a text the build holds (a title, a programme, a measure's name),
        remembered; a question's own text goes through `question_terms`, never kept."""
        return self._remember(("terms", text), lambda: self.question_terms(text))

    def question_terms(self, text: str) -> frozenset[str]:
        return frozenset(self.terms(text))

    def label_share(self, label: str, question: str) -> tuple[int, float]:
        """How many of a label's terms the question holds, and their share of the label's
        terms (0 for a label without terms): how a question names a programme or a title."""
        words = self.label_terms(label)
        named = len(words & self.question_terms(question))
        return named, (named / len(words) if words else 0.0)

    def _remember(self, key: Hashable, make: Callable[[], R]) -> R:
        if key not in self._memo:
            self._memo[key] = make()
        return cast(R, self._memo[key])

    def _passages_by_document(self) -> dict[str, tuple[Passage, ...]]:
        def group() -> dict[str, tuple[Passage, ...]]:
            found: dict[str, list[Passage]] = {}
            for passage in self.passages.values():
                found.setdefault(passage.doc_id, []).append(passage)
            return {doc_id: tuple(passages) for doc_id, passages in found.items()}

        return self._remember("passages by document", group)

    def passages_of(self, doc_id: str) -> tuple[Passage, ...]:
        """The document's passages, in reading order."""
        return self._passages_by_document().get(doc_id, ())

    def named(self, text: str, entity_type: EntityType) -> frozenset[str]:
        """The keys (mineral slugs, agency slugs, country codes) of the entities `text` names."""
        return frozenset(r.key for r in self.entities.of(self.question_terms(text), entity_type))

    def named_minerals(self, text: str) -> tuple[Mineral, ...]:
        return tuple(
            self.vocabulary.mineral_by_slug(k) for k in sorted(self.named(text, "mineral"))
        )

    def with_narrower(self, minerals: Iterable[Mineral]) -> frozenset[str]:
        """The slugs of the minerals and of everything under them (重希土類 -> Dy, Tb, …)."""
        found: set[str] = set()
        frontier = list(minerals)
        while frontier:
            mineral = frontier.pop()
            if mineral.slug not in found:
                found.add(mineral.slug)
                frontier.extend(self.vocabulary.narrower(mineral))
        return frozenset(found)

    def named_document(self, text: str, candidates: Iterable[str]) -> str | None:
        """The candidate document whose title the question names best, or None when it names
        none, or two of different series equally. Each title term the question shares counts
        1/(number of candidate titles that have it), so the words that set a title apart decide
        (永久磁石, 日米). Revisions of one series share a title: the newest of them is meant."""
        titles = {doc_id: self.label_terms(self.documents[doc_id].title) for doc_id in candidates}
        asked = self.question_terms(text)
        share: dict[str, int] = {}
        for words in titles.values():
            for word in words & asked:
                share[word] = share.get(word, 0) + 1
        scores = {d: sum(1 / share[w] for w in words & asked) for d, words in titles.items()}
        best = max(scores.values(), default=0.0)
        winners = [d for d, score in scores.items() if score == best]
        if best == 0 or len({self.documents[d].series for d in winners}) != 1:
            return None
        return max(winners, key=lambda d: _recency(self.documents[d].revision))

    def other_work(self, text: str, title: str) -> bool:
        """Whether the question's last named work is not the document titled `title`: a kind
        of work the title lacks, with none of the title's words after it."""
        works = [w for w in WORK.finditer(text) if w[0] not in title]
        if not works:
            return False
        after = self.question_terms(text[works[-1].end() :])
        return not after & self.label_terms(title)

    def clearly_named(self, text: str, candidates: Iterable[str]) -> str | None:
        """`named_document`, only when the question holds MIN_TITLE_SHARE of its title's
        terms (one shared word is chance)."""
        doc_id = self.named_document(text, candidates)
        if doc_id is None:
            return None
        share = self.label_share(self.documents[doc_id].title, text)[1]
        return doc_id if share >= MIN_TITLE_SHARE else None

    def sentences_naming(self, doc_id: str, needle: str) -> list[Citation]:
        """Every sentence of the document that contains `needle` (white space between its
        characters allowed: 経 済 産 業 省), in the order of the passages."""
        pattern = re.compile(r"\s*".join(map(re.escape, needle)))
        found: list[Citation] = []
        for passage in self.passages_of(doc_id):
            for hit in pattern.finditer(passage.text):
                start, end = sentence_around(passage.text, hit.start())
                found.append(Citation.in_passage(passage, self.documents, passage.text[start:end]))
        return found

    def quote_citation(self, quote: QuoteRef) -> Citation:
        """Cite a fact's quote itself (for a long sentence stating many facts)."""
        return Citation(quote.doc_id, quote.revision, quote.section, quote.passage_id, quote.quote)

    def sentence_citation(self, quote: QuoteRef) -> Citation:
        """Cite the whole sentence around a fact's quote (a verbatim span of the passage)."""
        return Citation.around(quote, self.passages[quote.passage_id].text)


def restated_once(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    """The citations, a quote restated word for word kept at its first place only, and at
    most MAX_GRAPH_CITATIONS of them."""
    first: dict[str, Citation] = {}
    for citation in citations:
        first.setdefault(citation.quote, citation)
    return tuple(first.values())[:MAX_GRAPH_CITATIONS]


def _recency(revision: str | None) -> tuple[bool, date]:
    """Sort key for the newest revision: dated after undated, then by earliest day."""
    if revision is None:
        return (False, date.min)
    return (True, parse_iso_date(revision).earliest_day)


def graph_answer(
    question: str, value: str, citations: Sequence[Citation], facts: tuple[Fact, ...]
) -> Answer:
    """An answer read from graph facts: the value first, then the first quote that states it
    (once, when the quote is the value itself, as a date line of a title block is). A fact or
    quote that several documents restate is given once (`restated_once`)."""
    cited = restated_once(citations)
    quote = cited[0].quote
    text = value if quote == value else f"{value}\n{quote}"
    return Answer(
        question,
        text,
        abstained=False,
        citations=cited,
        facts=tuple(dict.fromkeys(facts)),
    )
