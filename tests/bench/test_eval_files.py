"""The development question files keep their format's promises (bench/eval/README.md), checked
with bench/eval/check_gold.py: a gold quote copied with one character wrong would turn every
right citation of that question into a miss, silently. The held-out file is never read here."""

import importlib.util
import sys
from pathlib import Path

from policy_kg.qa.evaluation import DEVELOPMENT_FILES

EVAL = Path(__file__).resolve().parents[2] / "bench" / "eval"
spec = importlib.util.spec_from_file_location("check_gold", EVAL / "check_gold.py")
check_gold = importlib.util.module_from_spec(spec)
sys.modules["check_gold"] = check_gold
spec.loader.exec_module(check_gold)

# extra_qa.jsonl lists answers in forms the text does not use (半年 for 6か月); the rule that an
# answer occurs near its quote came with the files after it
BEFORE_THE_ANSWER_RULE = {"extra_qa.jsonl"}


def _rows() -> list[tuple[str, dict]]:
    return [(name, row) for name in DEVELOPMENT_FILES for row in check_gold.read_rows(EVAL / name)]


def test_every_development_row_holds_its_format():
    docs = check_gold.load_docs()
    problems = [
        f"{name} {row['id']}: {problem}"
        for name, row in _rows()
        for problem in check_gold.check_row(row, docs)
        if name not in BEFORE_THE_ANSWER_RULE or not problem.startswith("answer not near")
    ]
    assert problems == []


def test_no_id_or_question_is_in_two_rows():
    rows = [row for _, row in _rows()]
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({check_gold.norm(row["question"]) for row in rows}) == len(rows)


def test_a_quote_the_text_does_not_hold_is_reported():
    docs = check_gold.load_docs()
    doc_id = next(iter(docs))
    row = {
        "id": "t1",
        "question": "?",
        "expect_abstain": False,
        "gold": [{"doc_id": doc_id, "quote_any": ["この文は本文にない"]}],
        "answer_any": ["ない"],
    }
    assert any(p.startswith("quote not in") for p in check_gold.check_row(row, docs))
