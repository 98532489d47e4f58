"""Print how long a build takes after one document is edited, as the corpus grows.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_edit.py [N ...] [--rounds 3]
        [--src OTHER_CHECKOUT/src]

For each N, N copies of corpus/ under new series and doc ids, their texts as they are (unlike
bench_scale.py's copies: every copy's passages are then embedding cache hits, so the first
build costs about what the seeds' does and a large N is cheap to set up). The corpus is built
once, then, `--rounds` times, one sentence is appended to one document and the corpus built
again with `policy-kg build` in a child process; the rounds' wall times are printed with their
median. `--src` builds with another checkout's code (the bench itself stays this one), so two
commits can be compared on the same corpora, taking turns.

What an incremental build costs beyond the changed document (every other document's graph,
lexical terms and vectors read or copied from the build in use) is what grows with N.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench_scale import REPO, SENTENCE_END, run_child, write_copy


def build(corpus: Path, indexes: Path, shared: Path, source: Path) -> float:
    """Wall seconds of `policy-kg build` in a child process running the code at `source`."""
    env = {**os.environ, "POLICY_KG_CACHE": str(shared), "PYTHONPATH": str(source)}
    env["HF_HUB_OFFLINE"] = "1"
    command = [sys.executable, "-m", "policy_kg", "--corpus", str(corpus)]
    return run_child([*command, "--indexes", str(indexes), "build"], env).wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1, 8, 16], help="copies")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the code to build with")
    args = parser.parse_args()
    seeds = sorted(p for p in (REPO / "corpus").glob("*.txt") if p.name[0].islower())
    with tempfile.TemporaryDirectory() as tmp:
        shared = Path(tmp) / "shared"
        shared.mkdir()
        for copies in args.sizes:
            corpus, indexes = Path(tmp) / f"x{copies}", Path(tmp) / f"x{copies}-indexes"
            corpus.mkdir()
            for copy in range(copies):
                for seed in seeds:
                    write_copy(seed, copy, corpus, marked=False)
            print(f"N={copies} load average {os.getloadavg()[0]:.1f}", flush=True)
            print(f"N={copies} first build: {build(corpus, indexes, shared, args.src):.1f} s")
            edited = corpus / f"{seeds[0].stem}-0.txt"
            walls = []
            for n in range(args.rounds):
                with edited.open("a", encoding="utf-8") as text:
                    text.write(f"\n追記その{n + 1}{SENTENCE_END}\n")
                walls.append(build(corpus, indexes, shared, args.src))
            shown = ", ".join(f"{w:.1f}" for w in walls)
            median = statistics.median(walls)
            print(f"N={copies} edit one document: median {median:.1f} s ({shown})")


if __name__ == "__main__":
    main()
