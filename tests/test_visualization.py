"""``runwright.extensions.visualization``: the agent graph in DOT, and draw_graph."""

from __future__ import annotations

import sys
from typing import Any

import graphviz
import pytest

from runwright import Agent, UserError, function_tool, handoff
from runwright.extensions.visualization import (
    draw_graph,
    get_all_edges,
    get_all_nodes,
    get_main_graph,
)


@function_tool
def lookup(query: str) -> str:
    """Look something up."""
    return query


class Server:
    name = "files"


def _agents() -> Agent[Any]:
    technical = Agent(name="Technical", tools=[lookup], mcp_servers=[Server()])  # type: ignore[list-item]
    billing = Agent(name="Billing")
    triage = Agent(name="Triage", handoffs=[technical, handoff(billing)], tools=[lookup])
    billing.handoffs = [triage]  # a cycle: every agent is still drawn once
    return triage


def test_the_main_graph_has_every_agent_tool_server_and_handoff_once() -> None:
    dot = get_main_graph(_agents())
    assert dot.startswith("digraph G {\n") and dot.endswith("}\n")
    lines = [line.strip() for line in dot.splitlines()]
    nodes = [line.split(" [", 1)[0] for line in lines if "[label=" in line]
    assert nodes == [
        '"__start__"', '"__end__"', '"agent:Triage"', '"tool:lookup"', '"agent:Technical"',
        '"mcp:files"', '"agent:Billing"',
    ]  # fmt: skip
    edges = {line.split(" [", 1)[0].rstrip(";") for line in lines if "->" in line}
    assert edges == {
        '"__start__" -> "agent:Triage"',
        '"agent:Triage" -> "tool:lookup"', '"tool:lookup" -> "agent:Triage"',
        '"agent:Triage" -> "agent:Technical"', '"agent:Triage" -> "agent:Billing"',
        '"agent:Technical" -> "tool:lookup"', '"tool:lookup" -> "agent:Technical"',
        '"agent:Technical" -> "mcp:files"', '"agent:Technical" -> "__end__"',
        '"agent:Billing" -> "agent:Triage"',
    }  # fmt: skip
    assert 'label="Triage", shape=box' in dot and 'label="lookup", shape=ellipse' in dot


def test_names_are_escaped_and_visited_agents_left_out() -> None:
    odd = Agent(name='Say "hi"\\now')
    assert '"agent:Say \\"hi\\"\\\\now" [label="Say \\"hi\\"\\\\now"' in get_all_nodes(odd)
    triage = _agents()
    seen = {"Technical"}
    nodes = get_all_nodes(triage, parent=triage, visited=seen)
    assert '"agent:Technical"' not in nodes and '"__start__"' not in nodes
    assert seen == {"Technical", "Triage", "Billing"}
    edges = get_all_edges(triage, visited={"Triage"})
    assert edges == '    "__start__" -> "agent:Triage";\n'  # Triage's own edges left out


def test_draw_graph_returns_the_source_and_renders_a_png(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    agent = _agents()
    graph = draw_graph(agent)
    assert isinstance(graph, graphviz.Source)
    assert graph.source == get_main_graph(agent)
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        graphviz.Source, "render", lambda self, *a, **k: calls.append((a, k)) or "x.png"
    )
    draw_graph(agent, filename=str(tmp_path / "graph"))
    assert calls == [((str(tmp_path / "graph"),), {"format": "png", "cleanup": True})]


def test_clear_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UserError, match="needs an Agent"):
        get_main_graph("Triage")  # type: ignore[arg-type]

    def no_dot(self: Any, *args: Any, **kwargs: Any) -> None:
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(graphviz.Source, "render", no_dot)
    with pytest.raises(UserError, match="`dot` program"):
        draw_graph(_agents(), filename="graph")
    monkeypatch.setitem(sys.modules, "graphviz", None)
    with pytest.raises(UserError, match=r"runwright\[viz\]"):
        draw_graph(_agents())
