"""Finished-file handoff: a file appears under its final name only once it is whole.

The bytes go to a temporary name, are flushed to the disk and only then renamed, so a worker
killed half-way leaves a `.part` file that is never offered. Pure: paths and bytes only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

PART_SUFFIX = ".part"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FinishedFile:
    """A file renamed into place, with what it must still be when it is handed over."""

    path: Path
    size: int
    sha256: str


def publish(content: bytes | Path, final: Path) -> FinishedFile:
    """Put `content` at `final` through a temporary name: bytes are written to `<final>.part`;
    a file (a kind's scratch file, itself a `.part`) is synced and renamed, never copied."""
    if isinstance(content, Path):
        part = content
        size, sha256 = _measure(part)
        with part.open("rb+") as written:
            os.fsync(written.fileno())
    else:
        part = final.with_name(final.name + PART_SUFFIX)
        with part.open("wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        size, sha256 = len(content), hashlib.sha256(content).hexdigest()
    os.replace(part, final)
    _sync_folder(final.parent)
    return FinishedFile(path=final, size=size, sha256=sha256)


def _measure(path: Path) -> tuple[int, str]:
    """Return the size and SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a crash right after must not lose it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def still_whole(path: Path, size: int, sha256: str) -> bool:
    """Say whether the file at `path` is the one published: same size, same SHA-256."""
    try:
        return path.stat().st_size == size and _measure(path) == (size, sha256)
    except OSError:
        return False


def remove_leftovers(folder: Path, prefix: str) -> int:
    """Delete the files of one job (half-written or not) whose names start with `prefix`."""
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.glob(prefix + "*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += 1
    return removed
