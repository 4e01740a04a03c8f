"""The handout builder: stubs where solutions were, everything else kept, hidden tests left out."""

from __future__ import annotations

import ast
import subprocess

import pytest
from llmlab_grading import labs
from llmlab_grading.handout import MarkerError, build_handout, strip_solutions

SOURCE = '''\
def area(w: float, h: float) -> float:
    """Area of a rectangle."""
    # BEGIN SOLUTION
    result = w * h
    return result
    # END SOLUTION


class Box:
    def volume(self, d: float) -> float:
        """Volume."""
        return d ** 3  # SOLUTION


def long_signature(
    first: int,
    second: int,
) -> int:
    """Signature over several lines."""
    # BEGIN SOLUTION
    return first + second
    # END SOLUTION
'''


def test_blocks_become_stubs_with_signatures_and_docstrings_kept():
    starter, count = strip_solutions(SOURCE)
    assert count == 3
    tree = ast.parse(starter)
    area = tree.body[0]
    assert ast.unparse(area.args) == "w: float, h: float"
    assert ast.get_docstring(area) == "Area of a rectangle."
    assert "w * h" not in starter and "d ** 3" not in starter
    namespace: dict = {}
    exec(starter, namespace)
    with pytest.raises(NotImplementedError, match="area"):
        namespace["area"](1, 2)
    with pytest.raises(NotImplementedError, match="volume"):
        namespace["Box"]().volume(2)
    with pytest.raises(NotImplementedError, match="long_signature"):
        namespace["long_signature"](1, 2)


@pytest.mark.parametrize("bad, message", [
    ("def f():\n    # BEGIN SOLUTION\n    return 1\n", "without # END SOLUTION"),
    ("def f():\n    return 1\n    # END SOLUTION\n", "without # BEGIN SOLUTION"),
    ("def f():\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    # END SOLUTION\n", "nested"),
])
def test_unpaired_markers_are_errors(bad, message):
    with pytest.raises(MarkerError, match=message):
        strip_solutions(bad)


def test_probe_handout_is_a_standalone_uv_project(probe, tmp_path):
    folder = build_handout(probe, tmp_path / "out")
    assert not list(folder.rglob("grading")) and not (folder / "labs").exists()
    init = (folder / "src" / "lab99_probe" / "__init__.py").read_text()
    assert "return a + b" not in init and "NotImplementedError" in init
    assert (folder / "tests" / "test_public.py").is_file()
    assert (folder / "vendor" / "llmlab" / "src" / "llmlab" / "__init__.py").is_file()
    pyproject = (folder / "pyproject.toml").read_text()
    assert 'path = "vendor/llmlab"' in pyproject and "workspace = true" not in pyproject
    done = subprocess.run(["uv", "lock"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_lab_builds_a_handout_without_hidden_tests(tmp_path):
    for lab in labs.discover():
        folder = build_handout(lab, tmp_path)
        texts = [p.read_text() for p in folder.rglob("*.py")]
        assert not any("# BEGIN SOLUTION" in t for t in texts), lab.key
        assert not any("from llmlab_grading import points" in t for t in texts), lab.key
