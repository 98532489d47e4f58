import os
import stat
from pathlib import Path

import pytest

from policy_kg import atomic


@pytest.fixture
def umask():
    """Set the process umask for one test, then put the previous one back."""
    previous = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_written_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask, mask, mode):
    """`export` dumps are for other tools and users: not the 0600 of a temporary file."""
    umask(mask)
    out = tmp_path / "graph.ttl"
    atomic.write_text(out, "@prefix ex: <http://example.org/> .\n")
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # nothing left aside
