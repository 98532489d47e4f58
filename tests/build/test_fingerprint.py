from pathlib import Path

from policy_kg.build import outside_build


def test_reading_a_pdf_or_adding_a_file_is_not_build_code():
    assert outside_build(Path("corpus/ingest/pdf.py"))
    assert outside_build(Path("build/add.py"))


def test_the_parser_and_the_extractors_are():
    assert not outside_build(Path("corpus/passages.py"))
    assert not outside_build(Path("nlp/extract/targets.py"))
    assert not outside_build(Path("build/__init__.py"))
