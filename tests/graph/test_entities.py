"""Finding an entity by what a user types: names and IRIs of the graph resolve; anything else,
keys written to inject SPARQL included, is refused before a query runs, with a message that
says why and quotes the key capped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset

from policy_kg.config import BuildDir, Paths
from policy_kg.graph.entities import EntityView, UnknownEntityError, entity_iri
from policy_kg.graph.namespaces import country_iri, measure_iri, mineral_iri, region_iri
from policy_kg.graph.queries.entity_page import entity_facts
from policy_kg.graph.queries.plumbing import MAX_IRI_CHARS, QUOTED_CHARS
from policy_kg.nlp.vocabulary import Vocabulary
from policy_kg.rebuild import BuildReport
from policy_kg.runtime import Runtime

INJECTIONS = ("SERVICE", "cartesian", "UNION bomb")
GALLIUM = str(mineral_iri("gallium"))
REFUSED = r"\((not an IRI: it contains '>'|longer than \d+ characters)\)"
# the message around the quoted key: the reason and the hint on what to type
MESSAGE_CHARS = QUOTED_CHARS + 200


@pytest.fixture
def small_runtime(small_store_dir: Path) -> Runtime:
    """A Runtime whose build's graph is the small store: what Runtime.entity reads."""
    return Runtime(Paths(), BuildReport(BuildDir(small_store_dir.parent), (), (), True, 0.0))


def test_names_and_iris_of_the_graph_resolve(vocabulary: Vocabulary, small_store: Dataset):
    assert entity_iri("ガリウム", vocabulary, small_store) == GALLIUM
    assert entity_iri(f"  {GALLIUM} ", vocabulary, small_store) == GALLIUM
    measure = str(measure_iri("製錬等事業支援"))
    assert entity_iri("製錬等事業支援", vocabulary, small_store) == measure
    assert entity_iri(measure, vocabulary, small_store) == measure


def test_a_region_resolves_by_its_slug_and_a_country_by_its_code(
    vocabulary: Vocabulary, small_store: Dataset
):
    assert entity_iri("欧州", vocabulary, small_store) == str(region_iri("europe"))
    assert entity_iri("中国", vocabulary, small_store) == str(country_iri("cn"))


def test_an_iri_that_is_not_in_the_graph_is_unknown(vocabulary: Vocabulary, small_store: Dataset):
    with pytest.raises(UnknownEntityError, match="not in the graph"):
        entity_iri(GALLIUM + "x", vocabulary, small_store)


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("https://example.org/a b", "not an IRI: it contains ' '"),
        ('https://example.org/a"b', """not an IRI: it contains '"'"""),
        ("https://example.org/a\nb", r"not an IRI: it contains '\n'"),
        ("http://[::1/x", "not an IRI: not absolute or malformed"),
        ("https://example.org/" + "a" * MAX_IRI_CHARS, f"longer than {MAX_IRI_CHARS} characters"),
    ],
)
def test_text_that_is_not_an_iri_is_refused_saying_why(
    vocabulary: Vocabulary, small_store: Dataset, key: str, reason: str
):
    with pytest.raises(UnknownEntityError) as refused:
        entity_iri(key, vocabulary, small_store)
    assert reason in str(refused.value)


@pytest.mark.parametrize("name", INJECTIONS)
def test_an_injected_key_is_no_entity(vocabulary, small_store, injection_probe, name):
    key = injection_probe.keys[name]
    error = injection_probe.refusal(lambda k: entity_iri(k, vocabulary, small_store), key)
    assert isinstance(error, UnknownEntityError), f"entity_iri gave {error!r}"
    message = str(error)
    assert message.startswith(f"no entity named '{GALLIUM}> }}")
    assert re.search(REFUSED, message)
    assert key not in message and "…'" in message and len(message) < MESSAGE_CHARS


@pytest.mark.parametrize("name", INJECTIONS)
def test_the_runtime_refuses_an_injected_key_without_a_request(
    small_runtime: Runtime, injection_probe, name: str
):
    assert small_runtime.entity("ガリウム").page.labels[0] == "ガリウム"  # the graph answers
    error = injection_probe.refusal(small_runtime.entity, injection_probe.keys[name])
    assert isinstance(error, UnknownEntityError), f"Runtime.entity gave {error!r}"
    assert re.search(REFUSED, str(error))
    assert injection_probe.requests == []


def test_an_entity_pages_facts_carry_their_number_as_written(small_store: Dataset):
    """Explore shows 約10万トン／年 with the normalised value beside, never only 約100000."""
    page = EntityView(entity_facts(small_store, str(mineral_iri("lithium")))).to_json()
    (target,) = [f for f in page["facts"] if f["kind"] == "Target"]
    assert target["quantity"] == "約10万トン／年（約100000トン／年）"
