"""The 追加 (Add) tab: upload a published PDF or HTML file, review the drafted metadata in a
form, confirm; the corpus is rebuilt and every tab answers from the new build.

An upload is checked by its first bytes (a PDF starts with %PDF-, a page with <html or a
doctype), not by its name, and by its size (`MAX_BYTES`, as `policy-kg add`). Gradio's copy is
removed as soon as it is read: the file is kept only inside the corpus folder (a pending copy
under `originals/.pending/` until confirmed, then `originals/` with the text and sidecar),
and no output of this tab is a file, so nothing uploaded is ever served back. A pending copy
whose form was never confirmed (the page closed, the server stopped) is swept when the server
starts and at each new upload, once it is older than `PENDING_MAX_AGE`.
"""

from __future__ import annotations

import html
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from policy_kg.corpus.errors import CorpusError, CorpusErrors, shorten
from policy_kg.corpus.ingest.draft import Choices
from policy_kg.corpus.ingest.read import MAX_BYTES, kind_of_content
from policy_kg.corpus.sidecar import ORIGINALS_DIR, STATUSES
from policy_kg.rebuild.add import AddReport, add_and_build, check_plan, plan_add
from policy_kg.ui.state import ServerState

PENDING_DIR = ".pending"
# a form is reviewed in minutes; one left open for a working day may still be confirmed, and
# an upload a day old was abandoned (confirming it after the sweep asks to upload it again)
PENDING_MAX_AGE = 24 * 3600.0
PREVIEW_PASSAGES = 5
SUFFIXES = {"pdf": ".pdf", "html": ".html"}
_TOKEN = re.compile(r"[0-9a-f]{16}")
_SAFE_NAME = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class FormValues:
    """The drafted fields shown for review (all text)."""

    token: str
    title: str
    issuer: str
    series: str
    revision: str
    status: str
    preview: str  # HTML


class AddHandlers:
    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.pending = state.paths.corpus / ORIGINALS_DIR / PENDING_DIR
        sweep_pending(self.pending, time.time())

    def draft(self, upload: str | None) -> FormValues:
        """Keep the upload as a pending copy in the corpus folder and draft its sidecar."""
        if not upload:
            raise ValueError("ファイルを選んでください (choose a PDF or HTML file)")
        sweep_pending(self.pending, time.time())
        source = Path(upload)
        try:
            data = _read_upload(source)
        finally:
            source.unlink(missing_ok=True)  # Gradio's copy: never kept, never served
        kind = kind_of_content(data)
        if kind is None:
            raise ValueError("PDFでもHTMLでもありません (neither a PDF nor an HTML page)")
        token = secrets.token_hex(8)
        name = _SAFE_NAME.sub("_", Path(source.name).stem)[:80] or "upload"
        pending = self.pending / token / f"{name}{SUFFIXES[kind]}"
        pending.parent.mkdir(parents=True)
        pending.write_bytes(data)
        plan = self._plan(pending, Choices())
        meta = plan.draft.meta
        preview = "".join(
            f"<li><b>{html.escape(p.kind)}</b> § {html.escape(p.section_path)}<br>"
            f"{html.escape(shorten(' '.join(p.text.split()), 160))}</li>"
            for p in plan.preview(PREVIEW_PASSAGES)
        )
        return FormValues(
            token, meta.title, meta.issuer, meta.series, meta.revision or "", meta.status,
            f"<ol class='pkg-add-preview'>{preview}</ol>",
        )  # fmt: skip

    def confirm(self, token: str, form: Choices, progress: gr.Progress) -> str:
        """Write the document, rebuild, switch the server to the new build; the summary."""
        if not _TOKEN.fullmatch(token or ""):
            raise ValueError("先にファイルをアップロードしてください (upload a file first)")
        folder = self.pending / token
        files = list(folder.glob("*")) if folder.is_dir() else []
        if not files:
            raise ValueError("アップロードが見つかりません (the upload is gone: upload it again)")
        plan = self._plan(files[0], form)
        try:
            check_plan(plan, replace=False)
        except CorpusError as error:
            raise ValueError(error.message) from None

        def step(name: str, done: int, total: int) -> None:
            progress((done, total), desc=f"構築中 Building — {name}")

        try:
            report = add_and_build(self.state.paths, plan, step)
        except CorpusErrors as errors:
            raise ValueError("; ".join(e.message for e in errors.errors)) from None
        shutil.rmtree(folder, ignore_errors=True)
        progress(1.0, desc="新しい構築を読み込み中 Loading the new build")
        switching = self.state.check_for_new_build()
        if switching is not None:
            switching.join()
        summary = _summary(report)
        report.build.release()
        return summary

    def _plan(self, path: Path, choices: Choices):
        try:
            return plan_add(self.state.paths, path, choices)
        except CorpusError as error:
            raise ValueError(error.message) from None


