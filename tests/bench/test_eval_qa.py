"""bench/eval_qa.py finds and reports the held-out part apart, and the development questions
whose fact no other asks, on small made-up files."""

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

from policy_kg.qa.model import Answer, Citation

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "eval_qa.py"
spec = importlib.util.spec_from_file_location("eval_qa", SCRIPT)
eval_qa = importlib.util.module_from_spec(spec)
sys.modules["eval_qa"] = eval_qa  # dataclasses look their module up there
spec.loader.exec_module(eval_qa)


def _row(n: int, question: str, abstain: bool = False) -> dict:
    gold = [] if abstain else [{"doc_id": "d", "quote_any": [f"答え{n}"]}]
    return {
        "id": f"q{n}",
        "question": question,
        "type": "fact",
        "expect_abstain": abstain,
        "gold": gold,
        "answer_any": [] if abstain else [f"答え{n}"],
    }


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def _ask(question: str) -> Answer:
    """Answers 問1 right, 問2 wrongly, abstains on everything else."""
    if question == "問1":
        quote = "答え1です"
        return Answer(question, quote, False, (Citation("d", None, "", "d#1", quote),), (), 0.9)
    if question == "問2":
        return Answer(question, "違う", False, (Citation("d", None, "", "d#2", "違う"),), (), 0.3)
    return Answer(question, "なし", True, confidence=0.05)


def test_without_a_held_out_file_only_the_development_part_is_reported(tmp_path):
    _write(tmp_path / "dev_qa.jsonl", [_row(1, "問1")])
    _write(tmp_path / "extra_qa.jsonl", [_row(2, "問2")])
    found = eval_qa.parts(tmp_path)
    assert [p.name for p in found] == ["development"]
    assert [r["id"] for r in found[0].rows] == ["q1", "q2"]


def test_the_held_out_part_is_scored_and_printed_apart(tmp_path, capsys):
    _write(tmp_path / "dev_qa.jsonl", [_row(1, "問1")])
    _write(tmp_path / "heldout_qa.jsonl", [_row(1, "問1"), _row(2, "問2"), _row(3, "問3", True)])
    _, heldout = eval_qa.parts(tmp_path)
    assert heldout.name == "held-out" and len(heldout.rows) == 3
    outcomes = eval_qa.evaluate(_ask, heldout.rows)
    baseline = eval_qa.evaluate(lambda q: _ask("問1") if q == "問1" else _ask("問2"), heldout.rows)
    eval_qa.report_part(heldout, {"ask": outcomes}, baseline, verbose=False)
    out = capsys.readouterr().out
    assert "== held-out: 3 questions (2 answerable) from heldout_qa.jsonl" in out
    assert "cite@1 0.50" in out and "unanswerable abstained 1/1" in out
    assert "naive baseline" in out and "unanswerable abstained 0/1" in out
    assert "ratio to baseline (ask): cite@1 1.00x" in out
    # at confidence 0.5 and above only the right answer is left: a third of the questions
    assert ">=0.5: 0.33/1.00" in out and ">=0.0: 0.67/0.50" in out


def test_each_held_out_file_is_a_part_of_its_own(tmp_path):
    _write(tmp_path / "dev_qa.jsonl", [_row(1, "問1")])
    _write(tmp_path / "heldout_qa.jsonl", [_row(1, "問1")])
    _write(tmp_path / "heldout2_qa.jsonl", [_row(2, "問2"), _row(3, "問3", True)])
    found = eval_qa.parts(tmp_path)
    assert [(p.name, len(p.rows)) for p in found] == [
        ("development", 1),
        ("held-out", 1),
        ("held-out 2", 2),
    ]
    assert [f.name for f in found[2].files] == ["heldout2_qa.jsonl"]


def test_the_facts_asked_once_are_the_rows_alone_in_their_fact_group():
    rows = [_row(n, f"問{n}") for n in range(6)]
    part = eval_qa.Part("development", (), rows)
    groups = np.array([0, 0, 1, 2, 2, 3])  # rows 0-1 and 3-4 ask one fact each
    assert eval_qa.asked_once(part, groups) == [2, 5]
