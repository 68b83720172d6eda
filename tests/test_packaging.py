"""The wheel users install: type marker, data files, and a `runwright` command that works."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    [built] = list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    return zipfile.ZipFile(built)


def test_the_wheel_carries_the_py_typed_marker(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "runwright/py.typed" in names  # PEP 561: type checkers read runwright's hints
    assert "runwright/_cli/static/traces.html" in names


def test_a_plain_install_brings_what_the_command_needs(wheel: zipfile.ZipFile) -> None:
    [metadata_name] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    metadata = wheel.read(metadata_name).decode()
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist: ")]
    unconditional = [line for line in requires if "extra ==" not in line]
    assert any(line.startswith("Requires-Dist: rich") for line in unconditional), requires
    [entry_points] = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "runwright = runwright.cli:main" in wheel.read(entry_points).decode()
