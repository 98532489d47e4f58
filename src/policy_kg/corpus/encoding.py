"""Reading a corpus text: UTF-8, or an error that says which encoding the file seems to be in.

Texts are read as UTF-8 and otherwise kept exactly as they are: CRLF line ends are not
normalised (the structure parser splits lines on either), so character offsets into
`SourceDocument.text` are offsets into the file as any editor shows it. The one exception is a
leading byte-order mark, which is dropped (editors hide it too); a file that starts with one
therefore has offsets one less than a count that includes it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from policy_kg.corpus.errors import CorpusError

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian, with a byte-order mark)", "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian, with a byte-order mark)", "UTF-16"),
)
_LEGACY_ENCODINGS = (("cp932", "CP932 (Shift_JIS)", "CP932"), ("euc_jp", "EUC-JP", "EUC-JP"))
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]")


def decode_text(path: Path, data: bytes) -> str:
    """The text of a corpus file, or a `CorpusError` saying what encoding it seems to be in."""
    for bom, name, iconv_name in _BOMS:
        if data.startswith(bom):
            raise CorpusError(path, f"text is {name}, not UTF-8; {_convert_hint(iconv_name)}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CorpusError(path, not_utf8_message(data, error), line=line) from None
    if "\x1b$B" in text or "\x1b$@" in text:
        raise CorpusError(path, f"text is ISO-2022-JP, not UTF-8; {_convert_hint('ISO-2022-JP')}")
    if "\x00" in text:
        message = "text contains NUL bytes: UTF-16 without a byte-order mark, or not text at all"
        raise CorpusError(path, message)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CorpusError(path, "text is empty" if not text else "text is only white space")
    return text


def guess_legacy_encoding(data: bytes) -> tuple[str, str] | None:
    """(name, iconv name) of the Japanese encoding that reads `data` as the most Japanese text."""
    best, best_share = None, 0.5
    for codec, name, iconv_name in _LEGACY_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        non_ascii = [c for c in text if ord(c) > 0x7F]
        share = sum(1 for c in non_ascii if _JAPANESE.match(c)) / max(len(non_ascii), 1)
        if share > best_share:
            best, best_share = (name, iconv_name), share
    return best


def not_utf8_message(data: bytes, error: UnicodeDecodeError) -> str:
    where = f"byte 0x{data[error.start]:02X} at offset {error.start} is not UTF-8"
    guess = guess_legacy_encoding(data)
    if guess is None:
        return f"text is not UTF-8 ({where}) and not CP932 or EUC-JP either"
    name, iconv_name = guess
    return f"text is not UTF-8 ({where}); it looks like {name}: {_convert_hint(iconv_name)}"


def _convert_hint(iconv_name: str) -> str:
    return f"convert it with `iconv -f {iconv_name} -t UTF-8 FILE > FILE.new`"
