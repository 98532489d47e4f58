"""The development question set (copied into bench/eval) meets issue #4's targets.

A regression guard: it fails when a change lowers citation recall, answer hits or
abstention below the figures the issue asks for.
"""

from pathlib import Path

from policy_kg.qa.evaluation import Outcome, read_questions, score

DEV_SET = Path(__file__).resolve().parents[2] / "bench" / "eval" / "dev_qa.jsonl"


def test_dev_set_figures(runtime):
    outcomes = [Outcome(row, runtime.ask(row["question"])) for row in read_questions(DEV_SET)]
    scores = score(outcomes)
    assert scores.recall_at_1 >= 0.85
    assert scores.recall_at_3 >= 0.95
    assert scores.answer_hits >= 0.9
    assert scores.abstained_rightly == scores.unanswerable == 2
    assert scores.abstained_wrongly == 0
