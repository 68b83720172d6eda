"""The trace database the ``traces`` commands read: ``--db``, or the default location."""

from __future__ import annotations

from pathlib import Path

from runwright._cli._common import CliError
from runwright._tracing.store import TraceStore


def open_store(path: Path | None) -> TraceStore:
    """The trace store at ``path`` (default location when None); CliError if not a store."""

    store = TraceStore(path)
    if store.path.exists() and not store.path.is_file():
        raise CliError(f"trace database {store.path} is not a file")
    try:
        store.list_traces(limit=1)
    except Exception as error:  # sqlite3.DatabaseError: not a database, or damaged
        raise CliError(f"cannot read the trace database {store.path}: {error}") from None
    return store
