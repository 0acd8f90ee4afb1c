"""Riding out a database that is busy or briefly gone, and saying clearly when it is not coming back.

A write that fails because another process holds SQLite's write lock longer than busy_timeout,
or because PostgreSQL dropped the connection (a restart, an administrator's terminate), is tried
again with a growing pause: every write is one whole transaction, so trying it again is safe.
Anything else (a full disk, a read-only file, a constraint) is not retried: it becomes a
``StoreError`` whose message says what happened, in one line.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)
T = TypeVar("T")

# Words of the drivers' messages for conditions that pass: a lock, a dropped or refused connection.
TRANSIENT = ("database is locked", "database table is locked", "database is busy", "deadlock detected",
             "could not serialize access", "terminating connection", "server closed the connection",
             "connection refused", "connection reset", "connection timed out", "the database system is",
             "consuming input failed", "connection is closed", "connection is lost", "ssl connection has been closed",
             "could not connect", "cannot connect", "no connection to the server", "admin_shutdown")


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says why, in one line."""


def reason(exc: BaseException) -> str:
    """The driver's own message on one line, without SQLAlchemy's SQL and background links."""
    return " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    message = reason(exc).lower()
    return any(words in message for words in TRANSIENT)


@dataclass
class Retry:
    """How long to keep trying: ``attempts`` tries, pausing ``first_wait`` s, doubling up to ``max_wait``."""

    attempts: int = 6
    first_wait: float = 0.5
    max_wait: float = 8.0
    sleep: Callable[[float], None] = time.sleep

    def run(self, operation: Callable[[], T], what: str) -> T:
        """``operation()``, tried again while the failure is transient; ``what`` it does, for the message."""
        wait = self.first_wait
        for attempt in range(1, self.attempts + 1):
            try:
                return operation()
            except DBAPIError as exc:
                if not is_transient(exc):
                    raise StoreError(f"cannot {what}: {reason(exc)}") from exc
                if attempt == self.attempts:
                    raise StoreError(f"cannot {what}: {reason(exc)} "
                                     f"(gave up after {self.attempts} tries)") from exc
                log.warning("%s: %s; trying again in %.1f s", what, reason(exc), wait)
                self.sleep(wait)
                wait = min(wait * 2, self.max_wait)
        raise AssertionError("unreachable")
