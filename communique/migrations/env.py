"""Alembic environment: migrations run on the connection the store hands over (see store.upgrade)."""
from alembic import context

from communique.schema import metadata

target_metadata = metadata
connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=target_metadata,
                  render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters tables by copying
with context.begin_transaction():
    context.run_migrations()
