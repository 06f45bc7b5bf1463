"""The DuckDB store: append-only extracts with lineage, published atomically.

How the dashboard stays up while imports happen
-----------------------------------------------
DuckDB lets one process open a file read-write, or many processes open it read-only, never both.
So a write never touches the published file. It takes an exclusive lock (``<store>.lock``),
copies the published file to ``<store>.next-…``, imports and rebuilds everything derived in that
copy inside one transaction, checkpoints, and then atomically renames the copy over the published
file. Readers attach the published file read-only; a reader that started before the rename keeps
reading the old file (on Linux an open file outlives its name), a reader that starts after sees the
new one. Nobody ever sees half an import, and a write killed at any moment leaves the published
file as it was (a stale ``.next-…`` copy is removed by the next write).
"""

from pipelines.store.reader import StoreReader, read_connection
from pipelines.store.writer import (
    ImportOutcome,
    StoreError,
    import_prepared,
    list_imports,
    withdraw_import,
    write_transaction,
)

__all__ = [
    "ImportOutcome",
    "StoreError",
    "StoreReader",
    "import_prepared",
    "list_imports",
    "read_connection",
    "withdraw_import",
    "write_transaction",
]
