"""``llmlab-grade``: grade the reference or a submission of one lab."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from llmlab_grading import labs
from llmlab_grading.engine import grade
from llmlab_grading.report import print_table


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llmlab-grade",
        description="Run a lab's hidden tests against its reference solution or a student's submission, "
                    "in a sandboxed child process, and write report.json, feedback.json and Gradescope's results.json.",
    )
    parser.add_argument("lab", help="the lab to grade: lab16, 16 or lab16-mini-gpt")
    parser.add_argument("--submission", type=Path, default=None,
                        help="a submission folder or .zip; without it the reference solution is graded")
    parser.add_argument("--submissions", type=Path, default=None,
                        help="a folder of submissions (folders or .zip files, named by student id) to grade "
                             "as a batch into a gradebook; re-running skips what is already graded")
    parser.add_argument("--workers", type=int, default=2, help="submissions graded at once in a batch")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the result files (default: .llmlab/grades/<lab>/<submission name>, "
                             "or .llmlab/grades/<lab>/batch for --submissions)")
    parser.add_argument("--replay", metavar="TEST", default=None,
                        help="run one hidden test alone, exactly as in grading, and print its full "
                             "instructor detail (traceback and output)")
    parser.add_argument("--quiet", action="store_true", help="print only the final score line")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        lab = labs.find(args.lab)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    if args.submissions is not None:
        return _batch(lab, args)
    if args.replay is not None:
        return _replay(lab, args)
    report = grade(lab, args.submission)
    name = "reference" if args.submission is None else args.submission.name
    out = args.out or labs.repo_root() / ".llmlab" / "grades" / lab.key / name
    report.write(out)
    if args.quiet:
        print(f"{lab.key} {name}: {report.score:g}/{report.max_score:g}")
    else:
        print_table(report)
        print(f"results written to {out}")
    return 0


def _replay(lab: labs.Lab, args: argparse.Namespace) -> int:
    try:
        report = grade(lab, args.submission, only=args.replay)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    test = report.tests[0]
    print(f"{test.name}: {test.status} {test.points:g}/{test.max_points:g} in {test.duration:.1f} s")
    print(f"student feedback: {test.feedback or '(passed)'}")
    print("instructor detail:")
    print(test.detail or "(none)")
    return 0


def _batch(lab: labs.Lab, args: argparse.Namespace) -> int:
    from llmlab_grading.batch import grade_batch

    out = args.out or labs.repo_root() / ".llmlab" / "grades" / lab.key / "batch"

    def done(student: str, report, cached: bool) -> None:
        print(f"{student}: {report.score:g}/{report.max_score:g}{'  (unchanged, cached)' if cached else ''}",
              flush=True)

    try:
        reports = grade_batch(lab, args.submissions, out, workers=args.workers, on_done=done)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = (out / "summary.json").read_text()
    print(f"graded {len(reports)} submissions; gradebook, feedback and summary in {out}")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
