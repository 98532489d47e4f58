"""The development questions (copied into bench/eval) keep the figures the ranker reached.

A regression guard: it fails when a change lowers citation recall, answer hits or abstention
below what bench/eval_qa.py measured with the fitted ranker (src/policy_kg/qa/ranker_model.json,
fitted on these questions, so these are in-sample figures: the held-out ones are reported apart).
On the 14 rows of dev_qa.jsonl the hand-weighted ranker before it met higher bars (cite@1 0.85,
answer hits 0.9, both unanswerable rows abstained), having been tuned on them; on all 150
development questions it reached less (cite@1 0.64, cite@3 0.72, answer hits 0.69), so the
figures below are the ones the fitted ranker keeps. On all 881 development questions (with
grow_qa.jsonl, whose abstain rows are 30%, seen_qa.jsonl, 14 rows once held out,
widen_qa.jsonl, 118 rows, 20 abstain, probe_qa.jsonl, 28 rows the graph routes answer, and
fresh_qa.jsonl, 497 rows written blind in six rounds, 104 abstain) bench/eval_qa.py measured
cite@1 0.887, cite@3 0.943, answer hits 0.908, 14 of 705 answerable abstained and 125 of 176
unanswerable abstained, with the sixth round's 89 rows added (0.84, 0.87, 0.85 as written),
いくら of a measured quantity, 何ドル, an era written apart from its year (昭和 22 年) and
a first issue asked as 定められた read as asked, a note read where its statement is
retrieved (0.865, 0.923, 0.891, 20 and 126 before) and a handout's number (資料３) answered
from its title block (0.868, 0.932, 0.894, 18 and 125 before), and a stamp (仮訳) read
into the title block (0.874, 0.938, 0.901, 17 before), and a numbered item ending in a
bracket no longer read as a gloss of its heading (cite@1 0.877 before), and who signed an
agreement answered from its signature block (0.882, 0.940, 0.904, 16 before). On the 792
before the sixth round: 0.86, 0.93, 0.89, 18 of 631 and 109 of 161, with the fifth round's 88
rows added (spread over the kinds as the held-out file is, they are harder:
0.73, 0.81, 0.78 as written), the table of contents citable, two route cues mended, a fiscal
year written 2012年度 left to the fiscal-year rule, a named rate (補助率) asked needing a
unit that writes it (0.85, 0.92, 0.88, 25 of 630 and 101 of 161 before these two), a line
naming no year read in the years of the lines before it (24 of 630 before) and a table row's
bare figures read by their column's name (22 of 630 before; 0.87 before a held-out row that
was read moved here, s025, which the answerer misses), and a kind of magnet no document names
(アルニコ磁石, 超電導磁石) read as a name the documents cannot answer about (104 of 161
before). On the
703 before the fifth round: 0.86, 0.92, 0.88, 18 of 557 answerable abstained and 80 of 146
unanswerable abstained, with the
threshold 0.223 of the refit that added the third blind round (the fourth round's 84 rows were
added after it, with the chemical elements read as names, a magnet named after its minerals
answered by a sentence on magnets, and the issuer and revision-date routes mended); 82 of 146
once a value asked of one kind of magnet was no longer answered by a sentence on another, 84
once a mass or a power asked needed its unit, 87 once a budget line of another year was no
longer joined to the next line's amount, 90 once a statistic's year (2021年の貿易統計) no longer
answered when something happened. On the 619 questions before the fourth round: 0.85, 0.91,
0.87, 20 of 494 and 63 of 125 before those changes; on 539 with the threshold 0.183: 0.85,
0.91, 0.87, 16 of 435 and 50 of 104. The blind rows, each round run once before any change it
led to, were harder than the rest in the first three rounds (cite@1 0.81, 0.63 and 0.80, cite@3
0.83, 0.71 and 0.88) and not in the fourth (0.87, 0.92); the figures of earlier fits are in the
git history of this file.
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
    assert scores.recall_at_1 >= 0.86
    assert scores.recall_at_3 >= 0.92
    assert scores.answer_hits >= 0.88
    assert scores.abstained_wrongly <= 17
    assert scores.abstained_rightly >= 122
