"""An agent graph in Graphviz's DOT language: agents, their tools, MCP servers and handoffs.

``get_main_graph(agent)`` is the whole graph: a start node, every agent its handoffs
reach (each once), each agent's tools and MCP servers, and an end node after every agent
that hands off to nobody. ``draw_graph`` renders it with the ``graphviz`` package (extra
``viz``). Node ids are ``kind:name`` (``agent:Triage``, ``tool:lookup``, ``mcp:files``),
so an agent and a tool of one name stay two nodes; labels are the plain names.
"""

from __future__ import annotations

from typing import Any

from runwright._agent.agent import Agent
from runwright._core.exceptions import UserError

_HEADER = (
    "digraph G {\n"
    "    graph [splines=true];\n"
    '    node [fontname="Arial"];\n'
    "    edge [penwidth=1.5];\n"
)
_START = '    "__start__" [label="__start__", shape=ellipse, style=filled, fillcolor=lightblue];\n'
_END = '    "__end__" [label="__end__", shape=ellipse, style=filled, fillcolor=lightblue];\n'
_AGENT = "shape=box, style=filled, fillcolor=lightyellow"
_TOOL = "shape=ellipse, style=filled, fillcolor=lightgreen"
_MCP = "shape=box, style=dashed, color=grey"


def _quote(text: str) -> str:
    """``text`` as a DOT quoted string (backslashes, quotes and newlines escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _node(node_id: str, label: str, style: str) -> str:
    return f"    {_quote(node_id)} [label={_quote(label)}, {style}];\n"


def _name(thing: Any, fallback: str) -> str:
    name = getattr(thing, "name", None)
    return name if isinstance(name, str) and name else fallback


def _targets(agent: Agent[Any]) -> list[tuple[str, Agent[Any] | None]]:
    """Each handoff's target: (its name, the agent when known)."""
    found: list[tuple[str, Agent[Any] | None]] = []
    for handoff in agent.handoffs:
        if isinstance(handoff, Agent):
            found.append((_name(handoff, "agent"), handoff))
        else:  # a Handoff: its agent when it knows it
            target = handoff.agent
            name = getattr(handoff, "agent_name", None) or _name(target, "agent")
            found.append((str(name), target))
    return found


def _walk(agent: Agent[Any], visited: set[str]) -> list[Agent[Any]]:
    """The agents reached from ``agent`` through handoffs, each once (by name), in the
    order met; names already in ``visited`` are skipped, and new ones added to it."""
    order: list[Agent[Any]] = []
    todo = [agent]
    while todo:
        current = todo.pop(0)
        name = _name(current, "agent")
        if name in visited:
            continue
        visited.add(name)
        order.append(current)
        todo.extend(target for _, target in _targets(current) if target is not None)
    return order


def _check(agent: Any) -> None:
    if not isinstance(agent, Agent):
        raise UserError(f"The agent graph needs an Agent, got {type(agent).__name__}.")


def get_all_nodes(
    agent: Agent[Any], parent: Agent[Any] | None = None, visited: set[str] | None = None
) -> str:
    """The DOT node lines of ``agent``, the agents its handoffs reach, and their tools and
    MCP servers (the start and end nodes when ``parent`` is None).

    ``visited``: agent names to leave out; the names drawn are added to it.
    """
    _check(agent)
    lines = [_START, _END] if parent is None else []
    for current in _walk(agent, visited if visited is not None else set()):
        name = _name(current, "agent")
        lines.append(_node("agent:" + name, name, _AGENT))
        for tool in current.tools:
            tool_name = _name(tool, type(tool).__name__)
            lines.append(_node("tool:" + tool_name, tool_name, _TOOL))
        for server in getattr(current, "mcp_servers", None) or ():
            server_name = _name(server, type(server).__name__)
            lines.append(_node("mcp:" + server_name, server_name, _MCP))
        for target_name, target in _targets(current):
            if target is None:  # a handoff to an agent the graph cannot see
                lines.append(_node("agent:" + target_name, target_name, _AGENT))
    return "".join(dict.fromkeys(lines))  # a node shared by two agents is drawn once


def get_all_edges(
    agent: Agent[Any], parent: Agent[Any] | None = None, visited: set[str] | None = None
) -> str:
    """The DOT edge lines: start to ``agent`` (when ``parent`` is None), each agent to its
    tools and back (dotted), to its MCP servers (dashed), to each handoff target, and to
    the end node when it hands off to nobody.

    ``visited``: agent names whose edges are left out; the names drawn are added to it.
    """
    _check(agent)
    lines = []
    if parent is None:
        lines.append(f'    "__start__" -> {_quote("agent:" + _name(agent, "agent"))};\n')
    for current in _walk(agent, visited if visited is not None else set()):
        node = _quote("agent:" + _name(current, "agent"))
        for tool in current.tools:
            tool_node = _quote("tool:" + _name(tool, type(tool).__name__))
            lines.append(f"    {node} -> {tool_node} [style=dotted, penwidth=1.5];\n")
            lines.append(f"    {tool_node} -> {node} [style=dotted, penwidth=1.5];\n")
        for server in getattr(current, "mcp_servers", None) or ():
            server_node = _quote("mcp:" + _name(server, type(server).__name__))
            lines.append(f"    {node} -> {server_node} [style=dashed, penwidth=1.5];\n")
        targets = _targets(current)
        for target_name, _ in targets:
            lines.append(f"    {node} -> {_quote('agent:' + target_name)};\n")
        if not targets:
            lines.append(f'    {node} -> "__end__";\n')
    return "".join(dict.fromkeys(lines))


def get_main_graph(agent: Agent[Any]) -> str:
    """The whole graph of ``agent`` in DOT (see the module's docstring)."""
    return _HEADER + get_all_nodes(agent) + get_all_edges(agent) + "}\n"


def draw_graph(agent: Agent[Any], filename: str | None = None) -> Any:
    """The graph as a ``graphviz.Source``; with ``filename``, also rendered to
    ``<filename>.png`` (Graphviz's ``dot`` program must be installed for that).

    Raises:
        UserError: the ``graphviz`` package is missing (``pip install 'runwright[viz]'``).
    """
    try:
        import graphviz  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise UserError(
            "draw_graph needs the graphviz package: pip install 'runwright[viz]'."
        ) from None
    graph = graphviz.Source(get_main_graph(agent))
    if filename:
        try:
            graph.render(filename, format="png", cleanup=True)
        except graphviz.ExecutableNotFound:
            raise UserError(
                "draw_graph(filename=...) needs Graphviz's `dot` program on PATH "
                "(e.g. apt install graphviz); get_main_graph(agent) gives the DOT text."
            ) from None
    return graph
