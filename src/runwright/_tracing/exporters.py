"""Exporters and the batching processor: sending traces to the console or to a backend.

Nothing here is registered by default: runwright's traces go to the local
store (and to OpenTelemetry when you add its processor). To send them to
OpenAI's trace backend as the OpenAI Agents SDK does, register it yourself::

    add_trace_processor(BatchTraceProcessor(BackendSpanExporter(api_key="sk-...")))

``set_tracing_export_api_key`` only sets the key of :func:`default_exporter`;
it sends nothing until :func:`default_processor` (or a processor using that
exporter) is registered.
"""

from __future__ import annotations

import json
import os
import queue
import random
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from runwright._core.exceptions import UserError
from runwright._tracing.processor import TracingExporter, TracingProcessor
from runwright._tracing.spans import Span
from runwright._tracing.traces import Trace
from runwright._tracing.util import get_logger

_INGEST_ENDPOINT = "https://api.openai.com/v1/traces/ingest"


class ConsoleSpanExporter(TracingExporter):
    """Prints each trace and span (for debugging)."""

    def export(self, items: list[Trace | Span[Any]]) -> None:
        for item in items:
            if isinstance(item, Trace):
                print(f"[Exporter] Export trace_id={item.trace_id}, name={item.name}")
            else:
                print(f"[Exporter] Export span: {item.export()}")


