"""Rewrites a JSON schema into OpenAI's "strict mode" dialect.

Strict mode (structured outputs / strict function calling) accepts a subset of
JSON Schema: every object must list all of its properties in ``required`` and
set ``additionalProperties: false``; ``oneOf`` is not supported (``anyOf`` is);
a ``$ref`` may not carry sibling keywords. :func:`ensure_strict_json_schema`
performs that rewrite on a copy, leaving the caller's schema untouched.
"""

from __future__ import annotations

import copy
from typing import Any

from runwright._core.exceptions import UserError

# Keywords whose value is a single subschema, or a list of subschemas.
_SUBSCHEMA_KEYS = ("items", "not", "contains", "if", "then", "else")
_SUBSCHEMA_LIST_KEYS = ("prefixItems", "anyOf", "allOf")
# Keywords whose value maps names to subschemas.
_SUBSCHEMA_MAP_KEYS = ("properties", "$defs", "definitions")


def ensure_strict_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Returns a strict-mode copy of ``schema``; the input is never mutated.

    Every object gets ``additionalProperties: false`` and ``required`` listing
    all its properties; ``oneOf`` becomes ``anyOf``; a single-element
    ``allOf`` is merged into its parent; ``"default": None`` is dropped; a
    ``$ref`` with sibling keys is replaced by the referenced schema merged
    with those keys. Subschemas under ``properties``, ``items``,
    ``prefixItems``, ``anyOf``, ``allOf``, ``$defs`` and ``definitions`` are
    rewritten recursively.

    Args:
        schema: A JSON schema (for instance a pydantic ``model_json_schema()``).

    Returns:
        A new schema in strict mode.

    Raises:
        UserError: The schema allows additional properties (``true`` or a
            schema), which strict mode cannot express.
    """
    if not isinstance(schema, dict):
        raise UserError(f"Expected a JSON schema object (dict), got {type(schema).__name__}.")
    # A deep copy first, so the result shares no nested list or dict with the input.
    schema = copy.deepcopy(schema)
    return _Rewriter(schema).rewrite(schema, "#", frozenset())


class _Rewriter:
    """Walks one schema; ``root`` is the original document, used to resolve ``$ref``."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def rewrite(self, node: dict[str, Any], path: str, inlining: frozenset[str]) -> dict[str, Any]:
        """A strict copy of ``node``; ``inlining`` holds refs being expanded above it."""
        out = dict(node)
        if out.get("default", ...) is None:
            del out["default"]
        out = self._merge_single_all_of(out, path, inlining)
        ref = out.get("$ref")
        if isinstance(ref, str) and len(out) > 1:
            if ref not in inlining:
                return self._inline_ref(out, ref, path, inlining)
            # A recursive type referring to itself: keep the bare reference,
            # since inlining again would never terminate.
            return {"$ref": ref}
        self._convert_one_of(out)
        self._rewrite_children(out, path, inlining)
        if _is_object(out):
            self._make_object_strict(out, path)
        return out

    def _merge_single_all_of(
        self, out: dict[str, Any], path: str, inlining: frozenset[str]
    ) -> dict[str, Any]:
        all_of = out.get("allOf")
        if not (isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], dict)):
            return out
        rest = {k: v for k, v in out.items() if k != "allOf"}
        # Rewriting the member first resolves its own $ref, so the merge sees real keywords.
        member = self.rewrite(all_of[0], f"{path}/allOf/0", inlining)
        if any(key in rest and rest[key] != value for key, value in member.items()):
            # Merging would let one constraint overwrite the other: keep the allOf.
            return {**rest, "allOf": [member]}
        return {**member, **rest}

    def _inline_ref(
        self, out: dict[str, Any], ref: str, path: str, inlining: frozenset[str]
    ) -> dict[str, Any]:
        target = self._resolve(ref, path)
        siblings = {k: v for k, v in out.items() if k != "$ref"}
        return self.rewrite({**target, **siblings}, path, inlining | {ref})

    def _resolve(self, ref: str, path: str) -> dict[str, Any]:
        if not ref.startswith("#"):
            raise UserError(f"Cannot resolve non-local $ref {ref!r} at {path}.")
        node: Any = self.root
        for raw in ref[1:].split("/"):
            if not raw:
                continue
            key = raw.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or key not in node:
                raise UserError(f"Cannot resolve $ref {ref!r} at {path}.")
            node = node[key]
        if not isinstance(node, dict):
            raise UserError(f"$ref {ref!r} at {path} does not point to a schema.")
        return node

    @staticmethod
    def _convert_one_of(out: dict[str, Any]) -> None:
        one_of = out.pop("oneOf", None)
        if not isinstance(one_of, list):
            return
        if "anyOf" not in out:
            out["anyOf"] = one_of
            return
        # Both present means "(any of A) and (one of B)": keep the conjunction.
        all_of = list(out.get("allOf", []))
        all_of.append({"anyOf": one_of})
        out["allOf"] = all_of

    def _rewrite_children(self, out: dict[str, Any], path: str, inlining: frozenset[str]) -> None:
        for key in _SUBSCHEMA_KEYS:
            value = out.get(key)
            if isinstance(value, dict):
                out[key] = self.rewrite(value, f"{path}/{key}", inlining)
            elif key == "items" and isinstance(value, list):  # draft-04 tuple form
                out[key] = self._rewrite_list(value, f"{path}/{key}", inlining)
        for key in _SUBSCHEMA_LIST_KEYS:
            value = out.get(key)
            if isinstance(value, list):
                out[key] = self._rewrite_list(value, f"{path}/{key}", inlining)
        for key in _SUBSCHEMA_MAP_KEYS:
            value = out.get(key)
            if isinstance(value, dict):
                out[key] = {
                    name: self.rewrite(sub, f"{path}/{key}/{name}", inlining)
                    if isinstance(sub, dict)
                    else sub
                    for name, sub in value.items()
                }

    def _rewrite_list(self, items: list[Any], path: str, inlining: frozenset[str]) -> list[Any]:
        return [
            self.rewrite(sub, f"{path}/{i}", inlining) if isinstance(sub, dict) else sub
            for i, sub in enumerate(items)
        ]

    @staticmethod
    def _make_object_strict(out: dict[str, Any], path: str) -> None:
        extra = out.get("additionalProperties", False)
        if extra is not False:
            kind = "true" if extra is True else "a schema"
            raise UserError(
                f"Strict JSON schema mode forbids additionalProperties ({kind}) at {path}: "
                "every object must have a fixed set of properties (so dict[str, ...] and "
                "free-form objects are not allowed). Use a pydantic model or TypedDict "
                "with named fields, or turn strict mode off (strict_mode=False on "
                "function_tool, strict_json_schema=False on AgentOutputSchema)."
            )
        out["additionalProperties"] = False
        properties = out.get("properties")
        if isinstance(properties, dict):
            out["required"] = list(properties)


def _is_object(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind):
        return True
    return kind is None and "properties" in node
