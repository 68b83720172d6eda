"""The layout rule (docs/architecture.md): one name, one home.

* Code lives in private rooms: ``_``-packages grouped by concern (``runwright._loop``,
  ``runwright._state``, ...). Public modules are faces: they only re-export names from
  the rooms (``public_map.json`` pins every public name to the room module it comes from).
* The public top level is the OpenAI Agents SDK's module paths plus runwright's own
  public features (``cli``, ``durable``, ``sessions``, ``temporal``).
* Code in the rooms imports rooms, never a face; runtime imports form no cycle; imports
  inside functions only load a heavy or optional part lazily, each with its reason.

After adding or moving a public name, rewrite the map with
``.venv/bin/python tests/test_layout.py`` and review its diff.
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import pkgutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import runwright

SRC = Path(runwright.__file__).parent
MAP_FILE = Path(__file__).with_name("public_map.json")
MAX_FUNCTION_LOCAL_IMPORTS = 40

# The top-level modules of openai-agents 0.24 (its public paths and the SDK's other modules).
SDK_TOP_LEVEL = {
    "agent", "agent_output", "agent_tool_input", "agent_tool_state", "apply_diff", "computer",
    "decorators", "editor", "exceptions", "extensions", "function_schema", "guardrail",
    "handoffs", "items", "lifecycle", "logger", "mcp", "memory", "model_settings", "models",
    "prompts", "realtime", "repl", "responses_websocket_session", "result", "retry", "run",
    "run_config", "run_context", "run_error_handlers", "run_state", "sandbox", "stream_events",
    "strict_schema", "testing", "tool", "tool_context", "tool_guardrails", "tracing", "usage",
    "util", "version", "voice",
}  # fmt: skip
RUNWRIGHTS_OWN = {"cli", "durable", "sessions", "temporal"}


def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


def _modules() -> list[str]:
    found = ["runwright"]
    for info in pkgutil.walk_packages(runwright.__path__, "runwright."):
        found.append(info.name)
    return sorted(found)


def _public_modules() -> list[str]:
    return [m for m in _modules() if not _is_private(m)]


@functools.cache
def _tree(module: str) -> ast.Module:
    """The module's syntax tree (parsed once: several tests walk every module)."""
    return ast.parse(_file(module).read_text())


def _file(module: str) -> Path:
    path = SRC.parent.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


@functools.cache
def _definitions(module: str) -> frozenset[str]:
    """The names a module defines at its top level (classes, functions, assignments)."""
    names: set[str] = set()
    for node in _tree(module).body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return frozenset(names)


def _home(value: object, name: str, private: list[str]) -> str:
    """The room module that defines ``name`` as ``value``."""
    candidates = [m for m in private if name in _definitions(m)]
    for module in candidates:
        if getattr(importlib.import_module(module), name, None) is value:
            return module
    raise LookupError(f"no room module defines {name!r} (candidates: {candidates})")


@functools.cache
def build_map() -> dict[str, dict[str, str]]:
    """Every public module's names -> the room module each comes from (submodules: '.')."""
    private = [m for m in _modules() if _is_private(m)]
    result: dict[str, dict[str, str]] = {}
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        names: dict[str, str] = {}
        for name in module.__all__:
            value = getattr(module, name)
            if type(value) is type(sys):
                names[name] = "."  # a public submodule
            else:
                names[name] = _home(value, name, private)
        result[module_name] = names
    return result


def doc_rows(public_map: dict[str, dict[str, str]]) -> list[str]:
    """The map's table in docs/architecture.md: each public path and the rooms of its code."""
    rows = []
    for module, names in sorted(public_map.items()):
        homes = sorted({h.removeprefix("runwright.") for h in names.values() if h != "."})
        rooms = sorted({h.partition(".")[0] for h in homes})
        if len(homes) > 3:
            where = ", ".join(f"`{r}/`" for r in rooms)
        else:
            where = ", ".join(f"`{h.replace('.', '/')}.py`" for h in homes)
        subs = sorted(n for n, h in names.items() if h == ".")
        if subs:
            where += (", " if where else "") + "submodules " + ", ".join(f"`{n}`" for n in subs)
        rows.append(f"| `{module}` | {where or '(a package: its submodules are faces)'} |")
    return rows


def _runwright_imports(tree: ast.Module, module: str) -> Iterator[tuple[ast.stmt, str, bool]]:
    """(node, imported module, inside a function) for each runtime runwright import."""
    package = module if _file(module).name == "__init__.py" else module.rpartition(".")[0]

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[ast.stmt, str, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parts, base]) if base else ".".join(parts)
                if base == "runwright" or base.startswith("runwright."):
                    for alias in child.names:
                        full = f"{base}.{alias.name}"
                        yield child, full if _file_exists(full) else base, in_function
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("runwright."):
                        yield child, alias.name, in_function
            yield from walk(child, inner)

    yield from walk(tree, False)


def _file_exists(module: str) -> bool:
    path = SRC.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_the_public_map_is_pinned() -> None:
    assert build_map() == json.loads(MAP_FILE.read_text()), (
        "the public API moved: rewrite tests/public_map.json with "
        "`.venv/bin/python tests/test_layout.py` and review the diff"
    )


