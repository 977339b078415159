"""Alembic migrations of the central database (see ``sync.server.db.upgrade``)."""
