"""Memory generation: what a run learned, distilled into files in the workspace.

A run whose agent has ``Memory(generate=MemoryGenerateConfig(...))`` appends one
JSON line (its input, the items it produced, how it ended) to
``<sessions_dir>/<rollout_id>.jsonl`` when it ends. When the session stops
(``session.stop()``/``aclose()``, or the runner pausing a run it owns), a
pre-stop hook turns the recorded rollouts into memory, in two model passes:

1. *extraction* (``phase_one_model``), once per rollout file: the model returns
   ``{"rollout_slug", "rollout_summary", "raw_memory"}``; the runner writes
   ``<memories_dir>/raw_memories/<rollout_id>.md`` and
   ``<memories_dir>/rollout_summaries/<rollout_id>_<slug>.md``;
2. *consolidation* (``phase_two_model``), once: an agent run in the same
   session, with the shell and file tools, that folds ``raw_memories.md``
   (the newest ``max_raw_memories_for_consolidation`` raw memories) into
   ``MEMORY.md`` and ``memory_summary.md`` — which ``Memory(read=...)`` puts into
   the instructions of later runs.

A failed pass is logged and never fails the user's run or the session's stop.
"""

from __future__ import annotations

import io
import json
import logging
import posixpath
import re
import uuid
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runwright._agent.agent import Agent
from runwright._core.config import RunConfig
from runwright._core.exceptions import UserError
from runwright._loop.runner import Runner
from runwright._sandbox.config import MemoryGenerateConfig, SandboxRunConfig
from runwright._sandbox.errors import SandboxError, WorkspaceReadNotFoundError
from runwright._sandbox.sandbox_agent import SandboxAgent

if TYPE_CHECKING:
    from runwright._sandbox.session import BaseSandboxSession
    from runwright._sandbox.skills import Memory

logger = logging.getLogger("runwright.sandbox.memory")

_ROLLOUT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
_ROLLOUT_CHARS = 400_000
"""Rollout text shown to the extraction model (head and tail kept)."""
_KEPT_ROLES = {"user", "assistant", "tool"}
_KEPT_TYPES = {
    "function_call",
    "function_call_output",
    "custom_tool_call",
    "custom_tool_call_output",
    "shell_call",
    "shell_call_output",
    "local_shell_call",
    "local_shell_call_output",
    "apply_patch_call",
    "apply_patch_call_output",
    "computer_call",
    "computer_call_output",
    "mcp_call",
    "mcp_approval_request",
    "mcp_approval_response",
    "web_search_call",
    "tool_search_call",
    "tool_search_output",
}

_EXTRACTION_INSTRUCTIONS = """\
You turn the record of one finished agent session into memory for later sessions.
Read the rollout (the user's requests, the agent's tool calls and their results,
how it ended) and keep only what will save a future agent time or mistakes:
the user's stated preferences and corrections, facts about the workspace that were
costly to find, commands or approaches that worked, failures and how they were
recovered from, and what is still left to do.
Answer with a JSON object of three strings:
- rollout_slug: a short lowercase name for the session (letters, digits, '-' or '_');
- rollout_summary: a few paragraphs describing what happened, for a human or agent
  who needs the details later;
- raw_memory: terse bullet points of the reusable lessons.
If nothing in the rollout is worth remembering, answer with three empty strings."""

_EXTRACTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "rollout_slug": {"type": "string"},
        "rollout_summary": {"type": "string"},
        "raw_memory": {"type": "string"},
    },
    "required": ["rollout_slug", "rollout_summary", "raw_memory"],
}


@dataclass(frozen=True)
class _Selected:
    rollout_id: str
    updated_at: str
    rollout_path: str
    rollout_summary_file: str
    terminal_state: str

    def to_dict(self) -> dict[str, str]:
        return dict(vars(self))


# ----- recording runs --------------------------------------------------------------


