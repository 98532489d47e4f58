"""Seeds printed to PDF (and one as a web page) read back: the passages of the text build,
the page furniture gone; bad files refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from readback import read_back

from policy_kg.corpus.ingest.errors import IngestError
from policy_kg.corpus.ingest.read import read_published

SEEDS = tuple(sorted((Path(__file__).resolve().parents[3] / "corpus").glob("*.txt")))
IDENTICAL_SHARE = 0.98  # the bar: passages of the text build found in the PDF build
FURNITURE = re.compile(r"^-\s*\d+\s*-$|^\d+\s*/\s*\d+$|^仮訳$")


@pytest.mark.parametrize("stem", [seed.stem for seed in SEEDS])
def test_a_seed_printed_to_pdf_gives_the_passages_of_its_text(seed_pdfs, stem):
    rendered = seed_pdfs[stem]
    found = read_back(rendered.text_path, read_published(rendered.pdf).text)
    assert found.share >= IDENTICAL_SHARE, (stem, found.share, found.missing)


def test_no_header_footer_or_page_number_survives(seed_pdfs):
    for stem, rendered in seed_pdfs.items():
        text = read_published(rendered.pdf).text
        source = rendered.text_path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if FURNITURE.match(line.strip()):
                assert line.strip() in source.splitlines(), (stem, line)  # printed by the text


def test_the_web_page_gives_its_body_without_navigation_or_footer(seed_web_page):
    text = read_published(seed_web_page.pdf).text
    assert read_back(seed_web_page.text_path, text).share >= IDENTICAL_SHARE
    for furniture in ("ニュースリリース", "組織案内", "Copyright", "霞が関"):
        assert furniture not in text


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
