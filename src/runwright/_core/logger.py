"""runwright's logger, and :func:`enable_verbose_stdout_logging` (as in the SDK).

Every runwright module logs under the ``runwright`` logger (``runwright.tracing``,
...). Nothing is printed unless the application configures logging, or calls
:func:`enable_verbose_stdout_logging` while debugging.
"""

from __future__ import annotations

import logging
import sys
import threading

logger = logging.getLogger("runwright")
"""The parent of every runwright logger."""

_verbose_handler: logging.Handler | None = None
_lock = threading.Lock()


def enable_verbose_stdout_logging() -> None:
    """Print runwright's log, debug level included, on stdout (for debugging).

    Calling it again adds no second handler.
    """
    global _verbose_handler
    with _lock:
        logger.setLevel(logging.DEBUG)
        if _verbose_handler is None:
            _verbose_handler = logging.StreamHandler(sys.stdout)
            logger.addHandler(_verbose_handler)
