"""Holes found by a hostile tester, each tested against the real server (`small_server`,
in its own process on a free loopback port):

- a file reference sent as a text input got the file copied into Gradio's cache and served;
- any `Host` was answered, so a page of another site could reach the server (DNS rebinding);
- the SPARQL tab's result files piled up on disk, and uploads had no size limit.

Also what held before and must keep holding: Gradio's file routes refuse a path that
climbs out of their folders, and HTML in an input comes back as text (in the api, and in
Chromium on the live server).
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import httpx
import pytest

from policy_kg.ui.downloads import MAX_BYTES, MAX_FILES
from policy_kg.ui.errors_view import MESSAGE_LIMIT
from policy_kg.ui.server import MAX_UPLOAD_BYTES

HOST_FILES = (Path("/etc/passwd"),)  # a file of the machine every Linux host has
TEXT_INPUTS = {  # api name -> its inputs, with a file reference as each text input
    "trace": lambda ref: [ref],
    "ask": lambda ref: [ref, 3],
    "entity": lambda ref: [ref],
    "compare": lambda ref: [ref, ref],
    "sparql": lambda ref: [ref, "json"],
}
ANSWERS = MAX_FILES + 8  # SPARQL answers asked for: more than the folder keeps
REQUEST_TIMEOUT = 60.0  # seconds for one request; a SPARQL answer takes well under 1 s


def _client(server, host: str | None = None) -> httpx.Client:
    headers = {"Host": host} if host else {}
    return httpx.Client(base_url=server.url, headers=headers, timeout=REQUEST_TIMEOUT)


def _call(server, api_name: str, data: list) -> tuple[str, str]:
    """(last event, its data) of one call of the api `api_name` (Gradio's call protocol)."""
    with _client(server) as client:
        posted = client.post(f"/gradio_api/call/{api_name}", json={"data": data})
        posted.raise_for_status()
        stream = client.get(f"/gradio_api/call/{api_name}/{posted.json()['event_id']}")
    events = [
        line[len("event: ") :] for line in stream.text.splitlines() if line.startswith("event: ")
    ]
    datas = [
        line[len("data: ") :] for line in stream.text.splitlines() if line.startswith("data: ")
    ]
    return events[-1], datas[-1]


def _holding(folder: Path, content: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.read_bytes() == content]


@pytest.fixture
def host_secret(tmp_path) -> Path:
    """A file of the machine outside anything the server writes."""
    path = tmp_path / "secret.txt"
    path.write_text("host-secret-e81b3c", encoding="utf-8")
    return path


# --- (3) a file reference as a text input ------------------------------------------------


@pytest.mark.parametrize("api_name", TEXT_INPUTS)
def test_a_file_reference_as_text_input_is_refused_and_no_file_is_copied(
    small_server, host_secret, api_name
):
    for target in (host_secret, *HOST_FILES):
        reference = {"path": str(target), "meta": {"_type": "gradio.FileData"}}
        event, data = _call(small_server, api_name, TEXT_INPUTS[api_name](reference))
        assert _holding(small_server.tmp, target.read_bytes()) == []
        assert "/gradio_api/file=" not in data and str(target) not in data
        assert event == "error" and "must be text" in data
    with _client(small_server) as client:
        for target in (host_secret, *HOST_FILES):
            assert client.get(f"/gradio_api/file={target}").status_code == 403


def test_gradio_file_routes_refuse_paths_that_climb_out(small_server):
    """Held before the fix: keep it. Raw paths, since clients tidy `..` away themselves."""
    downloads = next(small_server.tmp.rglob("policy-kg-downloads-*"))
    climbs = ("../" * len(downloads.parts), "%2e%2e/" * len(downloads.parts))
    passwd = HOST_FILES[0].read_bytes()
    for climb in climbs:
        connection = http.client.HTTPConnection("127.0.0.1", small_server.port, timeout=30)
        connection.request("GET", f"/gradio_api/file={downloads}/{climb}etc/passwd")
        response = connection.getresponse()
        assert response.status in (403, 404) and response.read() != passwd
        connection.close()


def test_a_file_reference_to_a_non_text_input_is_refused_too(small_server, host_secret):
    reference = {"path": str(host_secret), "meta": {"_type": "gradio.FileData"}}
    event, data = _call(small_server, "load_example", [reference])  # the Examples' Dataset
    assert _holding(small_server.tmp, host_secret.read_bytes()) == []
    assert event == "error" and "must not name a file" in data


# --- (4) DNS rebinding -------------------------------------------------------------------

ROUTES = (
    ("GET", "/"),
    ("GET", "/health"),
    ("GET", "/sparql?query=ASK%7B%7D"),
    ("GET", "/gradio_api/info"),
    ("POST", "/gradio_api/call/trace"),
)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1"])
def test_a_request_for_another_host_gets_400_on_every_route(small_server, host):
    with _client(small_server, host.format(port=small_server.port)) as client:
        for method, route in ROUTES:
            response = client.request(method, route, json={"data": ["ネオジム"]})
            assert response.status_code == 400, (method, route, response.text[:200])
            assert "Host not allowed" in response.text


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]"])
def test_the_hosts_the_server_was_started_for_are_answered(small_server, name):
    with _client(small_server, f"{name}:{small_server.port}") as client:
        assert client.get("/").status_code == 200
        assert client.get("/health").json()["status"] == "failed"  # no corpus, as meant
        assert client.get("/sparql?query=ASK%7B%7D").json() == {"head": {}, "boolean": True}
        assert "/sparql" in client.get("/gradio_api/info").json()["named_endpoints"]


