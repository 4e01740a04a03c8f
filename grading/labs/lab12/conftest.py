"""Fixtures for lab 12's hidden tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from llmlab_grading import labs


@pytest.fixture
def course_notebook() -> Path:
    """The course's notebook: the grader runs it against the submission's package."""
    path = labs.repo_root() / "labs" / "lab12-activation-visualizer" / "notebooks" / "activations.ipynb"
    assert path.is_file(), f"the course notebook is missing at {path}"
    return path
