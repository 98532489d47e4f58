"""Minerals a question describes by their use instead of naming them.

Askers describe a mineral by what it is for (レドックスフロー電池の原料になる金属, 原子力発電の
燃料になる鉱物, 光ファイバーや化合物半導体に使われる二つの金属): a question in two steps, the
mineral, then the fact asked of it. The texts state the first step (レドックスフロー電池の原材料
となるバナジウム, ウランについては、原子力発電の燃料等に使用されている), but retrieval and the
answer ranker see only the second, and the subject check (`qa.subject`) cannot hold an answer
to a mineral the question never names. So the router first reads which minerals the texts say
serve the described use, and names them in the question it routes: 「…原料になる金属（バナジ
ウム）の鉱石は…」. The asker's own words stay in the answer, which cites the sentences
stating the use after its own citations, so that the step it took is shown with its source.

A use is matched by its terms, weighted by IDF, against the uses the graph holds
(pkg:MineralUse, `nlp.extract.mineral_uses`: the words before a list of minerals, …の原材料
となる, or after its topic, ウランは、…に使用され). The minerals of the best match are named
when it holds at least half the weight of the described use; a question that already names a
mineral is left as it is.

Measured on the 2,049 development questions, cross-fitted by fact (bench/eval_qa.py's
`cross_fitted`; the ranker is fitted on the questions as written, so this changes answers
only): 19 questions are named, each with the right minerals; 6 move to a first citation that
holds the gold and one away from it (cite@1 0.859 -> 0.862, false abstentions 42 -> 40), and
no other question's answer changes. (Read from the passages before the uses were facts of the
graph, a 20th was named wrongly, 電池の負極材 as アンチモン's ドーピング材, and its answer did
not change.) Reading the seeds' 158 uses from the graph takes 0.2 s, once per build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from policy_kg.graph.queries import mineral_uses
from policy_kg.qa.model import Citation
from policy_kg.qa.question import Question, analyse
from policy_kg.qa.routes.context import GraphContext

# how a question describes a mineral: a use, a verb of use, then the noun (金属, 鉱物 …)
DESCRIBED = re.compile(
    r"(?P<use>[^、。？?]{2,40}?)"
    r"(?:に(?:使われる|使う|用いられる|使用される|利用される)"
    r"|の(?:原料|原材料|材料|燃料)(?:に|と)なる|の(?:原料|原材料|材料)として)"
    r"[^、。？?]{0,6}?(?:金属|鉱物|鉱種|元素|レアメタル)"
)
# the share of the described use's IDF weight the best stated use must hold: set, not fitted
# (half the described use), and not tuned on the questions it was measured with
MIN_MATCHED_WEIGHT = 0.5
# the most sentences cited for a use: the policy restates its list of minerals and their uses
# in the note of each of its five measures
MAX_SOURCES = 2


@dataclass(frozen=True)
class StatedUse:
    """A mineral, the terms of a use stated for it, and the sentence stating it."""

    mineral: str  # its label
    terms: frozenset[str]
    weight: float  # the IDF weight of `terms`
    source: Citation


@dataclass(frozen=True)
class NamedQuestion:
    """A question as routed, and the sentences stating the use its named minerals serve
    (none when it names nothing): the answer cites them after its own citations."""

    question: Question
    sources: tuple[Citation, ...] = ()


class DescribedMinerals:
    """Names in a question the minerals it describes by their use."""

    def __init__(self, context: GraphContext, idf: Callable[[str], float]) -> None:
        self._context = context
        self._idf = idf

    def prepare(self) -> None:
        """Read every stated use now (a server does this while it warms up)."""
        _ = self._uses

    def name(self, question: Question) -> NamedQuestion:
        """The question with the described minerals named after their description; the
        question itself when it describes none, already names one, or no use matches."""
        found = DESCRIBED.search(question.text)
        if found is None or self._context.named(question.text, "mineral"):
            return NamedQuestion(question)
        uses = self.serving(found.group("use"))
        if not uses:
            return NamedQuestion(question)
        minerals = dict.fromkeys(u.mineral for u in uses)
        named = f"{question.text[: found.end()]}（{'・'.join(minerals)}）"
        sources = tuple(dict.fromkeys(u.source for u in uses))[:MAX_SOURCES]
        return NamedQuestion(analyse(named + question.text[found.end() :]), sources)

    def serving(self, use: str) -> tuple[StatedUse, ...]:
        """The stated uses that best match `use`: the most IDF weight of shared terms, then
        the fewest words besides them (タングステンは、超硬工具に使用され before a list of
        eight minerals for 半導体…並びに…超硬工具等の原材料)."""
        asked = self._context.question_terms(use)
        scored = [(self._match(asked, u), u) for u in self._uses]
        best = max((score for score, _ in scored), default=(0.0, 0.0))
        if best[0] < MIN_MATCHED_WEIGHT * self._weight(asked) or best[0] <= 0:
            return ()
        return tuple(u for score, u in scored if score == best)

    def _match(self, asked: frozenset[str], stated: StatedUse) -> tuple[float, float]:
        shared = self._weight(asked & stated.terms)
        return shared, shared / (stated.weight or 1.0)

    def _weight(self, terms: Iterable[str]) -> float:
        return sum(self._idf(t) for t in terms)

    @cached_property
    def _uses(self) -> tuple[StatedUse, ...]:
        """Every use the graph holds, with its first quote (a build never changes while it
        is served)."""
        found = []
        for use in self._context.read(mineral_uses):
            quote = use.quotes[0]
            source = Citation.around(quote, self._context.passages[quote.passage_id].text)
            terms = self._context.label_terms(use.use)
            found.append(StatedUse(use.mineral, terms, self._weight(terms), source))
        return tuple(found)
