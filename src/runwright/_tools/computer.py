"""``ComputerTool``: the model drives a screen through the user's :class:`Computer`.

The model's ``computer_call`` holds an action (or, on GA models, a list of
actions): click, type, scroll, ... runwright performs each on the computer,
then sends back a screenshot (``computer_call_output``). The computer can be
an instance, a factory ``create(run_context=...)`` or a :class:`ComputerProvider`
(create + dispose), resolved once per run and disposed when the run ends.
"""

from __future__ import annotations

import abc
import inspect
import json
import logging
import weakref
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar, Union

from runwright._core.exceptions import ModelBehaviorError, UserError
from runwright._core.items import RawItem
from runwright._tools.native import NativeTool, maybe_await

if TYPE_CHECKING:
    from runwright._core.context import RunContextWrapper
    from runwright._tools.context import ToolContext

logger = logging.getLogger("runwright")

Environment = Literal["mac", "windows", "ubuntu", "browser"]
Button = Literal["left", "right", "wheel", "back", "forward"]


class Computer(abc.ABC):
    """A screen driven with sync methods. ``environment`` and ``dimensions`` are sent
    to preview computer-use models; mouse methods may take a keyword-only ``keys``
    (modifier keys held)."""

    @property
    def environment(self) -> Environment | None:
        return None

    @property
    def dimensions(self) -> tuple[int, int] | None:
        return None

    @abc.abstractmethod
    def screenshot(self) -> str:
        """A base64-encoded PNG of the screen."""

    @abc.abstractmethod
    def click(self, x: int, y: int, button: Button) -> None: ...

    @abc.abstractmethod
    def double_click(self, x: int, y: int) -> None: ...

    @abc.abstractmethod
    def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None: ...

    @abc.abstractmethod
    def type(self, text: str) -> None: ...

    @abc.abstractmethod
    def wait(self) -> None: ...

    @abc.abstractmethod
    def move(self, x: int, y: int) -> None: ...

    @abc.abstractmethod
    def keypress(self, keys: list[str]) -> None: ...

    @abc.abstractmethod
    def drag(self, path: list[tuple[int, int]]) -> None: ...


class AsyncComputer(abc.ABC):
    """A screen driven with async methods (same operations as :class:`Computer`)."""

    @property
    def environment(self) -> Environment | None:
        return None

    @property
    def dimensions(self) -> tuple[int, int] | None:
        return None

    @abc.abstractmethod
    async def screenshot(self) -> str:
        """A base64-encoded PNG of the screen."""

    @abc.abstractmethod
    async def click(self, x: int, y: int, button: Button) -> None: ...

    @abc.abstractmethod
    async def double_click(self, x: int, y: int) -> None: ...

    @abc.abstractmethod
    async def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None: ...

    @abc.abstractmethod
    async def type(self, text: str) -> None: ...

    @abc.abstractmethod
    async def wait(self) -> None: ...

    @abc.abstractmethod
    async def move(self, x: int, y: int) -> None: ...

    @abc.abstractmethod
    async def keypress(self, keys: list[str]) -> None: ...

    @abc.abstractmethod
    async def drag(self, path: list[tuple[int, int]]) -> None: ...


ComputerLike = Union[Computer, AsyncComputer]
ComputerT = TypeVar("ComputerT", bound=ComputerLike)


@dataclass
class ComputerProvider(Generic[ComputerT]):
    """Creates a computer per run (``create(run_context=...)``) and disposes of it
    (``dispose(run_context=..., computer=...)``) when the run ends; both may be async."""

    create: Callable[..., Any]
    dispose: Callable[..., Any] | None = None


@dataclass
class ComputerToolSafetyCheckData:
    """What ``on_safety_check`` receives: the context, agent, call and one pending check."""

    ctx_wrapper: RunContextWrapper[Any]
    agent: Any
    tool_call: Any
    safety_check: Any


@dataclass
class ComputerToolCustomDataContext:
    """What a ComputerTool ``custom_data_extractor`` receives."""

    run_context: RunContextWrapper[Any]
    tool: ComputerTool[Any]
    tool_call: Any
    output: str
    raw_item: dict[str, Any]


ComputerToolCustomDataExtractor = Callable[[ComputerToolCustomDataContext], Any]


