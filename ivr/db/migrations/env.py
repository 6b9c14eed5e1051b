"""Alembic's entry point: runs migrations on the connection :func:`ivr.db.upgrade` passes in
(or on ``sqlalchemy.url`` when alembic is run by hand)."""

from alembic import context
from sqlalchemy import create_engine

from ivr.db.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).begin() as conn:  # type: ignore[arg-type]  # set by db.py
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
