"""A FastAPI app serving only /sparql (for tests, benchmarks, or a SPARQL-only server).

The real application (UI, /health, /sparql) is assembled elsewhere from
`create_sparql_router`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from policy_kg.sparql.endpoint import create_sparql_router
from policy_kg.sparql.model import SparqlSettings
from policy_kg.sparql.pool import QueryPool


def create_app(store_dir: Path, settings: SparqlSettings | None = None) -> FastAPI:
    """The app; its pool (started with the app) is `app.state.sparql_pool`."""
    pool = QueryPool(store_dir, settings)
    app = FastAPI(title="policy-kg SPARQL")
    app.include_router(create_sparql_router(pool))
    app.state.sparql_pool = pool
    return app
