"""Configuration errors are clear, and the extra stays out of `import runwright`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from temporalio import activity

from runwright import UserError, function_tool
from runwright._temporal.tools import as_activity_tool, origin_of
from runwright.temporal import (
    ModelActivityParameters,
    RunwrightPlugin,
    ToolActivityParameters,
    activity_as_tool,
    run_in_workflow,
)


def test_import_runwright_does_not_import_temporalio() -> None:
    code = "import runwright, sys; print('temporalio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_model_calls_need_a_timeout() -> None:
    with pytest.raises(UserError, match="start_to_close_timeout"):
        RunwrightPlugin(ModelActivityParameters(start_to_close_timeout=None))


def test_tools_must_be_function_tools() -> None:
    with pytest.raises(UserError, match="function tools"):
        RunwrightPlugin(tools=[print])  # type: ignore[list-item]


def test_activity_as_tool_needs_an_activity() -> None:
    def plain(x: int) -> int:
        return x

    with pytest.raises(UserError, match="activity.defn"):
        activity_as_tool(plain)


@activity.defn
async def lookup(order_id: str, verbose: bool = False) -> str:
    """Looks up an order.

    Args:
        order_id: The order.
        verbose: More detail.
    """
    return order_id


def test_activity_as_tool_describes_the_activity_like_function_tool() -> None:
    tool = activity_as_tool(lookup, needs_approval=True)
    assert tool.name == "lookup"
    assert tool.description == "Looks up an order."
    assert tool.params_json_schema["properties"]["order_id"]["description"] == "The order."
    assert tool.needs_approval is True


def test_a_tool_no_worker_can_import_is_refused_with_the_ways_out() -> None:
    @function_tool
    def local_tool(x: int) -> int:
        return x

    assert origin_of(local_tool) is None
    with pytest.raises(UserError, match="module level") as caught:
        as_activity_tool(local_tool, ToolActivityParameters(), registered=())
    assert "RunwrightPlugin(tools=" in str(caught.value)
    assert "run_in_workflow" in str(caught.value)
    # Registered by name on the plugin, it is accepted.
    converted = as_activity_tool(local_tool, ToolActivityParameters(), registered={"local_tool"})
    assert converted.name == "local_tool"
    assert converted.params_json_schema == local_tool.params_json_schema
    assert run_in_workflow(local_tool)._extra["temporal"] == "workflow"
