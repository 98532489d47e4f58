"""The features a candidate sentence is ranked by, in the order the fitted model reads them.

Every feature is a number about one candidate of one question; features relative to the other
candidates of the same question (gaps to the best, shares of the largest) make questions of
different lengths and wording comparable. The weights live in the fitted file
(`ranker_model.json`, written by bench/fit_ranker.py), never here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FEATURE_NAMES: tuple[str, ...] = (
    "coverage",  # IDF-weighted share of the question's terms (or their synonyms) found
    "coverage_sentence",  # the same, counting the sentence's own words only
    "coverage_gap",  # coverage minus the best candidate's
    "own_terms",  # log of 1 + how many question terms the sentence itself holds
    "dense_sentence",  # e5 cosine of the sentence with the question
    "dense_sentence_gap",  # that cosine minus the best candidate's
    "dense_sentence_reciprocal_rank",  # 1 / its rank by that cosine among the candidates
    "dense_placed",  # e5 cosine of the sentence placed under its title and section path
    # (an indexed passage's only unit: the passage as indexed, index.sentences.placed_text)
    "dense_placed_gap",  # that cosine minus the best candidate's
    "dense_placed_reciprocal_rank",  # 1 / its rank by that cosine among the candidates
    "bm25_sentence",  # the sentence's own BM25 for the question, over the largest of all
    "passage_fused",  # the passage's fused retrieval score over the largest
    "passage_reciprocal_rank",  # 1 / the passage's fused rank
    "passage_lexical",  # the passage's BM25, scaled 0..1 over the retrieved passages
    "passage_dense",  # the passage's e5 cosine, scaled 0..1 over the retrieved passages
    "typed",  # the question asks for a value of a kind (a date, an amount, an agency …)
    "type_match",  # the sentence holds that kind of value
    "type_miss",  # typed, and the sentence holds none
    "year_miss",  # the question names a year that neither sentence nor document has
    "off_topic",  # the question names minerals; neither sentence nor its context does
    "answer_in_heading",  # the value asked is in the heading or the lead line, not the sentence
    "first_in_passage",  # the passage's first sentence
    "position",  # sentence index over the passage's sentence count
    "log_length",  # log of the sentence's length in characters
    "has_digit",  # it states a number
    "table_row",  # the unit is from a table: a row (read with its header rows) or an item of one
    "bullet",  # a bullet or a slide line
    "title_line",  # a line of a document's title block
    "heading_line",  # a section heading that states the value asked for (qa/companions.py)
    "joined",  # two neighbouring units joined: the second holds the value asked for
    "note_unit",  # a footnote, a note line (※, (注), 出典) or part of one (qa/notes.py)
    "note_asked",  # a note, and the question asks what notes give (a source, a scope, a code)
    "passage_missing",  # IDF share of the question's corpus terms its passage never uses
    "passage_missing_top",  # IDF of the rarest such term over that of the question's rarest
    "retrieved_missing_top",  # the least of that over the candidates: no retrieved passage
    # uses the question's rarest terms
    "anchor_missing",  # share of the minerals, agencies, countries asked it and its context
    # do not name (a broader mineral counts: レアアース for ジスプロシウム)
    "question_unknown",  # share of the question's terms the corpus never uses (paraphrase
    # or a topic outside it: the same for every candidate, it moves confidence, not rank)
    "question_unknown_name",  # the question holds a katakana or Latin word the corpus never
    # uses (ヘリウム, CBAM: a thing outside it, not a paraphrase; qa/measured_units.py)
    "listed_section",  # a contents line: 1 / the rank of the best retrieved passage under the
    # heading it lists (qa/contents.py)
    "value_near_terms",  # IDF share of the question's terms beside the unit's value of the
    # asked kind (qa/value_context.py)
    "asking_clause",  # IDF share of the terms of the clause that asks (the last:
    # question.asking_terms) the unit itself holds, or their synonyms: the first-ranked unit
    # often held the scene's words, not what was asked (cite@1 out of fold by fact 0.792 ->
    # 0.801 averaged over four fold assignments, bench/fit_ranker.md)
    "asking_clause_gap",  # that share minus the best candidate's
)

# BM25's customary constants (Robertson & Zaragoza), as bm25s uses for the passages.
BM25_K1 = 1.5
BM25_B = 0.75


@dataclass(frozen=True)
class Raw:
    """What is measured of one candidate before it is set against the others."""

    coverage: float
    coverage_sentence: float
    dense: float
    dense_placed: float
    bm25: float
    passage_fused: float
    passage_rank: int
    passage_lexical: float
    passage_dense: float
    typed: bool
    fits: bool
    year_miss: bool
    off_topic: bool
    in_heading: bool
    index: int
    count: int
    length: int
    own_terms: int
    has_digit: bool
    kind: str
    joined: bool
    passage_missing: float
    passage_missing_top: float
    anchor_missing: float
    question_unknown: float
    question_unknown_name: bool
    listed_section: float
    note: bool
    asks_note: bool
    value_near_terms: float
    asking_clause: float


def vectors(raws: list[Raw]) -> list[tuple[float, ...]]:
    """The feature rows of one question's candidates, in FEATURE_NAMES order."""
    best_dense = max((r.dense for r in raws), default=0.0)
    best_placed = max((r.dense_placed for r in raws), default=0.0)
    best_coverage = max((r.coverage for r in raws), default=0.0)
    dense_rank = _ranks([r.dense for r in raws])
    placed_rank = _ranks([r.dense_placed for r in raws])
    best_bm25 = max((r.bm25 for r in raws), default=0.0) or 1.0
    best_fused = max((r.passage_fused for r in raws), default=0.0) or 1.0
    least_missing_top = min((r.passage_missing_top for r in raws), default=0.0)
    best_asking = max((r.asking_clause for r in raws), default=0.0)
    return [
        (
            r.coverage,
            r.coverage_sentence,
            r.coverage - best_coverage,
            math.log1p(r.own_terms),
            r.dense,
            r.dense - best_dense,
            1.0 / dense_rank[n],
            r.dense_placed,
            r.dense_placed - best_placed,
            1.0 / placed_rank[n],
            r.bm25 / best_bm25,
            r.passage_fused / best_fused,
            1.0 / r.passage_rank,
            r.passage_lexical,
            r.passage_dense,
            float(r.typed),
            float(r.typed and r.fits),
            float(r.typed and not r.fits),
            float(r.year_miss),
            float(r.off_topic),
            float(r.in_heading),
            float(r.index == 0),
            r.index / max(r.count, 1),
            math.log1p(r.length),
            float(r.has_digit),
            float(r.kind in ("table_row", "table_item")),
            float(r.kind == "bullet"),
            float(r.kind == "title_line"),
            float(r.kind == "heading"),
            float(r.joined),
            float(r.note),
            float(r.note and r.asks_note),
            r.passage_missing,
            r.passage_missing_top,
            least_missing_top,
            r.anchor_missing,
            r.question_unknown,
            float(r.question_unknown_name),
            r.listed_section,
            r.value_near_terms,
            r.asking_clause,
            r.asking_clause - best_asking,
        )
        for n, r in enumerate(raws)
    ]


