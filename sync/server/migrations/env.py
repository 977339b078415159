"""Alembic environment for the central database, driven from code (``sync.server.db.upgrade``).

No alembic.ini: ``db.alembic_config`` sets the script location and hands over a live connection
through ``config.attributes["connection"]``. ``render_as_batch`` lets ALTERs work on SQLite.
"""

from alembic import context
from sqlalchemy import engine_from_config, pool

from sync.server.models import metadata

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    # Developer use (``alembic -x`` style): a URL in the config's sqlalchemy.url option.
    engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
