import errno
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from policy_kg.cli import EXIT_BROKEN_PIPE, EXIT_FILES, EXIT_INPUT, EXIT_USAGE, main
from policy_kg.cli_io import BatchLineError, batch_question, not_text

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


# --- faults: named errors, exit codes, no traceback ---------------------------------------


def run_cli(*args: str | bytes, cache: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "POLICY_KG_CACHE": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "policy_kg", *args], capture_output=True, env=env, check=False
    )


@pytest.fixture
def empty_corpus(tmp_path: Path) -> list[str]:
    """A corpus folder with no document: any command stops at the build with exit 3."""
    (tmp_path / "empty").mkdir()
    return ["--corpus", str(tmp_path / "empty"), "--indexes", str(tmp_path / "indexes")]


@pytest.fixture
def one_document(tmp_path: Path) -> list[str]:
    """A valid one-document corpus and no build yet: a command must write a build."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(CORPUS / f"rare-metals-overview-2011-12{suffix}", corpus)
    return ["--corpus", str(corpus), "--indexes", str(tmp_path / "indexes")]


def test_folders_given_before_the_command_are_used(empty_corpus, capsys):
    """The README's `policy-kg --corpus DIR --indexes DIR build` form."""
    assert main([*empty_corpus, "build"]) == EXIT_INPUT
    assert empty_corpus[1] in capsys.readouterr().err


def test_folders_given_after_the_command_win(empty_corpus, tmp_path, capsys):
    assert main(["--corpus", str(tmp_path / "nowhere"), "build", *empty_corpus]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert empty_corpus[1] in err and "nowhere" not in err


@pytest.mark.parametrize("k", ["0", "-1"])
def test_top_k_below_one_is_a_usage_error(empty_corpus, k, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["ask", "レアアースの目標は。", "--top-k", k, *empty_corpus])
    assert raised.value.code == EXIT_USAGE
    assert "--top-k" in capsys.readouterr().err


def test_a_read_only_indexes_folder_is_a_named_error(one_document, monkeypatch, capsys):
    """Simulated: the tests run as root, whom chmod does not stop, so the first write into
    the indexes folder is made to fail as a read-only mount fails it (EROFS)."""

    def read_only(target: Path):
        raise OSError(errno.EROFS, "Read-only file system", str(target))

    monkeypatch.setattr("policy_kg.atomic.staged_dir", read_only)
    assert main(["build", *one_document]) == EXIT_FILES
    err = capsys.readouterr().err
    assert "Read-only file system [EROFS]" in err and "builds" in err
    assert "the build in use is kept" in err


def test_a_full_disk_is_a_named_error_and_leaves_no_build_behind(one_document, monkeypatch, capsys):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("policy_kg.rebuild.write_passages", full)
    assert main(["build", *one_document]) == EXIT_FILES
    assert "No space left on device [ENOSPC]" in capsys.readouterr().err
    indexes = Path(one_document[3])
    assert not (indexes / "current").exists()
    assert [p.name for p in (indexes / "builds").iterdir()] == []


def test_text_that_is_not_utf8_is_named(empty_corpus):
    assert not_text("レアアース") is None
    assert "byte 0xFF at character 2" in not_text(b"ab\xff".decode("utf-8", "surrogateescape"))
    assert "U+D800" in not_text("\ud800")


def test_a_batch_line_with_a_lone_surrogate_is_an_error_of_that_line():
    with pytest.raises(BatchLineError, match="U\\+D800"):
        batch_question(b'{"question": "\\ud800"}')
    with pytest.raises(BatchLineError, match="not UTF-8"):
        batch_question(b"\xff\xfe")


def test_a_question_that_is_not_utf8_exits_3_without_traceback(runtime, shared_cache):
    done = run_cli(
        "ask",
        b"\xff\xfe",
        "--corpus",
        str(runtime.paths.corpus),
        "--indexes",
        str(runtime.paths.indexes),
        cache=shared_cache,
    )
    assert done.returncode == EXIT_INPUT, done.stderr
    assert b"Traceback" not in done.stderr and b"not UTF-8" in done.stderr


def test_a_batch_goes_on_past_a_line_with_a_lone_surrogate(runtime, tmp_path, capsys):
    batch = tmp_path / "questions.jsonl"
    batch.write_bytes(
        '{"question": "ニッケルの2030年の目標量は。"}\n'
        '{"question": "\\ud800"}\n'
        "日米枠組みの署名日は。\n".encode()
    )
    dirs = ["--corpus", str(runtime.paths.corpus), "--indexes", str(runtime.paths.indexes)]
    assert main(["ask", "--batch", str(batch), *dirs]) == EXIT_INPUT
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [("error" in line) for line in lines] == [False, True, False]
    assert lines[1]["line"] == 2 and "U+D800" in lines[1]["error"]


def test_a_long_argument_is_not_echoed_whole(runtime, capsys):
    name = "鉱" * 100_000
    dirs = ["--corpus", str(runtime.paths.corpus), "--indexes", str(runtime.paths.indexes)]
    assert main(["trace", name, *dirs]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "unknown mineral" in err and "100,0" in err and len(err) < 2_000


def test_output_into_a_closed_pipe_exits_quietly(runtime, shared_cache):
    """`policy-kg passages --json | head -c 100`: the reader leaves early."""
    env = {**os.environ, "POLICY_KG_CACHE": str(shared_cache)}
    dirs = ["--corpus", str(runtime.paths.corpus), "--indexes", str(runtime.paths.indexes)]
    process = subprocess.Popen(
        [sys.executable, "-m", "policy_kg", "passages", "--json", *dirs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100)
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait() == EXIT_BROKEN_PIPE
    assert b"Traceback" not in err and b"Exception ignored" not in err, err


def test_serving_on_a_taken_port_names_it_and_builds_nothing(tmp_path, capsys):
    # uvicorn binds after the application's startup, which starts the build: a second server
    # on a port in use used to end that build and report it as "Build failed"
    indexes = tmp_path / "indexes"
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code = main(["serve", "--indexes", str(indexes), "--port", str(port)])
    assert code == EXIT_USAGE
    error = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in error and "Build failed" not in error
    assert not indexes.exists()
