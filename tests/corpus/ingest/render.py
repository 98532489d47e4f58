"""Seed texts rendered as a publisher would: Chromium's print to PDF, and an HTML page.

Each source line is one block (`white-space: pre-wrap`, so tabs stay tab stops and long lines
wrap at the page edge); a blank line is an empty block one line high. Pages carry a running
header (the title, and a 仮訳 stamp when asked) and a page number in the footer, as the
ministry's PDFs do. Nothing here is tuned to the extractor: the layout is Chromium's.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FONT = "'IPAGothic', 'IPAPGothic', sans-serif"


@dataclass(frozen=True)
class PageStyle:
    """How a PDF is laid out: A4 portrait with `- 3 -` numbers, or landscape slides `3/20`."""

    landscape: bool = False
    page_number: str = "dash"  # "dash": - 3 -, "of": 3/20
    stamp: str = ""  # a running stamp beside the header, such as 仮訳


def seed_style(stem: str) -> PageStyle:
    """How a seed is published: the strategy deck as landscape slides numbered `3/20`, the
    framework (a provisional translation) with a 仮訳 stamp, the others as A4 policies."""
    if stem.startswith("materials-strategy-issues"):
        return PageStyle(landscape=True, page_number="of")
    if stem.startswith("japan-us"):
        return PageStyle(stamp="仮訳")
    return PageStyle()


def body_html(text: str) -> str:
    """One block a source line; a tab is a 3em gap, as a contents line's page number stands."""
    blocks = [
        f"<div class=l>{_line_html(line) if line.strip() else '<br>'}</div>"
        for line in text.splitlines()
    ]
    return "\n".join(blocks)


def _line_html(line: str) -> str:
    return "<span class=t></span>".join(html.escape(cell) for cell in line.split("\t"))


def page_html(text: str, title: str) -> str:
    return (
        "<!doctype html><html lang=ja><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><style>"
        f"body{{font-family:{FONT};font-size:10.5pt;line-height:1.5;margin:0}}"
        ".l{white-space:pre-wrap}.t{display:inline-block;width:3em}"
        "</style></head><body>" + body_html(text) + "</body></html>"
    )


def _header(title: str, stamp: str) -> str:
    style = f"font-family:{FONT};font-size:8pt;width:100%;margin:0 15mm;color:#555"
    mark = f"<span style='float:right'>{html.escape(stamp)}</span>" if stamp else ""
    return f'<div style="{style}">{html.escape(title)}{mark}</div>'


def _footer(page_number: str) -> str:
    style = f"font-family:{FONT};font-size:9pt;width:100%;text-align:center"
    number = "<span class=pageNumber></span>"
    shown = f"- {number} -" if page_number == "dash" else f"{number}/<span class=totalPages></span>"
    return f'<div style="{style}">{shown}</div>'


def render_pdf(browser: Browser, text: str, title: str, style: PageStyle, out: Path) -> Path:
    page = browser.new_page()
    try:
        page.set_content(page_html(text, title))
        page.pdf(
            path=str(out),
            format="A4",
            landscape=style.landscape,
            display_header_footer=True,
            header_template=_header(title, style.stamp),
            footer_template=_footer(style.page_number),
            margin={"top": "22mm", "bottom": "20mm", "left": "20mm", "right": "20mm"},
        )
    finally:
        page.close()
    return out


def web_page(text: str, title: str) -> str:
    """The text as a ministry web page: navigation, breadcrumbs and a footer around <main>."""
    paragraphs = "\n".join(_block_html(block) for block in _paragraphs(text))
    return (
        "<!doctype html><html lang=ja><head><meta charset=utf-8>"
        f"<title>{html.escape(title)} | 経済産業省</title></head><body>"
        "<header><a href='/'>経済産業省</a><nav><ul><li><a href='/news'>ニュースリリース</a></li>"
        "<li><a href='/policy'>政策一覧</a></li><li><a href='/about'>組織案内</a></li></ul></nav>"
        "</header><div class=breadcrumb><a href='/'>ホーム</a> &gt; <a href='/policy'>政策一覧"
        "</a></div><main>" + paragraphs + "</main><footer><p>〒100-8901 東京都千代田区霞が関1-3-1"
        "</p><p>Copyright Ministry of Economy, Trade and Industry. All Rights Reserved.</p>"
        "</footer></body></html>"
    )


def _paragraphs(text: str) -> list[str]:
    return [block.strip("\n") for block in re.split(r"\n[ \t\u3000]*\n", text) if block.strip()]


def _block_html(block: str) -> str:
    """A block of tab-separated rows as a <table>, any other block as a <p> (lines by <br>)."""
    lines = block.splitlines()
    if all(len([c for c in line.split("\t") if c.strip()]) >= 2 for line in lines):
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>"
            for line in lines
        )
        return f"<table>{rows}</table>"
    return "<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>"
