"""Answer "which revision first …" questions from a mineral's trace.

「ウランが対象に加わったのはどの改定か」 asks for the first revision in which a mineral
appears (under a measure, when the question says 対象). The answer names that revision,
cites the passages there, and says which earlier revisions the corpus does not hold: the
record is silent about them, so the answer never claims more than the texts show. The first
document overall may be a slide deck (graphite: a 2026 deck, then the 取組方針's 2026-03-30
revision), so the answer also names, for every other series, its own first revision.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from policy_kg.corpus.model import DocumentMeta
from policy_kg.nlp.vocabulary import Vocabulary
from policy_kg.qa.model import Answer, Fact
from policy_kg.qa.question import Question
from policy_kg.revisions.trace_model import Appearance, SeriesTimeline, Trace

REVISION_CUE = re.compile(
    r"どの改[定訂]|いつの改[定訂]|どの版|何年版|初めて|最初に|はじめて"
    r"|(いちばん|一番|最も)(古[いく]|早[いく])"
)
COVERAGE_CUE = re.compile(r"対象|施策|支援")


def asked_mineral(question: str, vocabulary: Vocabulary) -> str | None:
    """The mineral a revision question asks about, or None: of the mineral forms it holds, the
    one that ends nearest before its revision cue (ネオジム磁石の原料であるホウ素に最初に触れて
    いる… asks about ホウ素), the longest of those ending there; the longest anywhere when none
    comes before the cue."""
    cue = REVISION_CUE.search(question)
    if cue is None:
        return None
    forms = {f for m in vocabulary.minerals for f in m.surface_forms if len(f) > 1}
    found = [f for f in forms if f in question]
    if not found:
        return None
    starts = {f: question.rfind(f, 0, cue.start()) for f in found}
    before = [f for f in found if starts[f] >= 0]
    if before:
        return max(before, key=lambda f: (starts[f] + len(f), len(f)))
    return max(found, key=len)


def revision_answer(question: str, trace: Trace, documents: dict[str, DocumentMeta]) -> Answer:
    first = _first(trace, covered=bool(COVERAGE_CUE.search(question)))
    if first is None:
        return Answer(
            question, f"{trace.mineral.label}を記載した文書はコーパスにありません。", True
        )
    meta = documents[first.doc_id]
    earlier = [
        revision
        for series, revision in trace.revisions_without_text
        if series == first.series and (first.revision is None or revision < first.revision)
    ]
    label = trace.mineral.label
    text = f"{label}が確認できる最も古い版は「{meta.title}」（{meta.revision_label}）です。"
    if first.measures:
        text += f"施策: {'、'.join(first.measures)}。"
    if earlier:
        text += (
            f"それ以前の改定（{'、'.join(earlier)}）の本文はコーパスにないため、"
            "そこで既に記載されていたかは確認できません。"
        )
    others = [t for t in trace.series if t.series != first.series and t.first_named]
    text += "".join(_series_sentence(label, timeline, documents) for timeline in others)
    # a quote of the name alone (a table cell: ランタン) says nothing of how the document
    # names it; the first that says more leads (高純度ランタン, in the row on optical lenses)
    names = set(trace.mineral.surface_forms)
    lead = [c for c in first.citations if c.quote.strip() not in names][:1]
    citations = lead or list(first.citations[:1])
    for timeline in others:
        appearance = next(a for a in trace.appearances if a.doc_id == timeline.first_named.doc_id)
        citations += appearance.citations[:1]
    citations += [c for c in first.citations if c not in citations]
    fact = Fact(trace.mineral.label, "first_seen_in", first.doc_id)
    return Answer(question, text, False, tuple(citations), (fact,))


def _series_sentence(
    label: str, timeline: SeriesTimeline, documents: dict[str, DocumentMeta]
) -> str:
    """「…」では令和8年3月30日改定で初めて記載され、それ以前の改定（…）は本文がありません。"""
    first = timeline.first_named
    title = documents[first.doc_id].title
    text = f"「{title}」で{label}を初めて記載したのは{first.label}です"
    if timeline.unknown_before:
        text += f"（それ以前の改定 {'、'.join(timeline.unknown_before)} は本文がなく不明）"
    return text + "。"


def _first(trace: Trace, covered: bool) -> Appearance | None:
    if covered:
        under_measure = [a for a in trace.appearances if a.measures]
        if under_measure:
            return under_measure[0]
    return trace.first_seen


@dataclass(frozen=True)
class FirstNamedQuestion:
    question: Question
    mineral: str  # the form the question names it by


class FirstNamedRoute:
    """The router's route for "which revision first names X": answered from X's trace."""

    name = "first_named"

    def __init__(
        self,
        vocabulary: Vocabulary,
        documents: dict[str, DocumentMeta],
        trace: Callable[[str], Trace],
    ) -> None:
        self._vocabulary = vocabulary
        self._documents = documents
        self._trace = trace

    def prepare(self) -> None:
        """Nothing to read ahead: what it reads depends on the mineral asked."""

    def matches(self, question: Question) -> FirstNamedQuestion | None:
        mineral = asked_mineral(question.text, self._vocabulary)
        return None if mineral is None else FirstNamedQuestion(question, mineral)

    def answer(self, match: FirstNamedQuestion) -> Answer:
        question = match.question.text
        return revision_answer(question, self._trace(match.mineral), self._documents)
