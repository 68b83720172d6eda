"""The default local trace store: background writes, bounded queue, exit flush, read API."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from runwright.tracing import (
    LocalTraceProcessor,
    TraceStore,
    agent_span,
    custom_span,
    default_trace_db_path,
    function_span,
    generation_span,
    get_trace_provider,
    guardrail_span,
    response_span,
    set_local_trace_store,
    trace,
)
from runwright.tracing.provider import TraceProvider
from runwright.usage import Usage


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _run_with_spans(name: str, *, tokens: tuple[int, int] = (10, 5)) -> str:
    with trace(name, group_id="conv-1") as tr:
        with agent_span("triage"):
            with response_span(model="m") as resp:
                resp.span_data.response = {
                    "id": "resp_1",
                    "usage": Usage(input_tokens=tokens[0], output_tokens=tokens[1]),
                    "output": [],
                }
            with function_span("lookup", input="{}") as tool:
                tool.span_data.output = {"ok": True}
        with agent_span("billing"):
            with generation_span(
                model="chat-m", usage={"prompt_tokens": 1, "completion_tokens": 2}
            ):
                pass
            with pytest.raises(ValueError), guardrail_span("no_pii"):
                raise ValueError("tripped")
    return tr.trace_id


def test_finished_traces_are_written_and_read_back(provider: TraceProvider, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    local = set_local_trace_store(db)
    assert local is not None and local.path == db
    trace_id = _run_with_spans("Support")
    local.force_flush()
    assert local.written == 1

    [summary] = TraceStore(db).list_traces()
    assert summary.trace_id == trace_id
    assert summary.workflow_name == "Support" and summary.group_id == "conv-1"
    assert summary.span_count == 6
    assert summary.agents == ("triage", "billing")
    assert summary.total_tokens == 10 + 5 + 1 + 2
    assert summary.error_count == 1
    assert summary.duration_ms is not None and summary.duration_ms >= 0
    assert summary.to_dict()["agents"] == ["triage", "billing"]

    got = TraceStore(db).get_trace(trace_id)
    assert got is not None
    assert got["trace"]["workflow_name"] == "Support"
    spans = {s["name"]: s for s in got["spans"]}
    assert spans["lookup"]["parent_id"] == spans["triage"]["id"]
    assert spans["lookup"]["span_data"]["output"] == "{'ok': True}"
    assert spans["no_pii"]["error"]["message"] == "tripped"
    assert spans["m"]["span_data"]["response_id"] == "resp_1"
    assert spans["m"]["span_data"]["usage"]["input_tokens"] == 10
    assert TraceStore(db).get_trace("trace_missing") is None


def test_list_orders_newest_first_with_limit_offset_and_group(
    provider: TraceProvider, tmp_path: Path
) -> None:
    local = set_local_trace_store(tmp_path / "t.db")
    assert local is not None
    ids = []
    for i in range(5):
        with trace(f"wf{i}", group_id="even" if i % 2 == 0 else "odd") as tr:
            pass
        ids.append(tr.trace_id)
    local.force_flush()
    store = TraceStore(tmp_path / "t.db")
    assert [s.trace_id for s in store.list_traces()] == ids[::-1]
    assert [s.trace_id for s in store.list_traces(limit=2, offset=1)] == ids[3:1:-1]
    assert [s.workflow_name for s in store.list_traces(group_id="odd")] == ["wf3", "wf1"]


def test_reading_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    store = TraceStore(tmp_path / "nope" / "t.db")
    assert store.list_traces() == [] and store.get_trace("x") is None
    assert not (tmp_path / "nope").exists()


def test_no_file_or_thread_until_the_first_trace_finishes(
    provider: TraceProvider, tmp_path: Path
) -> None:
    db = tmp_path / "lazy" / "t.db"
    local = set_local_trace_store(db)
    assert local is not None
    with trace("open"), custom_span("s"):
        assert not db.exists()
        assert local._worker is None
    local.force_flush()
    assert db.exists()


def test_import_is_lazy_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    proc = _python(
        """
        import sys
        import runwright.tracing as t
        assert "sqlite3" not in sys.modules, "sqlite3 imported"
        assert not [m for m in sys.modules if m.startswith("opentelemetry")]
        with t.custom_span("outside any trace"):
            pass
        t.get_trace_provider()
        assert "sqlite3" not in sys.modules
        print("ok")
        """,
        {"RUNWRIGHT_TRACE_DB": str(db)},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
    assert not db.exists()


def test_store_survives_process_exit(tmp_path: Path) -> None:
    """A process that finishes a trace and exits at once (no explicit flush) still stores it."""
    db = tmp_path / "exit.db"
    proc = _python(
        """
        from runwright.tracing import trace, agent_span, function_span
        with trace("from child", metadata={"pid": "child"}) as tr:
            with agent_span("a"):
                for i in range(200):
                    with function_span(f"tool{i}", input="{}"):
                        pass
        print(tr.trace_id)
        """,
        {"RUNWRIGHT_TRACE_DB": str(db)},
    )
    assert proc.returncode == 0, proc.stderr
    trace_id = proc.stdout.strip()
    got = TraceStore(db).get_trace(trace_id)
    assert got is not None
    assert got["trace"]["metadata"] == {"pid": "child"}
    assert len(got["spans"]) == 201


def test_many_processes_write_one_store(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    code = """
        from runwright.tracing import trace, custom_span
        for i in range(25):
            with trace("proc"), custom_span("s"):
                pass
    """
    env = {**os.environ, "RUNWRIGHT_TRACE_DB": str(db)}
    procs = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env) for _ in range(4)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    summaries = TraceStore(db).list_traces(limit=1000)
    assert len(summaries) == 100
    assert all(s.span_count == 1 for s in summaries)


def test_full_queue_drops_and_counts_without_blocking(
    provider: TraceProvider,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    local = LocalTraceProcessor(tmp_path / "slow.db", max_queue_size=2)
    provider.register_processor(local)
    release = threading.Event()
    real_write = local._write

    def stuck_write(store: Any, entries: Any) -> Any:
        release.wait(30)  # a disk that does not answer
        return real_write(store, entries)

    monkeypatch.setattr(local, "_write", stuck_write)
    started = time.perf_counter()
    for _ in range(50):
        with trace("burst"), custom_span("s"):
            pass
    elapsed = time.perf_counter() - started
    # 50 traces with a stuck writer: nothing waited on it.
    assert elapsed < 1.0
    # At most the queue (2) plus the one batch the worker holds got through.
    assert 50 - 2 - 2 <= local.dropped <= 50 - 2
    assert local.dropped_spans == local.dropped
    # Logged at the 1st and 10th drop (not 46 times).
    warnings = [r.getMessage() for r in caplog.records if "dropped so far" in r.getMessage()]
    assert [w.split(" trace(s)")[0] for w in warnings] == [
        "local trace store: 1",
        "local trace store: 10",
    ]
    assert "max_queue_size" in warnings[0]
    release.set()
    local.force_flush()
    assert local.written + local.dropped == 50
    assert len(TraceStore(tmp_path / "slow.db").list_traces(limit=100)) == local.written


def test_default_queue_keeps_a_burst_of_ten_thousand_runs(
    provider: TraceProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10,000 concurrent runs finish within moments of each other: none of their traces
    may be dropped while the writer is busy (the old default, 2,048, lost 74% of them)."""
    local = LocalTraceProcessor(tmp_path / "burst.db")
    provider.register_processor(local)
    release = threading.Event()
    real_write = local._write

    def held_write(store: Any, entries: Any) -> Any:
        release.wait(30)
        return real_write(store, entries)

    monkeypatch.setattr(local, "_write", held_write)
    for _ in range(10_000):
        with trace("burst"):
            pass
    assert local.dropped == 0
    release.set()
    local.force_flush()
    assert local.written == 10_000


