"""The one place a question is routed: graph facts first, the text answerer last.

Each route is a small component: `matches(question)` reads the question's normalised form
and returns a typed match (the fact kind it asks for and the subject it names) or None;
`answer(match)` answers from the graph, citing the fact's quote, or returns None when the
graph holds no such fact for that subject. Routes are tried in the order of `graph_routes`;
the first answer wins, and a question no route answers goes to text retrieval and sentence
ranking. A question naming a place, an organisation, an acronym, a chemical element, a kind
of magnet or an unknown word that no document uses (`unknown_names`) skips the graph, whose
facts all come from the documents: the text answerer abstains on it and names what it did not
find.

A question describing a mineral by its use instead of naming it (原子力発電の燃料になる鉱物)
is routed with the minerals the texts say serve that use named in it (`qa.described`); the
answer keeps the asker's words and cites, after its own citations, the sentences stating
that use.

Every graph answer carries its route's measured confidence (`routes.confidence`): the
router sets it, so a new route needs only its counts in `route_confidence.json`.

Before this router, two questions about the agencies that run the support funds
(永久磁石／重要鉱物の安定供給確保支援業務を行う法人はどこか) abstained although the graph
holds both designations with their quotes; they now answer NEDO and JOGMEC.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

from policy_kg.qa.answerer import check_question
from policy_kg.qa.described import NamedQuestion
from policy_kg.qa.model import Answer
from policy_kg.qa.question import Question, analyse
from policy_kg.qa.routes.agency import SupportAgencyRoute
from policy_kg.qa.routes.budgets import BudgetRoute
from policy_kg.qa.routes.chapter_parts import ChapterPartsRoute
from policy_kg.qa.routes.confidence import route_confidences
from policy_kg.qa.routes.context import GraphContext
from policy_kg.qa.routes.document_number import DocumentNumberRoute
from policy_kg.qa.routes.export_controls import ExportControlRoute
from policy_kg.qa.routes.issuer import IssuerRoute
from policy_kg.qa.routes.measures import MeasureMineralsRoute
from policy_kg.qa.routes.revision_dates import RevisionDateRoute
from policy_kg.qa.routes.signatories import SignatoryRoute
from policy_kg.qa.routes.supply_shares import SupplyShareRoute
from policy_kg.qa.targets import TargetAnswerer, TargetRoute
from policy_kg.revisions.answers import FirstNamedRoute
from policy_kg.revisions.trace import Trace

M = TypeVar("M")
TextAnswerer = Callable[[str, int], Answer]
UnknownNames = Callable[[str], tuple[str, ...]]


class Namer(Protocol):
    def prepare(self) -> None: ...

    def name(self, question: Question) -> NamedQuestion: ...


class NoNamer:
    """Names nothing: the question is routed as asked."""

    def prepare(self) -> None:
        pass

    def name(self, question: Question) -> NamedQuestion:
        return NamedQuestion(question)


class Route(Protocol[M]):
    name: str

    def prepare(self) -> None:
        """Read now what every question of this kind reads (once per build)."""

    def matches(self, question: Question) -> M | None: ...

    def answer(self, match: M) -> Answer | None: ...


@dataclass(frozen=True)
class Routed:
    route: str  # the name of the route that answered; TEXT_ROUTE for the fallback
    answer: Answer


TEXT_ROUTE = "text"


class Router:
    def __init__(
        self,
        routes: Sequence[Route[Any]],
        text: TextAnswerer,
        unknown_names: UnknownNames = lambda text: (),
        confidences: Mapping[str, float] | None = None,
        described: Namer | None = None,
    ) -> None:
        self.routes = tuple(routes)
        self._described = described or NoNamer()
        self._text = text
        self._unknown_names = unknown_names
        # by route name; a route without measured counts keeps what its answer carries
        self._confidences = route_confidences() if confidences is None else confidences

    def ask(self, text: str, top_k: int = 3) -> Answer:
        return self.route(text, top_k).answer

    def prepare(self) -> None:
        """Every route's reads ahead of its first question (a server does this while it warms
        up). At 100 copies of the seeds, the first target, budget and export-control questions
        waited 1.5-2.6 s for them, a supply-share question 0.4 s; read ahead, 4-244 ms."""
        for route in self.routes:
            route.prepare()
        self._described.prepare()

    def route(self, text: str, top_k: int = 3) -> Routed:
        """The answer, with the route that gave it (bench/eval_routes.py counts them)."""
        asked = check_question(text)
        named = self._described.name(analyse(asked))
        question = named.question
        graph = () if self._unknown_names(question.text) else self.routes
        for route in graph:
            match = route.matches(question)
            if match is None:
                continue
            answer = route.answer(match)
            if answer is not None:
                confidence = self._confidences.get(route.name, answer.confidence)
                answer = replace(answer, confidence=confidence)
                return Routed(route.name, _as_asked(answer, asked, named))
        return Routed(TEXT_ROUTE, _as_asked(self._text(question.text, top_k), asked, named))


def _as_asked(answer: Answer, asked: str, named: NamedQuestion) -> Answer:
    """The answer to the question in the asker's words, citing after its own citations the
    sentences that named the minerals it describes (an abstention cites nothing)."""
    if answer.abstained:
        return replace(answer, question=asked)
    cited = {(c.passage_id, c.quote) for c in answer.citations}
    sources = tuple(c for c in named.sources if (c.passage_id, c.quote) not in cited)
    return replace(answer, question=asked, citations=answer.citations + sources)


def graph_routes(
    context: GraphContext,
    trace: Callable[[str], Trace],
    targets: Callable[[], TargetAnswerer],
) -> tuple[Route[Any], ...]:
    """Every graph-backed route, in the order they are tried.

    The most specific cues come first: "which revision first names X" (a mineral and 初めて)
    before the revision dates (初めて, いつ), the targets (目標 + how much) as before the
    router, and export controls before supply shares (both name a country and a mineral).
    """
    return (
        FirstNamedRoute(context.vocabulary, context.documents, trace),
        TargetRoute(targets, context.documents),
        RevisionDateRoute(context),
        IssuerRoute(context),
        DocumentNumberRoute(context),
        ChapterPartsRoute(context),
        SignatoryRoute(context),
        SupportAgencyRoute(context),
        ExportControlRoute(context),
        SupplyShareRoute(context),
        BudgetRoute(context),
        MeasureMineralsRoute(context),
    )
