"""Pending uploads of the 追加 tab whose form was never confirmed are swept: at start-up and at
each new upload, once older than PENDING_MAX_AGE; a recent one (a form still under review)
and anything that is not a pending upload are kept."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from policy_kg.ui.add_view import PENDING_MAX_AGE, AddHandlers, sweep_pending

ABANDONED = "0123456789abcdef"
UNDER_REVIEW = "fedcba9876543210"


def _upload(pending: Path, token: str, age: float, now: float) -> Path:
    folder = pending / token
    folder.mkdir(parents=True)
    kept = folder / "torikumi.pdf"
    kept.write_bytes(b"%PDF-1.7\n")
    for path in (kept, folder):
        os.utime(path, (now - age, now - age))
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return tmp_path / "corpus"


@pytest.fixture
def pending(corpus: Path) -> Path:
    return corpus / "originals" / ".pending"


def test_an_upload_older_than_the_bound_is_swept_and_a_recent_one_kept(pending):
    now = time.time()
    old = _upload(pending, ABANDONED, PENDING_MAX_AGE + 60, now)
    recent = _upload(pending, UNDER_REVIEW, PENDING_MAX_AGE - 60, now)
    assert sweep_pending(pending, now) == (old,)
    assert not old.exists()
    assert (recent / "torikumi.pdf").is_file()


def test_what_is_not_a_pending_upload_is_left_alone(pending):
    now = time.time()
    stray = pending / "notes.txt"
    pending.mkdir(parents=True)
    stray.write_text("kept", encoding="utf-8")
    os.utime(stray, (now - 10 * PENDING_MAX_AGE, now - 10 * PENDING_MAX_AGE))
    assert sweep_pending(pending, now) == ()
    assert stray.is_file()


def test_no_pending_folder_is_nothing_to_sweep(pending):
    assert sweep_pending(pending, time.time()) == ()


def test_the_tab_sweeps_at_start_up_and_at_each_upload(corpus, pending):
    now = time.time()
    before_start = _upload(pending, ABANDONED, PENDING_MAX_AGE + 60, now)
    handlers = AddHandlers(SimpleNamespace(paths=SimpleNamespace(corpus=corpus)))  # type: ignore[arg-type]
    assert not before_start.exists()

    while_running = _upload(pending, UNDER_REVIEW, PENDING_MAX_AGE + 60, now)
    assert while_running.exists()
    upload = corpus.parent / "upload.txt"
    upload.write_text("neither a PDF nor a page", encoding="utf-8")
    with pytest.raises(ValueError, match="PDFでもHTMLでもありません"):
        handlers.draft(str(upload))
    assert not while_running.exists()
