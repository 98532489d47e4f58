"""The build lock, leases and pruning, on build folders made by hand (no model needed)."""

import fcntl
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from policy_kg.config import BuildDir, Paths
from policy_kg.rebuild.locks import (
    BuildGone,
    BuildLease,
    build_lock,
    lease_current,
    prune_builds,
    remove_stale_staging,
)

# a thread that must block is given this long to reach its wait; it is signalled, not timed
WAIT_LIMIT = 30.0


def fake_build(paths: Paths, name: str) -> BuildDir:
    build = BuildDir(paths.builds / name)
    build.root.mkdir(parents=True)
    build.lease.touch()
    build.manifest.write_text("{}", encoding="utf-8")
    return build


def wait_for_blocked_flock(inode: int) -> bool:
    """Whether a process comes to wait for a lock on file `inode` (`->` in /proc/locks)."""
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        for line in Path("/proc/locks").read_text().splitlines():
            if "->" in line and f":{inode} " in line:
                return True
    return False


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "corpus", tmp_path / "indexes")


def test_a_second_build_waits_for_the_lock_and_says_so(paths):
    told, entered = threading.Event(), threading.Event()

    def second_build() -> None:
        with build_lock(paths, on_wait=lambda message: told.set()):
            entered.set()

    with build_lock(paths, on_wait=lambda message: pytest.fail("the first waited")):
        thread = threading.Thread(target=second_build)
        thread.start()
        assert told.wait(WAIT_LIMIT), "the second build neither waited nor said so"
        assert not entered.is_set()
    thread.join(WAIT_LIMIT)
    assert entered.is_set()


def test_pruning_keeps_leased_builds_and_removes_the_others(paths):
    kept, leased, unused = (fake_build(paths, n) for n in ("c", "a", "b"))
    lease = BuildLease(leased)
    removed = prune_builds(paths.builds, keep={kept.root.resolve()})
    assert removed == [unused.root]
    assert kept.root.is_dir() and leased.root.is_dir()
    lease.release()
    assert prune_builds(paths.builds, keep={kept.root.resolve()}) == [leased.root]


def test_a_build_made_before_leases_existed_can_be_leased_and_pruned(paths):
    old = fake_build(paths, "old")
    old.lease.unlink()
    BuildLease(old).release()
    assert prune_builds(paths.builds, keep=set()) == [old.root]


def test_a_lease_on_a_build_pruned_meanwhile_is_refused(paths):
    """A reader that opened a build's lease file while a pruner deletes the build gets an
    error once the pruner lets go, never a lease on a folder that is gone."""
    build = fake_build(paths, "gone")
    pruner = build.lease.open()
    fcntl.flock(pruner, fcntl.LOCK_EX)  # what prune_builds holds while deleting
    outcome: list[BaseException | BuildLease] = []

    def reader() -> None:
        try:
            outcome.append(BuildLease(build))
        except BuildGone as error:
            outcome.append(error)

    thread = threading.Thread(target=reader)
    thread.start()
    assert wait_for_blocked_flock(os.fstat(pruner.fileno()).st_ino), "the reader never waited"
    shutil.rmtree(build.root)
    pruner.close()
    thread.join(WAIT_LIMIT)
    assert len(outcome) == 1 and not isinstance(outcome[0], BuildLease)


def test_lease_current_follows_the_link_and_is_none_before_any_build(paths):
    assert lease_current(paths) is None
    build = fake_build(paths, "one")
    paths.current.symlink_to(Path("builds") / "one")
    lease = lease_current(paths)
    assert lease is not None and lease.build.root == build.root.resolve()


def test_the_staging_folder_of_a_killed_build_is_removed(paths):
    """A build killed with SIGKILL inside its staging folder leaves it; the next one (holding
    the build lock, so no build is running) removes it and nothing else."""
    kept = fake_build(paths, "kept")
    script = f"""
import os, signal
from pathlib import Path
from policy_kg import atomic
with atomic.staged_dir(Path({str(paths.builds / "next")!r})) as staging:
    (staging / "half-written").write_text("x")
    os.kill(os.getpid(), signal.SIGKILL)
"""
    done = subprocess.run([sys.executable, "-c", script], check=False)
    assert done.returncode == -9
    left = [p for p in paths.builds.iterdir() if p.name.startswith(".")]
    assert len(left) == 1
    with build_lock(paths, on_wait=print):
        assert remove_stale_staging(paths.builds) == left
    assert list(paths.builds.iterdir()) == [kept.root]
