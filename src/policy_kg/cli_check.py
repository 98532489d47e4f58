"""`policy-kg check`: is the built graph consistent with the ontology? HermiT decides.

The same check the tests and bench/bench_graph.py run (`graph.consistency`), for a user who
changed the ontology, the vocabulary or a corpus file: a few seconds on the whole corpus
(bench/bench_graph.py), plus the JVM's start. Java is looked for before the build is brought
up to date, so a machine without it learns so at once.
"""

from __future__ import annotations

import argparse
import json

from policy_kg.config import BuildDir
from policy_kg.graph.consistency import ConsistencyReport, check_consistency
from policy_kg.graph.store import read_graph

EXIT_INCONSISTENT = 1  # the check ran and found a contradiction


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--classify",
        action="store_true",
        help="classify every individual as well (minutes on the whole corpus, not seconds)",
    )


def run_check(build: BuildDir, classify: bool, as_json: bool) -> int:
    """Check the build's graph (ontology, vocabulary and facts); print the verdict."""
    report = check_consistency(read_graph(build.graph), classify=classify)
    if as_json:
        print(json.dumps(_report_json(report, build), ensure_ascii=False))
    else:
        verdict = "consistent" if report.consistent else "INCONSISTENT"
        print(
            f"{build.root.name}: {verdict} ({report.triples:,} triples, HermiT, "
            f"{report.seconds:.1f} s)"
        )
    return 0 if report.consistent else EXIT_INCONSISTENT


def _report_json(report: ConsistencyReport, build: BuildDir) -> dict[str, object]:
    return {
        "build": build.root.name,
        "consistent": report.consistent,
        "triples": report.triples,
        "seconds": round(report.seconds, 3),
    }