def sweep_pending(folder: Path, now: float, max_age: float = PENDING_MAX_AGE) -> tuple[Path, ...]:
    """Remove the pending uploads (one folder a token) last written over `max_age` seconds
    before `now`; the folders removed. Anything else in `folder` is left alone."""
    swept = []
    for upload in folder.glob("*") if folder.is_dir() else ():
        if not (_TOKEN.fullmatch(upload.name) and upload.is_dir()):
            continue
        written = _last_written(upload)
        if written is not None and now - written > max_age:
            shutil.rmtree(upload, ignore_errors=True)
            swept.append(upload)
    return tuple(swept)


def _last_written(upload: Path) -> float | None:
    """When a pending upload's folder or file was last written; None when it is gone (its
    form was confirmed meanwhile, by another request)."""
    try:
        times = [upload.stat().st_mtime, *(f.stat().st_mtime for f in upload.iterdir())]
    except FileNotFoundError:
        return None
    return max(times)


def _read_upload(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValueError(f"{size / 2**20:.0f} MB: 上限 {MAX_BYTES // 2**20} MB を超えています")
    if size == 0:
        raise ValueError("空のファイルです (the file is empty)")
    return path.read_bytes()


def _summary(report: AddReport) -> str:
    minerals = "、".join(report.minerals) or "なし"
    lines = [
        f"<p><b>追加しました Added</b> <code>{html.escape(report.doc_id)}</code>: "
        f"{report.passages} パッセージ passages</p>",
        f"<p>鉱物 Minerals: {html.escape(minerals)}</p>",
    ]
    change = report.revision
    if change is not None:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(change.sections.items()))
        added = "、".join(change.minerals_added) or "なし"
        dropped = "、".join(change.minerals_removed) or "なし"
        lines.append(
            f"<p>前の改定 Previous: <code>{html.escape(change.previous)}</code> — {counts}; "
            f"追加 added: {html.escape(added)}; 削除 dropped: {html.escape(dropped)}</p>"
        )
    return f"<div id='add-summary'>{''.join(lines)}</div>"


def add_tab(handlers: AddHandlers) -> gr.events.Dependency:
    """The tab's components and events; returns the confirm event, which the page follows
    with its refresh (the document pickers of the Compare tab learn the new document)."""
    upload = gr.File(
        label="PDF / HTML", file_types=[".pdf", ".html", ".htm"], type="filepath",
        elem_id="add-file",
    )  # fmt: skip
    message = gr.HTML(elem_id="add-message")
    # the pending upload's token in a hidden field, not a gr.State: a State makes every page
    # hold a heartbeat stream open to the server for as long as it is open
    token = gr.Textbox(visible=False, elem_id="add-token")
    with gr.Row():
        title = gr.Textbox(label="表題 (Title)", elem_id="add-title", scale=3)
        issuer = gr.Textbox(label="発行者 (Issuer)", elem_id="add-issuer", scale=2)
    with gr.Row():
        series = gr.Textbox(label="シリーズ (Series id)", elem_id="add-series")
        revision = gr.Textbox(label="改定日 (Revision: YYYY-MM-DD)", elem_id="add-revision")
        status = gr.Dropdown(list(STATUSES), value="final", label="状態 (Status)")
    preview = gr.HTML(elem_id="add-preview")
    button = gr.Button("確認して追加 (Confirm and add)", variant="primary", elem_id="add-button")
    result = gr.HTML(elem_id="add-result")

    def drafted(path: str | None):
        try:
            v = handlers.draft(path)
        except ValueError as error:
            return (_error(error), "", *[gr.skip()] * 6)
        return "", v.token, v.title, v.issuer, v.series, v.revision, v.status, v.preview

    # Gradio fills `progress` in through this default (its documented way)
    def confirmed(token, title, issuer, series, revision, status, progress=gr.Progress()):  # noqa: B008
        choices = Choices(series or None, revision or None, status, title or None, issuer or None)
        try:
            return "", handlers.confirm(token, choices, progress), ""
        except ValueError as error:
            return _error(error), gr.skip(), gr.skip()

    fields = [title, issuer, series, revision, status]
    upload.upload(drafted, upload, [message, token, *fields, preview], api_visibility="private")
    return button.click(
        confirmed, [token, *fields], [message, result, token], api_visibility="private"
    )


def _error(error: Exception) -> str:
    text = html.escape(shorten(str(error), 300))
    return f"<div class='pkg-error' id='add-error'>{text}</div>"
