"""Only requests addressed to this server by its own name and port are answered.

DNS rebinding: a page of another site makes the browser resolve the site's name to
127.0.0.1, then calls this server as if it were the site itself, so the browser lets the
page read the answers. Such requests still carry the site's name in `Host`, so the server
answers only the names it was started for, each with its port: 127.0.0.1, localhost,
[::1] and the `--host` value. Starlette's TrustedHostMiddleware is not used because it
compares the name alone and accepts any port (starlette 1.10, `parse_host_header`).
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
DEFAULT_HTTP_PORT = 80  # the one port a browser leaves out of `Host`
QUOTE_LIMIT = 80  # characters of a refused Host header quoted back
POLICY_VIOLATION = 1008  # WebSocket close code (RFC 6455 §7.4.1)


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The `Host` values (lower case) of requests meant for a server at host:port."""
    names = {*LOOPBACK_NAMES, _bracketed(host.lower())}
    hosts = {f"{name}:{port}" for name in names}
    if port == DEFAULT_HTTP_PORT:
        hosts |= names
    return frozenset(hosts)


def _bracketed(host: str) -> str:
    """An IPv6 address as it appears in `Host` (in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class HostCheck:
    """ASGI middleware: 400 for an HTTP request whose `Host` is not in `allowed`."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _host_header(scope)
        if host is not None and host.lower() in self.allowed:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": POLICY_VIOLATION})
        else:
            await _refusal(host)(scope, receive, send)


def _host_header(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"host":
            return value.decode("latin-1")
    return None


def _refusal(host: str | None) -> PlainTextResponse:
    quoted = "(none)" if host is None else repr(host[:QUOTE_LIMIT])
    return PlainTextResponse(
        f"このサーバーはこのホスト名では応答しません。 Host not allowed: {quoted}; "
        "open the address the server printed at start (http://127.0.0.1:PORT/).",
        status_code=400,
    )