def test_docs_architecture_shows_the_map() -> None:
    doc = (SRC.parents[1] / "docs" / "architecture.md").read_text()
    missing = [row for row in doc_rows(build_map()) if row not in doc]
    assert missing == [], "docs/architecture.md: update the map (run tests/test_layout.py)"


def test_the_public_top_level_is_the_sdks_paths_and_runwrights_own() -> None:
    top = {m.split(".")[1] for m in _public_modules() if m != "runwright"}
    assert top - SDK_TOP_LEVEL == RUNWRIGHTS_OWN


@pytest.mark.parametrize("module", _public_modules())
def test_public_modules_only_re_export_from_rooms(module: str) -> None:
    own_submodules = f"{module}."
    for node in _tree(module).body:
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            public_runwright = source.startswith("runwright") and not _is_private(source)
            submodules = [f"{source}.{a.name}" for a in node.names]
            submodule_face = all(
                not _is_private(s) and s.startswith(own_submodules) for s in submodules
            )
            assert not public_runwright or submodule_face, (module, ast.unparse(node))
        elif isinstance(node, ast.Expr):
            assert isinstance(node.value, ast.Constant), (module, ast.unparse(node))  # docstring
        elif isinstance(node, ast.If):
            assert "TYPE_CHECKING" in ast.unparse(node.test), (module, ast.unparse(node))
        elif isinstance(node, ast.FunctionDef):
            assert node.name == "__getattr__", (module, node.name)  # lazy names, forwarded
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            value = node.value
            alias = isinstance(value, (ast.Name, ast.Constant, ast.Dict, ast.List, ast.Call))
            assert names and alias, (module, ast.unparse(node))
            if isinstance(value, ast.Call):  # only the lazy-name forwarder
                assert ast.unparse(value.func) == "forward_lazy", (module, ast.unparse(node))
        elif isinstance(node, ast.Delete):  # a name an import of a submodule bound
            assert all(isinstance(t, ast.Name) for t in node.targets), (module, ast.unparse(node))
        elif not isinstance(node, ast.Import):
            raise AssertionError(f"{module} holds code: {ast.unparse(node)[:80]}")


def test_code_in_the_rooms_imports_rooms_not_faces() -> None:
    offenders = []
    for module in _modules():
        if not _is_private(module):
            continue
        tree = _tree(module)
        for node, target, _ in _runwright_imports(tree, module):
            if not _is_private(target):
                offenders.append(f"{module}:{node.lineno} imports {target}")
    assert offenders == []


@functools.cache
def _graph() -> tuple[dict[str, set[str]], list[tuple[str, int, ast.stmt]]]:
    graph: dict[str, set[str]] = {}
    local: list[tuple[str, int, ast.stmt]] = []
    for module in _modules():
        tree = _tree(module)
        edges = graph.setdefault(module, set())
        for node, target, in_function in _runwright_imports(tree, module):
            if in_function:
                local.append((module, node.lineno, node))
                continue
            parts = target.split(".")
            for i in range(2, len(parts) + 1):  # importing a.b.c runs a.b's __init__ too
                parent = ".".join(parts[:i])
                if parent != module and not module.startswith(parent + "."):
                    edges.add(parent)
    return graph, local


ROOM_ORDER = [
    "_core", "_tracing", "_tools", "_agent", "_models", "_sessions", "_state", "_durable",
    "_loop", "_mcp", "_sandbox", "_temporal", "_cli",
]  # fmt: skip


def test_each_room_imports_only_rooms_above_it() -> None:
    """The order of the rooms table in docs/architecture.md (module-level imports)."""
    graph, _ = _graph()
    rooms = {m.split(".")[1] for m in graph if _is_private(m)}
    assert rooms == set(ROOM_ORDER)
    upward = []
    for module, targets in graph.items():
        if not _is_private(module):
            continue
        room = ROOM_ORDER.index(module.split(".")[1])
        for target in targets:
            if _is_private(target) and ROOM_ORDER.index(target.split(".")[1]) > room:
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_runtime_imports_form_no_cycle() -> None:
    graph, _ = _graph()
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycle = path[path.index(target) :] + [target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_imports_inside_functions_are_few_and_say_why() -> None:
    _, local = _graph()
    assert len(local) <= MAX_FUNCTION_LOCAL_IMPORTS
    unexplained = []
    for module, line, node in local:
        lines = _file(module).read_text().splitlines()
        before = lines[line - 2].strip()
        previous_import = before.startswith(("from runwright", "import "))
        if not (before.startswith("#") or previous_import or "#" in lines[line - 1]):
            unexplained.append(f"{module}:{line}: {ast.unparse(node)}")
    assert unexplained == []


if __name__ == "__main__":
    public_map = build_map()
    MAP_FILE.write_text(json.dumps(public_map, indent=1, sort_keys=True) + "\n")
    print(f"wrote {MAP_FILE}; the table for docs/architecture.md:\n")
    print("\n".join(doc_rows(public_map)))
