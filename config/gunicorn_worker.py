"""The gunicorn worker the site runs on: threads, and a deadline on every read and write.

gunicorn's ``gthread`` worker parks connections that have sent nothing on its poller, but
only after a thread has waited five seconds for their first byte: fifty idle connections
keep every thread waiting and the site stalls. Here a new connection gets
``FIRST_BYTE_WAIT`` before it is parked. A client that sends half a request and stalls (a
slow phone line, or a slowloris attack) takes a thread that blocks reading the rest; with a
socket receive/send timeout (``SO_RCVTIMEO``/``SO_SNDTIMEO``) such a read fails after
``CLIENT_TIMEOUT`` seconds, the connection is closed and the thread is free again. A
connection that is not kept alive is closed in its thread too: gunicorn would close it on
the worker's main loop, lingering up to two seconds for the client to close its end, and
thirty stalled clients would stop that loop (accepting and dispatching) for a minute.

This is the one place that depends on gunicorn's worker internals: ``ThreadWorker.handle``
is called in a worker thread with a connection (``TConn``: ``sock``, ``initialized``,
``data_ready``, ``wait_for_data``) and returns ``_DEFER`` to park it.
``tests/test_server_resilience.py`` holds them to that with a real gunicorn.
"""
from __future__ import annotations

import logging
import os
import socket
import struct

from gunicorn.workers import gthread

CLIENT_TIMEOUT = float(os.environ.get("ARCHIVE_CLIENT_TIMEOUT", 15))
FIRST_BYTE_WAIT = 0.05  # seconds a thread waits for a new connection's first byte


def _timeval(seconds: float) -> bytes:
    whole = int(seconds)
    return struct.pack("ll", whole, int((seconds - whole) * 1_000_000))


class _SlowClientNote(logging.Filter):
    """gunicorn logs a timed-out read or write as a socket error with a traceback; one line
    will do."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, (BlockingIOError, TimeoutError)):
            record.msg, record.args = "客户端 %s 秒内没有收发数据，连接已关闭", (CLIENT_TIMEOUT,)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class ArchiveThreadWorker(gthread.ThreadWorker):
    """``gthread`` with a bounded wait for each chunk a client sends or receives."""

    def init_process(self) -> None:
        logging.getLogger("gunicorn.error").addFilter(_SlowClientNote())
        super().init_process()

    def handle(self, conn):  # noqa: ANN001, ANN201 - gunicorn's own signature
        if not conn.initialized and not conn.wait_for_data(FIRST_BYTE_WAIT):
            return gthread._DEFER  # nothing sent yet: wait on the poller, not in a thread
        client = conn.sock
        if isinstance(client, socket.socket) and not getattr(conn, "_deadline_set", False):
            timeval = _timeval(CLIENT_TIMEOUT)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)
            conn._deadline_set = True
        keep = super().handle(conn)
        if keep is False:
            conn.close(graceful=True)  # the main loop's close that follows finds it closed
        return keep
