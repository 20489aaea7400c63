"""The offline scanner tests' helpers: a queue as the device keeps it, sent by the world's
coordinator; and for the browser tests, a camera video of codes and a server that can go away.

The world itself (a volunteer with a phone code, a 09:00–12:00 activity, its coordinator) is
tests/scanner_world.py's.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import qrcode
from sqlalchemy import func, select
from werkzeug.serving import WSGIRequestHandler, make_server

from volunteer.scanner.models import OfflineScan, ScanAction
from volunteer.scanner.services import codes, offline
from volunteer.scanner.services.queue_payload import QueuedScan


def queued(token: str, action: ScanAction, scanned_at: datetime, scan_id: str | None = None):
    """A scan as the device keeps it, with an id of its own."""
    return QueuedScan(scan_id or str(uuid.uuid4()), token, action, scanned_at)


def receive(world, scans, *, now: datetime, device_now: datetime | None = None):
    """Send `scans` as the world's coordinator's device does, at the server's `now`."""
    return offline.receive_queue(
        activity=world["activity"],
        scans=scans,
        device_now=device_now or now,
        by=world["coordinator"],
        now=now,
    )


def token_at(world, moment: datetime) -> str:
    """The world's volunteer's phone code as shown at `moment`."""
    return codes.phone_token(world["code"], moment)


def stored(db) -> int:
    """How many scans the server holds."""
    return db.session.scalar(select(func.count()).select_from(OfflineScan))


# --- For the browser ---------------------------------------------------------------------------

WIDTH, HEIGHT = 320, 240
# The video's seconds (one frame a second): blank while the test sets the page up, each code for
# two seconds, then blank for longer than the test needs (the fake camera loops the file).
LEAD_SECONDS, CODE_SECONDS, TAIL_SECONDS = 15, 2, 90


def frame(text: str | None) -> bytes:
    """One 4:2:0 frame: the QR code of `text` in black on white, centred; blank when None."""
    luma = bytearray(b"\xff" * (WIDTH * HEIGHT))
    if text is not None:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(text)
        code.make(fit=True)
        matrix = code.get_matrix()
        scale = HEIGHT // len(matrix)
        left, top = (WIDTH - scale * len(matrix)) // 2, (HEIGHT - scale * len(matrix)) // 2
        for row, cells in enumerate(matrix):
            for column, dark in enumerate(cells):
                if not dark:
                    continue
                for y in range(top + row * scale, top + (row + 1) * scale):
                    start = y * WIDTH + left + column * scale
                    luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (WIDTH * HEIGHT // 2)
    return b"FRAME\n" + bytes(luma) + chroma


def camera_video(path: Path, texts: list[str]) -> Path:
    """Write a .y4m video showing each of `texts` in turn, for Chromium's fake camera."""
    blank = frame(None)
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F1:1 Ip A1:1 C420jpeg\n".encode())
        video.write(blank * LEAD_SECONDS)
        for text in texts:
            video.write(frame(text) * CODE_SECONDS)
        video.write(blank * TAIL_SECONDS)
    return path


@contextmanager
def serving(app, port: int) -> Iterator[str]:
    """Serve `app` on `port` until the block ends: an outage the browser cannot tell apart."""

    class OneRequestPerConnection(WSGIRequestHandler):
        protocol_version = "HTTP/1.0"  # no kept-alive connection outlives the server

    server = make_server(
        "127.0.0.1", port, app, threaded=True, request_handler=OneRequestPerConnection
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