def rollout_payload(state: Any, error: BaseException | None) -> dict[str, Any]:
    """One JSON line for a run: its input, its items, how it ended."""
    from_input = state.original_input
    if isinstance(from_input, str):
        inputs: list[Any] = [{"role": "user", "content": from_input}]
    else:
        inputs = [dict(i) if isinstance(i, dict) else i for i in from_input or ()]
    generated: list[Any] = []
    for item in state.generated_items:
        to_input = getattr(item, "to_input_item", None)
        if to_input is not None:
            generated.append(to_input())
    interruptions = list(state.interruptions or ())
    finished = state.is_finished
    if finished:
        terminal = {"terminal_state": "completed", "has_final_output": True}
    elif interruptions:
        terminal = {"terminal_state": "interrupted", "has_final_output": False}
    else:
        name = type(error).__name__ if error is not None else ""
        kind = (
            "max_turns_exceeded"
            if name == "MaxTurnsExceeded"
            else "guardrail_tripped"
            if "Guardrail" in name
            else "cancelled"
            if name == "CancelledError"
            else "failed"
        )
        terminal = {
            "terminal_state": kind,
            "exception_type": name or None,
            "exception_message": (str(error) or None) if error is not None else None,
            "has_final_output": False,
        }
    payload: dict[str, Any] = {
        "updated_at": datetime.now(tz=timezone.utc).isoformat(),
        "input": _jsonable(_kept(inputs)),
        "generated_items": _jsonable(_kept(generated)),
    }
    if interruptions:
        payload["interruptions"] = _jsonable([getattr(i, "raw_item", i) for i in interruptions])
    payload["terminal_metadata"] = terminal
    if finished and state.final_output is not None:
        payload["final_output"] = _jsonable(state.final_output)
    return payload


def _kept(items: list[Any]) -> list[Any]:
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        role = item.get("role")
        if role in _KEPT_ROLES or (role is None and item.get("type") in _KEPT_TYPES):
            out.append(item)
    return out


def _jsonable(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return _jsonable(dump(exclude_unset=True))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "__dataclass_fields__"):
        return {k: _jsonable(v) for k, v in vars(value).items()}
    return str(value)


# ----- the generator ----------------------------------------------------------------

_GENERATORS: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], MemoryGenerator]] = (
    weakref.WeakKeyDictionary()
)


def memory_generator(session: BaseSandboxSession, memory: Memory) -> MemoryGenerator:
    """The session's generator for ``memory``'s layout (made, and hooked to the
    session's stop, on first use). Two generating Memory capabilities share one
    generator when their layouts are the same; a second one that only half-overlaps
    an existing layout, or differs in its ``generate`` settings, is a UserError."""
    key = (
        posixpath.normpath(memory.layout.memories_dir),
        posixpath.normpath(memory.layout.sessions_dir),
    )
    generators = _GENERATORS.setdefault(session, {})
    found = generators.get(key)
    if found is not None:
        if found.config != memory.generate:
            raise UserError(
                "This sandbox session already generates memory for this layout with "
                "different MemoryGenerateConfig settings."
            )
        return found
    for memories_dir, sessions_dir in generators:
        if memories_dir == key[0] or sessions_dir == key[1]:
            raise UserError(
                f"This sandbox session already generates memory into {memories_dir!r} / "
                f"{sessions_dir!r}; give another Memory capability a wholly separate "
                "layout, or the same one to share memory."
            )
    made = MemoryGenerator(session, memory)
    generators[key] = made
    return made


