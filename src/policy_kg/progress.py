"""Build progress: the one callback type the build steps report through, and the one display
of it, used by `policy-kg` commands and by the server's first build alike.

On a terminal the display is a rich bar per step. Elsewhere (CI, a log file, nohup) a bar
would print nothing, so it prints plain lines instead: one when a step starts and one at each
further quarter of it, not one per item: a cold build of the corpus embeds 772 passages and
1,110 answer units in 31 batches of 64, and its log gets 10 lines for them (stderr of
`policy-kg --indexes DIR build 2>&1 | cat`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

ProgressCallback = Callable[[str, int, int], None]  # (step, done, total)

# plain progress prints a line at each quarter of a step (and at its start)
PLAIN_PROGRESS_LINES = 4
PLAIN_PREFIX = "policy-kg build:"


def no_progress(step: str, done: int, total: int) -> None:
    return None


def no_message(message: str) -> None:
    """Ignores what a build says while it waits (another process building the same indexes)."""
    return None


@contextmanager
def progress_bar(console: Console, enabled: bool = True) -> Iterator[ProgressCallback]:
    """Progress on `console`'s stream as (step, done, total) arrive: a rich bar on a terminal,
    plain lines elsewhere, nothing when not `enabled`."""
    if enabled and not console.is_terminal:
        yield _plain_progress(console)
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=not enabled, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


def _plain_progress(console: Console) -> ProgressCallback:
    printed: dict[str, int] = {}

    def update(step: str, done: int, total: int) -> None:
        quarter = done * PLAIN_PROGRESS_LINES // max(total, 1)
        if printed.get(step, -1) < quarter:
            printed[step] = quarter
            print(f"{PLAIN_PREFIX} {step} {done}/{total}", file=console.file, flush=True)

    return update
