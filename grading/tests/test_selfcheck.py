"""Self-checks every lab must pass: the reference earns 100, the generated starter loses points on
every task, and grading the same code twice gives the same result."""

from __future__ import annotations

import pytest
from llmlab_grading.engine import grade
from llmlab_grading.handout import build_handout
from llmlab_grading.report import Report


def _explain(report: Report) -> str:
    return "\n".join(f"{t.name}: {t.status} {t.points:g}/{t.max_points:g} {t.feedback}\n{t.detail[-1500:]}"
                     for t in report.tests if t.status != "passed")


@pytest.fixture(scope="module")
def reference(lab) -> Report:
    return grade(lab)


def test_reference_scores_100(reference: Report) -> None:
    assert reference.max_score == 100
    assert reference.score == 100, _explain(reference)


def test_starter_loses_points_on_every_task(lab, tmp_path_factory) -> None:
    starter = build_handout(lab, tmp_path_factory.mktemp("handout"))
    report = grade(lab, starter)
    full_marks = [task for task, (got, top) in report.by_task().items() if got >= top]
    assert not full_marks, f"the starter still earns every point of tasks {full_marks}"
    assert report.score < 50


def test_grading_is_deterministic(lab, reference: Report) -> None:
    again = grade(lab)

    def summary(report: Report) -> list[tuple]:
        return [(t.name, t.status, t.points, t.feedback) for t in report.tests]

    assert summary(again) == summary(reference)
    assert again.submission_hash == reference.submission_hash
