"""The stateful part of the scripted OpenAI server: Conversations and ``responses/compact``.

Served by :class:`~support.fake_openai_server.FakeOpenAIServer` (``server.conversations``):

* ``POST   /v1/conversations``                          create (optional ``items``)
* ``GET    /v1/conversations/{id}``                     retrieve
* ``DELETE /v1/conversations/{id}``                     delete (and its items)
* ``POST   /v1/conversations/{id}/items``               append ``items`` (at most 20)
* ``GET    /v1/conversations/{id}/items``               list: ``order``, ``limit``, ``after``
* ``DELETE /v1/conversations/{id}/items/{item_id}``     delete one item
* ``POST   /v1/responses/compact``                      compact ``input`` (or a stored
  response's history) into what ``compact_output`` returns

Items are stored as the real API returns them: each gets an ``id`` (``msg_...``,
``fc_...``) and messages get ``type: "message"``, ``status`` and content parts
(``input_text`` for user/system/developer text, ``output_text`` for assistant).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

MAX_ITEMS_PER_CREATE = 20


def _error(status: int, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"message": message, "type": "invalid_request_error"}}


def default_compact(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What ``responses/compact`` returns by default: the user messages, then one
    compaction item standing for everything else (as the real endpoint does)."""
    kept = [item for item in items if item.get("role") == "user"]
    return [*kept, {"type": "compaction", "encrypted_content": f"compacted:{len(items)}"}]


class FakeConversations:
    """Conversations and compaction state for one fake server."""

    def __init__(self) -> None:
        self.conversations: dict[str, list[dict[str, Any]]] = {}
        self.compact_output: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] = (
            default_compact
        )
        self.compact_calls: list[dict[str, Any]] = []
        self.fail_next: tuple[int, str] | None = None
        """Set to (status, message) to fail the next stateful request."""
        self._ids = itertools.count(1)

    @staticmethod
    def handles(route: str) -> bool:
        return route.startswith("/v1/conversations") or route == "/v1/responses/compact"

    def handle(self, method: str, route: str, query: str, body: Any) -> tuple[int, dict[str, Any]]:
        if self.fail_next is not None:
            status, message = self.fail_next
            self.fail_next = None
            return _error(status, message)
        if route == "/v1/responses/compact" and method == "POST":
            return self._compact(body or {})
        parts = route.strip("/").split("/")[2:]  # after v1/conversations
        if not parts:
            if method == "POST":
                return self._create(body or {})
            return _error(404, f"no route {method} {route}")
        conversation_id = parts[0]
        if conversation_id not in self.conversations:
            return _error(404, f"Conversation with id '{conversation_id}' not found.")
        if len(parts) == 1:
            if method == "GET":
                return 200, self._conversation(conversation_id)
            if method == "DELETE":
                del self.conversations[conversation_id]
                return 200, {
                    "id": conversation_id,
                    "deleted": True,
                    "object": "conversation.deleted",
                }
        if len(parts) == 2 and parts[1] == "items":
            if method == "POST":
                return self._add(conversation_id, (body or {}).get("items"))
            if method == "GET":
                return self._list(conversation_id, parse_qs(query))
        if len(parts) == 3 and parts[1] == "items" and method == "DELETE":
            items = self.conversations[conversation_id]
            kept = [item for item in items if item["id"] != parts[2]]
            if len(kept) == len(items):
                return _error(404, f"Item with id '{parts[2]}' not found.")
            self.conversations[conversation_id] = kept
            return 200, self._conversation(conversation_id)
        return _error(404, f"no route {method} {route}")

    # ----- conversations ------------------------------------------------------------

    def _conversation(self, conversation_id: str) -> dict[str, Any]:
        return {"id": conversation_id, "object": "conversation", "created_at": 0, "metadata": {}}

    def _create(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        conversation_id = f"conv_{next(self._ids):08d}"
        self.conversations[conversation_id] = []
        if body.get("items"):
            status, payload = self._add(conversation_id, body["items"])
            if status != 200:
                del self.conversations[conversation_id]
                return status, payload
        return 200, self._conversation(conversation_id)

    def _add(self, conversation_id: str, items: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(items, list) or not items:
            return _error(400, "items: expected a non-empty array")
        if len(items) > MAX_ITEMS_PER_CREATE:
            return _error(400, f"items: at most {MAX_ITEMS_PER_CREATE} items per request")
        stored = [self._store_shape(item) for item in items]
        self.conversations[conversation_id].extend(stored)
        return 200, self._page(stored, has_more=False)

    def _store_shape(self, item: dict[str, Any]) -> dict[str, Any]:
        n = next(self._ids)
        shaped = dict(item)
        if "role" in shaped and shaped.get("type", "message") == "message":
            role = shaped["role"]
            content = shaped.get("content")
            part = "output_text" if role == "assistant" else "input_text"
            if isinstance(content, str):
                content = [{"type": part, "text": content}]
            shaped = {
                "id": shaped.get("id") or f"msg_{n:08d}",
                "type": "message",
                "role": role,
                "status": "completed",
                "content": content,
            }
        else:
            prefix = {"function_call": "fc", "function_call_output": "fco"}.get(
                str(shaped.get("type")), "item"
            )
            shaped.setdefault("id", f"{prefix}_{n:08d}")
            if shaped.get("type") in ("function_call", "function_call_output"):
                shaped.setdefault("status", "completed")
        return shaped

    def _list(
        self, conversation_id: str, query: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any]]:
        order = query.get("order", ["desc"])[0]
        limit = int(query.get("limit", ["20"])[0])
        after = query.get("after", [None])[0]
        items = list(self.conversations[conversation_id])
        if order == "desc":
            items.reverse()
        if after is not None:
            ids = [item["id"] for item in items]
            items = items[ids.index(after) + 1 :] if after in ids else []
        page = items[:limit]
        return 200, self._page(page, has_more=len(items) > limit)

    @staticmethod
    def _page(items: list[dict[str, Any]], *, has_more: bool) -> dict[str, Any]:
        return {
            "object": "list",
            "data": items,
            "first_id": items[0]["id"] if items else None,
            "last_id": items[-1]["id"] if items else None,
            "has_more": has_more,
        }

    # ----- compaction ---------------------------------------------------------------

    def _compact(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.compact_calls.append(body)
        if not body.get("model"):
            return _error(400, "model: required")
        items = body.get("input")
        if items is None and body.get("previous_response_id"):
            items = [{"role": "user", "content": f"history of {body['previous_response_id']}"}]
        if not isinstance(items, list):
            return _error(400, "input or previous_response_id: required")
        output = []
        for item in self.compact_output(items):
            shaped = dict(item)
            if shaped.get("type") == "compaction":
                shaped.setdefault("id", f"cmp_{next(self._ids):08d}")
            output.append(shaped)
        return 200, {
            "id": f"resp_compact_{next(self._ids)}",
            "object": "response.compaction",
            "created_at": int(time.time()),
            "output": output,
            "usage": {
                "input_tokens": 40,
                "output_tokens": 8,
                "total_tokens": 48,
                "input_tokens_details": {"cached_tokens": 0},
                "output_tokens_details": {"reasoning_tokens": 0},
            },
        }
