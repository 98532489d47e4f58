"""The page's CSS and theme: Gradio's bundled fonts first, then Japanese system fonts.

No web font is fetched: Gradio's default fonts are served by the app itself, and Japanese
glyphs come from fonts installed on the reader's machine.
"""

from __future__ import annotations

import gradio as gr

JAPANESE_FONTS = (
    "IPAPGothic",
    "IPAGothic",
    "Noto Sans CJK JP",
    "Hiragino Sans",
    "Yu Gothic",
    "Meiryo",
)


def theme() -> gr.themes.Base:
    return gr.themes.Default(
        font=(gr.themes.LocalFont("Source Sans Pro"), *JAPANESE_FONTS, "sans-serif"),
    )


CSS = """
.pkg-en { color: var(--body-text-color-subdued); font-size: 0.85em; }
.pkg-status-line { padding: 6px 10px; border-radius: 6px;
  background: var(--block-background-fill); }
.pkg-status-ready { border-left: 4px solid #2e7d32; }
.pkg-status-building, .pkg-status-warming { border-left: 4px solid #f9a825; }
.pkg-status-failed { border-left: 4px solid #c62828; }
.pkg-notice { padding: 8px 12px; border-radius: 6px; margin: 6px 0; }
.pkg-notice-info { background: var(--background-fill-secondary); }
.pkg-notice-error { background: #ffebe9; border-left: 4px solid #cf222e; }
.pkg-notice-warning { background: #fff8c5; border-left: 4px solid #d4a72c; }
.pkg-notice-abstain { background: #fff4e5; border-left: 4px solid #f57c00; color: #5d4037; }
.pkg-answer-value { font-size: 1.35em; font-weight: 600; line-height: 1.6; margin-bottom: 4px; }
.pkg-answer-text { font-size: 1.05em; line-height: 1.8; margin-bottom: 8px; }
.pkg-ref a { text-decoration: none; color: inherit; }
.pkg-quoted { text-decoration: underline dotted #90a4ae; text-underline-offset: 3px; }
.pkg-ref { color: #1565c0; margin-left: 2px; }
.pkg-citations { padding-left: 0.4em; list-style: none; }
.pkg-citations li { margin: 6px 0; }
.pkg-citations summary { cursor: pointer; }
.pkg-cite-no { font-weight: 600; color: #1565c0; }
.pkg-cite-title { font-weight: 600; }
.pkg-cite-section { color: var(--body-text-color-subdued); font-size: 0.9em; margin-left: 1.6em; }
.pkg-cite-meta { color: var(--body-text-color-subdued); font-size: 0.8em;
  font-family: var(--font-mono); }
.pkg-context { border-left: 3px solid #90caf9; padding: 4px 10px; margin: 6px 0; }
.pkg-context p { margin: 4px 0; line-height: 1.7; }
.pkg-around { color: var(--body-text-color-subdued); font-size: 0.9em; }
.pkg-context mark { background: #fff176; color: inherit; padding: 0 1px; }
.pkg-quote { border-left: 3px solid #ccc; margin: 4px 0; padding-left: 8px; }
.pkg-table { border-collapse: collapse; margin: 6px 0; }
.pkg-table th, .pkg-table td { border: 1px solid var(--border-color-primary); padding: 4px 8px;
  text-align: left; vertical-align: top; }
.pkg-chip { display: inline-block; padding: 1px 8px; margin: 2px 3px 2px 0; border-radius: 10px;
  background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary);
  font-size: 0.9em; }
.pkg-chip-added { background: #e6ffec; border-color: #7ee2a8; }
.pkg-chip-removed { background: #ffebe9; border-color: #ff8182; }
.pkg-chip-changed { background: #fff8c5; border-color: #d4a72c; }
.pkg-chip-first { background: #e3f2fd; border-color: #64b5f6; }
.pkg-entity-head h3 { margin: 4px 0; }
.pkg-iri { color: var(--body-text-color-subdued); font-size: 0.8em; font-family: var(--font-mono); }
.pkg-appearance { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 8px 12px; margin: 10px 0; }
.pkg-appearance h4 { margin: 2px 0; }
.pkg-gaps { border: 1px dashed #9e9e9e; border-radius: 8px; padding: 8px 12px; margin: 10px 0; }
.pkg-timeline { max-width: none; }
.pkg-timeline text, .pkg-graph text { fill: var(--body-text-color); font-size: 12px; }
.pkg-timeline .pkg-tick, .pkg-timeline .pkg-date { fill: var(--body-text-color-subdued);
  font-size: 11px; }
.pkg-grid { stroke: var(--border-color-primary); stroke-width: 1; }
.pkg-track { stroke: #90a4ae; stroke-width: 2; }
.pkg-dot { fill: #1e88e5; stroke: #0d47a1; stroke-width: 1; }
.pkg-gap { fill: none; stroke: #9e9e9e; stroke-width: 2; stroke-dasharray: 3 3; }
.pkg-first { fill: none; stroke: #f57c00; stroke-width: 2.5; }
.pkg-absent { fill: var(--background-fill-primary); stroke: #0d47a1; stroke-width: 2; }
.pkg-dropped { fill: none; stroke: #cf222e; stroke-width: 2.5; }
.pkg-timeline-scroll { overflow-x: auto; max-width: 100%; }
.pkg-not-named { border-style: dashed; }
.pkg-cite-note { color: var(--body-text-color-subdued); font-size: 0.85em; }
.pkg-diff { width: 100%; table-layout: fixed; border-collapse: collapse; }
.pkg-diff td, .pkg-diff th { border: 1px solid var(--border-color-primary); padding: 4px 8px;
  vertical-align: top; line-height: 1.7; word-break: break-all; }
.pkg-diff thead th { background: var(--background-fill-secondary); }
.pkg-sec th { text-align: left; font-weight: 600; background: var(--background-fill-secondary); }
.pkg-sec-unchanged th { font-weight: normal; color: var(--body-text-color-subdued);
  background: none; }
.pkg-sec-added th { border-left: 4px solid #2da44e; }
.pkg-sec-removed th { border-left: 4px solid #cf222e; }
.pkg-sec-changed th { border-left: 4px solid #d4a72c; }
.pkg-status { font-size: 0.85em; margin-left: 8px; }
.pkg-diff ins { background: #abf2bc; text-decoration: none; }
.pkg-diff del { background: #ffc1c0; }
.pkg-counts { margin: 6px 0; }
.pkg-edge { stroke: #b0bec5; stroke-width: 1.5; }
.pkg-node { fill: #78909c; }
.pkg-node-mineral { fill: #1e88e5; }
.pkg-node-measure { fill: #43a047; }
.pkg-node-agency { fill: #8e24aa; }
.pkg-node-country { fill: #f4511e; }
.pkg-node-main { stroke: #212121; stroke-width: 2; }
.pkg-facts li { margin: 6px 0; }
.pkg-fact-kind h5 { margin: 10px 0 2px; font-size: 1em; }
.pkg-fact-row { line-height: 1.8; }
.pkg-fact-doc { margin: 6px 0 0; }
.pkg-cite-brief { color: var(--body-text-color-subdued); font-size: 0.9em; }
.pkg-part-name { color: var(--body-text-color-subdued); font-size: 0.85em; }
.pkg-part-name::after { content: ":"; }
a.pkg-entity { color: #1565c0; text-decoration: none; cursor: pointer; }
a.pkg-entity:hover { text-decoration: underline; }
.pkg-node-link { cursor: pointer; }
.pkg-graph { max-width: 100%; height: auto; }
.pkg-node-link:hover circle { stroke: #212121; stroke-width: 2; }
.pkg-diff-run { width: 100%; table-layout: fixed; border-collapse: collapse; margin-top: 6px; }
.pkg-deltas a.pkg-chip { text-decoration: none; color: inherit; }
/* a phone: Compare's two sides stack, each cell labelled with its side */
@media (max-width: 640px) {
  .pkg-diff, .pkg-diff-run, .pkg-diff tbody, .pkg-diff tr, .pkg-diff td, .pkg-diff th {
    display: block; }
  .pkg-diff colgroup { display: none; }
  .pkg-diff thead th + th { border-top: none; }
  .pkg-diff td:empty { display: none; }
  .pkg-diff td:first-child::before { content: "A: "; font-weight: 600; }
  .pkg-diff td + td::before { content: "B: "; font-weight: 600; }
  .pkg-deltas, .pkg-deltas tbody, .pkg-deltas tr, .pkg-deltas th, .pkg-deltas td {
    display: block; }
  .pkg-deltas tr:first-child, .pkg-deltas td:empty { display: none; }
  .pkg-deltas td:nth-child(2)::before { content: "追加 added: "; }
  .pkg-deltas td:nth-child(3)::before { content: "削除 removed: "; }
  .pkg-deltas td:nth-child(4)::before { content: "変更 changed: "; }
}
"""
