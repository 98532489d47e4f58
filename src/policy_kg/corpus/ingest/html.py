"""An HTML page's main text, read with selectolax (Lexbor): the page's own navigation,
header, footer and scripts are left out, blocks become paragraphs and table rows tab-separated
lines, as the corpus writes them.

selectolax (a maintained binding of the Lexbor HTML5 parser) walked here rather than a
main-content extractor such as trafilatura, chosen by bench/bench_extract_html.py on the
framework seed made into a ministry page: this walk gives back 1.000 of the text build's
passages in 0.1 ms, trafilatura 2.3.1 0.833 in 20 ms (it writes a paragraph a line with no
blank line between, so paragraphs run together; with a blank line after each of its lines,
0.958, the signature table's rows then parted). Neither keeps the navigation or footer; the
page's own <main> says what the body is, and the walk keeps its short title-block lines.
"""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from policy_kg.corpus.encoding import decode_text
from policy_kg.corpus.errors import CorpusError
from policy_kg.corpus.ingest.errors import IngestError

# page furniture: what a site puts around every page
SKIPPED = frozenset(
    {"nav", "header", "footer", "aside", "script", "style", "noscript", "form", "template",
     "iframe", "svg", "button", "select", "head"}
)  # fmt: skip
SKIPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
     "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "figure", "figcaption"}
)  # fmt: skip
HTML_MAGIC = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<!--")


def looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(HTML_MAGIC)


def read_html(path: Path, data: bytes) -> str:
    """The page's main text: <main> (or <article>) when there is one, else the <body>."""
    if not looks_like_html(data):
        raise IngestError(path, "is not an HTML page (no <html> or <!doctype html> at its start)")
    try:
        source = decode_text(path, data)
    except CorpusError as error:
        raise IngestError(path, error.message) from None
    tree = LexborHTMLParser(source)
    root = tree.css_first("main") or tree.css_first("article") or tree.body
    if root is None:
        return ""
    writer = _Writer()
    writer.walk(root)
    return writer.text()


class _Writer:
    """Lines of text from a walk over the tree: a block ends a line and, at a paragraph's or
    table's end, leaves a blank line; a table row is one line, its cells tab-separated."""

    def __init__(self) -> None:
        self.lines: list[str] = [""]

    def walk(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.lines[-1] += " ".join((child.text(deep=False) or "").split("\n"))
            elif tag == "br":
                self.lines.append("")
            elif tag == "tr":
                self.break_line()
                cells = [" ".join(c.text(separator=" ").split()) for c in child.css("td, th")]
                self.lines[-1] = "\t".join(cells)
                self.break_line()
            elif tag in SKIPPED or child.attributes.get("role") in SKIPPED_ROLES:
                continue
            elif tag in BLOCKS:
                self.break_line()
                self.walk(child)
                self.break_line(blank=tag in ("p", "table", "h1", "h2", "h3", "h4", "h5", "h6"))
            else:
                self.walk(child)

    def break_line(self, blank: bool = False) -> None:
        if self.lines[-1].strip():
            self.lines.append("")
        if blank and len(self.lines) > 1 and self.lines[-2] != "":
            self.lines.append("")

    def text(self) -> str:
        lines = [line.strip() for line in self.lines]
        out: list[str] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        return "\n".join(out).strip("\n") + "\n"