def test_spans_ending_after_their_trace_are_still_stored(
    provider: TraceProvider, tmp_path: Path
) -> None:
    local = set_local_trace_store(tmp_path / "late.db")
    assert local is not None
    with trace("t") as tr:
        late = custom_span("background")
        late.start()
    late.finish()
    local.force_flush()
    got = TraceStore(tmp_path / "late.db").get_trace(tr.trace_id)
    assert got is not None and [s["name"] for s in got["spans"]] == ["background"]


def test_default_path_and_switches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNWRIGHT_TRACE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_trace_db_path() == tmp_path / "xdg" / "runwright" / "traces.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_trace_db_path() == tmp_path / "home/.local/share/runwright/traces.db"
    monkeypatch.setenv("RUNWRIGHT_TRACE_DB", str(tmp_path / "explicit.db"))
    assert default_trace_db_path() == tmp_path / "explicit.db"

    assert TraceProvider().local_processor is not None
    monkeypatch.setenv("RUNWRIGHT_TRACING", "off")
    assert TraceProvider().local_processor is None
    assert TraceProvider().processors == ()


def test_set_local_trace_store_none_turns_it_off(provider: TraceProvider, tmp_path: Path) -> None:
    local = set_local_trace_store(tmp_path / "a.db")
    assert local is not None and get_trace_provider().processors == (local,)
    assert set_local_trace_store(None) is None
    assert get_trace_provider().processors == ()
    with trace("t"):
        pass
    assert not (tmp_path / "a.db").exists()


