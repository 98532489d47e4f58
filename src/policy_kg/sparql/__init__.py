"""The read-only SPARQL 1.1 endpoint over the built graph (SPEC §4 `/sparql`, §3 `sparql`).

- `endpoint.create_sparql_router(pool)`: the HTTP protocol, as a FastAPI router.
- `pool.QueryPool(store_dir, settings)`: worker processes with a time limit that kills.
- `engine.run_query(store_dir, query, format)`: one query in this process (the CLI).
- `model`: settings, request/result records and the errors with their HTTP status.

This module imports nothing, so that a worker process starts light.
"""