class MemoryGenerator:
    """Records runs of one session and, at its stop, turns them into memory files."""

    def __init__(self, session: BaseSandboxSession, memory: Memory) -> None:
        if memory.generate is None:
            raise UserError("Memory generation needs Memory(generate=MemoryGenerateConfig(...)).")
        self.session = session
        self.config: MemoryGenerateConfig = memory.generate
        self.memories = Path(memory.layout.memories_dir)
        self.sessions = Path(memory.layout.sessions_dir)
        self._rollouts: dict[str, str] = {}
        self._done = False
        session.register_pre_stop_hook(self.flush)

    # ----- files ---------------------------------------------------------------

    async def _read(self, path: Path) -> str | None:
        try:
            handle = await self.session.read(path)
        except WorkspaceReadNotFoundError:
            return None
        try:
            raw = handle.read()
        finally:
            handle.close()
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)

    async def _write(self, path: Path, text: str) -> None:
        await self.session.mkdir(path.parent, parents=True)
        await self.session.write(path, io.BytesIO(text.encode("utf-8")))

    async def _layout(self) -> None:
        for folder in ("raw_memories", "rollout_summaries", "skills"):
            await self.session.mkdir(self.memories / folder, parents=True)
        await self.session.mkdir(self.sessions, parents=True)
        for name in ("MEMORY.md", "memory_summary.md"):
            if await self._read(self.memories / name) is None:
                await self._write(self.memories / name, "")

    # ----- recording -----------------------------------------------------------

    async def record(self, payload: dict[str, Any], rollout_id: str) -> None:
        """Appends one run's line to ``<sessions_dir>/<rollout_id>.jsonl``."""
        if self._done:
            return
        rollout_id = rollout_id.strip()
        if not _ROLLOUT_ID.fullmatch(rollout_id):
            raise UserError(
                f"Memory rollout id {rollout_id!r} must be letters, digits, '.', '_' or '-'."
            )
        line = {
            "updated_at": payload.get("updated_at"),
            "rollout_id": rollout_id,
            **{k: v for k, v in payload.items() if k not in ("updated_at", "rollout_id")},
        }
        path = self.sessions / f"{rollout_id}.jsonl"
        await self._layout()
        before = await self._read(path) or ""
        await self._write(path, before + json.dumps(line, separators=(",", ":")) + "\n")
        self._rollouts[rollout_id] = path.name

    # ----- generating ------------------------------------------------------------

    async def flush(self) -> None:
        """Extraction for each recorded rollout, then one consolidation (the pre-stop hook)."""
        if self._done:
            return
        self._done = True
        generators = _GENERATORS.get(self.session, {})
        for key, value in list(generators.items()):
            if value is self:
                del generators[key]
        if not self._rollouts:
            return
        await self._layout()
        extracted = 0
        for rollout_id, name in sorted(self._rollouts.items()):
            try:
                extracted += await self._extract(rollout_id, name)
            except Exception as error:
                logger.warning("Sandbox memory extraction of %s failed: %s", rollout_id, error)
        if not extracted:
            return
        try:
            await self._consolidate()
        except Exception as error:
            logger.warning("Sandbox memory consolidation failed: %s", error)

    def _run_config(self) -> Any:
        return RunConfig(sandbox=SandboxRunConfig(session=self.session))

    async def _extract(self, rollout_id: str, name: str) -> int:
        text = await self._read(self.sessions / name)
        lines = [json.loads(x) for x in (text or "").splitlines() if x.strip()]
        if not lines:
            return 0
        last = lines[-1]
        terminal = last.get("terminal_metadata") or {}
        state = str(terminal.get("terminal_state") or "unknown")
        shown = text or ""
        if len(shown) > _ROLLOUT_CHARS:
            half = _ROLLOUT_CHARS // 2
            shown = (
                f"[rollout shortened: {len(shown)} characters, the middle left out]\n"
                + shown[:half]
                + "\n[...]\n"
                + shown[-half:]
            )
        ended = (
            {"terminal_state": state, **terminal}
            if len(lines) == 1
            else {
                "segment_count": len(lines),
                "terminal_states": [
                    (x.get("terminal_metadata") or {}).get("terminal_state", "unknown")
                    for x in lines
                ],
                "final_terminal_metadata": terminal,
            }
        )
        prompt = (
            "How the session ended:\n"
            + json.dumps(ended, indent=2, sort_keys=True)
            + "\n\nThe session's rollout (JSON lines):\n"
            + shown
        )
        instructions = _EXTRACTION_INSTRUCTIONS
        if self.config.extra_prompt:
            instructions += "\n\nAlso keep in mind:\n" + self.config.extra_prompt
        kwargs: dict[str, Any] = {}
        if self.config.phase_one_model_settings is not None:
            kwargs["model_settings"] = self.config.phase_one_model_settings
        agent: Any = Agent(
            name="sandbox-memory-phase-one",
            instructions=instructions,
            model=self.config.phase_one_model,
            **kwargs,
        )
        result = await Runner.run(agent, prompt, run_config=self._run_config(), max_turns=1)
        artifacts = _artifacts(result.final_output)
        if artifacts is None:
            return 0
        slug, summary, raw = artifacts
        updated = str(last.get("updated_at") or "unknown")
        rollout_path = str(self.sessions / name)
        summary_file = f"rollout_summaries/{rollout_id}_{slug}.md"
        await self._write(
            self.memories / "raw_memories" / f"{rollout_id}.md",
            f"rollout_id: {rollout_id}\nupdated_at: {updated}\nrollout_path: {rollout_path}\n"
            f"rollout_summary_file: {summary_file}\nterminal_state: {state}\n\n"
            f"{raw.rstrip()}\n",
        )
        await self._write(
            self.memories / summary_file,
            f"session_id: {self.session.state.session_id}\nupdated_at: {updated}\n"
            f"rollout_path: {rollout_path}\nterminal_state: {state}\n\n{summary.rstrip()}\n",
        )
        return 1

    async def _selection(self) -> list[_Selected]:
        try:
            entries = await self.session.ls(self.memories / "raw_memories")
        except SandboxError:
            return []
        found: list[tuple[tuple[int, str], str, _Selected]] = []
        for entry in entries:
            name = Path(entry.path).name
            if entry.is_dir() or not name.endswith(".md"):
                continue
            text = await self._read(self.memories / "raw_memories" / name)
            if text is None:
                continue
            meta = _header(text)
            if not meta.get("rollout_id") or not meta.get("rollout_summary_file"):
                continue
            item = _Selected(
                rollout_id=meta["rollout_id"],
                updated_at=meta.get("updated_at", ""),
                rollout_path=meta.get("rollout_path", ""),
                rollout_summary_file=meta["rollout_summary_file"],
                terminal_state=meta.get("terminal_state", ""),
            )
            known = item.updated_at not in ("", "unknown")
            found.append(
                ((1 if known else 0, item.updated_at if known else ""), item.rollout_id, item)
            )
        found.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [x[2] for x in found][: self.config.max_raw_memories_for_consolidation]

    async def _previous_selection(self) -> list[dict[str, Any]]:
        text = await self._read(self.memories / "phase_two_selection.json")
        try:
            data = json.loads(text or "")
        except ValueError:
            return []
        selected = data.get("selected") if isinstance(data, dict) else None
        return [x for x in selected or () if isinstance(x, dict) and x.get("rollout_id")]

    async def _consolidate(self) -> None:
        selected = await self._selection()
        chunks = []
        for item in selected:
            text = await self._read(self.memories / "raw_memories" / f"{item.rollout_id}.md")
            if text is not None:
                chunks.append(text.rstrip("\n"))
        if not chunks:
            return
        await self._write(self.memories / "raw_memories.md", "\n\n".join(chunks))
        previous = await self._previous_selection()
        chosen = {x.rollout_id for x in selected}
        removed = [x for x in previous if x["rollout_id"] not in chosen]
        kept = sorted(chosen & {x["rollout_id"] for x in previous})
        root = self.memories.as_posix()
        lines = [
            f"Consolidate the memory in `{root}/` of this workspace.",
            f"`{root}/raw_memories.md` holds the newest raw memories, one block per "
            "session, newest first. Merge what they teach into:",
            f"- `{root}/MEMORY.md`: the full, organised memory (keep what is still true, "
            "drop what newer sessions contradict, no duplicates);",
            f"- `{root}/memory_summary.md`: a short summary (at most a page) that is shown "
            "to every future session; point to MEMORY.md and the rollout summaries for details.",
            f"Each session's details are in `{root}/rollout_summaries/`.",
            "Sessions in this consolidation:",
        ]
        lines += [
            f"- {x.rollout_id} ({x.terminal_state or 'unknown'}, {x.updated_at or 'unknown'}): "
            f"{x.rollout_summary_file}"
            for x in selected
        ]
        if kept:
            lines.append("Already consolidated before (check, don't repeat): " + ", ".join(kept))
        if removed:
            lines.append(
                "No longer in the selection (remove what only they support): "
                + ", ".join(str(x["rollout_id"]) for x in removed)
            )
        if self.config.extra_prompt:
            lines.append("Also keep in mind:\n" + self.config.extra_prompt)
        lines.append("Write the files with your tools, then answer with one line saying so.")
        kwargs: dict[str, Any] = {}
        if self.config.phase_two_model_settings is not None:
            kwargs["model_settings"] = self.config.phase_two_model_settings
        agent: Any = SandboxAgent(
            name="sandbox-memory-phase-two",
            instructions=None,
            model=self.config.phase_two_model,
            **kwargs,
        )
        await Runner.run(
            agent,
            "\n".join(lines),
            run_config=self._run_config(),
            max_turns=self.config.phase_two_max_turns,
        )
        await self._write(
            self.memories / "phase_two_selection.json",
            json.dumps(
                {
                    "version": 1,
                    "updated_at": datetime.now(tz=timezone.utc).isoformat(),
                    "selected": [x.to_dict() for x in selected],
                },
                indent=2,
            )
            + "\n",
        )


