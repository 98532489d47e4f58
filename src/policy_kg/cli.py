"""The `policy-kg` command line.

Every command takes `--corpus` and `--indexes` (before or after the command's name), prints
human-readable output by default and exactly one JSON document on stdout with `--json`;
errors go to stderr, named and capped in length, never as a traceback, with a non-zero exit:
2 for usage, 3 for invalid input, 4 when a file cannot be read or written; `check` exits
with 1 when the graph is inconsistent and 5 when HermiT cannot run (no Java 17).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from policy_kg.cli_add import add_arguments, run_add
from policy_kg.cli_check import add_arguments as add_check_arguments
from policy_kg.cli_check import run_check
from policy_kg.cli_io import (
    BatchLineError,
    batch_question,
    describe_os_error,
    not_text,
)
from policy_kg.config import DEFAULT_CORPUS, DEFAULT_INDEXES, Paths
from policy_kg.corpus.errors import MESSAGE_LIMIT, CorpusError, CorpusErrors, shorten
from policy_kg.corpus.store import passage_record, read_passages
from policy_kg.graph.consistency import ReasonerError, require_java
from policy_kg.graph.export import EXPORT_FORMATS, export_graph
from policy_kg.progress import progress_bar
from policy_kg.qa.answerer import QuestionError
from policy_kg.qa.model import Answer
from policy_kg.rebuild import BuildReport, run_build
from policy_kg.revisions.diff_text import diff_lines
from policy_kg.revisions.trace import UnknownMineralError
from policy_kg.runtime import Runtime, UnknownDocumentError
from policy_kg.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS
from policy_kg.sparql.model import SparqlError

SPARQL_FORMATS = tuple(f.name for f in (*RESULT_FORMATS, *GRAPH_FORMATS))


EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_FILES = 4  # a file could not be read or written: permissions, read-only folder, full disk
EXIT_REASONER = 5  # `check`: HermiT could not run (no Java, too little memory)
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a command ended by SIGPIPE (`| head`)

stderr = Console(stderr=True)


class CommandError(Exception):
    """A user-facing error: printed to stderr, exit code `code`."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def _wait_message(message: str) -> None:
    print(f"policy-kg: {message}", file=sys.stderr, flush=True)


def _build(paths: Paths, skip_invalid: bool, quiet: bool) -> BuildReport:
    try:
        with progress_bar(stderr, enabled=not quiet) as progress:
            report = run_build(
                paths, skip_invalid=skip_invalid, progress=progress, on_wait=_wait_message
            )
    except CorpusErrors as errors:
        details = "\n".join(f"  {error}" for error in errors.errors)
        count = len(errors.errors)
        message = f"invalid corpus ({count} problem(s)); indexes/ left as it was:\n{details}"
        raise CommandError(message, EXIT_INPUT) from errors
    except OSError as error:
        message = (
            f"the build could not be written: {describe_os_error(error)}; the build in use is kept"
        )
        raise CommandError(message, EXIT_FILES) from error
    for warning in report.warnings:
        stderr.print(f"[yellow]warning[/yellow] {escape(str(warning))}", highlight=False)
    return report


def _report_skipped(skipped: tuple[CorpusError, ...]) -> None:
    for error in skipped:
        stderr.print(f"[yellow]skipped[/yellow] {escape(str(error))}", highlight=False)


def cmd_build(args: argparse.Namespace, paths: Paths) -> int:
    report = _build(paths, skip_invalid=args.skip_invalid, quiet=args.json)
    _report_skipped(report.skipped)
    if args.json:
        print(json.dumps(_report_json(report), ensure_ascii=False))
        return 0
    state = "up to date" if report.up_to_date else f"built in {report.seconds:.2f} s"
    print(f"{len(report.documents)} documents, {state} ({report.build.root.name})")
    for doc in report.documents:
        mark = "rebuilt" if doc.rebuilt else "unchanged"
        print(f"  {doc.doc_id:45} {doc.passages:5d} passages  {mark}")
    return 0


def _report_json(report: BuildReport) -> dict[str, object]:
    return {
        "build": report.build.root.name,
        "up_to_date": report.up_to_date,
        "seconds": round(report.seconds, 3),
        "documents": [d.__dict__ for d in report.documents],
        "skipped": [
            {"path": str(e.path), "field": e.field, "message": e.message} for e in report.skipped
        ],
        "warnings": [{"path": str(e.path), "message": e.message} for e in report.warnings],
    }


def cmd_passages(args: argparse.Namespace, paths: Paths) -> int:
    runtime = _runtime(paths)
    doc_ids = list(runtime.documents)
    if args.doc and args.doc not in doc_ids:
        raise CommandError(str(UnknownDocumentError(args.doc, tuple(doc_ids))))
    records = [
        passage_record(p)
        for doc_id in ([args.doc] if args.doc else doc_ids)
        for p in read_passages(runtime.build.passages, doc_id)
    ]
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return 0
    for r in records:
        links = f"  [footnotes: {', '.join(r['footnotes'])}]" if r["footnotes"] else ""
        print(f"{r['passage_id']}  {r['kind']}  {r['start']}-{r['end']}\n  § {r['section']}")
        print(f"  {r['text']}{links}\n")
    return 0


