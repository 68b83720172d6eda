"""runwright against the OpenAI Agents SDK's published API contract.

The contract (``openai-agents-0.24.0-api-contract.json`` beside this file, the SDK's own
machine-readable description of its public surface, MIT) lists public modules, required
exports, and the parameters, fields and members of every public callable. This module checks
runwright against it with the rules the SDK's release check uses (``agents.x`` is
``runwright.x``; runwright may add keyword-only parameters with defaults, never required ones).

    .venv/bin/python tests/compat/api_contract.py           # rewrite the recorded results
                                                             # and docs/compatibility.md's table

``test_api_contract.py`` fails when a name that passed stops passing, or when the recorded
results or the docs table are out of date.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONTRACT = HERE / "openai-agents-0.24.0-api-contract.json"
RECORDED = HERE / "api_contract_results.json"
DOC = ROOT / "docs" / "compatibility.md"
DOC_BEGIN = "<!-- api-contract:begin -->"
DOC_END = "<!-- api-contract:end -->"

# Realtime and voice are not the Runner system; hosted vendor sandboxes (Modal, Runloop, ...)
# need the vendors' clouds. docs/compatibility.md says why for each.
NOT_IN_SCOPE = ("agents.realtime", "agents.voice", "agents.extensions.sandbox")
EMPTY = inspect.Parameter.empty
VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def in_scope(name: str) -> bool:
    return not name.startswith(NOT_IN_SCOPE)


def ours(module: str) -> str:
    return "runwright" + module[len("agents") :]


def import_face(module: str) -> tuple[Any, str | None]:
    try:
        return importlib.import_module(ours(module)), None
    except Exception as exc:
        return None, f"{type(exc).__name__}: {str(exc)[:120]}"


def present(obj: Any, name: str) -> bool:
    """An attribute, counting a lazy export whose optional third-party package is absent."""
    try:
        getattr(obj, name)
    except AttributeError:
        return False
    except ImportError as exc:
        missing = getattr(exc.__cause__, "name", None) or exc.name or ""
        return bool(missing) and not missing.startswith("runwright")
    return True


def lookup(qualname: str) -> tuple[Any, str | None]:
    if qualname.startswith("agents."):
        module_name, _, attr = qualname.rpartition(".")
        module, error = import_face(module_name)
        if module is None:
            return None, error
    else:
        module, attr = importlib.import_module("runwright"), qualname
    if not present(module, attr):
        return None, f"{module.__name__} has no {attr}"
    try:
        return getattr(module, attr), None
    except ImportError as exc:
        return None, f"optional dependency: {exc}"


def default_matches(want: dict[str, Any], have: Any) -> bool:
    kind = want.get("kind")
    if kind == "required":
        return True
    if have is EMPTY:
        return False
    if kind != "literal":
        return True  # a factory or sentinel in the SDK: any default will do
    value = want.get("value")
    if isinstance(have, enum.Enum):
        have = have.value
    try:
        return bool(have == value) or (isinstance(value, list) and list(have) == value)
    except Exception:
        return False


def parameter_problems(wanted: list[dict[str, Any]], fn: Any) -> list[str]:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError) as exc:
        return [f"no signature ({exc})"]
    takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in params.values())
    names = {w["name"] for w in wanted}
    problems: list[str] = []
    for w in wanted:
        name, kind = w["name"], w["kind"]
        if name in ("self", "cls"):
            continue
        p = params.get(name)
        if p is None:
            if kind in ("VAR_POSITIONAL", "VAR_KEYWORD"):
                if not any(q.kind.name == kind for q in params.values()):
                    problems.append(f"no {'*' if kind == 'VAR_POSITIONAL' else '**'}{name}")
            elif not takes_kwargs or (
                kind != "KEYWORD_ONLY" and w["default"].get("kind") == "required"
            ):
                problems.append(f"missing parameter {name}")
            continue
        if p.kind.name != kind and not (
            kind == "KEYWORD_ONLY" and p.kind is p.POSITIONAL_OR_KEYWORD
        ):
            problems.append(f"{name}: {p.kind.name} (SDK {kind})")
        if kind not in ("VAR_POSITIONAL", "VAR_KEYWORD") and not default_matches(
            w["default"], p.default
        ):
            problems.append(f"{name}: default {p.default!r:.40}")
    for name, p in params.items():
        required = p.default is EMPTY and p.kind not in VARIADIC
        if required and name not in names and name not in ("self", "cls"):
            problems.append(f"extra required parameter {name}")
    return problems


def declared_fields(cls: type) -> dict[str, bool]:
    """Field name -> has a default (constructor parameters, dataclass and pydantic fields)."""
    out: dict[str, bool] = {}
    try:
        for name, p in inspect.signature(cls).parameters.items():
            if p.kind not in VARIADIC:
                out[name] = p.default is not EMPTY
    except (TypeError, ValueError):
        pass
    if dataclasses.is_dataclass(cls):
        for f in dataclasses.fields(cls):
            out[f.name] = (
                f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
            )
    model_fields = getattr(cls, "model_fields", None)
    if isinstance(model_fields, dict):
        for name, info in model_fields.items():
            out[name] = not info.is_required()
    return out


def is_coroutine(fn: Any) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn)


def callable_problems(qualname: str, spec: dict[str, Any]) -> list[str]:
    obj, error = lookup(qualname)
    if obj is None:
        return [error or "missing"]
    problems: list[str] = []
    if spec.get("kind") == "function" and "parameters" in spec:
        if spec.get("execution_kind") == "coroutine" and not (
            inspect.iscoroutinefunction(inspect.unwrap(obj)) or inspect.isasyncgenfunction(obj)
        ):
            problems.append("not a coroutine function (SDK: coroutine)")
        problems += parameter_problems(spec["parameters"], obj)
    if not (
        spec.get("kind") == "class" or spec.get("dataclass_fields") or spec.get("model_fields")
    ):
        return problems
    if not inspect.isclass(obj):
        return [f"not a class ({type(obj).__name__})"]
    fields = declared_fields(obj)
    wanted_fields = {f["name"] for f in spec.get("dataclass_fields") or []}
    for klass in inspect.getmro(obj):  # annotated or self.x-assigned attributes count
        for name in getattr(klass, "__annotations__", {}):
            fields.setdefault(name, True)
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        for name in wanted_fields - fields.keys():
            if f"self.{name} =" in source or f"self.{name}: " in source:
                fields[name] = True
    for f in spec.get("dataclass_fields") or []:
        name = f["name"]
        if name not in fields and not hasattr(obj, name):
            problems.append(f"missing field {name}")
        elif (
            name in fields
            and f.get("init", True)
            and f.get("default", {}).get("kind") != "required"
            and not fields[name]
        ):
            problems.append(f"field {name} has no default")
    for f in spec.get("model_fields") or []:
        name = f["name"] if isinstance(f, dict) else f
        if name not in fields and not hasattr(obj, name):
            problems.append(f"missing field {name}")
    for m in spec.get("enum_members") or []:
        name = m["name"] if isinstance(m, dict) else m
        if not hasattr(obj, name):
            problems.append(f"missing member {name}")
    for name, member in (spec.get("members") or {}).items():
        if inspect.getattr_static(obj, name, None) is None:
            problems.append(f"missing method {name}")
            continue
        fn = getattr(obj, name)
        if member.get("execution_kind") == "coroutine" and not is_coroutine(fn):
            problems.append(f"{name}: not a coroutine function")
        if "parameters" in member:
            problems += [f"{name}(): {p}" for p in parameter_problems(member["parameters"], fn)]
    return problems


def entries(contract: dict[str, Any]) -> Iterator[tuple[str, str, Callable[[], list[str]]]]:
    """(part, key, check) for every in-scope entry; check() returns the problems found."""

    def module_check(module: str) -> Callable[[], list[str]]:
        return lambda: [e] if (e := import_face(module)[1]) else []

    def export_check(module: str, name: str) -> Callable[[], list[str]]:
        def check() -> list[str]:
            face, error = import_face(module)
            if face is None:
                return [error or "missing"]
            return [] if present(face, name) else ["missing"]

        return check

    for module in contract["public_modules"]:
        if in_scope(module):
            yield "modules", module, module_check(module)
    for name in contract["required_top_level_exports"]:
        yield "top_level", name, export_check("agents", name)
    for module, spec in contract["required_submodule_exports"].items():
        if in_scope(module):
            for name in spec["names"]:
                yield "submodule_exports", f"{module}.{name}", export_check(module, name)
    for qualname, spec in contract["callables"].items():
        if in_scope(qualname):

            def check(qualname: str = qualname, spec: dict[str, Any] = spec) -> list[str]:
                try:
                    return callable_problems(qualname, spec)
                except Exception as exc:
                    return [f"check failed: {type(exc).__name__}: {exc}"]

            yield "callables", qualname, check


def run() -> dict[str, dict[str, list[str]]]:
    """part -> key -> problems (an empty list: the entry matches the SDK)."""
    contract = json.loads(CONTRACT.read_text())
    report: dict[str, dict[str, list[str]]] = {}
    for part, key, check in entries(contract):
        report.setdefault(part, {})[key] = check()
    return report


def summary(report: dict[str, dict[str, list[str]]]) -> str:
    parts = {part: (sum(not p for p in d.values()), len(d)) for part, d in report.items()}
    ok = sum(a for a, _ in parts.values())
    total = sum(n for _, n in parts.values())
    detail = ", ".join(f"{part} {a}/{n}" for part, (a, n) in parts.items())
    return f"{ok}/{total} ({detail})"


def area(key: str, modules: set[str]) -> str:
    """The SDK module an entry belongs to, for grouping the docs table."""
    if not key.startswith("agents"):
        return "agents"
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        if (candidate := ".".join(parts[:n])) in modules:
            return candidate
    return "agents"


def docs_table(report: dict[str, dict[str, list[str]]]) -> str:
    """Every name of the contract by SDK module: same, or what differs / is not there yet."""
    modules = set(json.loads(CONTRACT.read_text())["public_modules"])
    groups: dict[str, dict[str, list[str]]] = {}
    for d in report.values():
        for key, problems in d.items():
            module = area(key, modules)
            name = key.removeprefix(module + ".") if key != module else "(module)"
            groups.setdefault(module, {}).setdefault(name, []).extend(problems)
    lines = [
        DOC_BEGIN,
        "",
        f"Checked against the SDK's contract: **{summary(report)}**. Generated by",
        "`tests/compat/api_contract.py`; a name is *same* when it exists at the SDK's path",
        "with the SDK's parameters, kinds, defaults, fields and members. Behaviour that",
        "differs on purpose is listed under [Deliberate differences](#deliberate-differences).",
        "",
        "| SDK module | same | differs or not yet |",
        "|---|---|---|",
    ]
    for module in sorted(groups):
        names = groups[module]
        same = ", ".join(f"`{n}`" for n in sorted(names) if not names[n]) or "—"
        short = ", ".join(f"`{n}` ({_short(names[n])})" for n in sorted(names) if names[n]) or "—"
        lines.append(f"| `{module}` | {same} | {short} |")
    lines += ["", DOC_END]
    return "\n".join(lines)


def _short(problems: list[str]) -> str:
    text = "; ".join(problems)
    text = re.sub(r"runwright(\.\w+)* has no \w+", "not yet", text)
    text = re.sub(r"ModuleNotFoundError: .*", "module not yet", text)
    text = text.replace("|", "/")
    return text if len(text) <= 90 else text[:87] + "..."


def recorded_text(report: dict[str, dict[str, list[str]]]) -> str:
    passing = {part: sorted(k for k, p in d.items() if not p) for part, d in report.items()}
    return json.dumps({"summary": summary(report), "passing": passing}, indent=1) + "\n"


def rewrite() -> str:
    report = run()
    RECORDED.write_text(recorded_text(report))
    text = DOC.read_text()
    table = docs_table(report)
    if DOC_BEGIN in text:
        head, _, rest = text.partition(DOC_BEGIN)
        _, _, tail = rest.partition(DOC_END)
        text = head + table + tail
    else:
        text = text.rstrip("\n") + "\n\n## Every SDK name\n\n" + table + "\n"
    DOC.write_text(text)
    return summary(report)


if __name__ == "__main__":
    print("api contract:", rewrite())