@dataclass(eq=False)
class ComputerTool(NativeTool, Generic[ComputerT]):
    """Lets the model use a computer (Responses ``computer`` / ``computer_use_preview``)."""

    computer: Any
    """A Computer/AsyncComputer, a factory ``create(run_context=...)``, or a ComputerProvider."""
    on_safety_check: Callable[[ComputerToolSafetyCheckData], bool | Awaitable[bool]] | None = None
    """Acknowledges (True) or refuses (False: UserError) each pending safety check."""
    custom_data_extractor: ComputerToolCustomDataExtractor | None = field(
        default=None, kw_only=True
    )

    call_type: ClassVar[str] = "computer_call"
    run_scoped: ClassVar[bool] = True

    def __post_init__(self) -> None:
        _initializers[self] = self.computer

    @property
    def name(self) -> str:
        return "computer_use_preview"

    async def set_up_for_run(self, ctx: RunContextWrapper[Any]) -> None:
        await resolve_computer(tool=self, run_context=ctx)

    async def release_after_run(self, ctx: RunContextWrapper[Any]) -> None:
        await dispose_resolved_computers(run_context=ctx)

    @property
    def trace_name(self) -> str:
        return "computer"

    def approval_rule(self) -> Any:
        return False

    def approval_handler(self) -> Any:
        return None

    def call_input(self, call: RawItem) -> str:
        actions = call.get("actions")
        return json.dumps(actions if actions else call.get("action"), default=str)

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        return self.responses_tool_for("computer-use-preview"), None

    def responses_tool_for(self, model: str | None) -> dict[str, Any]:
        """The tool entry for ``model``: the preview shape for ``computer-use-preview*``
        models (needs ``environment`` and ``dimensions``), ``{"type": "computer"}`` else."""
        if not (isinstance(model, str) and model.startswith("computer-use-preview")):
            return {"type": "computer"}
        computer = self.computer
        if not isinstance(computer, (Computer, AsyncComputer)):
            raise UserError(
                "Computer tool is not initialized for serialization. Call resolve_computer("
                "tool=..., run_context=...) first when building payloads by hand."
            )
        if computer.environment is None or computer.dimensions is None:
            raise UserError(
                "Preview computer tool payloads require `environment` and `dimensions` on the "
                "Computer/AsyncComputer implementation."
            )
        width, height = computer.dimensions
        return {
            "type": "computer_use_preview",
            "environment": computer.environment,
            "display_width": width,
            "display_height": height,
        }

    async def perform(self, ctx: ToolContext[Any], call: RawItem) -> tuple[RawItem, Any]:
        acknowledged = await self._safety_checks(ctx, call)
        computer = self.computer
        if not isinstance(computer, (Computer, AsyncComputer)):  # not resolved by the loop
            computer = await resolve_computer(tool=self, run_context=ctx)
        shot = await _perform_actions(computer, call)
        image_url = f"data:image/png;base64,{shot}" if shot else ""
        item = RawItem(
            type="computer_call_output",
            call_id=call.get("call_id"),
            output={"type": "computer_screenshot", "image_url": image_url},
            acknowledged_safety_checks=acknowledged,
        )
        return item, image_url

    async def _safety_checks(
        self, ctx: ToolContext[Any], call: RawItem
    ) -> list[dict[str, Any]] | None:
        pending = call.get("pending_safety_checks") or []
        if not pending:
            return None
        if self.on_safety_check is None:
            logger.warning(
                "Computer call has pending safety checks, but no on_safety_check handler is "
                "configured; the action proceeds without acknowledging them."
            )
            return None
        acknowledged = []
        for check in pending:
            data = ComputerToolSafetyCheckData(ctx, ctx.agent, call, check)
            if not await maybe_await(self.on_safety_check(data)):
                raise UserError("Computer tool safety check was not acknowledged")
            acknowledged.append(
                {"id": check.get("id"), "code": check.get("code"), "message": check.get("message")}
            )
        return acknowledged

    def custom_data_context(
        self, ctx: ToolContext[Any], call: RawItem, item: RawItem, output: Any
    ) -> ComputerToolCustomDataContext:
        return ComputerToolCustomDataContext(ctx, self, call, output, dict(item))

    def rejected(self, call: RawItem, message: str) -> RawItem:
        return RawItem(
            type="computer_call_output",
            call_id=call.get("call_id"),
            output={"type": "computer_screenshot", "image_url": ""},
        )


