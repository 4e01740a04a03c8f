"""Grading a whole class: a folder of submissions into a gradebook, feedback and a summary.

Each submission (a folder or a ``.zip``; the student id is its name without ``.zip``) is graded
in its own sandboxed child, several at a time. Each result is written as soon as it is known,
keyed by the submission's content hash and the hidden tests' hash, so re-running skips what is
already graded and an interrupted batch resumes with nothing lost.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import llmlab_grading
from llmlab_grading.engine import grade, hidden_tests_hash, test_hashes
from llmlab_grading.environment import ensure_environment
from llmlab_grading.labs import Lab, repo_root
from llmlab_grading.limits import Limits
from llmlab_grading.report import Report, TestResult
from llmlab_grading.submission import tree_hash


@dataclass
class Entry:
    student: str
    path: Path

    def content_hash(self) -> str:
        if self.path.is_file():
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        return tree_hash(self.path)


def find_submissions(folder: Path) -> list[Entry]:
    """Every submission in ``folder``, sorted by student id; a clear error for duplicates."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no submissions folder at {folder}")
    entries: dict[str, Entry] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not (path.is_dir() or path.suffix.lower() == ".zip"):
            continue
        student = path.stem if path.is_file() else path.name
        if student in entries:
            raise ValueError(f"two submissions for student {student!r}: {entries[student].path.name} and {path.name}")
        entries[student] = Entry(student, path)
    return list(entries.values())


def _report_from_json(data: dict) -> Report:
    tests = [TestResult(**{k: t.get(k, "") for k in TestResult.__dataclass_fields__}) for t in data["tests"]]
    fields = {k: data[k] for k in ("lab", "submission", "grader_version", "hidden_tests_hash",
                                   "submission_hash", "elapsed", "error", "meta")}
    return Report(tests=tests, **fields)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def feedback_markdown(student: str, report: Report) -> str:
    lines = [f"# {report.lab}: feedback for {student}", "", f"**Score: {report.score:g}/{report.max_score:g}**", ""]
    if report.error:
        lines += [f"> {report.error}", ""]
    lines += ["| test | task | points | status | feedback |", "|---|---|---|---|---|"]
    for t in report.tests:
        text = t.feedback.replace("|", "\\|").replace("\n", " ") if t.status != "passed" else ""
        lines.append(f"| {t.name} | {t.task} | {t.points:g}/{t.max_points:g} | {t.status} | {text} |")
    return "\n".join(lines) + "\n"


def grade_batch(lab: Lab, folder: Path, out: Path, workers: int = 2, limits: Limits | None = None,
                on_done: Callable[[str, Report, bool], None] | None = None) -> dict[str, Report]:
    """Grade every submission in ``folder`` into ``out``; returns reports by student id."""
    entries = find_submissions(folder)
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    tests_hash = hidden_tests_hash(lab)
    per_test = test_hashes(lab)
    python = ensure_environment(lab, repo_root(lab.path))
    reports: dict[str, Report] = {}
    previous: dict[str, float] = {}
    todo: list[tuple[Entry, str, Report | None]] = []
    for entry in entries:
        key = entry.content_hash()
        cached = results_dir / f"{entry.student}.json"
        old: Report | None = None
        if cached.is_file():
            data = json.loads(cached.read_text())
            previous[entry.student] = data["score"]
            same_code = (data.get("meta", {}).get("content_hash") == key
                         and data["grader_version"] == llmlab_grading.__version__)
            if same_code and data["hidden_tests_hash"] == tests_hash:
                reports[entry.student] = _report_from_json(data)
                if on_done:
                    on_done(entry.student, reports[entry.student], True)
                continue
            if same_code:  # only the hidden tests changed: keep the results of unchanged tests
                old = _report_from_json(data)
        todo.append((entry, key, old))

    def run(entry: Entry, key: str, old: Report | None) -> tuple[str, Report]:
        kept = {}
        if old is not None:
            hashes = old.meta.get("test_hashes", {})
            kept = {t.name: t for t in old.tests
                    if any(n.endswith(f"::{t.name}") and hashes.get(n) == h for n, h in per_test.items())}
        changed = [n for n in per_test if n.split("::")[-1] not in kept]
        if kept and not changed:  # tests were only removed
            report = old
            report.hidden_tests_hash = tests_hash
        else:
            report = grade(lab, entry.path, limits, python, only=changed if kept else None)
        if kept:
            fresh = {t.name: t for t in report.tests}
            report.tests = [fresh.get(n.split("::")[-1]) or kept[n.split("::")[-1]] for n in per_test]
        report.submission = entry.student
        report.meta.update(content_hash=key, previous_score=previous.get(entry.student), test_hashes=per_test,
                           regraded_tests=sorted(n.split("::")[-1] for n in changed))
        _write_atomic(results_dir / f"{entry.student}.json", json.dumps(report.to_json(instructor=True), indent=2))
        return entry.student, report

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(run, entry, key, old) for entry, key, old in todo]
        for future in as_completed(futures):
            student, report = future.result()
            reports[student] = report
            if on_done:
                on_done(student, report, False)
    reports = dict(sorted(reports.items()))
    write_outputs(lab, reports, out)
    write_similarity(lab, entries, out)
    return reports


def write_similarity(lab: Lab, entries: list[Entry], out: Path, threshold: float = 0.8) -> None:
    """``similarity.csv``: pairs of near-identical submissions, starter code discounted."""
    import tempfile

    from llmlab_grading.handout import build_handout
    from llmlab_grading.similarity import similar_pairs
    from llmlab_grading.submission import SubmissionError, stage

    with tempfile.TemporaryDirectory() as tmp:
        packages = {}
        for entry in entries:
            try:
                packages[entry.student] = stage(entry.path, lab.module, Path(tmp) / entry.student / "src")
            except SubmissionError:
                continue
        starter = build_handout(lab, Path(tmp) / "starter") / "src" / lab.module
        pairs = similar_pairs(packages, starter, threshold)
    with open(out / "similarity.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_a", "student_b", "similarity"])
        writer.writerows(pairs)


def write_outputs(lab: Lab, reports: dict[str, Report], out: Path) -> None:
    """Gradebook CSV, per-student feedback, pass rates and a score histogram."""
    feedback = out / "feedback"
    feedback.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for report in reports.values():
        names += [t.name for t in report.tests if t.name not in names]
    with open(out / "gradebook.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *names, "total"])
        for student, report in reports.items():
            points = {t.name: t.points for t in report.tests}
            writer.writerow([student, *[f"{points.get(n, 0):g}" for n in names], f"{report.score:g}"])
    for student, report in reports.items():
        (feedback / f"{student}.md").write_text(feedback_markdown(student, report))
        (feedback / f"{student}.json").write_text(json.dumps(report.to_json(instructor=False), indent=2))
    rates = {n: sum(1 for r in reports.values() for t in r.tests if t.name == n and t.status == "passed")
             / max(1, len(reports)) for n in names}
    moved = {s: (r.meta.get("previous_score"), r.score) for s, r in reports.items()
             if r.meta.get("previous_score") is not None and r.meta["previous_score"] != r.score}
    scores = [r.score for r in reports.values()]
    summary = {"lab": lab.key, "submissions": len(reports), "mean": sum(scores) / max(1, len(scores)),
               "pass_rates": rates, "scores_moved": moved}
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    _histogram(scores, out / "scores.png", lab.key)


def _histogram(scores: list[float], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=110)
    ax.hist(scores, bins=[i * 10 for i in range(11)], edgecolor="black")
    ax.set_xlabel("score")
    ax.set_ylabel("students")
    ax.set_title(f"{title}: {len(scores)} submissions")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
