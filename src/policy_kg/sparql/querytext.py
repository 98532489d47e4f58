"""One canonical query text: the text the safety check parses is byte for byte the text run.

The check parses with rdflib, the engine with Oxigraph, and the two grammars disagreed on
a few characters. A `#` comment ends at `\\n` for rdflib but at a bare `\\r` too for
Oxigraph, so `# \\r SERVICE <http://...>` hid a SERVICE from the check and the engine
called the URL. Escapes differ too: rdflib expands `\\u` escapes across the whole text
before parsing (and reads `\\u` with eight hex digits as one escape), as SPARQL 1.1 §19.2
says; Oxigraph 0.5 does not, so `#\\u000D SERVICE` was a comment to one and a CR to the
other. So the text is made canonical once, before either parser sees it: escapes expanded
as the standard says, every line end made `\\n`, and refused when an escape is still left
to expand or when it holds a character the grammars may read differently (other control
characters, Unicode line separators, a byte-order mark, surrogates). Both parsers then
read the same text, with nothing left to expand.

Nesting is bounded here too, with a limit named in the message: rdflib parses by
recursion and runs out of Python stack at 24 nested parentheses or 36 nested groups
(measured with rdflib 7.6), which it reported as an unhelpful "maximum recursion depth".
"""

from __future__ import annotations

import re

from policy_kg.sparql.model import MalformedQuery, QueryTooLarge

# 64 KiB: 50 times the longest query of docs/sparql.md (1.3 KB); a 4 KB query (2,000
# additions) already took 14 s to check and run, so longer texts only exhaust workers.
MAX_QUERY_BYTES = 64 * 1024
# rdflib's recursion runs out at 24 nested parentheses (the costliest bracket, about 40
# Python frames each); 20 leaves room for the frames below the parser.
MAX_NESTING = 20

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# What rdflib would still expand (it takes `\U` with four digits, and `\u` with eight).
_LEFT_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
# Comments, strings and IRIs are skipped whole; only the brackets left are counted.
_TOKENS = re.compile(
    r"#[^\n]*"
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|[{(\[]|[})\]]",
    re.DOTALL,
)
_QUOTE_LENGTH = 40  # characters of a refused character's surroundings quoted in a message


def check_size(text: str) -> None:
    """QueryTooLarge (413) when the text is over MAX_QUERY_BYTES in UTF-8."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryTooLarge(
            f"the query text is {size} bytes; this endpoint accepts at most {MAX_QUERY_BYTES}"
        )


def canonical_query(text: str) -> str:
    """The text both parsers read alike; raises QueryTooLarge or MalformedQuery."""
    check_size(text)
    expanded = _ESCAPE.sub(_expand, text)
    left = _LEFT_ESCAPE.search(expanded)
    if left:
        raise MalformedQuery(
            f"the escape {left.group()!r} (at character {left.start()}) is left after "
            "expanding \\u and \\U escapes once; write the character itself"
        )
    canonical = expanded.replace("\r\n", "\n").replace("\r", "\n")
    refused = _REFUSED.search(canonical)
    if refused:
        start = max(0, refused.start() - _QUOTE_LENGTH // 2)
        raise MalformedQuery(
            f"the query holds the character U+{ord(refused.group()):04X} (at character "
            f"{refused.start()}, in {canonical[start : start + _QUOTE_LENGTH]!r}); control "
            "characters other than tab and line ends are not accepted"
        )
    _check_nesting(canonical)
    return canonical


def _expand(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise MalformedQuery(f"the escape {match.group()!r} is not a Unicode character")
    return chr(code)


def _check_nesting(text: str) -> None:
    depth = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "{([":
            depth += 1
            if depth > MAX_NESTING:
                raise MalformedQuery(
                    f"the query nests brackets ({{ }}, ( ) or [ ]) more than {MAX_NESTING} "
                    f"deep (at character {token.start()}), the limit of this endpoint's parser"
                )
        elif bracket in "})]":
            depth -= 1