def _header(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


def _artifacts(output: Any) -> tuple[str, str, str] | None:
    """(slug, summary, raw memory) from the extraction model's answer; None when it
    found nothing worth keeping. A malformed answer raises (and is logged)."""
    data = output
    if isinstance(output, str):
        text = output.strip()
        if text.startswith("```"):
            text = text.strip("`").removeprefix("json").strip()
        data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"extraction answer is not a JSON object: {output!r}")
    values = [
        str(data.get(k) or "").strip() for k in ("rollout_slug", "rollout_summary", "raw_memory")
    ]
    if not any(values):
        return None
    if not all(values):
        raise ValueError("extraction answer has empty fields")
    slug = values[0].removesuffix(".md")
    if not _SLUG.fullmatch(slug):
        raise ValueError(f"invalid rollout_slug {values[0]!r}")
    return slug, values[1], values[2]


def new_rollout_id(state: Any, env: Any) -> str:
    """The rollout a run's line goes to, in the SDK's order: the server conversation,
    the SDK session's ``session_id``, the run config's ``group_id``, else the run's own
    id (kept across pauses in RunState)."""
    try:
        session_id = getattr(getattr(env, "session", None), "session_id", None)
    except Exception:  # a user's Session whose session_id property fails
        session_id = None
    for candidate in (
        getattr(env, "conversation_id", None),
        session_id,
        getattr(env.run_config, "group_id", None),
    ):
        if isinstance(candidate, str) and _ROLLOUT_ID.fullmatch(candidate.strip()):
            return candidate.strip()
    run_id = getattr(state, "run_id", None)
    if isinstance(run_id, str) and _ROLLOUT_ID.fullmatch(run_id):
        return f"run-{run_id}" if not run_id.startswith("run") else run_id
    return f"run-{uuid.uuid4().hex}"


async def record_memory(
    env: Any, state: Any, session: BaseSandboxSession, error: BaseException | None
) -> None:
    """Records the run for memory when its agent has ``Memory(generate=...)`` (the
    agent the run ended at, else the one it started at). Never raises: a failure is
    logged, and the run's own outcome stands."""
    memory = _generating_memory(state.current_agent) or _generating_memory(state.starting_agent)
    if memory is None:
        return
    try:
        inner = getattr(session, "inner", session)
        generator = memory_generator(inner, memory)
        await generator.record(rollout_payload(state, error), new_rollout_id(state, env))
    except Exception as failure:
        logger.warning("Could not record the run for sandbox memory: %s", failure)


def _generating_memory(agent: Any) -> Memory | None:
    for capability in getattr(agent, "capabilities", None) or ():
        if getattr(capability, "type", None) == "memory" and capability.generate is not None:
            found: Memory = capability
            return found
    return None