def test_writer_stores_traces_once_the_process_is_idle(
    provider: TraceProvider, tmp_path: Path
) -> None:
    db = tmp_path / "idle.db"
    local = LocalTraceProcessor(db, quiet=0.05, max_delay=5.0)
    provider.register_processor(local)
    with trace("idle"), custom_span("s"):
        pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and local.written == 0:
        time.sleep(0.02)
    assert local.written == 1  # without any flush call
    assert len(TraceStore(db).list_traces()) == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_gets_its_own_writer(provider: TraceProvider, tmp_path: Path) -> None:
    import multiprocessing

    db = tmp_path / "fork.db"
    local = set_local_trace_store(db)
    assert local is not None
    with trace("parent"):
        pass
    local.force_flush()  # the parent's writer thread now exists

    def child() -> None:
        with trace("child"), custom_span("s"):
            pass
        # multiprocessing children leave through os._exit (no atexit): flush by hand.
        local.force_flush()

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(30)
    assert process.exitcode == 0
    names = sorted(s.workflow_name or "" for s in TraceStore(db).list_traces())
    assert names == ["child", "parent"]


def test_traces_never_finished_do_not_grow_memory_forever(
    provider: TraceProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runwright._tracing import local as local_module

    monkeypatch.setattr(local_module, "_MAX_OPEN_TRACES", 3)
    local = LocalTraceProcessor(tmp_path / "open.db")
    provider.register_processor(local)
    for i in range(5):
        abandoned = trace(f"never finished {i}")
        abandoned.start()
        with custom_span("s", parent=abandoned):
            pass
    assert len(local._open) == 3
    assert (local.dropped, local.dropped_spans) == (2, 2)


def test_one_unencodable_trace_does_not_cost_the_others(
    provider: TraceProvider, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    local = LocalTraceProcessor(tmp_path / "bad.db", quiet=10, max_delay=10)
    provider.register_processor(local)

    class Unprintable:
        def __str__(self) -> str:
            raise ValueError("no text form")

    loop: dict[str, Any] = {}
    loop["self"] = loop  # a cycle: stored cut at the depth limit, not dropped
    with trace("good 1"), custom_span("cycle", loop):
        pass
    with trace("bad"), custom_span("s", {"x": Unprintable()}):
        pass
    with trace("good 2"):
        pass
    with caplog.at_level("ERROR", logger="runwright.tracing"):
        local.force_flush()  # one batch of three
    names = sorted(s.workflow_name or "" for s in TraceStore(tmp_path / "bad.db").list_traces())
    assert names == ["good 1", "good 2"]
    assert (local.written, local.dropped, local.dropped_spans) == (2, 1, 1)
    store = TraceStore(tmp_path / "bad.db")
    [good] = [t for t in store.list_traces() if t.workflow_name == "good 1"]
    stored = store.get_trace(good.trace_id)
    assert stored is not None and "truncated" in repr(stored["spans"][0]["span_data"])
    assert "could not write 1 trace(s)" in caplog.text
