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

A use is matched by its terms, weighted by IDF, against the words each sentence of the corpus
gives a listed mineral's use: the words before the list (…の原材料となる, …に用いられる) or
after its topic (ウランは、…に使用され). The minerals of the best match are named when it holds
at least half the weight of the described use; a question that already names a mineral is
left as it is.

Measured on the 2,049 development questions, cross-fitted by fact (bench/eval_qa.py's
`cross_fitted`; the ranker is fitted on the questions as written, so this changes answers
only): 20 questions are named, 19 with the right minerals (電池の負極材 is read as the
ドーピング材 of アンチモン, not as グラファイト, which the texts state as 負極材原料として利用
する); 6 move to a first citation that holds the gold and one away from it (cite@1 0.859 ->
0.862, false abstentions 42 -> 40); no other question's answer changes. Reading the uses the
seeds' 1,133 passages state takes 18-20 ms, once per build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from policy_kg.corpus.model import Passage
from policy_kg.corpus.sentences import split_sentences
from policy_kg.nlp.vocabulary import Vocabulary
from policy_kg.qa.model import Citation
from policy_kg.qa.question import Question, analyse
from policy_kg.qa.routes.context import GraphContext
from policy_kg.qa.routes.listed_runs import LIST_JOINT, whole_word

# how a question describes a mineral: a use, a verb of use, then the noun (金属, 鉱物 …)
DESCRIBED = re.compile(
    r"(?P<use>[^、。？?]{2,40}?)"
    r"(?:に(?:使われる|使う|用いられる|使用される|利用される)"
    r"|の(?:原料|原材料|材料|燃料)(?:に|と)なる|の(?:原料|原材料|材料)として)"
    r"[^、。？?]{0,6}?(?:金属|鉱物|鉱種|元素|レアメタル)"
)
# a sentence that may state a use
USE_CUE = re.compile(r"用い|使用|利用|使わ|原材料|原料|燃料|用途")
# a use stated before the minerals listed: …の原材料となる X、Y / …に用いられる X / …原料である X
USE_BEFORE = re.compile(
    r"(?:の(?:原材料|原料|材料|燃料)(?:と|に)なる|に(?:用いられる|使用される|利用される|使われる)"
    r"|(?:原材料|原料)である)[、\s]*$"
)
# a use stated after the minerals as a topic: X は、…に使用され / X については、…に使用
# され / X は、…に、Y は、…
USE_AFTER = re.compile(
    r"^(?:については|は|が)、?(?P<use>.{1,60}?)"
    r"(?:に(?:用いられ|使用され|利用され|使われ)|に、|の(?:原材料|原料|材料)(?:として|と|に))"
)
# the share of the described use's IDF weight the best stated use must hold: set, not fitted
# (half the described use), and not tuned on the questions it was measured with
MIN_MATCHED_WEIGHT = 0.5
# the most sentences cited for a use: the policy restates its list of minerals and their uses
# in the note of each of its five measures
MAX_SOURCES = 2


@dataclass(frozen=True)
class StatedUse:
    """Minerals a sentence lists, with the terms of the use it gives them."""

    minerals: tuple[str, ...]  # labels
    terms: frozenset[str]
    passage: Passage
    sentence: str  # verbatim in the passage's text


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
        minerals = dict.fromkeys(m for u in uses for m in u.minerals)
        named = f"{question.text[: found.end()]}（{'・'.join(minerals)}）"
        sentences = dict.fromkeys((u.passage, u.sentence) for u in uses)
        sources = tuple(
            Citation.in_passage(passage, self._context.documents, sentence)
            for passage, sentence in list(sentences)[:MAX_SOURCES]
        )
        return NamedQuestion(analyse(named + question.text[found.end() :]), sources)

    def serving(self, use: str) -> tuple[StatedUse, ...]:
        """The stated uses that best match `use`: the most IDF weight of shared terms, then
        the fewest words besides them (タングステンは、超硬工具に使用され before a list of
        eight minerals for 半導体…並びに…超硬工具等の原材料)."""
        asked = self._context.question_terms(use)
        scored = [(self._match(asked, u.terms), u) for u in self._uses]
        best = max((score for score, _ in scored), default=(0.0, 0.0))
        if best[0] < MIN_MATCHED_WEIGHT * self._weight(asked) or best[0] <= 0:
            return ()
        return tuple(u for score, u in scored if score == best)

    def _match(self, asked: frozenset[str], stated: frozenset[str]) -> tuple[float, float]:
        shared = self._weight(asked & stated)
        return shared, shared / (self._weight(stated) or 1.0)

    def _weight(self, terms: Iterable[str]) -> float:
        return sum(self._idf(t) for t in terms)

    @cached_property
    def _uses(self) -> tuple[StatedUse, ...]:
        """Every use the corpus states for listed minerals (a build never changes while it is
        served)."""
        names = mineral_names(self._context.vocabulary)
        found: list[StatedUse] = []
        for passage in self._context.passages.values():
            for sentence in _cued_sentences(passage):
                for minerals, words in stated_uses(sentence, names):
                    terms = self._context.label_terms(words)
                    found.append(StatedUse(minerals, terms, passage, sentence))
        return tuple(found)


def mineral_names(vocabulary: Vocabulary) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over every mineral's names, longest first, and each name's label. Latin
    names (Nd, In) are left out: a stated use names its minerals in Japanese, and In is also
    an English word."""
    labels = {
        name: mineral.label
        for mineral in vocabulary.minerals
        for name in mineral.surface_forms
        if not name.isascii()
    }
    ordered = sorted(labels, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))), labels


def stated_uses(
    sentence: str, names: tuple[re.Pattern[str], dict[str, str]]
) -> Iterable[tuple[tuple[str, ...], str]]:
    """(the minerals of a listed run, the words that state their use) for each run of the
    sentence that has a use stated before or after it."""
    pattern, labels = names
    runs: list[tuple[int, int, list[str]]] = []  # (start, end, labels) of each listed run
    for hit in pattern.finditer(sentence):
        if not whole_word(sentence, hit.start(), hit.end()):
            continue
        if runs and LIST_JOINT.fullmatch(sentence[runs[-1][1] : hit.start()]):
            start, _, minerals = runs[-1]
            runs[-1] = (start, hit.end(), [*minerals, labels[hit.group()]])
        else:
            runs.append((hit.start(), hit.end(), [labels[hit.group()]]))
    bounds = [0] + [end for _, end, _ in runs]
    starts = [start for start, _, _ in runs] + [len(sentence)]
    for n, (start, end, minerals) in enumerate(runs):
        stated = _stated(sentence[bounds[n] : start], sentence[end : starts[n + 1]])
        if stated:
            yield tuple(dict.fromkeys(minerals)), stated


def _stated(before: str, after: str) -> str | None:
    if USE_BEFORE.search(before):
        return before
    topic = USE_AFTER.match(after)
    return topic.group("use") if topic else None


def _cued_sentences(passage: Passage) -> Iterable[str]:
    return (s for s in split_sentences(passage.text) if USE_CUE.search(s))
