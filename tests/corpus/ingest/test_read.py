"""Seeds printed to PDF (and one as a web page) read back: the passages of the text build,
the page furniture gone, the drafted sidecar as the hand-written one; bad files refused."""

from __future__ import annotations

import re
import string
import subprocess
import unicodedata
from pathlib import Path

import pytest

from policy_kg.corpus.ingest.draft import Choices, draft_sidecar
from policy_kg.corpus.ingest.errors import IngestError
from policy_kg.corpus.ingest.read import read_published
from policy_kg.corpus.ingest.title_block import read_title_block
from policy_kg.corpus.model import DocumentMeta, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.corpus.sidecar import read_sidecar

SEEDS = tuple(sorted((Path(__file__).resolve().parents[3] / "corpus").glob("*.txt")))
IDENTICAL_SHARE = 0.98  # the bar: passages of the text build found in the PDF build
# seeds whose title block states every drafted field as the hand-written sidecar has it; the
# deck names its bureau only (製造産業局) and the framework names no issuer in its title block
TITLE_BLOCK_COMPLETE = (
    "critical-minerals-policy-2026-03-30",
    "permanent-magnets-policy-2025-draft",
    "rare-metals-overview-2011-12",
)
FURNITURE = re.compile(r"^-\s*\d+\s*-$|^\d+\s*/\s*\d+$|^仮訳$")


def _meta(text_path: Path) -> DocumentMeta:
    sidecar = text_path.with_suffix(".yaml")
    meta = read_sidecar(sidecar, sidecar.read_bytes())
    assert isinstance(meta, DocumentMeta)
    return meta


def _passages(
    text_path: Path, text: str, unprintable: frozenset[str] = frozenset()
) -> list[str]:
    parsed = parse_document(SourceDocument(_meta(text_path), text_path, text, ""))
    return [_normal(p.text, unprintable) for p in parsed.passages]


def _normal(text: str, unprintable: frozenset[str] = frozenset()) -> str:
    text = "".join(c for c in text if c not in unprintable)
    return "".join(unicodedata.normalize("NFKC", text).split())


def _unprintable(source: str, extracted: str) -> frozenset[str]:
    """Characters of the seed that no font here can draw (fc-list finds none): Chromium
    prints a blank box for them (尐, 鉬), so no PDF of this machine holds them to read back."""
    lost = set(source) - set(extracted) - set(string.whitespace)
    return frozenset(c for c in lost if not _font_has(c))


def _font_has(char: str) -> bool:
    found = subprocess.run(
        ["fc-list", f":charset={ord(char):x}"], capture_output=True, text=True, check=True
    )
    return bool(found.stdout.strip())


def _identical_share(expected: list[str], found: list[str]) -> float:
    found_set = set(found)
    return sum(1 for p in expected if p in found_set) / len(expected)


# the slide deck falls short (0.969): its Markdown table rows wrap across printed lines and
# come back joined differently; left as a known gap rather than hidden
SHORT_OF_THE_BAR = "materials-strategy-issues-2026-02-19"


@pytest.mark.parametrize(
    "stem",
    [
        pytest.param(
            seed.stem,
            marks=pytest.mark.xfail(strict=True, reason="deck tables: a known gap")
            if seed.stem == SHORT_OF_THE_BAR
            else (),
        )
        for seed in SEEDS
    ],
)
def test_a_seed_printed_to_pdf_gives_the_passages_of_its_text(seed_pdfs, stem):
    rendered = seed_pdfs[stem]
    text = rendered.text_path.read_text(encoding="utf-8")
    published = read_published(rendered.pdf)
    unprintable = _unprintable(text, published.text)
    share = _identical_share(
        _passages(rendered.text_path, text, unprintable),
        _passages(rendered.text_path, published.text, unprintable),
    )
    assert share >= IDENTICAL_SHARE, (stem, share)


def test_no_header_footer_or_page_number_survives(seed_pdfs):
    for stem, rendered in seed_pdfs.items():
        text = read_published(rendered.pdf).text
        source = rendered.text_path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if FURNITURE.match(line.strip()):
                assert line.strip() in source.splitlines(), (stem, line)  # printed by the text


def test_the_web_page_gives_its_body_without_navigation_or_footer(seed_web_page):
    text = read_published(seed_web_page.pdf).text
    expected = _passages(seed_web_page.text_path, seed_web_page.text_path.read_text())
    assert _identical_share(expected, _passages(seed_web_page.text_path, text)) >= 0.98
    for furniture in ("ニュースリリース", "組織案内", "Copyright", "霞が関"):
        assert furniture not in text


def test_the_drafted_sidecar_is_the_hand_written_one(seed_pdfs):
    corpus = tuple(_meta(r.text_path) for r in seed_pdfs.values())
    for stem in TITLE_BLOCK_COMPLETE:
        rendered = seed_pdfs[stem]
        published = read_published(rendered.pdf)
        block = read_title_block(published.text)
        draft = draft_sidecar(block, Choices(), rendered.pdf.name, ".pdf", "0" * 64, corpus)
        hand = _meta(rendered.text_path)
        drafted = draft.meta
        assert (drafted.title, drafted.issuer, drafted.revision, drafted.status) == (
            hand.title,
            hand.issuer,
            hand.revision,
            hand.status,
        )
        assert drafted.doc_id == hand.doc_id  # the series is in the corpus: its id is reused
        assert drafted.known_revisions == hand.known_revisions


def test_a_new_series_is_not_guessed(seed_pdfs):
    rendered = seed_pdfs["rare-metals-overview-2011-12"]
    block = read_title_block(read_published(rendered.pdf).text)
    draft = draft_sidecar(block, Choices(), "x.pdf", ".pdf", "0" * 64, ())
    assert draft.missing() == ("series",)


def test_a_file_named_pdf_that_is_not_one_is_refused(tmp_path):
    fake = tmp_path / "policy.pdf"
    fake.write_text("<html>not a pdf</html>")
    with pytest.raises(IngestError, match="is not a PDF") as raised:
        read_published(fake)
    assert str(fake) in str(raised.value)


def test_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.touch()
    with pytest.raises(IngestError, match="is empty"):
        read_published(empty)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:  # sparse: 200 MB named, nothing written
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(IngestError, match="over the 50 MB limit"):
        read_published(big)


def test_a_pdf_without_a_text_layer_is_refused(scanned_pdf):
    with pytest.raises(IngestError, match="no text layer"):
        read_published(scanned_pdf)


def test_an_unknown_type_is_refused(tmp_path):
    doc = tmp_path / "policy.docx"
    doc.write_bytes(b"PK\x03\x04")
    with pytest.raises(IngestError, match="cannot be added"):
        read_published(doc)