async def _perform_actions(computer: Any, call: Mapping[str, Any]) -> str:
    """Performs the call's actions in order; the screenshot that follows them."""
    actions = call.get("actions") or ([call["action"]] if call.get("action") else [])
    last_shot: Any = None
    ended_on_shot = False
    for action in actions:
        ended_on_shot = action.get("type") == "screenshot"
        result = await _perform(computer, action)
        if ended_on_shot:
            last_shot = result
    if ended_on_shot:
        return str(last_shot)
    return str(await _call(computer, "screenshot"))


async def _perform(computer: Any, action: Mapping[str, Any]) -> Any:
    kind = action.get("type")
    keys = action.get("keys") or None
    if kind == "click":
        return await _call(
            computer, "click", action.get("x"), action.get("y"), action.get("button"), keys=keys
        )
    if kind == "double_click":
        return await _call(computer, "double_click", action.get("x"), action.get("y"), keys=keys)
    if kind == "drag":
        path = [(p.get("x"), p.get("y")) for p in action.get("path") or []]
        return await _call(computer, "drag", path, keys=keys)
    if kind == "keypress":
        return await _call(computer, "keypress", action.get("keys"))
    if kind == "move":
        return await _call(computer, "move", action.get("x"), action.get("y"), keys=keys)
    if kind == "screenshot":
        return await _call(computer, "screenshot")
    if kind == "scroll":
        x, y = action.get("x"), action.get("y")
        return await _call(
            computer, "scroll", x, y, action.get("scroll_x"), action.get("scroll_y"), keys=keys
        )
    if kind == "type":
        return await _call(computer, "type", action.get("text"))
    if kind == "wait":
        return await _call(computer, "wait")
    raise ModelBehaviorError(f"Computer tool returned unknown action type {kind!r}")


async def _call(computer: Any, method_name: str, *args: Any, keys: Any = None) -> Any:
    method = getattr(computer, method_name, None)
    if method is None or not callable(method):
        raise ModelBehaviorError(f"Computer driver missing method {method_name}")
    kwargs: dict[str, Any] = {}
    if keys is not None:
        if _accepts_keyword(method, "keys"):
            kwargs["keys"] = keys
        else:
            logger.warning(
                "Computer driver method %r does not accept keyword argument(s) keys; "
                "dropping them and continuing.",
                method_name,
            )
    return await maybe_await(method(*args, **kwargs))


def _accepts_keyword(method: Any, name: str) -> bool:
    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    kinds = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return any(
        p.kind is inspect.Parameter.VAR_KEYWORD or (p.name == name and p.kind in kinds)
        for p in parameters
    )


# ----- per-run computers --------------------------------------------------------------


@dataclass
class _Resolved:
    computer: ComputerLike
    dispose: Callable[..., Any] | None


_initializers: weakref.WeakKeyDictionary[ComputerTool[Any], Any] = weakref.WeakKeyDictionary()
"""What each tool was built with (an instance, a factory or a provider)."""
_by_run: weakref.WeakKeyDictionary[Any, dict[ComputerTool[Any], _Resolved]] = (
    weakref.WeakKeyDictionary()
)
"""The computers resolved for each run context (weak: a finished run frees them)."""


async def resolve_computer(*, tool: ComputerTool[Any], run_context: RunContextWrapper[Any]) -> Any:
    """The tool's computer for this run: created on first use (factory or provider)."""
    per_run = _by_run.get(run_context)
    if per_run is None:
        per_run = {}
        _by_run[run_context] = per_run
    known = per_run.get(tool)
    if known is not None:
        return known.computer
    config = _initializers.get(tool, tool.computer)
    dispose = None
    if isinstance(config, ComputerProvider):
        create: Any = config.create
        dispose = config.dispose
    elif isinstance(config, (Computer, AsyncComputer)):
        create = None
    elif callable(config):
        create = config
    else:
        create = None
    computer = config if create is None else await maybe_await(create(run_context=run_context))
    if not isinstance(computer, (Computer, AsyncComputer)):
        raise UserError("The computer tool did not provide a computer instance.")
    per_run[tool] = _Resolved(computer, dispose)
    tool.computer = computer
    return computer


async def dispose_resolved_computers(*, run_context: RunContextWrapper[Any]) -> None:
    """Disposes of the computers created for this run; tools get their factories back."""
    per_run = _by_run.pop(run_context, None)
    if not per_run:
        return
    for tool, resolved in per_run.items():
        tool.computer = _initializers.get(tool, tool.computer)
        if resolved.dispose is None:
            continue
        try:
            await maybe_await(resolved.dispose(run_context=run_context, computer=resolved.computer))
        except Exception as error:
            logger.warning("Failed to dispose computer for run context: %s", error)
