"""The SPARQL 1.1 Protocol (query operation) over HTTP, as a FastAPI router.

GET `?query=`, POST form-encoded and POST `application/sparql-query`, with
`default-graph-uri` / `named-graph-uri`. Every query runs in the worker pool, so handlers
only await and never block the event loop. GET without a query answers the Service
Description. Errors answer as text/plain with the status their SparqlError carries, and
a 503 with `Retry-After`.

The protocol is read strictly, since a request read two ways is a request one of them
misreads: other methods answer 405 with `Allow`; `query` together with `update`, a
`query` or `update` in the URL of a POST (its query is the body), or percent escapes that
are not UTF-8 answer 400 (they were ignored, or run with U+FFFD); a body larger than a
query may be answers 413 before it is read whole.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from policy_kg.sparql.description import service_description
from policy_kg.sparql.model import (
    ForbiddenQuery,
    MalformedQuery,
    QueryRequest,
    QueryTooLarge,
    SparqlError,
    UnsupportedMediaType,
)
from policy_kg.sparql.pool import QueryPool
from policy_kg.sparql.querytext import MAX_QUERY_BYTES
from policy_kg.sparql.safety import UPDATE_REFUSED

Params = dict[str, list[str]]

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
ALLOWED = "GET, POST"
OTHER_METHODS = ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
# Percent-encoding writes a byte in at most 3 characters; 4 KiB more for the graph IRIs.
MAX_BODY_BYTES = 3 * MAX_QUERY_BYTES + 4096


def create_sparql_router(pool: QueryPool, path: str = "/sparql") -> APIRouter:
    """Routes for `path`; the router's lifespan starts and closes `pool`.

    Include it with `app.include_router(...)`: FastAPI merges the router's lifespan into
    the app's. Other code (the UI) may share `pool` once the app has started.
    """
    router = APIRouter(lifespan=pool.lifespan)

    @router.get(path, summary="SPARQL query (GET), or the Service Description without one")
    async def sparql_get(request: Request) -> Response:
        try:
            params = _url_params(request)
            _check_operation(params)
        except SparqlError as error:
            return _error(error)
        if "query" not in params:
            endpoint = str(request.url.replace(query=""))
            body = service_description(endpoint, pool.settings)
            return Response(body, media_type="text/turtle")
        return await _run(pool, params, params["query"], request)

    @router.post(path, summary="SPARQL query (form-encoded or application/sparql-query)")
    async def sparql_post(request: Request) -> Response:
        try:
            params, queries = await _posted(request)
        except SparqlError as error:
            return _error(error)
        return await _run(pool, params, queries, request)

    @router.api_route(path, methods=OTHER_METHODS, include_in_schema=False)
    async def sparql_other(request: Request) -> Response:
        message = f"{request.method} is not supported here; use {ALLOWED}\n"
        return PlainTextResponse(message, status_code=405, headers={"Allow": ALLOWED})

    return router


async def _run(pool: QueryPool, params: Params, queries: list[str], request: Request) -> Response:
    if len(queries) != 1:
        return _error(MalformedQuery("give exactly one query (the `query` parameter)"))
    query = QueryRequest(
        query=queries[0],
        accept=request.headers.get("accept", ""),
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
    )
    try:
        result = await pool.run(query)
    except SparqlError as error:
        return _error(error)
    return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})


async def _posted(request: Request) -> tuple[Params, list[str]]:
    """The parameters and queries of a POST; raises SparqlError for what cannot run."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = _url_params(request)
    if "query" in params or "update" in params:
        raise MalformedQuery(
            "a POST carries its query in the body; remove `query`/`update` from the URL"
        )
    if content_type == SPARQL_UPDATE:
        raise ForbiddenQuery(UPDATE_REFUSED)
    if content_type not in (FORM, SPARQL_QUERY):
        raise UnsupportedMediaType(
            f"POST a query as {FORM} or {SPARQL_QUERY}, not {content_type or 'no type'}"
        )
    text = _utf8(await _body(request), "the request body")
    if content_type == SPARQL_QUERY:
        return params, [text]
    form = _parse_params(text, "the form body")
    _check_operation(form)
    return form, form.get("query", [])


def _check_operation(params: Params) -> None:
    if "update" in params:
        if "query" in params:
            raise MalformedQuery("give either `query` or `update`, not both")
        raise ForbiddenQuery(UPDATE_REFUSED)


def _url_params(request: Request) -> Params:
    raw = request.scope.get("query_string", b"")
    return _parse_params(_utf8(raw, "the URL's query string"), "the URL")


def _parse_params(text: str, where: str) -> Params:
    """Parameters of `text`, refusing percent escapes that do not decode as UTF-8."""
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as error:
        raise MalformedQuery(
            f"{where} has percent escapes that are not UTF-8 (at byte {error.start})"
        ) from None


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedQuery(f"{what} is not UTF-8 (at byte {error.start})") from None


async def _body(request: Request) -> bytes:
    """The body, refused with 413 as soon as it is longer than any query may be."""
    too_large = QueryTooLarge(
        f"the request body is over {MAX_BODY_BYTES} bytes; a query may be at most "
        f"{MAX_QUERY_BYTES} bytes"
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _error(error: SparqlError) -> Response:
    headers = {} if error.retry_after is None else {"Retry-After": str(error.retry_after)}
    return PlainTextResponse(error.message + "\n", status_code=error.status, headers=headers)
