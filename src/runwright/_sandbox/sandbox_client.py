"""BaseSandboxClient: what a sandbox backend implements (create, resume, delete)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from runwright._core.exceptions import UserError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.session import SandboxSession, SandboxSessionState
from runwright._sandbox.snapshot import SnapshotBase, SnapshotSpec


@dataclass(frozen=True)
class BaseSandboxClientOptions:
    """Options of one client kind (subclasses add fields); ``type`` names the kind."""

    type: str = "base"

    @classmethod
    def parse(cls, payload: object) -> BaseSandboxClientOptions:
        """Options from themselves or a dict of their fields."""
        if isinstance(payload, cls):
            return payload
        if isinstance(payload, dict):
            try:
                return cls(**payload)
            except TypeError as error:
                raise UserError(f"Invalid {cls.__name__}: {error}.") from None
        raise UserError(f"{cls.__name__} must be given as options or a dict, not {payload!r}.")


ClientOptionsT = TypeVar("ClientOptionsT")
"""The options type a client's ``create`` takes."""


class BaseSandboxClient(Generic[ClientOptionsT]):
    """A sandbox backend: creates, resumes and deletes sessions."""

    backend_id: str = "base"
    supports_default_options: bool = True

    async def create(
        self,
        *,
        snapshot: SnapshotSpec | SnapshotBase | None = None,
        manifest: Manifest | None = None,
        options: ClientOptionsT,
    ) -> SandboxSession:
        """A new session with ``manifest`` in its workspace."""
        raise NotImplementedError

    async def delete(self, session: SandboxSession) -> SandboxSession:
        """Shuts ``session`` down and removes its workspace; returns it."""
        await session.shutdown()
        return session

    async def resume(self, state: SandboxSessionState) -> SandboxSession:
        """The session ``state`` describes (its workspace, or one restored from its snapshot)."""
        raise NotImplementedError

    def serialize_session_state(self, state: SandboxSessionState) -> dict[str, object]:
        """``state`` as plain JSON data."""
        return dict(state.to_json_dict())

    def deserialize_session_state(self, payload: dict[str, object]) -> SandboxSessionState:
        """A state from :meth:`serialize_session_state` output (UserError if invalid)."""
        return SandboxSessionState.from_json_dict(payload)

    def _not_yet(self, what: str, reason: str) -> UserError:
        return UserError(f"{what} is not yet available in runwright: {reason}.")
