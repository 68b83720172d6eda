"""Responses-shape items <-> Chat Completions messages, both ways (pure functions).

Written for what real OpenAI-compatible servers accept, not only OpenAI:

* output items have the SDK's form: the placeholder id ``__fake_id__`` and
  ``provider_data`` (model, completion id), never sent to a server; a tool call's
  ``call_id`` is the server's own (one is made only when the server sent none, and
  it is only ever sent back to that server as ``tool_call_id``);
* an assistant message's ``content`` is never null (``""`` beside tool calls);
* tool results are ``role: "tool"`` messages (or user messages, see
  :class:`ChatCompatibility`);
* parsing tolerates missing or null fields (no choices, no usage, null
  tool_calls, null arguments -> ``"{}"``);
* ``reasoning_content`` / ``reasoning`` from vLLM, DeepSeek, Ollama becomes a
  reasoning item (a summary, resp. reasoning content as in the SDK); it is not sent
  back unless asked for, except ``reasoning`` to the model that sent it (as the SDK).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from runwright._core.exceptions import UserError
from runwright._core.items import RawItem

REQUIRED_TOOL_NOTE = "You must answer by calling one of the available tools."


@dataclass(frozen=True)
class ChatCompatibility:
    """Known quirks of Chat Completions servers, and how to work around them.

    Args:
        supports_tool_choice_required: False: ``tool_choice="required"`` is sent
            as ``"auto"`` and :data:`REQUIRED_TOOL_NOTE` is added to the system
            message (llama.cpp's server answers "required" with HTTP 500).
        tool_results_as_user: Send tool results as user messages (and earlier
            tool calls as assistant text), for chat templates that drop
            ``role: "tool"`` messages (llama-cpp-python's
            ``chatml-function-calling``).
        send_strict: Send ``strict`` on function tools.
        response_format: How an output schema is requested: ``"json_schema"``
            (OpenAI, vLLM, Ollama), ``"json_object"`` (``{"type": "json_object",
            "schema": ...}``, llama.cpp), or ``"none"`` (schema only in the
            validation step).
        send_reasoning_content: Replay reasoning items as the next assistant
            message's ``reasoning_content`` (DeepSeek forbids it; default off).
        stream_usage: Ask for a final usage chunk with ``stream_options``.
        send_parallel_tool_calls: Send the ``parallel_tool_calls`` setting.
        system_role: The role used for system instructions and ``developer``
            messages (``"system"`` is understood everywhere).
        max_tokens_param: The request field ``max_tokens`` is sent as: OpenAI's
            reasoning models accept only ``"max_completion_tokens"``; many
            compatible servers know only ``"max_tokens"``.
    """

    supports_tool_choice_required: bool = True
    tool_results_as_user: bool = False
    send_strict: bool = True
    response_format: Literal["json_schema", "json_object", "none"] = "json_schema"
    send_reasoning_content: bool = False
    stream_usage: bool = True
    send_parallel_tool_calls: bool = True
    system_role: str = "system"
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"

    @classmethod
    def openai(cls) -> ChatCompatibility:
        """api.openai.com (the default there)."""
        return cls(max_tokens_param="max_completion_tokens")

    @classmethod
    def llama_cpp(cls) -> ChatCompatibility:
        """llama-cpp-python's server (``chatml-function-calling`` format)."""
        return cls(
            supports_tool_choice_required=False,
            tool_results_as_user=True,
            send_strict=False,
            response_format="json_object",
            send_parallel_tool_calls=False,
        )

    @classmethod
    def ollama(cls) -> ChatCompatibility:
        """Ollama's OpenAI-compatible endpoint."""
        return cls(supports_tool_choice_required=False, send_strict=False)


# ----- items -> messages -------------------------------------------------------


def items_to_messages(
    items: str | Iterable[Mapping[str, Any]],
    system_instructions: str | None = None,
    compat: ChatCompatibility | None = None,
    model: str | None = None,
) -> list[dict[str, Any]]:
    """Chat messages for ``system_instructions`` then ``items`` (Responses shape).

    ``model``: the model the messages go to; reasoning that model sent in the
    ``reasoning`` field goes back to it there, as in the SDK.
    """
    compat = compat or ChatCompatibility()
    builder = _MessageBuilder(compat, model)
    if system_instructions:
        builder.add({"role": compat.system_role, "content": system_instructions})
    if isinstance(items, str):
        builder.add({"role": "user", "content": items})
        return builder.messages
    for item in items:
        builder.add_item(item if isinstance(item, Mapping) else _as_dict(item))
    builder.flush_attachments()
    return builder.messages


def _as_dict(item: Any) -> Mapping[str, Any]:
    dump = getattr(item, "model_dump", None)
    if dump is None:
        raise UserError(f"Input item {item!r} is not a dict in Responses API shape.")
    return dump(exclude_unset=True)  # type: ignore[no-any-return]


class _MessageBuilder:
    """Folds items into messages; consecutive tool calls join one assistant message."""

    def __init__(self, compat: ChatCompatibility, model: str | None = None) -> None:
        self.compat = compat
        self.model = model
        self.messages: list[dict[str, Any]] = []
        self._assistant: dict[str, Any] | None = None
        self._reasoning: tuple[str, str] | None = None
        """(message field, text): reasoning for the next assistant message."""
        self._call_names: dict[str, str] = {}
        self._attachments: list[dict[str, Any]] = []
        """Images/files tools returned, sent in a user message after the tool messages."""

    def add(self, message: dict[str, Any]) -> None:
        if message.get("role") != "tool":
            self.flush_attachments()
        self.messages.append(message)
        self._assistant = None

    def flush_attachments(self) -> None:
        """Tool messages carry text only: what tools returned besides goes in a user message."""
        if self._attachments:
            note = {"type": "text", "text": "Files returned by the tool calls above:"}
            self.messages.append({"role": "user", "content": [note, *self._attachments]})
            self._attachments = []

    def add_item(self, item: Mapping[str, Any]) -> None:
        kind = item.get("type")
        if kind is None or kind == "message":
            self._add_message(item)
        elif kind == "function_call":
            self._add_function_call(item)
        elif kind == "function_call_output":
            self._add_function_output(item)
        elif kind == "reasoning":
            self._add_reasoning(item)
        elif kind == "item_reference":
            raise UserError(
                "Chat Completions cannot resolve 'item_reference' input items; send the "
                "items themselves or use the Responses API."
            )
        else:
            raise UserError(
                f"Input item type {kind!r} cannot be sent to a Chat Completions model "
                "(only messages, function calls, their outputs and reasoning can)."
            )

    def _add_message(self, item: Mapping[str, Any]) -> None:
        role = item.get("role") or "user"
        if role == "assistant":
            self._new_assistant(_assistant_text(item.get("content")))
            return
        if role in ("system", "developer"):
            role = self.compat.system_role
        self.add({"role": role, "content": _user_content(item.get("content"))})

    def _new_assistant(self, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if self._reasoning is not None:
            field, reasoning = self._reasoning
            message[field] = reasoning
            self._reasoning = None
        self.add(message)
        self._assistant = message
        return message

    def _add_function_call(self, item: Mapping[str, Any]) -> None:
        call_id = str(item.get("call_id") or item.get("id") or "")
        name = str(item.get("name") or "")
        arguments = item.get("arguments") or "{}"
        self._call_names[call_id] = name
        message = self._assistant or self._new_assistant("")
        if self.compat.tool_results_as_user:
            note = f"[called tool {name} with arguments {arguments}]"
            message["content"] = f"{message['content']}\n{note}".lstrip("\n")
            return
        call = {
            "id": call_id,
            "type": "function",
            "function": {"name": name, "arguments": arguments},
        }
        message.setdefault("tool_calls", []).append(call)

    def _add_function_output(self, item: Mapping[str, Any]) -> None:
        call_id = str(item.get("call_id") or "")
        output, media = _split_output(item.get("output"))
        if self.compat.tool_results_as_user:
            name = self._call_names.get(call_id, "the tool")
            text = {"type": "text", "text": f"Result of {name}: {output}"}
            self.add({"role": "user", "content": [text, *media] if media else text["text"]})
            return
        if media:
            output = output or f"(returned {len(media)} file(s), attached below)"
            self._attachments.extend(media)
        self.add({"role": "tool", "tool_call_id": call_id, "content": output})

    def _add_reasoning(self, item: Mapping[str, Any]) -> None:
        data = item.get("provider_data")
        if (
            isinstance(data, Mapping)
            and data.get(REASONING_FIELD_KEY) == "reasoning"
            and self.model is not None
            and data.get("model") == self.model
        ):
            texts = [
                part["text"]
                for part in item.get("content") or ()
                if isinstance(part, Mapping) and part.get("type") == "reasoning_text"
                if isinstance(part.get("text"), str) and part["text"]
            ]
            if texts:  # the same model's own `reasoning` field goes back to it
                self._reasoning = ("reasoning", "\n".join(texts))
                return
        if self.compat.send_reasoning_content:
            self._reasoning = ("reasoning_content", reasoning_text(item))


def _user_content(content: Any) -> Any:
    """String content as is; text-only part lists collapse to one string (widest support)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    parts = [_user_part(p) for p in content]
    if all(p.get("type") == "text" for p in parts):
        return "".join(p["text"] for p in parts)
    return parts


def _user_part(part: Mapping[str, Any]) -> dict[str, Any]:
    kind = part.get("type")
    if kind in ("input_text", "output_text", "text"):
        return {"type": "text", "text": part.get("text") or ""}
    if kind == "input_image":
        image: dict[str, Any] = {"url": part.get("image_url") or ""}
        if part.get("detail"):
            image["detail"] = part["detail"]
        return {"type": "image_url", "image_url": image}
    if kind == "input_file":
        file = {k: part[k] for k in ("file_data", "file_id", "filename") if part.get(k)}
        return {"type": "file", "file": file}
    raise UserError(f"Content part type {kind!r} cannot be sent to a Chat Completions model.")


def _assistant_text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(
        str(part.get("text") or part.get("refusal") or "")
        for part in content
        if part.get("type") in ("output_text", "text", "refusal", "input_text")
    )


def _split_output(output: Any) -> tuple[str, list[dict[str, Any]]]:
    """A tool output's text, and its images/files as Chat Completions content parts."""
    if isinstance(output, str):
        return output, []
    if not isinstance(output, list):
        return (json.dumps(output) if output is not None else ""), []
    texts: list[str] = []
    media: list[dict[str, Any]] = []
    for part in output:
        if not isinstance(part, Mapping):
            continue
        kind = part.get("type")
        if kind in ("input_text", "output_text", "text"):
            texts.append(str(part.get("text") or ""))
        elif kind == "input_image" and not part.get("image_url"):
            texts.append(f"[image file: {part.get('file_id') or 'unnamed'}]")
        elif kind == "input_file" and not (part.get("file_data") or part.get("file_id")):
            texts.append(f"[file: {part.get('file_url') or part.get('filename') or 'unnamed'}]")
        elif kind in ("input_image", "input_file"):
            media.append(_user_part(part))
    return "".join(texts), media


def reasoning_text(item: Mapping[str, Any]) -> str:
    """The text of a reasoning item (summary parts, else content parts)."""
    parts = item.get("summary") or item.get("content") or []
    return "".join(str(p.get("text") or "") for p in parts)


# ----- completion -> items ------------------------------------------------------


REASONING_FIELD_KEY = "_chat_completions_reasoning_field"
"""``provider_data`` key marking reasoning a server sent in the ``reasoning`` field (the
SDK's marker)."""

FAKE_RESPONSES_ID = "__fake_id__"
"""The placeholder ``id`` of items made from Chat Completions messages (as in the SDK);
left out when the items go to the Responses API."""


def message_to_items(
    message: Mapping[str, Any] | None, provider_data: Mapping[str, Any] | None = None
) -> list[RawItem]:
    """Output items (Responses shape) for one Chat Completions assistant message.

    Order: reasoning, message (text, then refusal), then function calls. The items
    have the SDK's form: the placeholder id, keys in openai's field order, and
    ``provider_data`` (``{"model": ..., "response_id": ...}``) when given.
    """
    if not message:
        return []
    items: list[RawItem] = []
    reasoning = message.get("reasoning_content")
    other = message.get("reasoning")
    if isinstance(reasoning, str) and reasoning:
        summary = [RawItem(text=reasoning, type="summary_text")]
        items.append(
            _with_provider_data(
                RawItem(id=FAKE_RESPONSES_ID, summary=summary, type="reasoning"), provider_data
            )
        )
    elif isinstance(other, str) and other:
        # Ollama / newer vLLM: reasoning content, marked so it can go back in that field
        item = RawItem(id=FAKE_RESPONSES_ID, summary=[], type="reasoning")
        item["content"] = [RawItem(text=other, type="reasoning_text")]
        item["provider_data"] = RawItem(provider_data or {})
        item["provider_data"][REASONING_FIELD_KEY] = "reasoning"
        items.append(item)
    content = message.get("content")
    refusal = message.get("refusal")
    parts: list[RawItem] = []
    if isinstance(content, str) and content:
        parts.append(RawItem(annotations=[], text=content, type="output_text", logprobs=[]))
    if refusal:
        parts.append(RawItem(refusal=refusal, type="refusal"))
    if parts:
        item = RawItem(id=FAKE_RESPONSES_ID, content=parts, role="assistant")
        item.update(status="completed", type="message")
        items.append(_with_provider_data(item, provider_data))
    for call in message.get("tool_calls") or ():
        items.append(_with_provider_data(_function_call(call), provider_data))
    legacy = message.get("function_call")
    if legacy and not message.get("tool_calls"):
        items.append(_with_provider_data(_function_call({"function": legacy}), provider_data))
    return items


def _with_provider_data(item: RawItem, provider_data: Mapping[str, Any] | None) -> RawItem:
    if provider_data:
        item["provider_data"] = RawItem(provider_data)
    return item


def _function_call(call: Mapping[str, Any]) -> RawItem:
    function = call.get("function") or {}
    arguments = function.get("arguments")
    if not isinstance(arguments, str) or not arguments.strip():
        arguments = json.dumps(arguments) if isinstance(arguments, dict) else "{}"
    call_id = call.get("id") or f"call_{os.urandom(12).hex()}"
    return RawItem(
        arguments=arguments,
        call_id=call_id,
        name=function.get("name") or "",
        type="function_call",
        id=FAKE_RESPONSES_ID,
    )


def first_choice_message(completion: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The first choice's message, or None when the server sent no choices."""
    choices = completion.get("choices") or ()
    for choice in choices:
        if choice:
            message = choice.get("message")
            return message if isinstance(message, Mapping) else None
    return None


# ----- tools and formats --------------------------------------------------------


def chat_tools(
    specs: list[tuple[str, str, dict[str, Any], bool]], compat: ChatCompatibility
) -> list[dict[str, Any]]:
    """Chat function tools for (name, description, parameters, strict) specs."""
    tools = []
    for name, description, parameters, strict in specs:
        function: dict[str, Any] = {"name": name, "description": description}
        function["parameters"] = parameters
        if compat.send_strict and strict:
            function["strict"] = True
        tools.append({"type": "function", "function": function})
    return tools


def chat_tool_choice(choice: Any) -> Any:
    """``"auto"``/``"required"``/``"none"`` as they are; a tool name as a function choice."""
    if isinstance(choice, str) and choice not in ("auto", "required", "none"):
        return {"type": "function", "function": {"name": choice}}
    return choice


def response_format(
    name: str, schema: dict[str, Any], strict: bool, compat: ChatCompatibility
) -> dict[str, Any] | None:
    """The ``response_format`` asking for JSON matching ``schema`` (None: send none)."""
    if compat.response_format == "none":
        return None
    if compat.response_format == "json_object":
        return {"type": "json_object", "schema": schema}
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "schema": schema, "strict": strict},
    }
