"""The Gradio Blocks: five tabs over one ServerState, and the api names of SPEC §4.

Handlers stay thin: they call the Runtime (or the SPARQL pool), then a view module turns the
JSON document into HTML. `ask`, `trace`, `compare` and `sparql` take the inputs of the CLI
command of the same purpose and return its JSON document first, as the text the command
prints with `--json`. (Text rather than a parsed object: gradio_client 2.7 takes any object
in an output that has a string "path" for a file to download, and a diff's sections do.)
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr
import pandas as pd

from policy_kg.sparql.model import QueryRequest, SparqlError
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.ask_view import answer_html
from policy_kg.ui.compare_view import compare_html, default_pair, document_choices
from policy_kg.ui.downloads import MAX_AGE, SWEEP_EVERY, DownloadFolder
from policy_kg.ui.explore_view import entity_html
from policy_kg.ui.inputs import PlainInputBlocks
from policy_kg.ui.sparql_view import FORMAT_CHOICES, TABLE_ACCEPT, example_queries, results_table
from policy_kg.ui.state import NotReady, ServerState
from policy_kg.ui.timeline import timeline_svg
from policy_kg.ui.trace_view import trace_html

F = TypeVar("F", bound=Callable[..., Any])

EXAMPLE_QUESTIONS = [
    "ニッケルについて、2030年までにどれだけの量を確保することを目標としているか。",
    "軽希土類（NdPr）の2030年に必要となる国内需要量はどれくらいと見込まれているか。",
    "日本のリチウム輸入はどの国に依存しているか。",
    "2011年時点で双日とJOGMECが出資したレアアース鉱山はどこか。",
]
EXAMPLE_MINERALS = ["ネオジウム", "ガリウム", "黒鉛", "ジスプロシウム"]
EXAMPLE_ENTITIES = ["リチウム", "ガリウム", "製錬等事業支援", "JOGMEC", "中国"]
TABLE_TYPES = {"application/sparql-results+json", "application/n-triples"}
MESSAGE_LIMIT = 300  # characters of an error message: a few lines of the page's toast


def _user_errors(handler: F) -> F:
    """Errors the user can act on become a readable message (gr.Error) in page and client."""

    @functools.wraps(handler)
    def wrapper(*args: Any) -> Any:
        try:
            return handler(*args)
        except (NotReady, LookupError, ValueError) as error:
            raise _shown(str(error)) from error

    return wrapper  # type: ignore[return-value]


def _shown(message: str) -> gr.Error:
    """A message for the page's error toast (which renders HTML) and for api clients;
    cut at MESSAGE_LIMIT, since it may quote the user's input."""
    if len(message) > MESSAGE_LIMIT:
        message = message[: MESSAGE_LIMIT - 1] + "…"
    return gr.Error(html.escape(message, quote=False), print_exception=False)


def _json_text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1)


def _required(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValueError(f"{what}を入力してください (please enter {what})")
    return text


class Handlers:
    """The event handlers; `downloads` keeps the SPARQL result files."""

    def __init__(self, state: ServerState, pool: QueryPool, downloads: DownloadFolder) -> None:
        self.state = state
        self.pool = pool
        self.downloads = downloads

    @_user_errors
    def ask(self, question: str, top_k: float) -> tuple[str, str]:
        question = _required(question, "質問")
        answer = self.state.runtime().ask(question, int(top_k)).to_json()
        return _json_text(answer), answer_html(answer, self.state.context())

    @_user_errors
    def trace(self, mineral: str) -> tuple[str, str, str]:
        mineral = _required(mineral, "鉱物名")
        trace = self.state.runtime().trace(mineral).to_json()
        context = self.state.context()
        return _json_text(trace), timeline_svg(trace, context), trace_html(trace, context)

    @_user_errors
    def compare(self, a: str, b: str) -> tuple[str, str]:
        a, b = _required(a, "文書A"), _required(b, "文書B")
        diff = self.state.runtime().diff(a, b).to_json()
        return _json_text(diff), compare_html(diff, self.state.context())

    @_user_errors
    def entity(self, key: str) -> tuple[str, str]:
        key = _required(key, "エンティティ")
        page = self.state.runtime().entity(key).to_json()
        return _json_text(page), entity_html(page, self.state.context())

    async def sparql(self, query: str, result_format: str | None) -> tuple[str, Any, str, str]:
        """The result in `result_format` (SELECT/ASK: JSON, CONSTRUCT: Turtle when empty),
        shown as a table and offered as a file. Runs in the worker pool (time limit)."""
        try:
            text = _required(query, "クエリ")
            chosen = await self.pool.run(QueryRequest(text, format=result_format or None))
            table = chosen
            if chosen.media_type not in TABLE_TYPES:
                table = await self.pool.run(QueryRequest(text, accept=TABLE_ACCEPT))
        except (SparqlError, ValueError) as error:
            message = error.message if isinstance(error, SparqlError) else str(error)
            raise _shown(message) from error
        rows = results_table(table.body, table.media_type)
        frame = pd.DataFrame(rows.rows, columns=rows.headers)
        download = self.downloads.write(chosen.body, chosen.media_type)
        summary = f"{len(rows.rows)} 行 rows · {chosen.media_type}"
        if download is None:
            summary += " · ファイルには大きすぎます (too large to offer as a file)"
        return chosen.body.decode("utf-8"), frame, str(download) if download else None, summary

    def refresh(self) -> tuple[str, gr.Timer, Any, Any]:
        """The status line; once the build is ready, the document pickers and timer stop."""
        status = self.state.status
        message = html.escape(status.message)
        line = f'<div class="pkg-status-line pkg-status-{status.phase}">{message}</div>'
        if status.phase in ("building", "warming"):
            return line, gr.Timer(active=True), gr.skip(), gr.skip()
        if not self.state.ready:
            return line, gr.Timer(active=False), gr.skip(), gr.skip()
        documents = self.state.runtime().documents
        choices = document_choices(documents)
        a, b = default_pair(documents)
        return (
            line,
            gr.Timer(active=False),
            gr.Dropdown(choices=choices, value=a),
            gr.Dropdown(choices=choices, value=b),
        )


def create_blocks(handlers: Handlers) -> gr.Blocks:
    with PlainInputBlocks(
        title="policy-kg 重要鉱物政策ナレッジグラフ",
        analytics_enabled=False,
        delete_cache=(int(SWEEP_EVERY), int(MAX_AGE)),  # uploads, and Gradio's own records
    ) as blocks:
        gr.HTML(
            "<h2>重要鉱物政策ナレッジグラフ "
            '<span class="pkg-en">policy-kg: critical minerals policy knowledge graph</span></h2>'
        )
        status = gr.HTML(elem_id="pkg-status")
        timer = gr.Timer(1.0)
        with gr.Tabs(overflow_behavior="wrap"):  # every tab reachable on a phone
            with gr.Tab("質問 Ask", id="ask"):
                _ask_tab(handlers)
            with gr.Tab("鉱物の追跡 Trace", id="trace"):
                _trace_tab(handlers)
            with gr.Tab("比較 Compare", id="compare"):
                pickers = _compare_tab(handlers)
            with gr.Tab("グラフ Explore", id="explore"):
                _explore_tab(handlers)
            with gr.Tab("SPARQL", id="sparql"):
                _sparql_tab(handlers)
        outputs = [status, timer, *pickers]
        timer.tick(handlers.refresh, outputs=outputs, api_visibility="private")
        blocks.load(handlers.refresh, outputs=outputs, api_visibility="private")
    return blocks


def _document_output(language: str | None = "json") -> gr.Code:
    """The api's first output (the command's JSON document), folded away under the view."""
    with gr.Accordion("JSON", open=False):
        return gr.Code(language=language, interactive=False, show_label=False, max_lines=40)


def _ask_tab(handlers: Handlers) -> None:
    with gr.Row():
        question = gr.Textbox(
            label="質問 (Question)",
            lines=2,
            scale=5,
            elem_id="ask-question",
            placeholder="例: ニッケルの2030年の目標は？",
        )
        top_k = gr.Slider(1, 10, value=3, step=1, label="出典の数 (top-k)", scale=1)
    button = gr.Button("質問する (Ask)", variant="primary", elem_id="ask-button")
    gr.Examples(EXAMPLE_QUESTIONS, inputs=question, label="例 (Examples)")
    answer = gr.HTML(elem_id="ask-answer")
    document = _document_output()
    gr.on(
        [button.click, question.submit],
        handlers.ask,
        [question, top_k],
        [document, answer],
        api_name="ask",
    )


def _trace_tab(handlers: Handlers) -> None:
    with gr.Row():
        mineral = gr.Textbox(
            label="鉱物名 (Mineral: any name or alias)",
            scale=5,
            elem_id="trace-mineral",
            placeholder="例: ネオジウム, 黒鉛, ガリウム",
        )
        button = gr.Button("追跡する (Trace)", variant="primary", scale=1, elem_id="trace-button")
    gr.Examples(EXAMPLE_MINERALS, inputs=mineral, label="例 (Examples)")
    timeline = gr.HTML(elem_id="trace-timeline")
    details = gr.HTML(elem_id="trace-details")
    document = _document_output()
    gr.on(
        [button.click, mineral.submit],
        handlers.trace,
        [mineral],
        [document, timeline, details],
        api_name="trace",
    )


def _compare_tab(handlers: Handlers) -> tuple[gr.Dropdown, gr.Dropdown]:
    with gr.Row():
        a = gr.Dropdown(label="文書 A (Document A)", elem_id="compare-a", allow_custom_value=True)
        b = gr.Dropdown(label="文書 B (Document B)", elem_id="compare-b", allow_custom_value=True)
    button = gr.Button("比較する (Compare)", variant="primary", elem_id="compare-button")
    result = gr.HTML(elem_id="compare-result")
    document = _document_output()
    button.click(handlers.compare, [a, b], [document, result], api_name="compare")
    return a, b


def _explore_tab(handlers: Handlers) -> None:
    with gr.Row():
        key = gr.Textbox(
            label="エンティティ (Entity: mineral, measure, agency, country)",
            scale=5,
            elem_id="explore-key",
            placeholder="例: リチウム, 製錬等事業支援, JOGMEC, 中国",
        )
        button = gr.Button("表示 (Show)", variant="primary", scale=1, elem_id="explore-button")
    gr.Examples(EXAMPLE_ENTITIES, inputs=key, label="例 (Examples)")
    page = gr.HTML(elem_id="explore-page")
    document = _document_output()
    gr.on([button.click, key.submit], handlers.entity, [key], [document, page], api_name="entity")


def _sparql_tab(handlers: Handlers) -> None:
    examples = {example.name: example.text for example in example_queries()}
    names = list(examples)
    chooser = gr.Dropdown(
        names,
        value=names[0] if names else None,
        label="例のクエリ (Example queries)",
        elem_id="sparql-examples",
    )
    query = gr.Code(
        value=examples.get(names[0], "") if names else "",
        language=None,
        lines=12,
        label="クエリ (Query)",
        interactive=True,
        elem_id="sparql-query",
    )
    with gr.Row():
        result_format = gr.Dropdown(
            [("自動 (auto: JSON / Turtle)", ""), *((name, name) for name in FORMAT_CHOICES[1:])],
            value="",
            label="形式 (Format)",
            scale=1,
        )
        button = gr.Button("実行 (Run)", variant="primary", scale=1, elem_id="sparql-button")
    summary = gr.Markdown(elem_id="sparql-summary")
    table = gr.Dataframe(label="結果 (Results)", wrap=True, elem_id="sparql-table")
    download = gr.File(label="ダウンロード (Download)", elem_id="sparql-download")
    document = _document_output(language=None)  # JSON, XML, CSV, Turtle, ...
    chooser.change(lambda name: examples.get(name, ""), chooser, query, api_visibility="private")
    button.click(
        handlers.sparql,
        [query, result_format],
        [document, table, download, summary],
        api_name="sparql",
        concurrency_limit=handlers.pool.settings.workers,
    )
