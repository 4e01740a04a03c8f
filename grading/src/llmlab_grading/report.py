"""A grading's results, and the files and table made from them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class TestResult:
    name: str
    task: str
    points: float
    max_points: float
    status: str
    feedback: str  # shown to the student
    duration: float
    detail: str = ""  # instructor only: tracebacks and output, may contain hidden test source
    visibility: str = "visible"  # Gradescope's: visible, hidden, after_due_date, after_published


@dataclass
class Report:
    lab: str
    submission: str
    tests: list[TestResult]
    grader_version: str
    hidden_tests_hash: str
    submission_hash: str
    elapsed: float
    error: str = ""  # set when the submission could not be graded at all
    meta: dict = field(default_factory=dict)

    @property
    def score(self) -> float:
        return round(sum(t.points for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_points for t in self.tests), 6)

    def by_task(self) -> dict[str, tuple[float, float]]:
        tasks: dict[str, tuple[float, float]] = {}
        for t in self.tests:
            got, top = tasks.get(t.task, (0.0, 0.0))
            tasks[t.task] = (got + t.points, top + t.max_points)
        return tasks

    def to_json(self, instructor: bool = True) -> dict:
        data = asdict(self)
        data.update(score=self.score, max_score=self.max_score)
        if not instructor:
            for test in data["tests"]:
                test.pop("detail")
        return data

    def gradescope(self) -> dict:
        """Gradescope's ``results.json``: student-facing text only."""
        return {
            "score": self.score,
            "execution_time": round(self.elapsed, 2),
            "output": self.error or f"{self.lab}: {self.score:g}/{self.max_score:g}",
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "tests": [
                {
                    "name": t.name,
                    "number": str(i),
                    "score": t.points,
                    "max_score": t.max_points,
                    "status": "passed" if t.status == "passed" else "failed",
                    "output": t.feedback if t.status != "passed" else "",
                    "tags": [t.task],
                    "visibility": t.visibility,
                }
                for i, t in enumerate(self.tests, 1)
            ],
        }

    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json.dumps(self.to_json(instructor=True), indent=2))
        (out / "feedback.json").write_text(json.dumps(self.to_json(instructor=False), indent=2))
        (out / "results.json").write_text(json.dumps(self.gradescope(), indent=2))


def print_table(report: Report) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    colours = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow",
               "out-of-memory": "magenta", "crashed": "magenta"}
    table = Table(title=f"{report.lab} · {report.submission}", show_lines=False)
    for column in ("test", "task", "points", "status", "time", "feedback"):
        table.add_column(column, overflow="fold")
    for t in report.tests:
        table.add_row(escape(t.name), escape(t.task), f"{t.points:g}/{t.max_points:g}",
                      f"[{colours.get(t.status, 'white')}]{t.status}[/]", f"{t.duration:.1f}s",
                      escape(t.feedback) if t.status != "passed" else "")
    console = Console(width=140)
    console.print(table)
    if report.error:
        console.print(f"[red]{escape(report.error)}[/]")
    console.print(f"[bold]score: {report.score:g}/{report.max_score:g}[/]  ({report.elapsed:.1f} s)")
