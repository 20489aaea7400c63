"""The rows read from an upload, packed for its ImportBatch, so the file is parsed only once.

The preview (however often it is reloaded) and the apply unpack these rows; the uploaded file
itself is never kept. Pure.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from volunteer.imports.columns import HeaderReading
from volunteer.imports.tabular import Table

# Rows packed by this module start so; a file kept before rows were (a stale upload) does not.
MARK = b"volunteer-rows/1\n"


def pack_table(table: Table) -> bytes:
    """Return the table as compressed JSON: each row its number and a value per column."""
    header = table.header
    document = {
        "columns": table.columns,
        "header": {
            "positions": [[index, column] for index, column in header.positions.items()],
            "read": header.read,
            "ignored": header.ignored,
            "clashes": header.clashes,
        },
        # None: the row ended before that column (a short CSV line), which differs from "".
        "rows": [
            [number, [values.get(column) for column in table.columns]]
            for number, values in table.rows
        ],
    }
    return MARK + zlib.compress(json.dumps(document, ensure_ascii=False).encode())


def unpack_table(content: bytes) -> Table | None:
    """Return the table packed in `content`, or None when it holds a file rather than rows."""
    if not content.startswith(MARK):
        return None
    document: dict[str, Any] = json.loads(zlib.decompress(content[len(MARK) :]))
    columns: list[str] = document["columns"]
    saved = document["header"]
    header = HeaderReading(
        positions={int(index): column for index, column in saved["positions"]},
        read=[(written, column) for written, column in saved["read"]],
        ignored=list(saved["ignored"]),
        clashes={column: list(written) for column, written in saved["clashes"].items()},
    )
    rows = [
        (int(number), {c: v for c, v in zip(columns, values, strict=True) if v is not None})
        for number, values in document["rows"]
    ]
    return Table(columns=columns, rows=rows, header=header)