class BackendSpanExporter(TracingExporter):
    """Posts traces and spans to OpenAI's trace ingest endpoint (or ``endpoint``).

    Only used when you register it (see the module docstring). The key is
    ``api_key``, else ``set_api_key``'s, else ``OPENAI_API_KEY``; a trace made
    with ``TracingConfig(api_key=...)`` is sent with its own key. Without a
    key, nothing is sent (a warning is logged). Failed posts are retried
    ``max_retries`` times (server errors and network errors) with exponential
    backoff between ``base_delay`` and ``max_delay`` seconds.
    """

    def __init__(
        self,
        api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        endpoint: str = _INGEST_ENDPOINT,
        max_retries: int = 3,
        base_delay: float = 1.0,
        max_delay: float = 30.0,
    ) -> None:
        self._api_key = api_key
        self._organization = organization
        self._project = project
        self.endpoint = endpoint
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.max_delay = max_delay

    def set_api_key(self, api_key: str) -> None:
        """Use ``api_key`` for traces that carry no key of their own."""
        self._api_key = api_key

    @property
    def api_key(self) -> str | None:
        """The key used for traces without their own: set, or ``OPENAI_API_KEY``."""
        return self._api_key or os.environ.get("OPENAI_API_KEY")

    @property
    def organization(self) -> str | None:
        return self._organization or os.environ.get("OPENAI_ORG_ID")

    @property
    def project(self) -> str | None:
        return self._project or os.environ.get("OPENAI_PROJECT_ID")

    def export(self, items: list[Trace | Span[Any]]) -> None:
        by_key: dict[str | None, list[dict[str, Any]]] = {}
        for item in items:
            exported = item.export()
            if exported is not None:
                key = item.tracing_api_key or self.api_key
                by_key.setdefault(key, []).append(exported)
        for key, payload in by_key.items():
            if not key:
                get_logger().warning(
                    "BackendSpanExporter: no API key (OPENAI_API_KEY is not set), "
                    "skipping trace export"
                )
                continue
            self._post(key, payload)

    def _post(self, key: str, data: list[dict[str, Any]]) -> None:
        body = json.dumps({"data": data}, default=str).encode()
        headers = {
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "OpenAI-Beta": "traces=v1",
        }
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        delay = self.base_delay
        for attempt in range(self.max_retries + 1):
            request = urllib.request.Request(self.endpoint, body, headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                return
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    get_logger().error(
                        "trace export rejected (HTTP %s): %s", error.code, error.read()[:500]
                    )
                    return
                problem = f"HTTP {error.code}"
            except (urllib.error.URLError, OSError) as error:
                problem = str(error)
            if attempt == self.max_retries:
                get_logger().error(
                    "trace export failed after %d attempts: %s", attempt + 1, problem
                )
                return
            time.sleep(min(delay, self.max_delay) * (1 + random.random() * 0.1))
            delay *= 2

    def close(self) -> None:
        """Nothing to release (each export opens its own connection)."""


class BatchTraceProcessor(TracingProcessor):
    """Queues traces (when they start) and spans (when they end) and hands them to
    ``exporter`` in batches of up to ``max_batch_size`` from a worker thread: every
    ``schedule_delay`` seconds, or sooner once the queue is ``export_trigger_ratio`` full.
    Items arriving while ``max_queue_size`` items wait are dropped (with a warning).
    """

    def __init__(
        self,
        exporter: TracingExporter,
        max_queue_size: int = 8192,
        max_batch_size: int = 128,
        schedule_delay: float = 5.0,
        export_trigger_ratio: float = 0.7,
    ) -> None:
        self._exporter = exporter
        self._queue: queue.Queue[Trace | Span[Any]] = queue.Queue(maxsize=max_queue_size)
        self._max_queue_size = max_queue_size
        self._max_batch_size = max(1, max_batch_size)
        self._schedule_delay = schedule_delay
        self._trigger = max(1, int(max_queue_size * export_trigger_ratio))
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._export_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()
        self._warned_full = False

    def _put(self, item: Trace | Span[Any]) -> None:
        if self._stop.is_set():
            return
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            if not self._warned_full:
                self._warned_full = True
                get_logger().warning("BatchTraceProcessor queue is full, dropping trace data")
            return
        if self._thread is None:
            self._start_thread()
        if self._queue.qsize() >= self._trigger:
            self._wake.set()

    def _start_thread(self) -> None:
        with self._thread_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="runwright-trace-export", daemon=True
                )
                self._thread.start()

    def on_trace_start(self, trace: Trace) -> None:
        self._put(trace)

    def on_trace_end(self, trace: Trace) -> None:
        pass

    def on_span_start(self, span: Span[Any]) -> None:
        pass

    def on_span_end(self, span: Span[Any]) -> None:
        self._put(span)

    def force_flush(self) -> None:
        """Export everything queued now."""
        self._export_all()

    def shutdown(self, timeout: float | None = None) -> None:
        """Stop the worker and export what is still queued."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._export_all()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._schedule_delay)
            self._wake.clear()
            self._export_all()

    def _export_all(self) -> None:
        with self._export_lock:
            while True:
                batch: list[Trace | Span[Any]] = []
                while len(batch) < self._max_batch_size:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                if not batch:
                    return
                try:
                    self._exporter.export(batch)
                except Exception:
                    get_logger().exception("trace exporter %r failed", self._exporter)


_default_exporter: BackendSpanExporter | None = None
_default_processor: BatchTraceProcessor | None = None
_defaults_lock = threading.Lock()


def default_exporter() -> BackendSpanExporter:
    """The process's :class:`BackendSpanExporter` (made on first use; registered nowhere)."""
    global _default_exporter
    with _defaults_lock:
        if _default_exporter is None:
            _default_exporter = BackendSpanExporter()
        return _default_exporter


def default_processor() -> BatchTraceProcessor:
    """A :class:`BatchTraceProcessor` over :func:`default_exporter` (made on first use).

    Not registered: ``add_trace_processor(default_processor())`` sends traces
    to OpenAI's backend as the OpenAI Agents SDK does by default.
    """
    global _default_processor
    exporter = default_exporter()
    with _defaults_lock:
        if _default_processor is None:
            _default_processor = BatchTraceProcessor(exporter)
        return _default_processor


def set_tracing_export_api_key(api_key: str) -> None:
    """Set the API key of :func:`default_exporter`.

    This sends nothing by itself: runwright registers no exporter to OpenAI.
    Register ``default_processor()`` with ``add_trace_processor`` to send traces there.
    """
    if not isinstance(api_key, str) or not api_key:
        raise UserError("set_tracing_export_api_key needs a non-empty API key string.")
    default_exporter().set_api_key(api_key)
