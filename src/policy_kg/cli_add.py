"""`policy-kg add FILE`: a published PDF, HTML page or text into the corpus, then rebuilt.

The drafted sidecar and the first passages are shown before anything is written; the user
confirms at a terminal, or gives `--yes` in a script. Without a terminal and without `--yes`
the command refuses, so that a pipeline never adds a document nobody looked at.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from policy_kg.config import Paths
from policy_kg.corpus.errors import CorpusErrors
from policy_kg.corpus.ingest.draft import Choices, with_series
from policy_kg.corpus.ingest.errors import IngestError
from policy_kg.corpus.sidecar import STATUSES
from policy_kg.rebuild.add import AddPlan, AddReport, add_and_build, check_plan, plan_add

PREVIEW_PASSAGES = 5
PREVIEW_CHARS = 120

Fail = Callable[[str], Exception]  # makes the CLI's error for a message


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a .pdf, .html, .htm or .txt file")
    parser.add_argument("--series", help="the series id (lower-case, hyphens): asked if new")
    parser.add_argument("--revision", help="this revision's date (YYYY-MM-DD or 和暦)")
    parser.add_argument("--status", choices=STATUSES, help="final or draft")
    parser.add_argument("--title", help="the title, if the title block lacks it")
    parser.add_argument("--issuer", help="the issuer, if the title block lacks it")
    parser.add_argument("--yes", action="store_true", help="add without asking")
    parser.add_argument("--replace", action="store_true", help="replace the same doc_id")


def run_add(args: argparse.Namespace, paths: Paths, fail: Fail) -> int:
    choices = Choices(args.series, args.revision, args.status, args.title, args.issuer)
    try:
        plan = plan_add(paths, args.file, choices)
        plan = _ask_series(plan, interactive=not args.json and _tty())
        check_plan(plan, args.replace)
    except IngestError as error:
        raise fail(str(error)) from error
    if not args.json:
        _show_plan(plan)
    if not args.yes:
        if not _tty():
            raise fail(f"{args.file}: not added: confirm at a terminal, or give --yes")
        if input("Add it and rebuild? [y/N] ").strip().lower() not in ("y", "yes"):
            print("not added")
            return 1
    try:
        report = add_and_build(paths, plan)
    except CorpusErrors as errors:
        raise fail("; ".join(str(e) for e in errors.errors)) from errors
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False))
    else:
        _show_report(report)
    return 0


def _tty() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_series(plan: AddPlan, interactive: bool) -> AddPlan:
    if plan.draft.meta.series or not interactive:
        return plan
    answer = input("A new series: its id (lower-case letters, digits, hyphens): ").strip()
    return AddPlan(plan.published, with_series(plan.draft, answer), plan.existing)


def _show_plan(plan: AddPlan) -> None:
    print(f"# {plan.published.path} ({plan.published.kind}) -> corpus/{plan.draft.stem}.txt")
    print(plan.draft.sidecar_yaml())
    print(f"# the first {PREVIEW_PASSAGES} passages")
    for passage in plan.preview(PREVIEW_PASSAGES):
        text = " ".join(passage.text.split())
        cut = text if len(text) <= PREVIEW_CHARS else f"{text[:PREVIEW_CHARS]}…"
        print(f"  [{passage.kind}] § {passage.section_path}\n    {cut}")


def _show_report(report: AddReport) -> None:
    print(f"added {report.doc_id}: {report.passages} passages")
    print(f"  minerals named: {'、'.join(report.minerals) or '(none)'}")
    change = report.revision
    if change is None:
        return
    counts = ", ".join(f"{n} {status}" for status, n in sorted(change.sections.items()))
    print(f"  against {change.previous}: sections {counts}")
    print(f"  minerals added: {'、'.join(change.minerals_added) or '(none)'}")
    print(f"  minerals dropped: {'、'.join(change.minerals_removed) or '(none)'}")


def report_json(report: AddReport) -> dict[str, object]:
    change = report.revision
    return {
        "doc_id": report.doc_id,
        "written": [str(p) for p in report.written],
        "passages": report.passages,
        "minerals": list(report.minerals),
        "revision": None
        if change is None
        else {
            "previous": change.previous,
            "sections": change.sections,
            "minerals_added": list(change.minerals_added),
            "minerals_removed": list(change.minerals_removed),
        },
        "build": report.build.build.root.name,
    }
