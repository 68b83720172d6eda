"""``agents.extensions.visualization`` of the OpenAI Agents SDK: an agent graph in
Graphviz's DOT language, and ``draw_graph`` (extra ``viz``: the ``graphviz`` package).

Public face: the code lives in runwright/_agent/graph.py.
"""

from __future__ import annotations

from runwright._agent.graph import draw_graph, get_all_edges, get_all_nodes, get_main_graph

__all__ = ["draw_graph", "get_all_edges", "get_all_nodes", "get_main_graph"]
