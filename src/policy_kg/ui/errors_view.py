"""A user's error, shown under the input that caused it: Japanese first, the English beside.

A toast used to wipe the previous result and vanish; the message now stays under the input
until the next run, the result above stays as it was, and close names ("did you mean") are
offered as buttons that fill the input (`app.py` wires them).
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_kg.graph.entities import UnknownEntityError
from policy_kg.qa.answerer import QuestionError
from policy_kg.revisions.trace import UnknownMineralError
from policy_kg.runtime import UnknownDocumentError
from policy_kg.sparql.model import SparqlError
from policy_kg.ui.markup import esc
from policy_kg.ui.state import NotReady

MESSAGE_LIMIT = 300  # characters of a message: it may quote the user's input
QUOTED_LIMIT = 40  # characters of the input quoted in the Japanese line
SUGGESTIONS = 5  # names offered at most


@dataclass(frozen=True)
class ShownError:
    japanese: str
    english: str
    suggestions: tuple[str, ...] = ()


def shown_error(error: Exception) -> ShownError:
    """What to tell the user about an error they can act on."""
    english = _cut(error.message if isinstance(error, SparqlError) else str(error))
    if isinstance(error, UnknownMineralError):
        return ShownError(
            f"鉱物「{_quoted(error.name)}」は見つかりません。", english, error.suggestions
        )
    if isinstance(error, UnknownEntityError):
        japanese = f"「{_quoted(error.key)}」という鉱物・機関・国・施策は見つかりません。"
        return ShownError(japanese, english, error.suggestions)
    if isinstance(error, UnknownDocumentError):
        known = error.known[:SUGGESTIONS]
        return ShownError(f"文書「{_quoted(error.doc_id)}」はありません。", english, known)
    if isinstance(error, NotReady):
        return ShownError("索引の準備ができていません。", english)
    if isinstance(error, SparqlError):
        return ShownError("クエリを実行できませんでした。", english)
    if isinstance(error, QuestionError):
        return ShownError("質問を確認してください。", english)
    return ShownError("入力を確認してください。", english)


def error_html(shown: ShownError) -> str:
    hint = " 候補から選べます (pick a suggestion below)." if shown.suggestions else ""
    return (
        f'<div class="pkg-notice pkg-notice-error" role="alert">'
        f"<strong>{esc(shown.japanese)}</strong>{esc(hint)}"
        f'<div class="pkg-en">{esc(shown.english)}</div></div>'
    )


def _cut(text: str, limit: int = MESSAGE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(text: str) -> str:
    return _cut(text.strip(), QUOTED_LIMIT)
