"""Print how the build and the serving path grow with the corpus: N copies of corpus/.

    PYTHONPATH=src .venv/bin/python bench/bench_scale.py [N ...]     (default: 1 4)

Each copy gets new series and doc ids, a copy marker after its title and before every 。
(markers at line ends would change how lines join into passages). Every passage is embedded
under its document's title, so no passage embedding comes from a cache; a heading or list
line without 。 is the one unit whose sentence embedding can repeat across copies.

For each N it builds cold from empty indexes and an empty cache with `policy-kg build` in a
child process (the embedding model converted before, outside the timing), then prints:

- cold build wall time, CPU utilisation (child user+system time over wall) and peak RSS;
- an incremental build after adding one document and after editing one;
- passages, triples, the build's size on disk, the cold build cost per document;
- in a serving child, the real server started on empty indexes (its first build runs in a
  child of the server, from the warm cache): the server process's own peak RSS and the
  largest of its build's processes (the SPARQL worker processes are in neither), warm `ask`
  p50/p95 over bench/eval/dev_qa.jsonl, the SPARQL label lookup p50 over HTTP (the server's
  /sparql);
- the dense index chosen for the build's rows and HNSW's recall@10 against flat over them,
  and the recall@10 of the index as served after the add and the edit (which extend it);
- then, over the N measured, the slope of log(value) against log(N): 1 is linear.

The load average is printed with each N: the figures are only comparable at equal load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "bench" / "eval" / "dev_qa.jsonl"
LABEL_QUERY = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    'SELECT ?entity WHERE { ?entity skos:prefLabel "ガリウム"@ja }'
)
LABEL_LOOKUPS = 30  # timed lookups after LABEL_WARMUP; enough for a stable median
LABEL_WARMUP = 3
HEALTH_POLL = 0.5  # seconds between checks that the serving child's build is done
SENTENCE_END = "。"
# A slope of log(time) on log(N) within this distance of 1 is read as linear: two points
# measured on a shared machine move by about this much from run to run.
LINEAR_TOLERANCE = 0.15


def copy_marker(copy: int) -> str:
    """A marker unique to one copy, in lower-case Latin letters (no digit, so no extractor
    reads a quantity or a date into it)."""
    letters = ""
    number = copy
    while True:
        letters = chr(ord("a") + number % 26) + letters
        number = number // 26 - 1
        if number < 0:
            return f"〔q{letters}〕"


def write_copy(source_text: Path, copy: int, out_dir: Path, *, marked: bool = True) -> str:
    """Write copy number `copy` of one document (text and sidecar) into `out_dir`; return
    its doc_id. Unless `marked`, the title and the text stay as they are (new ids only)."""
    meta = yaml.safe_load(source_text.with_suffix(".yaml").read_text(encoding="utf-8"))
    series = f"{meta['series']}-{copy_marker(copy)[2:-1]}"
    meta["doc_id"] = meta["doc_id"].replace(meta["series"], series, 1)
    meta["series"] = series
    text = source_text.read_text(encoding="utf-8")
    if marked:
        meta["title"] += copy_marker(copy)  # every passage is indexed under its title
        text = text.replace(SENTENCE_END, copy_marker(copy) + SENTENCE_END)
    stem = f"{source_text.stem}-{copy}"
    (out_dir / f"{stem}.txt").write_text(text, encoding="utf-8")
    sidecar = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    (out_dir / f"{stem}.yaml").write_text(sidecar, encoding="utf-8")
    return meta["doc_id"]


def make_corpus(seeds: list[Path], copies: int, out_dir: Path) -> None:
    out_dir.mkdir(parents=True)
    for copy in range(copies):
        for seed in seeds:
            write_copy(seed, copy, out_dir)


@dataclass(frozen=True)
class ChildRun:
    wall: float
    cpu: float  # user + system seconds of the child
    max_rss_mb: float
    stdout: str

    @property
    def utilisation(self) -> float:
        return self.cpu / self.wall


def run_child(command: list[str], env: dict[str, str]) -> ChildRun:
    """Run `command`, and read its own resource use with wait4 (not its siblings')."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    stdout = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}… exited with {child.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(wall, cpu, usage.ru_maxrss / 1024, stdout)


@dataclass(frozen=True)
class Workspace:
    corpus: Path
    indexes: Path
    shared: Path
    served: Path  # the serving child's indexes: empty, so that it builds on its first start

    def env(self) -> dict[str, str]:
        extra = {"POLICY_KG_CACHE": str(self.shared), "PYTHONPATH": str(REPO / "src")}
        return {**os.environ, **extra, "HF_HUB_OFFLINE": "1"}

    def build(self) -> tuple[ChildRun, dict]:
        command = [sys.executable, "-m", "policy_kg", "--corpus", str(self.corpus)]
        command += ["--indexes", str(self.indexes), "build", "--json"]
        run = run_child(command, self.env())
        return run, json.loads(run.stdout)


def disk_mb(folder: Path) -> float:
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1e6


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def serve_probe(corpus: Path, indexes: Path, shared: Path) -> None:
    """The serving child: the real server (`ui.server.create_server` under uvicorn, on
    127.0.0.1) started on an empty indexes folder, so that its first build runs as on a fresh
    clone (in a child of its own; the shared cache is warm); once /health says ok, answer the
    development questions twice (the second pass timed) and look a label up over its /sparql.
    Prints one JSON line, with this process's own peak RSS and the largest of its build's
    processes."""
    import resource

    questions = [json.loads(line)["question"] for line in QUESTIONS.open(encoding="utf-8")]
    with running_server(corpus, indexes, shared) as (url, state):
        runtime = state.runtime()
        for question in questions:
            runtime.ask(question)
        timings = []
        for question in questions:
            started = time.perf_counter()
            runtime.ask(question)
            timings.append((time.perf_counter() - started) * 1000)
        label_ms = label_lookup_ms(url)
        triples = state.health()[1]["triples"]
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # the processes that have ended (the build's; the SPARQL workers still run): the
        # kernel keeps the largest peak among them and their own waited-for children
        build = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {"ask_p50": statistics.median(timings), "ask_p95": percentile(timings, 0.95)}
    result |= {"triples": triples, "label_p50": label_ms}
    print(json.dumps({**result, "server_peak_rss_mb": own, "build_child_peak_rss_mb": build}))


@contextmanager
def running_server(corpus: Path, indexes: Path, shared: Path):
    """(base URL, ServerState) of the real server in a thread of this process, once its
    /health says ok (its first build done and the model warm)."""
    import socket

    import uvicorn

    from policy_kg.config import Paths
    from policy_kg.ui.server import create_server

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_server(Paths(corpus, indexes, shared), host="127.0.0.1", port=port)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    state = app.state.server_state
    while not state.ready:
        if not thread.is_alive() or state.status.phase == "failed":
            raise SystemExit(f"the server did not start: {state.status.message}")
        time.sleep(HEALTH_POLL)
    try:
        yield f"http://127.0.0.1:{port}", state
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def label_lookup_ms(url: str) -> float:
    """Median over LABEL_LOOKUPS of one label lookup through the server's /sparql."""
    query = urllib.parse.urlencode({"query": LABEL_QUERY})
    timings = []
    for attempt in range(LABEL_WARMUP + LABEL_LOOKUPS):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=60) as response:
            response.read()
        if attempt >= LABEL_WARMUP:
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


