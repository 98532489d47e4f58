"""The read-only SPARQL 1.1 endpoint over the built graph (docs/sparql.md), and the guarded
worker behind `policy-kg sparql` (docs/interface.md §3).

- `endpoint.create_sparql_router(pool)`: the HTTP protocol, as a FastAPI router.
- `pool.QueryPool(store_dir, settings)`: worker processes with a time limit that kills.
- `process.run_once(store_dir, request)`: one query in a guarded worker process (the CLI);
  `engine.run_query(store_dir, query, format)` runs one in this process, unguarded.
- `model`: settings, request/result records and the errors with their HTTP status.

This module imports nothing, so that a worker process starts light.
"""
