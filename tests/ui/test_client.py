"""The api names of docs/interface.md §4 through gradio_client: the CLI's inputs in, its JSON
document (as the text `--json` prints) as the first output."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

CITATION_KEYS = {"doc_id", "revision", "section", "passage_id", "quote"}
GALLIUM_DOCS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?passage WHERE { ?m skos:prefLabel "ガリウム"@ja . ?passage eli:is_about ?m }
"""


@pytest.fixture(scope="module")
def client(live_server, tmp_path_factory) -> Iterator[Client]:
    downloads = tmp_path_factory.mktemp("client-downloads")
    yield Client(
        live_server.url, verbose=False, analytics_enabled=False, download_files=str(downloads)
    )


def test_health_counts_the_loaded_build(live_server):
    with urllib.request.urlopen(f"{live_server.url}/health") as response:
        health = json.load(response)
    assert health["status"] == "ok" and health["documents"] == 6
    assert health["passages"] > 1000 and health["triples"] > 0


def test_the_four_api_names_are_public(client):
    names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/ask", "/trace", "/compare", "/sparql"} <= names


def test_ask_returns_the_answer_document_first(client):
    text, html = client.predict(
        "ニッケルについて、2030年までにどれだけの量を確保することを目標としているか。",
        3,
        api_name="/ask",
    )
    document = json.loads(text)
    assert set(document) == {
        "question",
        "answer",
        "abstained",
        "citations",
        "facts",
        "confidence",
        "nearest",
    }
    assert not document["abstained"] and 1 <= len(document["citations"]) <= 3
    assert all(set(c) == CITATION_KEYS for c in document["citations"])
    assert "ニッケル約" in document["answer"] and "pkg-citations" in html


@pytest.mark.parametrize(
    ("subject", "agency", "series"),
    [
        ("永久磁石", "NEDO", "permanent-magnets-policy"),
        ("重要鉱物", "JOGMEC", "critical-minerals-policy"),
    ],
)
def test_the_support_agency_questions_answer_from_the_graph(
    client, live_server, subject, agency, series
):
    """From the newest revision of the series the question names (this server's corpus has
    two of the critical-minerals policy)."""
    question = f"{subject}の安定供給確保支援業務を行う法人はどこか。"
    text, html = client.predict(question, 3, api_name="/ask")
    document = json.loads(text)
    assert not document["abstained"] and document["answer"].startswith(agency)
    citation = document["citations"][0]
    assert citation["doc_id"].startswith(f"{series}@")
    assert citation["doc_id"] not in live_server.revisions[:1]  # not the older revision
    assert f"法人として{agency}を選定" in citation["quote"] and agency in html


def test_trace_returns_the_trace_document_first(client):
    text, *_ = client.predict("ネオジウム", api_name="/trace")
    document = json.loads(text)
    assert document["mineral"]["label"] == "ネオジム"
    assert document["first_seen"]["doc_id"] == "rare-metals-overview@2011-12"
    dates = [a["revision"] for a in document["appearances"]]
    assert dates == sorted(dates)
    assert {"series": "critical-minerals-policy", "revision": "2025-06-19"} in document[
        "revisions_without_text"
    ]


def test_compare_returns_the_diff_document_first(client, live_server):
    old, new = live_server.revisions
    text, _ = client.predict(old, new, api_name="/compare")
    document = json.loads(text)
    assert (document["a"], document["b"]) == (old, new)
    assert set(document["entities"]) == {"minerals", "measures", "agencies", "targets"}
    assert any("ニッケル" in target for target in document["entities"]["targets"]["changed"])
    changed = [s for s in document["sections"] if s["status"] == "changed"]
    assert len(changed) == 1 and changed[0]["changes"][0]["op"] == "replace"


def test_compare_names_an_unknown_document(client):
    with pytest.raises(AppError, match="nope"):
        client.predict("nope", "rare-metals-overview@2011-12", api_name="/compare")


def test_sparql_returns_the_results_document_first(client):
    text, table, download, _ = client.predict(GALLIUM_DOCS, "json", api_name="/sparql")
    document = json.loads(text)
    assert document["head"]["vars"] == ["passage"]
    assert len(document["results"]["bindings"]) >= 1
    assert table["headers"] == ["passage"] and download.endswith(".srj.json")


def test_sparql_in_another_format_returns_its_text(client):
    document, *_ = client.predict(GALLIUM_DOCS, "csv", api_name="/sparql")
    assert document.startswith("passage\r\n")


def test_sparql_refuses_an_update_with_a_message(client):
    with pytest.raises(AppError, match=r"(?i)update"):
        client.predict("INSERT DATA { <x:a> <x:b> <x:c> }", "", api_name="/sparql")


def plain_http_call(url: str, api_name: str, inputs: list) -> tuple[str, list]:
    """docs/interface.md §4 without gradio_client: post the inputs, read the event stream;
    (the last event's name, its data)."""
    call = f"{url}/gradio_api/call/{api_name}"
    body = json.dumps({"data": inputs}).encode()
    request = urllib.request.Request(call, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        event_id = json.load(response)["event_id"]
    event, data = "", []
    with urllib.request.urlopen(f"{call}/{event_id}") as stream:
        for line in stream.read().decode("utf-8").splitlines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = json.loads(line.removeprefix("data: "))
    return event, data


def test_ask_over_plain_http_returns_the_answer_document_first(live_server):
    question = "ニッケルについて、2030年までにどれだけの量を確保することを目標としているか。"
    event, (text, html) = plain_http_call(live_server.url, "ask", [question, 3])
    document = json.loads(text)
    assert event == "complete" and not document["abstained"]
    assert "ニッケル約" in document["answer"] and "pkg-citations" in html


def test_an_empty_question_over_plain_http_ends_in_an_error_event(live_server):
    event, message = plain_http_call(live_server.url, "ask", ["", 3])
    assert event == "error" and "質問" in str(message)