# --- (7) files on disk -------------------------------------------------------------------


def test_sparql_answers_leave_one_file_each_and_only_the_newest(small_server):
    files = []
    for k in range(ANSWERS):
        event, data = _call(small_server, "sparql", [f"SELECT ({k} AS ?k) WHERE {{}}", "json"])
        assert event == "complete", data[:300]
        files.append(json.loads(data)[2])
    on_disk = [p for p in small_server.tmp.rglob("results-*") if p.is_file()]
    assert len(on_disk) == MAX_FILES
    assert sum(p.stat().st_size for p in on_disk) <= MAX_BYTES
    with _client(small_server) as client:
        newest = client.get(files[-1]["url"])
        assert newest.status_code == 200 and newest.json()["results"]["bindings"][0]["k"][
            "value"
        ] == str(ANSWERS - 1)
        assert client.get(files[0]["url"]).status_code in (403, 404)


def test_an_upload_over_the_limit_is_refused_with_the_limit_named(small_server):
    before = {p for p in small_server.tmp.rglob("*") if p.is_file()}
    with _client(small_server) as client:
        too_large = client.post(
            "/gradio_api/upload", files={"files": ("big.txt", b"x" * (MAX_UPLOAD_BYTES + 1))}
        )
        assert too_large.status_code == 413
        assert f"{MAX_UPLOAD_BYTES} bytes" in too_large.text  # names the limit
        after = {p for p in small_server.tmp.rglob("*") if p.is_file()}
        assert all(p.stat().st_size <= MAX_UPLOAD_BYTES for p in after - before)
        small = client.post("/gradio_api/upload", files={"files": ("small.txt", b"x" * 100)})
        assert small.status_code == 200


# --- held before the fix, kept: HTML in an input comes back as text ----------------------

HTML_INPUT = '<img src="x" onerror="document.body.dataset.pwned = 1">'


def test_html_in_an_input_comes_back_escaped_and_cut_in_the_api(live_server):
    event, data = _call(live_server, "entity", [HTML_INPUT + "x" * 5000])
    message = json.loads(data)["error"]
    assert event == "error" and "&lt;img" in message and "<img" not in message
    assert len(message) < MESSAGE_LIMIT + 100  # the escaped form is a little longer


def test_html_in_an_input_stays_text_in_chromium(ui):
    ui.page.get_by_role("tab", name="グラフ Explore").click()
    ui.page.fill("#explore-key input, #explore-key textarea", HTML_INPUT)
    ui.page.click("#explore-button")
    ui.page.get_by_text("onerror=", exact=False).first.wait_for()
    assert ui.page.locator('img[src="x"]').count() == 0
    assert ui.page.evaluate("document.body.dataset.pwned") is None
