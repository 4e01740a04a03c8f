"""``llmlab-grade-bench``: how fast does the grader get through a class, and what does it cost
over running the hidden tests bare?

Baseline: ``pytest`` on the hidden tests, reference on ``PYTHONPATH``, in the same environment,
no sandbox. Measured: one sandboxed grading of the reference (overhead = graded / bare), and a
batch of N copies of the reference graded with W workers (submissions per minute).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from llmlab_grading import labs
from llmlab_grading.batch import grade_batch
from llmlab_grading.engine import _child_env, grade
from llmlab_grading.environment import ensure_environment


def bare_seconds(lab: labs.Lab, python: Path) -> float:
    """Wall time of the hidden tests run plainly: the baseline the grader is compared with."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for sub in ("src", "home", "tmp"):
            (work / sub).mkdir()
        shutil.copytree(lab.path / "src" / lab.module, work / "src" / lab.module)
        shutil.copytree(lab.hidden_tests, work / "hidden")
        start = time.perf_counter()
        done = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", str(work / "hidden")],
                              cwd=work / "hidden", env=_child_env(python, work), capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"the reference fails its hidden tests when run bare:\n{done.stdout[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="llmlab-grade-bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("lab", help="the lab: lab16, 16 or lab16-mini-gpt")
    parser.add_argument("-n", "--submissions", type=int, default=4, help="copies of the reference in the batch")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="submissions graded at once")
    args = parser.parse_args(argv)
    lab = labs.find(args.lab)
    python = ensure_environment(lab)
    bare = bare_seconds(lab, python)
    start = time.perf_counter()
    single = grade(lab, python=python)
    graded = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        for i in range(args.submissions):
            shutil.copytree(lab.path / "src", folder / f"student{i:03d}" / "src")
        start = time.perf_counter()
        reports = grade_batch(lab, folder, Path(tmp) / "out", workers=args.workers)
        batch = time.perf_counter() - start
    result = {
        "lab": lab.key,
        "bare_s": round(bare, 2),
        "graded_s": round(graded, 2),
        "overhead_ratio": round(graded / bare, 2),
        "reference_score": single.score,
        "batch_submissions": args.submissions,
        "batch_workers": args.workers,
        "batch_s": round(batch, 2),
        "submissions_per_minute": round(60 * args.submissions / batch, 2),
        "batch_scores": sorted({r.score for r in reports.values()}),
    }
    print(f"{lab.key}: bare hidden tests {bare:.1f} s, graded {graded:.1f} s "
          f"(overhead x{graded / bare:.2f}); batch of {args.submissions} with {args.workers} workers "
          f"{batch:.1f} s = {result['submissions_per_minute']} submissions/min")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
