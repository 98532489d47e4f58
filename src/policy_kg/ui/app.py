"""The Gradio Blocks: five tabs over one ServerState, and the api names of docs/interface.md §4.

Handlers stay thin: they call the Runtime (or the SPARQL pool), then a view module turns the
typed record (`Answer`, `Trace`, `DocumentDiff`, `EntityPage`) into HTML. `ask`, `trace`,
`compare` and `sparql` take the inputs of the CLI command of the same purpose and return its
JSON document first, as the text the command prints with `--json`: the records' `to_json()`
is for that output only. (Text rather than a parsed object: gradio_client 2.7 takes any object
in an output that has a string "path" for a file to download, and a diff's sections do.)
"""

from __future__ import annotations

import functools
import html
import inspect
import json
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr
import pandas as pd

from policy_kg.sparql.model import QueryRequest, SparqlError
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.add_view import AddHandlers, add_tab
from policy_kg.ui.ask_view import OPEN_CITATION_JS, answer_html
from policy_kg.ui.compare_view import compare_html, default_pair, document_choices
from policy_kg.ui.downloads import MAX_AGE, SWEEP_EVERY, DownloadFolder
from policy_kg.ui.errors_view import error_html, shown_error
from policy_kg.ui.explore_view import FOLLOW_ENTITY_JS, entity_html
from policy_kg.ui.inputs import PlainInputBlocks
from policy_kg.ui.sparql_view import FORMAT_CHOICES, TABLE_ACCEPT, example_queries, results_table
from policy_kg.ui.state import NotReady, ServerState
from policy_kg.ui.tab_input import ErrorArea, name_input
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


USER_ERRORS = (NotReady, LookupError, ValueError, SparqlError)


def _for_api(handler: F) -> F:
    """For api clients: an error the user can act on is a readable gr.Error."""
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def awaiting(*args: Any) -> Any:
            try:
                return await handler(*args)
            except USER_ERRORS as error:
                raise _api_error(error) from error

        return awaiting  # type: ignore[return-value]

    @functools.wraps(handler)
    def wrapper(*args: Any) -> Any:
        try:
            return handler(*args)
        except USER_ERRORS as error:
            raise _api_error(error) from error

    return wrapper  # type: ignore[return-value]


def _api_error(error: Exception) -> gr.Error:
    shown = shown_error(error)
    return gr.Error(html.escape(shown.english, quote=False), print_exception=False)


def _on_page(handler: F, outputs: int) -> F:
    """For the page: outputs are (error line, suggestions, *the handler's outputs). A user
    error goes under the input with close names to pick; the previous result stays."""
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def awaiting(*args: Any) -> Any:
            try:
                return (*_cleared(), *(await handler(*args)))
            except USER_ERRORS as error:
                return (*_error_outputs(error), *([gr.skip()] * outputs))

        return awaiting  # type: ignore[return-value]

    @functools.wraps(handler)
    def wrapper(*args: Any) -> Any:
        try:
            return (*_cleared(), *handler(*args))
        except USER_ERRORS as error:
            return (*_error_outputs(error), *([gr.skip()] * outputs))

    return wrapper  # type: ignore[return-value]


def _cleared() -> tuple[str, gr.Dataset]:
    return "", gr.Dataset(samples=[], visible=False)


def _error_outputs(error: Exception) -> tuple[str, gr.Dataset]:
    shown = shown_error(error)
    # a suggestion reads "ネオジウム (ネオジム)": the form before the label fills the input
    samples = [[suggestion.split(" (")[0]] for suggestion in shown.suggestions]
    return error_html(shown), gr.Dataset(samples=samples, visible=bool(samples))


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

    def ask(self, question: str, top_k: float) -> tuple[str, str]:
        question = _required(question, "質問")
        answer = self.state.runtime().ask(question, int(top_k))
        return _json_text(answer.to_json()), answer_html(answer, self.state.context())

    def trace(self, mineral: str) -> tuple[str, str, str]:
        mineral = _required(mineral, "鉱物名")
        trace = self.state.runtime().trace(mineral)
        context = self.state.context()
        svg, cards = timeline_svg(trace, context), trace_html(trace, context)
        return _json_text(trace.to_json()), svg, cards

    def compare(self, a: str, b: str) -> tuple[str, str]:
        a, b = _required(a, "文書A"), _required(b, "文書B")
        diff = self.state.runtime().diff(a, b)
        return _json_text(diff.to_json()), compare_html(diff, self.state.context())

    def entity(self, key: str) -> tuple[str, str]:
        key = _required(key, "エンティティ")
        view = self.state.runtime().entity(key)
        return _json_text(view.to_json()), entity_html(view.page, self.state.context())

    async def sparql(self, query: str, result_format: str | None) -> tuple[str, Any, str, str]:
        """The result in `result_format` (SELECT/ASK: JSON, CONSTRUCT: Turtle when empty),
        shown as a table and offered as a file. Runs in the worker pool (time limit)."""
        text = _required(query, "クエリ")
        chosen = await self.pool.run(QueryRequest(text, format=result_format or None))
        table = chosen
        if chosen.media_type not in TABLE_TYPES:
            table = await self.pool.run(QueryRequest(text, accept=TABLE_ACCEPT))
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
            with gr.Tab("追加 Add", id="add"):
                added = add_tab(AddHandlers(handlers.state))
        outputs = [status, timer, *pickers]
        added.then(handlers.refresh, outputs=outputs, api_visibility="private")
        timer.tick(handlers.refresh, outputs=outputs, api_visibility="private")
        blocks.load(handlers.refresh, outputs=outputs, api_visibility="private")
    return blocks


