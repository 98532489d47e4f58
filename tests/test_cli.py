import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_kg.cli import EXIT_INPUT, EXIT_USAGE, main

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def dirs(tmp_path: Path, shared_cache: Path, monkeypatch) -> list[str]:
    monkeypatch.setenv("POLICY_KG_CACHE", str(shared_cache))
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return ["--corpus", str(corpus), "--indexes", str(tmp_path / "indexes")]


def test_passages_json_follows_the_contract(dirs, capsys):
    doc = "critical-minerals-policy@2026-03-30"
    assert main(["passages", "--doc", doc, "--json", *dirs]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {tuple(sorted(r)) for r in records} == {
        ("doc_id", "end", "footnotes", "kind", "passage_id", "section", "start", "text")
    }
    assert {r["doc_id"] for r in records} == {doc}
    footnotes = [r for r in records if r["kind"] == "footnote"]
    assert len(footnotes) == 28
    linked = {pid for r in records for pid in r["footnotes"]}
    assert {r["passage_id"] for r in footnotes} <= linked
    lithium = next(r for r in records if "中国が約55%" in r["text"])
    assert lithium["section"].startswith("第1章 ") and lithium["section"].endswith(" > ア リチウム")


def test_two_builds_give_identical_passage_ids(dirs, tmp_path, capsys):
    main(["passages", "--json", *dirs])
    first = [r["passage_id"] for r in json.loads(capsys.readouterr().out)]
    shutil.rmtree(tmp_path / "indexes")
    main(["passages", "--json", *dirs])
    assert [r["passage_id"] for r in json.loads(capsys.readouterr().out)] == first


def test_unknown_doc_id_lists_the_valid_ones(dirs, capsys):
    assert main(["passages", "--doc", "nope", *dirs]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "nope" in err and "critical-minerals-policy@2026-03-30" in err


def test_bad_sidecar_names_file_and_field_and_exits_non_zero(dirs, tmp_path, capsys):
    sidecar = tmp_path / "corpus" / "rare-metals-overview-2011-12.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("status: final", "status: done"))
    assert main(["build", *dirs]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "rare-metals-overview-2011-12.yaml" in err and "status" in err
    assert not (tmp_path / "indexes" / "current").exists()


def test_build_json_report(dirs, capsys):
    assert main(["build", "--json", *dirs]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["up_to_date"] is False and len(report["documents"]) == 5


def test_ask_prints_one_json_document(dirs, capsys):
    assert main(["ask", "ニッケルの2030年の目標量は。", "--json", *dirs]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["question"] == "ニッケルの2030年の目標量は。"
    assert record["citations"] and not record["abstained"]


def test_ask_batch_names_bad_lines_and_answers_the_others(dirs, tmp_path, capsys):
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        '{"question": "ニッケルの2030年の目標量は。"}\n{broken\n\n日米枠組みの署名日は。\n',
        encoding="utf-8",
    )
    assert main(["ask", "--batch", str(batch), *dirs]) == EXIT_INPUT
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [("error" in line) for line in lines] == [False, True, False]
    assert lines[1]["line"] == 2
    assert f"{batch}:2:" in captured.err


def test_ask_without_question_is_a_usage_error(dirs, capsys):
    assert main(["ask", *dirs]) == EXIT_USAGE
    assert "QUESTION" in capsys.readouterr().err


def test_commands_without_embeddings_do_not_import_torch(runtime, shared_cache):
    """passages, trace and sparql on an up-to-date build stay light (no torch, no spaCy)."""
    paths = ["--corpus", str(runtime.paths.corpus), "--indexes", str(runtime.paths.indexes)]
    script = f"""
import sys
from policy_kg.cli import main
assert main(["passages", "--json", *{paths!r}]) == 0
assert main(["trace", "ネオジウム", "--json", *{paths!r}]) == 0
assert main(["sparql", "ASK {{ ?s ?p ?o }}", *{paths!r}]) == 0
heavy = sorted(m for m in ("torch", "sentence_transformers", "spacy") if m in sys.modules)
print("HEAVY", heavy, file=sys.stderr)
"""
    env = {**os.environ, "POLICY_KG_CACHE": str(shared_cache)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr
