"""Who writes and who reads which build, so that no process loses the build it works on.

- The build lock, `indexes/.build.lock`, is held exclusively by the one process writing a
  build. A second build waits for it (saying so) instead of racing it: two builds at once used
  to both exit 0 while the second pruned the first's folder. Holding the lock, a builder knows
  any staging folder under `builds/` was left by a build that died (`kill -9`) and removes it.
- A lease, a shared lock on `builds/<id>/.lease`, is held by every process reading a build
  (a CLI command, a server) for as long as it reads it. Pruning takes that file exclusively
  without waiting and keeps every build it cannot lock: a server's build is never deleted
  under it, however many rebuilds the CLI makes meanwhile.

Locks are flock(2): the kernel drops them when their process ends, even by `kill -9`, so a
dead process never leaves a lock behind.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from policy_kg.config import BuildDir, Paths

# `current` can move on (and the build it named be pruned) between reading the link and
# locking the build; each retry reads the newer link, so a second miss needs a third build
# finished within those microseconds
LEASE_ATTEMPTS = 3


class BuildGone(RuntimeError):
    """The build was pruned between naming it and locking it."""


@contextmanager
def build_lock(paths: Paths, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the build lock of `paths.indexes`, waiting (after telling `on_wait`) while another
    process builds."""
    indexes = paths.indexes
    indexes.mkdir(parents=True, exist_ok=True)
    fd = os.open(paths.build_lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(f"another build of {indexes} is running; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class BuildLease:
    """A shared lock on one build, held while this process reads it; `release()` ends it
    (so does the end of the process)."""

    def __init__(self, build: BuildDir) -> None:
        path = build.lease
        self.build = build
        self._fd: int | None = _open_lock_file(path)
        fcntl.flock(self._fd, fcntl.LOCK_SH)  # waits only while a pruner is deleting it
        if not _same_file(self._fd, path):
            self.release()
            raise BuildGone(str(build.root))

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def lease_current(paths: Paths) -> BuildLease | None:
    """A lease on the build `indexes/current` names (None when nothing is built yet)."""
    for _ in range(LEASE_ATTEMPTS):
        build = paths.current_build()
        if build is None:
            return None
        try:
            return BuildLease(build)
        except (BuildGone, FileNotFoundError):
            continue
    raise BuildGone(f"{paths.current} kept moving to builds that were then pruned")


def prune_builds(builds: Path, keep: set[Path]) -> list[Path]:
    """Remove the builds not in `keep` that no process holds a lease on; the removed ones."""
    removed = []
    for build in sorted(builds.iterdir()):
        if build.name.startswith(".") or build.resolve() in keep or not build.is_dir():
            continue
        fd = _open_lock_file(BuildDir(build).lease)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # in use: a later build prunes it
        try:
            shutil.rmtree(build)
            removed.append(build)
        finally:
            os.close(fd)
    return removed


def remove_stale_staging(builds: Path) -> list[Path]:
    """Remove what dead builds left under `builds/` (staging folders, `.old` folders).

    Call only while holding the build lock: then no other build is writing one.
    """
    if not builds.is_dir():
        return []
    stale = [p for p in builds.iterdir() if p.name.startswith(".") and p.is_dir()]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


def _open_lock_file(path: Path) -> int:
    """A descriptor to lock `path` with, creating the file if needed (a build made before
    leases existed has none); read-only, so that a read-only indexes folder can be leased."""
    try:
        return os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise
        return os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False