def _wire(
    triggers: list[Any],
    handler: Callable[..., Any],
    inputs: list[Any],
    outputs: list[Any],
    area: ErrorArea,
    api_name: str,
    fill: gr.components.Component | None = None,
    follow: gr.HTML | None = None,
    **options: Any,
) -> None:
    """The page's event (errors inline, results kept), picking a suggestion into `fill` and
    running again, following an entity clicked in `follow` the same way, and the api event
    `api_name` (errors raised), on a hidden button."""
    page = _on_page(handler, len(outputs))
    shown = [area.line, area.suggestions, *outputs]
    # the page's events get names of their own: `api_name` is the api's
    private = {"api_visibility": "private", **options}
    gr.on(triggers, page, inputs, shown, api_name=f"{api_name}_page", **private)
    if fill is not None:
        area.suggestions.click(
            _first_value, area.suggestions, fill, api_name=f"{api_name}_pick", **private
        ).then(page, inputs, shown, api_name=f"{api_name}_picked", **private)
    if fill is not None and follow is not None:
        follow.select(_followed_entity, None, fill, api_name=f"{api_name}_follow", **private).then(
            page, inputs, shown, api_name=f"{api_name}_followed", **private
        )
    api = gr.Button(visible=False)
    api.click(_for_api(handler), inputs, outputs, api_name=api_name, **options)


def _first_value(sample: list[str]) -> str:
    return sample[0]


def _followed_entity(event: gr.EventData) -> str:
    """The IRI of the entity clicked on a page (explore_view.FOLLOW_ENTITY_JS sends it)."""
    return str(getattr(event, "entity", ""))


def _document_output(language: str | None = "json") -> gr.Code:
    """The api's first output (the command's JSON document), folded away under the view."""
    with gr.Accordion("JSON", open=False):
        return gr.Code(language=language, interactive=False, show_label=False, max_lines=40)


def _ask_tab(handlers: Handlers) -> None:
    with gr.Row():
        question = gr.Textbox(  # one line that grows: Enter asks, Shift+Enter breaks the line
            label="質問 (Question)",
            lines=1,
            max_lines=6,
            scale=5,
            elem_id="ask-question",
            placeholder="例: ニッケルの2030年の目標は？",
        )
        top_k = gr.Slider(1, 10, value=3, step=1, label="出典の数 (top-k)", scale=1)
    area = ErrorArea.under(question, "ask")
    button = gr.Button("質問する (Ask)", variant="primary", elem_id="ask-button")
    gr.Examples(EXAMPLE_QUESTIONS, inputs=question, label="例 (Examples)")
    answer = gr.HTML(elem_id="ask-answer", js_on_load=OPEN_CITATION_JS)
    document = _document_output()
    triggers = [button.click, question.submit]
    _wire(triggers, handlers.ask, [question, top_k], [document, answer], area, "ask")


def _trace_tab(handlers: Handlers) -> None:
    mineral, button, area = name_input(
        "trace",
        "mineral",
        label="鉱物名 (Mineral: any name or alias)",
        placeholder="例: ネオジウム, 黒鉛, ガリウム",
        action="追跡する (Trace)",
        examples=EXAMPLE_MINERALS,
    )
    timeline = gr.HTML(elem_id="trace-timeline")
    details = gr.HTML(elem_id="trace-details")
    document = _document_output()
    outputs = [document, timeline, details]
    triggers = [button.click, mineral.submit]
    _wire(triggers, handlers.trace, [mineral], outputs, area, "trace", fill=mineral)


def _compare_tab(handlers: Handlers) -> tuple[gr.Dropdown, gr.Dropdown]:
    with gr.Row():
        a = gr.Dropdown(label="文書 A (Document A)", elem_id="compare-a", allow_custom_value=True)
        b = gr.Dropdown(label="文書 B (Document B)", elem_id="compare-b", allow_custom_value=True)
    area = ErrorArea.under(a, "compare")
    button = gr.Button("比較する (Compare)", variant="primary", elem_id="compare-button")
    result = gr.HTML(elem_id="compare-result")
    document = _document_output()
    _wire([button.click], handlers.compare, [a, b], [document, result], area, "compare")
    return a, b


def _explore_tab(handlers: Handlers) -> None:
    key, button, area = name_input(
        "explore",
        "key",
        label="エンティティ (Entity: mineral, measure, agency, country)",
        placeholder="例: リチウム, 製錬等事業支援, JOGMEC, 中国",
        action="表示 (Show)",
        examples=EXAMPLE_ENTITIES,
    )
    page = gr.HTML(elem_id="explore-page", js_on_load=FOLLOW_ENTITY_JS)
    document = _document_output()
    triggers = [button.click, key.submit]
    _wire(triggers, handlers.entity, [key], [document, page], area, "entity", fill=key, follow=page)


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
    area = ErrorArea.under(query, "sparql")
    summary = gr.Markdown(elem_id="sparql-summary")
    table = gr.Dataframe(label="結果 (Results)", wrap=True, elem_id="sparql-table")
    download = gr.File(label="ダウンロード (Download)", elem_id="sparql-download")
    document = _document_output(language=None)  # JSON, XML, CSV, Turtle, ...
    chooser.change(lambda name: examples.get(name, ""), chooser, query, api_visibility="private")
    _wire(
        [button.click],
        handlers.sparql,
        [query, result_format],
        [document, table, download, summary],
        area,
        "sparql",
        concurrency_limit=handlers.pool.settings.workers,
    )