def cmd_ask(args: argparse.Namespace, paths: Paths) -> int:
    if args.batch is None and args.question is None:
        raise CommandError("give a QUESTION, or --batch FILE")
    runtime = _runtime(paths)
    if args.batch is not None:
        return _ask_batch(runtime, args.batch, args.top_k)
    answer = _answer(runtime, args.question, args.top_k)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        _print_answer(answer)
    return 0


def _answer(runtime: Runtime, question: str, top_k: int) -> Answer:
    with _refused(QuestionError):
        return runtime.ask(question, top_k)


def _print_answer(answer: Answer) -> None:
    print(answer.answer)
    for n, citation in enumerate(answer.citations, start=1):
        print(f"[{n}] {citation.doc_id} § {citation.section}\n    「{citation.quote}」")


def _ask_batch(runtime: Runtime, batch: Path, top_k: int) -> int:
    """One JSON answer per input line; a bad line is named on stderr and the rest answered."""
    try:
        lines = batch.read_bytes().splitlines()
    except OSError as error:
        message = f"{batch}: cannot read the batch file ({describe_os_error(error)})"
        raise CommandError(message, EXIT_INPUT) from error
    failures = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            answer = runtime.ask(batch_question(line), top_k)
        except (BatchLineError, QuestionError) as error:
            failures += 1
            message = shorten(str(error), MESSAGE_LIMIT)
            _print_error(f"{batch}:{number}: {message}")
            print(json.dumps({"line": number, "error": message}, ensure_ascii=False))
            continue
        print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
    return EXIT_INPUT if failures else 0


@contextmanager
def _refused(*kinds: type[Exception]) -> Iterator[None]:
    """What a command's input asks for and the services refuse (an unknown mineral or
    document, a question or query they cannot take), as a CommandError with its message."""
    try:
        yield
    except kinds as error:
        raise CommandError(str(error)) from error


def _runtime(paths: Paths) -> Runtime:
    """The services over a build brought up to date with the corpus first."""
    return Runtime(paths, _build(paths, skip_invalid=False, quiet=False))


def cmd_trace(args: argparse.Namespace, paths: Paths) -> int:
    runtime = _runtime(paths)
    with _refused(UnknownMineralError):
        trace = runtime.trace(args.mineral)
    if args.json:
        print(json.dumps(trace.to_json(), ensure_ascii=False))
        return 0
    aliases = "、".join(trace.mineral.aliases)
    print(
        f"{trace.mineral.label} ({trace.mineral.label_en})"
        + (f"  別名: {aliases}" if aliases else "")
    )
    for appearance in trace.appearances:
        print(f"\n{appearance.revision or '----'}  {appearance.doc_id}")
        for measure in appearance.measures:
            print(f"  施策: {measure}")
        for target in appearance.targets:
            print(f"  目標: {target}")
        for control in appearance.export_controls:
            print(f"  輸出管理: {control}")
        for share in appearance.supply_shares:
            print(f"  供給シェア: {share.text}")
        for quote in appearance.quotes[: len(appearance.citations)]:
            via = f"（{quote.via} として）" if quote.via else ""
            print(f"  § {quote.citation.section}\n    {via}「{quote.citation.quote}」")
        hidden = appearance.citations_total - len(appearance.citations)
        if hidden > 0:
            print(f"  ほか {hidden} 件 (+{hidden} more; --json lists them all)")
    if trace.revisions_without_text:
        print("\n本文がコーパスにない改定 (revisions without text):")
        for series, revision in trace.revisions_without_text:
            print(f"  {series}@{revision}")
    return 0


def cmd_diff(args: argparse.Namespace, paths: Paths) -> int:
    runtime = _runtime(paths)
    with _refused(UnknownDocumentError):
        diff = runtime.diff(args.a, args.b)
    if args.json:
        print(json.dumps(diff.to_json(), ensure_ascii=False))
        return 0
    for line in diff_lines(diff):
        print(line)
    return 0


def cmd_sparql(args: argparse.Namespace, paths: Paths) -> int:
    runtime = _runtime(paths)
    with _refused(SparqlError):
        result = runtime.sparql(args.query, args.format)
    sys.stdout.buffer.write(result.body)
    if not result.body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return 0


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    runtime = _runtime(paths)
    count = export_graph(runtime.build.graph, args.format, args.out)
    stderr.print(f"wrote {count:,} triples to {args.out} ({args.format})")
    return 0


