"""Shared fixtures of the extraction tests: one loaded extractor, and facts of a small text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policy_kg.corpus.model import DocumentMeta, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.pipeline import FactExtractor, extract_document
from policy_kg.nlp.vocabulary import default_vocabulary

DOC_ID = "test-policy@2026-03-30"


@pytest.fixture(scope="session")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> FactExtractor:
    return FactExtractor.load(tmp_path_factory.mktemp("nlp-cache"), default_vocabulary())


@pytest.fixture(scope="session")
def facts_of(extractor: FactExtractor) -> Callable[[str], DocumentFacts]:
    """The facts of a policy body (a title block is put in front, as in the real texts)."""

    def facts(body: str) -> DocumentFacts:
        meta = DocumentMeta(DOC_ID, "test-policy", "t", "i", "2026-03-30", "", "final", "x.txt")
        text = "試験用の取組方針\n\n令和8年3月30日改定\n\n" + body
        return extract_document(
            parse_document(SourceDocument(meta, Path("x.txt"), text, "h")), extractor
        )

    return facts
