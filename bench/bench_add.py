"""How long `policy-kg add` takes for one ~110 KB PDF revision, rebuild included.

A temporary corpus holds the 2026-03-30 critical-minerals policy, built first (this loads the
embedding model and the extractor, as a server or a session of the CLI has them loaded); then
the added-revision fixture, printed to PDF by Chromium, is added: read, drafted, written, and
rebuilt incrementally (only the new document is parsed, extracted and embedded). The target is
under 20 s on 2 cores.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_add.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "corpus" / "ingest"))

from render import CHROMIUM, CHROMIUM_ARGS, PageStyle, render_pdf  # noqa: E402

from policy_kg.config import Paths  # noqa: E402
from policy_kg.corpus.ingest.draft import Choices  # noqa: E402
from policy_kg.rebuild import run_build  # noqa: E402
from policy_kg.rebuild.add import add_and_build, check_plan, plan_add  # noqa: E402

OLD_STEM = "critical-minerals-policy-2026-03-30"
FIXTURE = REPO / "tests" / "fixtures" / "added_revision" / "critical-minerals-policy-2027-04-01.txt"


class _StepTimes:
    """Seconds spent in each build step, from the build's progress callback."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.step: str | None = None
        self.since = time.perf_counter()

    def progress(self, step: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.step is not None:
            self.seconds[self.step] = self.seconds.get(self.step, 0.0) + now - self.since
        self.step, self.since = step, now

    def summary(self) -> str:
        shown = ", ".join(f"{step} {s:.1f} s" for step, s in self.seconds.items())
        return f"build steps (each until the next one reports): {shown}"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus = root / "corpus"
        corpus.mkdir()
        for suffix in (".txt", ".yaml"):
            shutil.copy(REPO / "corpus" / f"{OLD_STEM}{suffix}", corpus)
        paths = Paths(corpus, root / "indexes", root / "cache")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            text = FIXTURE.read_text(encoding="utf-8")
            pdf = render_pdf(browser, text, "取組方針", PageStyle(), root / "revision.pdf")
            browser.close()
        started = time.perf_counter()
        run_build(paths).release()
        print(f"first build (model load, one document): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        plan = plan_add(paths, pdf, Choices())
        check_plan(plan, replace=False)
        read = time.perf_counter() - started
        steps = _StepTimes()
        report = add_and_build(paths, plan, steps.progress)
        total = time.perf_counter() - started
        print("  " + steps.summary())
        report.build.release()
        size = pdf.stat().st_size // 1024
        print(
            f"add of a {size} KB PDF ({len(text) // 1000}k characters): read and draft "
            f"{read:.2f} s, with the incremental rebuild {total:.1f} s (target < 20 s)"
        )


if __name__ == "__main__":
    main()
