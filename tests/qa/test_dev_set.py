"""The development questions (copied into bench/eval) keep the figures the ranker reached.

A regression guard: it fails when a change lowers citation recall, answer hits or abstention
below what bench/eval_qa.py measured with the fitted ranker (src/policy_kg/qa/ranker_model.json,
fitted on these questions, so these are in-sample figures: the held-out ones are reported apart).
On the 14 rows of dev_qa.jsonl the hand-weighted ranker before it met higher bars (cite@1 0.85,
answer hits 0.9, both unanswerable rows abstained), having been tuned on them; on all 150
development questions it reached less (cite@1 0.64, cite@3 0.72, answer hits 0.69), so the
figures below are the ones the fitted ranker keeps. On all 383 development questions (with
grow_qa.jsonl, whose abstain rows are 30%, seen_qa.jsonl, 13 abstain rows, widen_qa.jsonl,
118 rows, 20 abstain, and probe_qa.jsonl, 28 rows the graph routes answer) bench/eval_qa.py
measured cite@1 0.88, cite@3 0.94, answer hits 0.89, 6 of 311 answerable abstained and 33 of
72 unanswerable abstained; on the 355 before probe_qa, cite@1 0.87, cite@3 0.94, answer hits
0.89, 7 of 283 and 33 of 72, with the e5 adapter (fitted on the answerable ones among those
355, so these flatter) and the threshold 0.161, once the numbered
items laid out side by side in one table row became units of their own (corpus/units.py) and the
ranker was refitted; before, with the threshold 0.188: 0.86, 0.93, 0.87, 9 of 283 and 37 of 72
(the refit's threshold answers more: two fewer false abstentions, four more unanswerable
questions answered). Before the asked-type
filter read list ranges and 数社 as counts, kanji periods, durations and 令和 years, and let a
budget row whose fiscal year sits in a column header answer (qa/sentence_ranking.py), before the
issuer was cited from the title block and the nth revision routed to the graph (qa/routes), and
before a gold quote's bullet mark was left out of the matching rule: 0.82, 0.88, 0.84, 18 of 283
and 38 of 72. On the
237 before widen_qa, with the adapter fitted on them: 0.86, 0.94, 0.89, 3 of 185 and 24 of 52
(threshold 0.086); before any adapter 0.78, 0.86, 0.82, 5 of 185 and 27 of 52 (both before
table markup was left out of the matching rule, qa/evaluation.py). The added questions are
harder: out of fold the ranker cited a supporting sentence first for 0.64 of them, 0.76 of the
others.
The bars are two points (or three questions) below. On the 14 dev_qa rows the first
bars are the ones an earlier fit set on these 14 rows alone, the larger part's are the ones
that count; one of their two unanswerable rows (d14, off topic) has been answered since the
adapter (tests/qa/test_answerer.py marks it).
"""

from pathlib import Path

from policy_kg.qa.evaluation import DEVELOPMENT_FILES, Outcome, read_questions, score

EVAL = Path(__file__).resolve().parents[2] / "bench" / "eval"


def _scores(runtime, names):
    rows = [row for name in names for row in read_questions(EVAL / name)]
    return score([Outcome(row, runtime.ask(row["question"])) for row in rows])


def test_dev_set_figures(runtime):
    scores = _scores(runtime, ["dev_qa.jsonl"])
    assert scores.recall_at_1 >= 0.66
    assert scores.recall_at_3 >= 0.91
    assert scores.answer_hits >= 0.75
    assert scores.abstained_rightly >= 1 and scores.unanswerable == 2
    assert scores.abstained_wrongly <= 1


def test_development_part_figures(runtime):
    scores = _scores(runtime, DEVELOPMENT_FILES)
    assert scores.recall_at_1 >= 0.84
    assert scores.recall_at_3 >= 0.91
    assert scores.answer_hits >= 0.85
    assert scores.abstained_wrongly <= 12
    assert scores.abstained_rightly >= 30
