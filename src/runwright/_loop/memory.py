"""Session I/O for the run loop: load history before the first turn, save each turn.

Invariant: the session receives exactly the conversation the model saw —
the run's new input once, then every complete turn's items in order. A turn
that does not complete (crash, immediate cancel, pause for approval) is not
written; its items are written when the resumed run completes the turn.
"""

from __future__ import annotations

import inspect
from typing import Any

from runwright._core.exceptions import UserError
from runwright._core.items import TResponseInputItem
from runwright._loop.env import RunEnv
from runwright._state.run_state import RunState


async def load_history(
    env: RunEnv, new_items: list[TResponseInputItem]
) -> list[TResponseInputItem]:
    """The first turn's input: session history combined with the new input items."""
    session, config = env.session, env.run_config
    assert session is not None
    if config.session_compaction is not None:
        await config.session_compaction.maybe_compact(session)
    history = await session.get_items(limit=_history_limit(env))
    callback = config.session_input_callback
    if callback is None:
        return [*history, *new_items]
    combined = callback(history, new_items)
    if inspect.isawaitable(combined):
        combined = await combined
    if not isinstance(combined, list):
        raise UserError(
            f"session_input_callback returned {type(combined).__name__}; it must return the "
            "list of input items for the run."
        )
    return combined


def _history_limit(env: RunEnv) -> int | None:
    """The session's own settings, overridden by RunConfig's, overridden by the run's."""
    own = getattr(env.session, "session_settings", None)
    # the sessions room loads with the first run that has a session
    from runwright._sessions.protocol import SessionSettings, coerce_session_settings

    settings = coerce_session_settings(own) if own is not None else SessionSettings()
    settings = settings.resolve(env.run_config.session_settings).resolve(env.session_settings)
    return settings.effective_limit


async def save_turn(env: RunEnv, state: RunState[Any]) -> None:
    """Writes the run's input (once) and the items generated since the last save."""
    if env.session is None:
        return
    items = [] if state.input_saved else list(state.session_input_items)
    generated = state.generated_items[state.saved_item_count :]
    items.extend(item.to_input_item() for item in generated if item.in_transcript)
    if items and not await _already_written(env, state, items):
        await env.session.add_items(items)
    state.input_saved = True
    state.saved_item_count = len(state.generated_items)
    await _run_session_compaction(env, state, items)


async def _run_session_compaction(env: RunEnv, state: RunState[Any], items: list[Any]) -> None:
    """Lets a compaction-aware session (one with ``run_compaction``, the SDK's protocol)
    compact after a completed turn, given the last response's id. Not while the turn's
    tool outputs still wait for the model: the next turn comes first."""
    run_compaction = getattr(env.session, "run_compaction", None)
    if not callable(run_compaction) or not state.last_response_id:
        return
    last = items[-1] if items else None
    if isinstance(last, dict) and last.get("type") == "function_call_output":
        return
    args = {"response_id": state.last_response_id}
    try:
        takes_wrapper = "wrapper" in inspect.signature(run_compaction).parameters
    except (TypeError, ValueError):
        takes_wrapper = False
    if takes_wrapper:
        await run_compaction(args, wrapper=env.context_wrapper)
    else:
        await run_compaction(args)


async def save_input(env: RunEnv, state: RunState[Any]) -> None:
    """Writes only the run's input, if not yet written (tripwires, immediate cancels)."""
    if env.session is None or state.input_saved:
        return
    items = list(state.session_input_items)
    if items and not await _already_written(env, state, items):
        await env.session.add_items(items)
    state.input_saved = True


async def _already_written(env: RunEnv, state: RunState[Any], items: list[Any]) -> bool:
    """On the first write after a durable resume: did the crashed process write these
    items after its last checkpoint? Then the session already ends with them."""
    if not state.needs_session_reconcile:
        return False
    state.needs_session_reconcile = False
    assert env.session is not None
    tail = await env.session.get_items(limit=len(items))
    return _same(tail, items)


def _same(stored: list[Any], pending: list[Any]) -> bool:
    import json

    def canon(items: list[Any]) -> str:
        return json.dumps(items, sort_keys=True, default=str)

    return len(stored) == len(pending) and canon(stored) == canon(pending)
