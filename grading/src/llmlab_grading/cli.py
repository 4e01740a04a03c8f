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
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the result files (default: .llmlab/grades/<lab>/<submission name>)")
    parser.add_argument("--quiet", action="store_true", help="print only the final score line")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        lab = labs.find(args.lab)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
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


if __name__ == "__main__":
    sys.exit(main())
