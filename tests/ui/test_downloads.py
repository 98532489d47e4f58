"""The folder of SPARQL result files stays within its limits of count, bytes and age."""

from __future__ import annotations

from pathlib import Path

from policy_kg.ui.downloads import DownloadFolder, Limits


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.is_file())


def test_answers_are_named_by_content_and_format_and_written_once(tmp_path):
    folder = DownloadFolder(tmp_path)
    first = folder.write(b"a,b\r\n", "text/csv")
    assert first is not None and first.suffix == ".csv" and first.read_bytes() == b"a,b\r\n"
    assert folder.write(b"a,b\r\n", "text/csv") == first
    assert folder.write(b"{}", "application/sparql-results+json").name.endswith(".srj.json")
    assert len(_files(tmp_path)) == 2  # no staging file left behind


def test_only_the_newest_answers_are_kept(tmp_path):
    clock = Clock()
    folder = DownloadFolder(tmp_path, Limits(files=3), clock)
    paths = []
    for n in range(5):
        clock.now += 1
        paths.append(folder.write(f"answer {n}".encode(), "text/csv"))
    assert _files(tmp_path) == sorted(paths[2:])


def test_a_repeated_answer_counts_as_new(tmp_path):
    clock = Clock()
    folder = DownloadFolder(tmp_path, Limits(files=2), clock)
    first = folder.write(b"first", "text/csv")
    clock.now += 1
    second = folder.write(b"second", "text/csv")
    clock.now += 1
    assert folder.write(b"first", "text/csv") == first
    clock.now += 1
    folder.write(b"third", "text/csv")
    assert first in _files(tmp_path) and second not in _files(tmp_path)


def test_the_folder_stays_under_its_byte_limit(tmp_path):
    clock = Clock()
    folder = DownloadFolder(tmp_path, Limits(total_bytes=250), clock)
    for n in range(10):
        clock.now += 1
        folder.write(bytes([n]) * 100, "text/csv")
    sizes = [path.stat().st_size for path in _files(tmp_path)]
    assert sizes == [100, 100]


def test_an_answer_over_the_byte_limit_gets_no_file(tmp_path):
    folder = DownloadFolder(tmp_path, Limits(total_bytes=10))
    assert folder.write(b"x" * 11, "text/csv") is None
    assert _files(tmp_path) == []


def test_a_sweep_removes_answers_past_their_age(tmp_path):
    clock = Clock()
    folder = DownloadFolder(tmp_path, Limits(age=60), clock)
    old = folder.write(b"old", "text/csv")
    clock.now += 30
    recent = folder.write(b"recent", "text/csv")
    clock.now += 31
    folder.sweep()
    assert _files(tmp_path) == [recent]
    assert not old.exists()
