"""`sentiment-report`: print the results table of a finished run's report.json."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path


def format_report(report: dict) -> str:
    """A plain-text table of a report: macro-F1 and accuracy per method, overall and per style."""
    split = report["split"]
    styles = sorted(report["base"]["per_style_macro_f1"])
    head = f"{'features + logistic regression':<32}{'macro-F1':>9}{'accuracy':>9}"
    lines = [f"split by {split['by']}: {split['n_train']} train / {split['n_test']} test "
             f"headlines, {split['train_groups']} / {split['test_groups']} groups, "
             f"{len(split['straddling_groups'])} straddling",
             head + "".join(f"{s:>12}" for s in styles), "-" * (len(head) + 12 * len(styles))]
    for key, name in (("tfidf", "TF-IDF (1-2 grams)"), ("base", "base encoder"),
                      ("finetuned", "fine-tuned encoder")):
        row = report[key]
        lines.append(f"{name:<32}{row['macro_f1']:>9.3f}{row['accuracy']:>9.3f}"
                     + "".join(f"{row['per_style_macro_f1'][s]:>12.3f}" for s in styles))
    leaky = report["random_split"]
    lines += [f"margin (fine-tuned - base macro-F1): {report['margin']:+.3f}",
              f"random split for contrast ({leaky['straddling_groups']} groups straddle): "
              f"TF-IDF {leaky['tfidf_macro_f1']:.3f}, base encoder {leaky['base_macro_f1']:.3f}",
              f"fine-tuning: {report['finetune']['steps']} steps, loss "
              f"{report['finetune']['first_loss']:.3f} -> {report['finetune']['last_loss']:.3f}; "
              f"run took {report['elapsed_s']:.0f} s"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="sentiment-report",
                                     description="Print the results of a sentiment-finetune run.")
    parser.add_argument("report", nargs="?", type=Path, default=Path("runs/lab10/report.json"),
                        help="report.json written by sentiment-finetune")
    args = parser.parse_args(argv)
    if not args.report.is_file():
        parser.exit(1, f"sentiment-report: no report at {args.report}; run sentiment-finetune "
                       "first or pass the path of its report.json\n")
    print(format_report(json.loads(args.report.read_text())))


if __name__ == "__main__":
    main()
