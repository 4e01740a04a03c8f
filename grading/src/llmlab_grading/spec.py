"""What the hidden tests are worth, read from their source without importing them.

Importing a hidden test module would import the submission into the grader's process, so the
grader parses each file with :mod:`ast` and reads the literal arguments of ``@points``.
"""

from __future__ import annotations

import ast
import threading
from dataclasses import dataclass
from pathlib import Path

from llmlab_grading.points import DEFAULT_TIMEOUT_S, VISIBILITIES

# CPython 3.11 before 3.11.8 can corrupt the parser's recursion counter when ast.parse runs in
# several threads at once (batch grading does), so parsing is serialised.
_PARSE_LOCK = threading.Lock()


class SpecError(ValueError):
    """A hidden test file that the grader cannot score reliably."""


@dataclass(frozen=True)
class TestSpec:
    """One hidden test: its pytest node id (relative to the hidden-tests folder) and its worth."""

    file: str
    name: str
    points: float
    feedback: str
    task: str
    timeout: float
    visibility: str = "visible"

    @property
    def nodeid(self) -> str:
        return f"{self.file}::{self.name}"


def _points_call(func: ast.FunctionDef) -> ast.Call | None:
    for deco in func.decorator_list:
        if isinstance(deco, ast.Call):
            target = deco.func
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if name == "points":
                return deco
    return None


def _literal(node: ast.AST, what: str, where: str) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError as exc:
        raise SpecError(f"{where}: @points {what} must be a literal") from exc


def read_file(path: Path) -> list[TestSpec]:
    """The scored tests of one hidden test file, in source order."""
    with _PARSE_LOCK:
        tree = ast.parse(path.read_text(), filename=str(path))
    specs = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            raise SpecError(f"{path.name}:{node.lineno}: hidden tests are module-level functions, not classes")
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
            continue
        where = f"{path.name}::{node.name}"
        call = _points_call(node)
        if call is None:
            raise SpecError(f"{where}: every hidden test needs @points(value, feedback, task=...)")
        if any("parametrize" in ast.unparse(d) for d in node.decorator_list):
            raise SpecError(f"{where}: hidden tests are not parametrized; write one test per case")
        if len(call.args) != 2:
            raise SpecError(f"{where}: @points takes (value, feedback, task=..., timeout=...)")
        kwargs = {kw.arg: _literal(kw.value, kw.arg or "?", where) for kw in call.keywords}
        if "task" not in kwargs:
            raise SpecError(f"{where}: @points needs task=...")
        value = _literal(call.args[0], "value", where)
        feedback = _literal(call.args[1], "feedback", where)
        if not isinstance(value, int | float) or value <= 0:
            raise SpecError(f"{where}: points must be a positive number")
        visibility = str(kwargs.get("visibility", "visible"))
        if visibility not in VISIBILITIES:
            raise SpecError(f"{where}: visibility must be one of {', '.join(VISIBILITIES)}")
        specs.append(TestSpec(
            file=path.name,
            name=node.name,
            points=float(value),
            feedback=str(feedback),
            task=str(kwargs["task"]),
            timeout=float(kwargs.get("timeout", DEFAULT_TIMEOUT_S)),
            visibility=visibility,
        ))
    return specs


def read_folder(folder: Path) -> list[TestSpec]:
    """Every scored test of a lab's hidden-test folder."""
    if not folder.is_dir():
        raise SpecError(f"no hidden tests at {folder}")
    specs = [spec for path in sorted(folder.glob("test_*.py")) for spec in read_file(path)]
    if not specs:
        raise SpecError(f"{folder} holds no test_*.py with @points tests")
    return specs
