"""A download made whole before it is offered: an unnamed temporary file, its size and digest.

Pure: byte chunks in, a file out. The file has no name on disk, so a worker killed while
writing it leaves nothing behind, and nothing half-written can ever be sent.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

# (bytes of the file, how many data rows they hold)
Chunk = tuple[bytes, int]


@dataclass(frozen=True)
class FinishedFile:
    """A complete file, rewound, with what its response declares: length, SHA-256 and rows."""

    file: IO[bytes]
    size: int
    sha256: bytes
    rows: int

    @property
    def sha256_hex(self) -> str:
        """The digest as `sha256sum` prints it."""
        return self.sha256.hex()

    @property
    def repr_digest(self) -> str:
        """The digest as an RFC 9530 Repr-Digest header value."""
        return f"sha-256=:{base64.b64encode(self.sha256).decode()}:"


def finish(chunks: Iterable[Chunk], directory: str | None = None) -> FinishedFile:
    """Write every chunk to an unnamed temporary file; return it only once all are written."""
    # Handed to the response, which closes it: no `with` here.
    file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115
    digest = hashlib.sha256()
    size = rows = 0
    try:
        for data, count in chunks:
            file.write(data)
            digest.update(data)
            size += len(data)
            rows += count
        file.flush()
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FinishedFile(file, size, digest.digest(), rows)
