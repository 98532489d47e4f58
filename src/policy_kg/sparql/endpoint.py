"""The SPARQL 1.1 Protocol (query operation) over HTTP, as a FastAPI router.

GET `?query=`, POST form-encoded and POST `application/sparql-query`, with
`default-graph-uri` / `named-graph-uri`. Every query runs in the worker pool, so handlers
only await and never block the event loop. GET without a query answers the Service
Description. Errors answer as text/plain with the status their SparqlError carries.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from policy_kg.sparql.description import service_description
from policy_kg.sparql.model import ForbiddenQuery, MalformedQuery, QueryRequest, SparqlError
from policy_kg.sparql.pool import QueryPool
from policy_kg.sparql.safety import UPDATE_REFUSED

Params = dict[str, list[str]]

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


def create_sparql_router(pool: QueryPool, path: str = "/sparql") -> APIRouter:
    """Routes for `path`; the router's lifespan starts and closes `pool`.

    Include it with `app.include_router(...)`: FastAPI merges the router's lifespan into
    the app's. Other code (the UI) may share `pool` once the app has started.
    """
    router = APIRouter(lifespan=pool.lifespan)

    @router.get(path, summary="SPARQL query (GET), or the Service Description without one")
    async def sparql_get(request: Request) -> Response:
        params = _params(request)
        if "query" not in params:
            if "update" in params:
                return _error(ForbiddenQuery(UPDATE_REFUSED))
            endpoint = str(request.url.replace(query=""))
            body = service_description(endpoint, pool.settings)
            return Response(body, media_type="text/turtle")
        return await _run(pool, params, params.get("query", []), request)

    @router.post(path, summary="SPARQL query (form-encoded or application/sparql-query)")
    async def sparql_post(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            return _error(MalformedQuery("the request body is not UTF-8"))
        if content_type == FORM:
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return _error(ForbiddenQuery(UPDATE_REFUSED))
            return await _run(pool, form, form.get("query", []), request)
        if content_type == SPARQL_QUERY:
            return await _run(pool, _params(request), [text], request)
        if content_type == SPARQL_UPDATE:
            return _error(ForbiddenQuery(UPDATE_REFUSED))
        message = f"POST a query as {FORM} or {SPARQL_QUERY}, not {content_type or 'no type'}\n"
        return PlainTextResponse(message, status_code=415)

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


def _params(request: Request) -> Params:
    params = request.query_params
    return {key: params.getlist(key) for key in params}


def _error(error: SparqlError) -> Response:
    return PlainTextResponse(error.message + "\n", status_code=error.status)
