"""What a tab asks with: the error area under its input (the error line and the close names
offered to fill the input), and the one name box with its button that the trace and explore
tabs share."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr


@dataclass(frozen=True)
class ErrorArea:
    """The error line under a tab's input, and the close names offered to fill it."""

    line: gr.HTML
    suggestions: gr.Dataset

    @classmethod
    def under(cls, target: gr.components.Component, name: str) -> ErrorArea:
        line = gr.HTML(elem_id=f"{name}-error")
        suggestions = gr.Dataset(
            components=[target],
            samples=[],
            visible=False,
            label="候補 (Did you mean)",
            elem_id=f"{name}-suggestions",
        )
        return cls(line, suggestions)


def name_input(
    tab: str, box: str, label: str, placeholder: str, action: str, examples: list[str]
) -> tuple[gr.Textbox, gr.Button, ErrorArea]:
    """A name box (elem_id `{tab}-{box}`) with its button beside it, the error area under
    them and examples below."""
    with gr.Row():
        name = gr.Textbox(label=label, scale=5, elem_id=f"{tab}-{box}", placeholder=placeholder)
        button = gr.Button(action, variant="primary", scale=1, elem_id=f"{tab}-button")
    area = ErrorArea.under(name, tab)
    gr.Examples(examples, inputs=name, label="例 (Examples)")
    return name, button, area