def _ranks(values: list[float]) -> dict[int, int]:
    """The rank (1 = largest) of each value, by index."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    return {i: n for n, i in enumerate(order, start=1)}


def bm25(
    query: Mapping[str, float],
    found: Sequence[str],
    average_length: float,
    expansions: Mapping[str, frozenset[str]],
) -> float:
    """BM25 of one sentence: `query` maps each question term to its IDF; a synonym of a term
    counts as the term."""
    counts = Counter(found)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * len(found) / max(average_length, 1.0))
    score = 0.0
    for term, idf in query.items():
        tf = counts.get(term, 0) + sum(counts.get(e, 0) for e in expansions.get(term, ()))
        if tf:
            score += idf * tf * (BM25_K1 + 1) / (tf + norm)
    return score


def coverage(
    weights: Mapping[str, float],
    found: set[str],
    context: set[str],
    expansions: Mapping[str, frozenset[str]],
    context_share: float,
) -> tuple[float, float]:
    """(coverage with context, sentence-only coverage): the IDF-weighted share of question
    terms present, a term being present when it or one of its expansions is."""
    total = sum(weights.values()) or 1.0

    def present(term: str, words: set[str]) -> bool:
        return term in words or bool(expansions.get(term, frozenset()) & words)

    own = sum(w for t, w in weights.items() if present(t, found))
    around = sum(w for t, w in weights.items() if not present(t, found) and present(t, context))
    return (own + context_share * around) / total, own / total


def missing_share(
    weights: Mapping[str, float], words: set[str], expansions: Mapping[str, frozenset[str]]
) -> float:
    """The weighted share of the terms in `weights` that neither `words` nor any of their
    expansions hold (0 when there are no terms)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(_missing(weights, words, expansions)) / total


def missing_top(
    weights: Mapping[str, float], words: set[str], expansions: Mapping[str, frozenset[str]]
) -> float:
    """The largest weight among the terms in `weights` that neither `words` nor any of their
    expansions hold, over the largest weight of all (0 when none is missing): whether the
    question's most specific words are among those missing. Asked a figure of a subject the
    retrieved passages name without it (エチレン's tonnage), the answerer gave another
    subject's; with this and its least over the candidates, 196 of 266 unanswerable development
    questions abstain cross-fitted, 190 without."""
    top = max(weights.values(), default=0.0)
    return max(_missing(weights, words, expansions), default=0.0) / top if top else 0.0


def _missing(
    weights: Mapping[str, float], words: set[str], expansions: Mapping[str, frozenset[str]]
) -> list[float]:
    return [
        w for t, w in weights.items() if t not in words and not expansions.get(t, set()) & words
    ]
