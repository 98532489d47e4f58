"""The UI's inputs are plain values, checked before Gradio handles them.

Gradio copies anything shaped like a file reference (`{"path": ..., "meta": {"_type":
"gradio.FileData"}}`) in an input into its cache, whatever the component, before the
component sees the value (gradio 6.31, `Blocks.preprocess_data`). Its own check of such
paths is what the server turns on (`server.mount_ui`); this is a second layer, so that a
text box never leads to a file: a text input (Textbox, Code, Dropdown) takes a string, a
number input (Slider) a number, and no other input may hold a file reference but the one
file input (the Add tab's upload, gr.File), whose reference Gradio accepts only for a file
uploaded to it (`server.mount_ui`). Anything else is refused with a message.
"""

from __future__ import annotations

import html
from typing import Any

import gradio as gr

TEXT_INPUTS = (gr.Textbox, gr.Code, gr.Dropdown)
NUMBER_INPUTS = (gr.Slider,)
FILE_INPUTS = (gr.File,)


class PlainInputBlocks(gr.Blocks):
    """gr.Blocks whose events refuse inputs that are not plain values (see the module)."""

    async def preprocess_data(
        self, block_fn: Any, inputs: list[Any], state: Any, explicit_call: bool = False
    ) -> list[Any]:
        pairs = zip(block_fn.inputs, inputs, strict=False)  # gradio reports a missing input
        for position, (component, value) in enumerate(pairs, 1):
            problem = input_problem(component, value)
            if problem:
                name = block_fn.api_name or block_fn.name
                message = f"入力 {position} ({name}) を受け付けません: input {position} {problem}"
                raise gr.Error(html.escape(message, quote=False), print_exception=False)
        return await super().preprocess_data(block_fn, inputs, state, explicit_call)


def input_problem(component: Any, value: Any) -> str | None:
    """Why `value` is refused as the input of `component`, or None if it is accepted."""
    if isinstance(component, TEXT_INPUTS):
        if value is not None and not isinstance(value, str):
            return f"must be text, not {type(value).__name__}"
    elif isinstance(component, NUMBER_INPUTS):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number, not {type(value).__name__}"
    elif isinstance(component, FILE_INPUTS):
        one_file = isinstance(value, dict) and isinstance(value.get("path"), str)
        if value is not None and not one_file:
            return "must be one uploaded file"
    elif holds_file_reference(value):
        return "must not name a file"
    return None


def holds_file_reference(value: Any) -> bool:
    """True when `value` contains a dict with a string "path" (Gradio's file reference)."""
    if isinstance(value, dict):
        if isinstance(value.get("path"), str):
            return True
        return any(holds_file_reference(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(holds_file_reference(item) for item in value)
    return False
