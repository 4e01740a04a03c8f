"""A tiny synthetic workspace ("lab99-probe") that the platform tests grade, audit and break.

It stands in for a real lab so the grader's hostile-submission tests run in seconds: its hidden
tests have 5-second budgets and its environment is the test session's own interpreter.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from llmlab_grading import labs

REFERENCE = '''\
"""A probe lab: two functions students write."""


def add(a: int, b: int) -> int:
    """Return a + b."""
    # BEGIN SOLUTION
    return a + b
    # END SOLUTION


def double(x: int) -> int:
    """Return 2 * x."""
    return 2 * x  # SOLUTION
'''

HIDDEN = '''\
import lab99_probe

from llmlab_grading import points


@points(40, "add(2, 3) should be 5.", task="add", timeout=5)
def test_add():
    assert lab99_probe.add(2, 3) == 5


@points(30, "double(4) should be 8.", task="double", timeout=5)
def test_double():
    assert lab99_probe.double(4) == 8


@points(30, "add must handle negative numbers.", task="add", timeout=5, visibility="after_due_date")
def test_add_negative():
    assert lab99_probe.add(-2, -3) == -5
'''

README = """# Lab 99: probe

## Goals
Add numbers.

## Background
Arithmetic.

## Tasks
Implement `add(a, b)` and `double(x)`.

## Deliverables
`src/lab99_probe/`.

## Running
`uv run pytest`

## Grading
| task | points |
|---|---|
| add | 70 |
| double | 30 |
"""

PYPROJECT = """[project]
name = "lab99-probe"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["llmlab"]

[project.scripts]
probe = "lab99_probe:main"

[tool.uv.sources]
llmlab = { workspace = true }

[tool.llmlab]
number = 99
title = "Probe"
hardware = "cpu"
"""


def make_workspace(root: Path) -> labs.Lab:
    """Write the probe workspace under ``root`` and return its lab."""
    lab_dir = root / "labs" / "lab99-probe"
    (lab_dir / "src" / "lab99_probe").mkdir(parents=True)
    (lab_dir / "tests").mkdir()
    (lab_dir / "pyproject.toml").write_text(PYPROJECT)
    (lab_dir / "README.md").write_text(README)
    (lab_dir / "src" / "lab99_probe" / "__init__.py").write_text(REFERENCE)
    (lab_dir / "tests" / "test_public.py").write_text("import lab99_probe\n\n\ndef test_add():\n"
                                                      "    assert lab99_probe.add(1, 1) == 2\n")
    hidden = root / "grading" / "labs" / "lab99"
    hidden.mkdir(parents=True)
    (hidden / "test_probe.py").write_text(HIDDEN)
    (root / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["labs/*"]\n')
    shared = Path(__file__).resolve().parents[1] / "shared"
    (root / "shared").symlink_to(shared)
    return labs.read_lab(lab_dir)


def make_submission(root: Path, source: str, name: str = "student") -> Path:
    """A submission folder whose package ``lab99_probe`` is ``source``."""
    package = root / name / "src" / "lab99_probe"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(source))
    return root / name
