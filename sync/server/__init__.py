"""The central sync service (FastAPI on SQLAlchemy Core; SQLite file or PostgreSQL).

Layout:
    models.py      tables: one per replicated entity (+ scope, version) and the private tables
    db.py          engines (SQLite WAL / PostgreSQL pool), read/write transactions, migrations
    migrations/    Alembic, driven from code (no alembic.ini)
    versions.py    per-scope versions: bump, upsert_rows, delete_rows (tombstones), purge
    cursors.py     signed, opaque snapshot and changes cursors
    rows.py, feed.py   fast wire-form reads; snapshot pages and the change feed
    watcher.py     long-poll wake-ups when a scope head moves
    context.py     per-app objects (Central), store directory, device authentication
    routes.py, app.py, errors.py   the /v1 HTTP API
    hot_routes.py  /v1/changes and /v1/mutations, served without FastAPI's per-request machinery
    enrollment.py  one-time codes -> device tokens
    mutations/     business rules, one module per handler group, applied exactly once (apply.py)
    seed.py, admin.py, cli.py      synthetic data, fleet chores, ``clienteling-central``
"""
