"""Which minerals (and products) a measure covers, and how many (pkg:MeasureCoverage).

「製錬等事業支援の対象鉱種はいくつか」 names one measure and asks for the minerals it covers
(対象 with 鉱種, 品目, どれ …) or their number (いくつ, 何種). A measure is named when the
question holds at least half of its name's terms and more than of any other's: 「製錬の支援対象」
names 製錬等事業支援 (2 of its 4 terms, against 1 of 3 for 鉱山開発支援 or 探鉱・FS支援);
「支援の対象鉱種」 names none (1 of 3 for three measures alike). The most terms held says
which, the share breaking a tie, a term read inside a longer one (レア and アース inside
レアアース) counting once with it.
「使い終わった磁石からレアアース原料を取り戻す技術の開発・導入の支援」 holds 6 of the 7 whole
terms of 廃磁石からのレアアース原料リサイクル技術の開発・導入 and all 3 of 技術開発支援, which
by share alone was named; it lists no magnet, and the text answerer gave another measure's.
「…取り戻す施策がリサイクルの対象にしている磁石」 was named 省レアアース磁石の開発等 by share
(4 of its 6 terms, three of them read from レアアース) and got its magnets; holding 3 of the
recycling measure's 7 whole terms, it now names none and goes to the text answerer. A measure
covers minerals in two senses, the list it is limited to (施策の対象となる品目) and the ones it
targets for now (当面の間): the answer gives the one the question names (当面 for the second),
or both.
「探鉱・FSの支援対象には入らず、製錬の支援で対象に加えられている鉱種」 compares measures: the
measures named before the negation (入らず, 対象外 …) are left out of the one named after it,
and the answer is what that one covers and they do not, with each difference's own quote.
「飛行機などの材料として対象に入っている鉱物」 asks for one group of a listed sentence, the one
its words qualify (航空機等の原材料となるチタン及びマグネシウム; listed_runs.py).
A question naming a year asks for a measure of that year: 2010年度補正予算のレアアース等対策で
代わりの材料を開発する対象 is not the 2025 magnets policy's 技術開発 measure, whose name it
shares, so only coverages stated in a document of that year, or in a sentence naming it, count
(two development questions so asked had been answered with the 2025 measure's minerals). So
for a question naming a document: 日米の重要鉱物枠組みで…対象として例に挙がっている製品 asks
of the framework, which states no measure's coverage, not of the policy whose measure shares
its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policy_kg.graph.lookup import measure_names
from policy_kg.graph.queries import Coverage, Scope, minerals_of_measure
from policy_kg.qa.model import Answer, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import GraphContext, graph_answer
from policy_kg.qa.routes.listed_runs import best_runs, listed_runs
from policy_kg.qa.subject import years_named

COVERED = re.compile(r"対象")
# どれ asks which; どれだけ／どれくらい／どれほど ask how much (年間どれだけの磁石生産に貢献)
ASKS_MINERALS = re.compile(
    r"鉱種|鉱物|品目|元素|どの種類|種類は|どれ(?!だけ|くらい|ぐらい|ほど)|何か|何ですか"
)
ASKS_COUNT = re.compile(r"いくつ|何種|何品目|何鉱種|数は")
# magnets asked for (どの磁石が対象か): a measure whose list names no magnet is not the one
# meant, however fully the question holds its name (技術開発支援 covers レアアース, while
# 使い終わった磁石から原料を取り戻す技術の開発支援 is the magnet-recycling measure)
ASKS_MAGNETS = re.compile(r"(どの|どんな|どういう|何という)(種類の)?磁石|磁石(は|が)?(どれ|何)")
MAGNET = "磁石"
CURRENT_FOCUS = re.compile(r"当面")
NOT_COVERED = re.compile(
    r"入らず|入らない|入っていない|対象外|含まれず|含まれない|含まれていない|ではなく|除かれ"
)
ASKS_OTHER = frozenset({"date", "money", "requirement"})  # no list of minerals answers
MIN_MEASURE_SHARE = 0.5  # of a measure's name's terms, for a question to name the measure
# the words a question asks for a measure's list with at all (当面の間 asks for the current
# focus, CURRENT_FOCUS): they say nothing of which group of the list is meant
ASKING_WORDS = "当面の間、施策の対象となる鉱種、鉱物、品目、元素の種類"
SCOPE_NAMES: dict[Scope, str] = {
    "legal_scope": "施策の対象となる品目",
    "current_focus": "当面の間の施策の対象",
}


@dataclass(frozen=True)
class MeasureQuestion:
    question: Question
    measure: str
    count: bool
    scopes: tuple[Scope, ...]
    excluded: tuple[str, ...] = ()  # measures whose minerals are left out (a comparison)


class MeasureMineralsRoute:
    name = "measure_minerals"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        self._context.read(measure_names)

    def matches(self, question: Question) -> MeasureQuestion | None:
        text = question.normalized
        count = bool(ASKS_COUNT.search(text))
        if question.qtype in ASKS_OTHER or question.unit not in (None, "count"):
            # …の支援はいつまで対象か asks a period, 何%以上が消費される場合 a share
            return None
        if not COVERED.search(text) or not (count or ASKS_MINERALS.search(text)):
            return None
        focus = bool(CURRENT_FOCUS.search(text))
        scopes: tuple[Scope, ...] = (
            ("current_focus",) if focus else ("legal_scope", "current_focus")
        )
        if negation := NOT_COVERED.search(text):
            return self._comparison(question, negation.end(), count, scopes)
        named = self._named(text)
        if len(named) != 1 or named[0][1] < MIN_MEASURE_SHARE:  # none, or two compared
            return None
        return MeasureQuestion(question, named[0][0], count, scopes)

    def _comparison(
        self, question: Question, split: int, count: bool, scopes: tuple[Scope, ...]
    ) -> MeasureQuestion | None:
        """The one measure named after the negation, less those named before it: the
        comparison itself says measures are named, so any share of their terms names one."""
        left_out = self._named(question.normalized[:split])
        kept = self._named(question.normalized[split:])
        if not left_out or len(kept) != 1 or kept[0][0] in {n for n, _ in left_out}:
            return None
        excluded = tuple(name for name, _ in left_out)
        return MeasureQuestion(question, kept[0][0], count, scopes, excluded)

    def _named(self, text: str) -> list[tuple[str, float]]:
        """The measures of which `text` holds the most name terms, a term read inside a longer
        one of the same name counting once with it (`whole_terms`), the largest share of those
        breaking a tie, with that share."""
        asked = self._context.question_terms(text)
        held = {}
        for name in self._context.read(measure_names):
            words = whole_terms(self._context.label_terms(name))
            found = len(words & asked)
            held[name] = (found, found / len(words) if words else 0.0)
        best = max(held.values(), default=(0, 0.0))
        return [(name, share) for name, (found, share) in held.items() if (found, share) == best]

    def answer(self, match: MeasureQuestion) -> Answer | None:
        documents, text = self._context.documents, match.question.normalized
        coverages = self._context.read(minerals_of_measure, match.measure)
        if ASKS_MAGNETS.search(text):
            coverages = [c for c in coverages if MAGNET in c.subject]
        if asked := years_named(text):
            coverages = [c for c in coverages if self._of_years(c, asked)]
        if named := self._context.clearly_named(text, documents):
            series = documents[named].series
            coverages = [c for c in coverages if documents[c.doc_id].series == series]
        if match.excluded:
            coverages = self._left(coverages, match.excluded)
        by_scope = {
            scope: [c for c in coverages if c.scope == scope and c.quotes] for scope in match.scopes
        }
        by_scope = {scope: found for scope, found in by_scope.items() if found}
        if not by_scope:
            return None
        by_scope = self._qualified(match, by_scope) or by_scope
        lines = [self._line(scope, found, match.count) for scope, found in by_scope.items()]
        citations = [
            self._context.sentence_citation(c.quotes[0])
            for found in by_scope.values()
            for c in found
        ]
        facts = tuple(
            Fact(match.measure, SCOPE_NAMES[scope], str(len(_subjects(found))))
            for scope, found in by_scope.items()
        )
        return graph_answer(match.question.text, "\n".join(lines), citations, facts)

    def _qualified(
        self, match: MeasureQuestion, by_scope: dict[Scope, list[Coverage]]
    ) -> dict[Scope, list[Coverage]] | None:
        """The group of a listed sentence the question's own words qualify, each of its
        subjects cited by that sentence; None when no group is so named, or all are."""
        context = self._context
        names = (match.measure, *match.excluded)
        asked = context.question_terms(match.question.normalized).difference(
            context.label_terms(ASKING_WORDS), *map(context.label_terms, names)
        )
        quoted: dict[str, dict[Scope, list[Coverage]]] = {}  # sentence -> what it quotes
        for scope, found in by_scope.items():
            for coverage in found:
                for quote in coverage.quotes:
                    sentence = context.sentence_citation(quote).quote
                    narrowed = replace(coverage, quotes=(quote,))
                    quoted.setdefault(sentence, {}).setdefault(scope, []).append(narrowed)
        runs = {
            run: sentence
            for sentence, scopes in quoted.items()
            for run in listed_runs(sentence, self._surfaces(scopes))
        }
        best = best_runs(runs, asked, context.label_terms)
        chosen: dict[Scope, list[Coverage]] = {}
        for run in best:
            for scope, found in quoted[runs[run]].items():
                chosen.setdefault(scope, []).extend(c for c in found if c.subject in run.subjects)
        everything = {(s, c.subject) for s, found in by_scope.items() for c in found}
        if {(s, c.subject) for s, found in chosen.items() for c in found} == everything:
            return None
        return chosen or None

    def _of_years(self, coverage: Coverage, years: set[str]) -> bool:
        """Whether the coverage is stated in a document of one of `years` or in a sentence
        naming one."""
        if self._context.documents[coverage.doc_id].year in years:
            return True
        return any(
            years_named(self._context.sentence_citation(quote).quote) & years
            for quote in coverage.quotes
        )

    def _surfaces(self, scopes: dict[Scope, list[Coverage]]) -> dict[str, tuple[str, ...]]:
        vocabulary = self._context.vocabulary
        subjects = {c.subject for found in scopes.values() for c in found}
        return {s: m.surface_forms if (m := vocabulary.mineral(s)) else (s,) for s in subjects}

    def _left(self, coverages: list[Coverage], excluded: tuple[str, ...]) -> list[Coverage]:
        """The coverages whose subject no excluded measure covers in the same sense."""
        other = {
            (c.scope, c.subject_iri)
            for name in excluded
            for c in self._context.read(minerals_of_measure, name)
        }
        return [c for c in coverages if (c.scope, c.subject_iri) not in other]

    def _line(self, scope: Scope, found: list[Coverage], count: bool) -> str:
        subjects = _subjects(found)
        if count:
            return f"{SCOPE_NAMES[scope]}: {len(subjects)}"
        return f"{SCOPE_NAMES[scope]}（{len(subjects)}）: {'、'.join(subjects)}"


def _subjects(found: list[Coverage]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.subject for c in found))


def whole_terms(terms: frozenset[str]) -> frozenset[str]:
    """The terms not read inside a longer one of the set: Sudachi reads レアアース as レア,
    アース and itself, which name one thing."""
    return frozenset(t for t in terms if not any(t != other and t in other for other in terms))
