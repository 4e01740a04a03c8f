"""The decorator a hidden test carries.

    @points(10, "Future tokens change past logits: is the causal mask applied before softmax?",
            task="attention")
    def test_causal_mask(): ...

The grader reads these arguments from the test file's source (they must be literals), never by
importing the test module: importing it would import the submission into the grader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

DEFAULT_TIMEOUT_S = 60.0
# Gradescope's visibility levels for a test's result.
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


def points(value: float, feedback: str, *, task: str, timeout: float = DEFAULT_TIMEOUT_S,
           visibility: str = "visible") -> Callable[[F], F]:
    """Mark a hidden test as worth ``value`` points of task ``task``.

    ``feedback`` is shown to the student when the test does not pass; write it for them.
    ``timeout`` is this test's wall-clock budget in seconds. ``visibility`` is when Gradescope
    shows the student this test's result: one of ``VISIBILITIES``.
    """
    if value <= 0:
        raise ValueError("a hidden test must be worth a positive number of points")
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")

    def mark(test: F) -> F:
        test.llmlab_points = (value, feedback, task, timeout, visibility)  # type: ignore[attr-defined]
        return test

    return mark
