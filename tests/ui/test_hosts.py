"""Requests are answered only under the names and port the server was started for."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket, WebSocketDisconnect

from policy_kg.ui.hosts import HostCheck, allowed_hosts

PORT = 7860


def test_the_loopback_names_and_the_given_host_are_allowed_with_the_port():
    assert allowed_hosts("127.0.0.1", PORT) == {
        "127.0.0.1:7860",
        "localhost:7860",
        "[::1]:7860",
    }
    assert "myhost.lan:7860" in allowed_hosts("MyHost.lan", PORT)
    assert "[::1]:7860" in allowed_hosts("::1", PORT)
    assert "[fe80::1]:7860" in allowed_hosts("fe80::1", PORT)


def test_a_name_without_a_port_is_allowed_only_on_port_80():
    assert "localhost" not in allowed_hosts("127.0.0.1", PORT)
    assert {"localhost", "127.0.0.1", "localhost:80"} <= allowed_hosts("127.0.0.1", 80)


def _guarded_app() -> TestClient:
    async def hello(_request: object) -> PlainTextResponse:
        return PlainTextResponse("hello")

    async def socket(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    app = Starlette(routes=[Route("/", hello), WebSocketRoute("/ws", socket)])
    app.add_middleware(HostCheck, allowed=allowed_hosts("127.0.0.1", PORT))
    return TestClient(app, base_url=f"http://127.0.0.1:{PORT}")


@pytest.mark.parametrize("host", ["127.0.0.1:7860", "LOCALHOST:7860", "[::1]:7860"])
def test_an_allowed_host_reaches_the_app(host):
    response = _guarded_app().get("/", headers={"Host": host})
    assert (response.status_code, response.text) == (200, "hello")


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:7860", "127.0.0.1:8000", "localhost", "x" * 500]
)
def test_any_other_host_gets_400_naming_it_briefly(host):
    response = _guarded_app().get("/", headers={"Host": host})
    assert response.status_code == 400 and "Host not allowed" in response.text
    assert len(response.text) < 300


def test_a_websocket_under_another_host_is_closed():
    client = _guarded_app()
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect("/ws", headers={"Host": "evil.example:7860"}),
    ):
        pass
    assert closed.value.code == 1008
    with _guarded_app().websocket_connect("/ws", headers={"Host": "localhost:7860"}) as socket:
        assert socket.receive_text() == "hello"