def cmd_check(args: argparse.Namespace, paths: Paths) -> int:
    """HermiT on the build's graph; Java is looked for first, before any build work."""
    try:
        require_java()
        build = _build(paths, skip_invalid=False, quiet=args.json).build
        return run_check(build, args.classify, args.json)
    except ReasonerError as error:
        raise CommandError(str(error), EXIT_REASONER) from error


def cmd_serve(args: argparse.Namespace, paths: Paths) -> int:
    """Build what is missing, then serve the UI, /sparql and /health in this process."""
    from policy_kg.ui.server import PortUnavailable, serve  # Gradio loads only to serve

    try:
        serve(paths, args.host, args.port)
    except PortUnavailable as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    return 0


def cmd_add(args: argparse.Namespace, paths: Paths) -> int:
    return run_add(args, paths, lambda message: CommandError(message, EXIT_INPUT))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shorten(text)} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _folder_options(parser: argparse.ArgumentParser, default: object | None) -> None:
    """--corpus and --indexes, on the main parser (with the defaults) and on each command
    (without: a value given there overrides one given before the command's name)."""
    corpus = DEFAULT_CORPUS if default is None else default
    indexes = DEFAULT_INDEXES if default is None else default
    parser.add_argument("--corpus", type=Path, default=corpus, help="corpus folder")
    parser.add_argument("--indexes", type=Path, default=indexes, help="generated files")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _folder_options(common, argparse.SUPPRESS)
    common.add_argument("--json", action="store_true", help="print one JSON document")
    parser = argparse.ArgumentParser(prog="policy-kg", description=__doc__.splitlines()[0])
    _folder_options(parser, None)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", parents=[common], help="parse and index the corpus")
    build.add_argument("--skip-invalid", action="store_true", help="build the valid documents")
    build.set_defaults(handler=cmd_build)
    add = commands.add_parser("add", parents=[common], help="add a PDF, HTML or text file")
    add_arguments(add)
    add.set_defaults(handler=cmd_add)
    passages = commands.add_parser("passages", parents=[common], help="list parsed passages")
    passages.add_argument("--doc", help="only this doc_id")
    passages.set_defaults(handler=cmd_passages)
    ask = commands.add_parser("ask", parents=[common], help="answer a question with citations")
    ask.add_argument("question", nargs="?", help="the question (in Japanese)")
    ask.add_argument("--batch", type=Path, help="a file of questions (lines, or JSONL)")
    ask.add_argument("--top-k", type=_positive, default=3, help="at most this many citations")
    ask.set_defaults(handler=cmd_ask)
    trace = commands.add_parser("trace", parents=[common], help="a mineral through revisions")
    trace.add_argument("mineral", help="any surface form: ネオジウム, 黒鉛, Dy …")
    trace.set_defaults(handler=cmd_trace)
    diff = commands.add_parser("diff", parents=[common], help="compare two documents")
    diff.add_argument("a", help="doc_id")
    diff.add_argument("b", help="doc_id")
    diff.set_defaults(handler=cmd_diff)
    sparql = commands.add_parser("sparql", parents=[common], help="run a read-only query")
    sparql.add_argument("query", help="a SPARQL 1.1 query")
    sparql.add_argument("--format", choices=SPARQL_FORMATS, default=None)
    sparql.set_defaults(handler=cmd_sparql)
    export = commands.add_parser("export", parents=[common], help="write the whole graph")
    export.add_argument("--format", choices=list(EXPORT_FORMATS), default="turtle")
    export.add_argument("out", type=Path, help="output file")
    export.set_defaults(handler=cmd_export)
    check = commands.add_parser("check", parents=[common], help="HermiT consistency (Java 17)")
    add_check_arguments(check)
    check.set_defaults(handler=cmd_check)
    serve = commands.add_parser("serve", parents=[common], help="build, then serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    shared = os.environ.get("POLICY_KG_CACHE")
    paths = Paths(args.corpus, args.indexes, Path(shared) if shared else None)
    try:
        _check_text_arguments(args)
        code = args.handler(args, paths)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except CommandError as error:
        _print_error(str(error))
        return error.code
    except BrokenPipeError:
        # the reader (`| head`) has gone: stop quietly, and let nothing flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as error:
        _print_error(describe_os_error(error))
        return EXIT_FILES
    except KeyboardInterrupt:
        return 130


def _print_error(message: str) -> None:
    capped = "\n".join(shorten(line, MESSAGE_LIMIT) for line in message.splitlines())
    stderr.print(f"[red]error:[/red] {escape(capped)}", highlight=False, soft_wrap=True)


def _check_text_arguments(args: argparse.Namespace) -> None:
    for name, value in vars(args).items():
        problem = not_text(value) if isinstance(value, str) else None
        if problem is not None:
            raise CommandError(f"{name.upper()} is not UTF-8 text: {problem}", EXIT_INPUT)


if __name__ == "__main__":
    sys.exit(main())
