"""Small value types of the sandbox API: users, groups, permissions, ports, file entries."""

from __future__ import annotations

import enum
import stat
from dataclasses import dataclass, field

from runwright._core.exceptions import UserError


@dataclass(eq=False)
class User:
    """A sandbox user, by name."""

    name: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise UserError("A sandbox User needs a non-empty name.")

    def __hash__(self) -> int:
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, User) and other.name == self.name


@dataclass(eq=False)
class Group:
    """A sandbox group and its users."""

    name: str
    users: list[User] = field(default_factory=list)

    def __hash__(self) -> int:
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Group) and other.name == self.name


class FileMode(enum.IntEnum):
    """Permission bits of one class (owner, group or other)."""

    ALL = 0o7
    NONE = 0
    READ = 1 << 2
    WRITE = 1 << 1
    EXEC = 1


def _triplet(text: str, special: str) -> int:
    bits = 0
    for char, flag, allowed in ((text[0], FileMode.READ, "r"), (text[1], FileMode.WRITE, "w")):
        if char == allowed:
            bits |= flag
        elif char != "-":
            raise ValueError(f"invalid permission flag {char!r} in {text!r}")
    if text[2] in ("x", special.lower()):
        bits |= FileMode.EXEC
    elif text[2] not in ("-", special.upper()):
        raise ValueError(f"invalid exec flag {text[2]!r} in {text!r}")
    return bits


@dataclass
class Permissions:
    """rwx bits for owner, group and others (each a :class:`FileMode` combination)."""

    owner: int = 0o7
    group: int = 0
    other: int = 0
    directory: bool = False

    def to_mode(self) -> int:
        """The ``st_mode`` value."""
        mode = (int(self.owner) << 6) | (int(self.group) << 3) | int(self.other)
        return mode | (stat.S_IFDIR if self.directory else 0)

    @classmethod
    def from_mode(cls, mode: int) -> Permissions:
        """From an ``st_mode`` value."""
        return cls((mode >> 6) & 7, (mode >> 3) & 7, mode & 7, bool(stat.S_ISDIR(mode)))

    @classmethod
    def from_str(cls, perms: str) -> Permissions:
        """From ``ls -l`` text such as ``drwxr-xr-x``."""
        if len(perms) == 11 and perms[-1] in "@+.":
            perms = perms[:-1]
        if len(perms) != 10 or perms[0] not in "d-":
            raise ValueError(f"invalid permissions string: {perms!r}")
        return cls(
            _triplet(perms[1:4], "s"),
            _triplet(perms[4:7], "s"),
            _triplet(perms[7:10], "t"),
            perms[0] == "d",
        )

    def owner_can(self, mode: int) -> Permissions:
        """Sets the owner's bits; returns self."""
        self.owner = mode
        return self

    def group_can(self, mode: int) -> Permissions:
        """Sets the group's bits; returns self."""
        self.group = mode
        return self

    def others_can(self, mode: int) -> Permissions:
        """Sets the others' bits; returns self."""
        self.other = mode
        return self

    def __str__(self) -> str:
        def rwx(bits: int) -> str:
            return "".join(c if bits & f else "-" for c, f in zip("rwx", (4, 2, 1), strict=True))

        kind = "d" if self.directory else "-"
        return kind + rwx(self.owner) + rwx(self.group) + rwx(self.other)


@dataclass(frozen=True)
class ExposedPortEndpoint:
    """Where a port the sandbox exposes can be reached."""

    host: str
    port: int
    tls: bool = False
    query: str = ""

    def url_for(self, scheme: str = "http") -> str:
        """``scheme://host:port`` (``s`` appended to the scheme with TLS)."""
        suffix = "s" if self.tls and not scheme.endswith("s") else ""
        query = f"?{self.query}" if self.query else ""
        return f"{scheme}{suffix}://{self.host}:{self.port}/{query}"


class EntryKind(str, enum.Enum):
    """What a listed path is."""

    FILE = "file"
    DIRECTORY = "directory"
    SYMLINK = "symlink"
    OTHER = "other"


@dataclass(frozen=True)
class FileEntry:
    """One entry of :meth:`BaseSandboxSession.ls`."""

    path: str
    permissions: Permissions
    owner: str
    group: str
    size: int
    kind: EntryKind = EntryKind.FILE

    def is_dir(self) -> bool:
        """Whether this is a directory."""
        return self.kind == EntryKind.DIRECTORY