class Figures(dict):
    """The figures of one N, each printed as soon as it is measured (a long run cut short
    still shows what it reached)."""

    def __init__(self, copies: int) -> None:
        super().__init__()
        self.copies = copies

    def add(self, **figures: float) -> None:
        for name, value in figures.items():
            label = name.replace("_", " ")
            print(f"N={self.copies} {label}: {value:,.2f}", flush=True)
            self[label] = value


def measure(copies: int, seeds: list[Path], root: Path, models: Path) -> Figures:
    space = Workspace(root / "corpus", root / "indexes", root / "shared", root / "served")
    make_corpus(seeds, copies, space.corpus)
    space.shared.mkdir()
    (space.shared / "models").symlink_to(models)
    figures = Figures(copies)
    figures.add(load_average_1_min_at_start=os.getloadavg()[0])
    cold, report = space.build()
    passages = sum(doc["passages"] for doc in report["documents"])
    documents = len(report["documents"])
    figures.add(documents=documents, passages=passages, cold_build_s=cold.wall)
    figures.add(cold_build_CPU_utilisation_cores=cold.utilisation, cold_build_CPU_s=cold.cpu)
    figures.add(cold_build_peak_RSS_MB=cold.max_rss_mb)
    figures.add(cold_build_s_per_document=cold.wall / documents)
    figures.add(cold_build_s_per_1000_passages=cold.wall / passages * 1000)
    figures.add(build_size_on_disk_MB=disk_mb(space.indexes / "current"))
    write_copy(seeds[-1], copies, space.corpus)  # one new document
    figures.add(add_one_document_s=space.build()[0].wall)
    edited_text = space.corpus / f"{seeds[0].stem}-0.txt"
    with edited_text.open("a", encoding="utf-8") as text:
        text.write(f"\n追記{copy_marker(copies)}{SENTENCE_END}\n")
    figures.add(edit_one_document_s=space.build()[0].wall)
    command = [sys.executable, __file__, "--serve-probe", str(space.corpus)]
    serving = run_child([*command, str(space.served), str(space.shared)], space.env())
    probe = json.loads(serving.stdout.strip().splitlines()[-1])
    figures.add(triples=probe["triples"], server_peak_RSS_MB=probe["server_peak_rss_mb"])
    figures.add(server_build_child_peak_RSS_MB=probe["build_child_peak_rss_mb"])
    figures.add(warm_ask_p50_ms=probe["ask_p50"], warm_ask_p95_ms=probe["ask_p95"])
    figures.add(SPARQL_label_lookup_p50_ms_HTTP=probe["label_p50"])
    figures.add(**dense_choice(space.indexes))
    return figures


