from pathlib import Path

import policy_kg
from policy_kg.rebuild import BUILD_STAGES, NOT_BUILD_CODE, outside_build


def test_reading_a_pdf_or_adding_a_file_is_not_build_code():
    assert outside_build(Path("corpus/ingest/pdf.py"))
    assert outside_build(Path("rebuild/add.py"))


def test_the_parser_and_the_extractors_are():
    assert not outside_build(Path("corpus/passages.py"))
    assert not outside_build(Path("nlp/extract/targets.py"))
    assert not outside_build(Path("rebuild/__init__.py"))


def test_every_stage_and_excluded_path_names_code_that_exists():
    # a renamed stage or file would silently drop out of (or back into) the fingerprint
    package = Path(policy_kg.__file__).parent
    named = [Path(stage) for stage in BUILD_STAGES] + list(NOT_BUILD_CODE)
    assert [p for p in named if not (package / p).exists()] == []