def dense_choice(indexes: Path) -> dict[str, float]:
    """The dense index the build chose (1 for HNSW, 0 for flat), HNSW's recall@10 against
    flat over the same vectors, and the recall@10 of the index as served after the edits
    (bench/bench_dense.py)."""
    import faiss
    import numpy as np
    from bench_dense import compare, served_recall

    from policy_kg.config import BuildDir, Paths
    from policy_kg.index.dense import DenseIndex

    folder = BuildDir(Paths(indexes=indexes).current).dense
    stored = faiss.read_index(str(folder / "vectors.faiss"))
    vectors = stored.reconstruct_n(0, stored.ntotal)
    row = compare(vectors, np.random.default_rng(0))
    return {
        "dense_rows": stored.ntotal,
        "dense_index_is_HNSW_1_or_flat_0": int(DenseIndex.load(folder).kind == "hnsw"),
        "HNSW_recall_at_10_against_flat": row["recall_at_10"],
        "served_index_recall_at_10": served_recall(folder, np.random.default_rng(1)),
        "flat_dense_search_p50_ms": row["flat_ms"],
        "HNSW_dense_search_p50_ms": row["hnsw_ms"],
    }


def growth(sizes: list[int], values: list[float]) -> str:
    """Least-squares slope of log(value) on log(N), and how to read it."""
    if len(sizes) < 2 or min(values) <= 0:
        return "n/a"
    xs = [math.log(n) for n in sizes]
    ys = [math.log(v) for v in values]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    if slope > 1 + LINEAR_TOLERANCE:
        reading = "worse than linear"
    elif slope < -LINEAR_TOLERANCE:
        reading = "falls: compare the load averages"
    elif slope < 1 - LINEAR_TOLERANCE:
        reading = "sub-linear" if slope > LINEAR_TOLERANCE else "about flat"
    else:
        reading = "linear"
    return f"slope {slope:.2f} ({reading})"


def convert_model(models: Path, env: dict[str, str]) -> None:
    """The one-off model conversion and export a first start does, in a child, outside every
    timing."""
    code = "import sys; from pathlib import Path; from policy_kg.index.embedder import "
    code += "default_embedder; default_embedder(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(models)], check=True, env=env)


def print_table(results: dict[int, Figures]) -> None:
    sizes = sorted(results)
    names = list(results[sizes[0]])
    print(f"\n{'':40}" + "".join(f"{f'N={n}':>12}" for n in sizes) + "  growth")
    for name in names:
        values = [results[n][name] for n in sizes]
        cells = "".join(f"{v:12,.1f}" if isinstance(v, float) else f"{v:12,}" for v in values)
        print(f"{name:40}{cells}  {growth(sizes, values)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1, 4], help="copies of corpus/")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--serve-probe", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_probe:
        serve_probe(*args.serve_probe)
        return
    seeds = sorted(p for p in args.corpus.glob("*.txt") if re.match(r"[a-z]", p.name))
    results: dict[int, Figures] = {}
    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        convert_model(models, Workspace(args.corpus, Path(tmp), Path(tmp), Path(tmp)).env())
        for copies in sorted(args.sizes):
            root = Path(tmp) / f"x{copies}"
            root.mkdir()
            results[copies] = measure(copies, seeds, root, models)
            shutil.rmtree(root)
    print_table(results)


if __name__ == "__main__":
    main()
