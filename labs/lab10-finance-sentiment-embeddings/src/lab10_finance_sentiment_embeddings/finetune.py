"""`sentiment-finetune`: the experiment from the command line."""

from __future__ import annotations

from collections.abc import Sequence

from llmlab.cli import parse_config

from lab10_finance_sentiment_embeddings.experiment import ExperimentConfig, run_experiment
from lab10_finance_sentiment_embeddings.report import format_report


def main(argv: Sequence[str] | None = None) -> None:
    config = parse_config(ExperimentConfig, argv, prog="sentiment-finetune", description=(
        "Fine-tune a sentence encoder on SetFit-style pairs of financial headlines and compare "
        "logistic-regression probes on its embeddings (base vs fine-tuned) with TF-IDF, on a "
        "split where no headline template is on both sides."))
    report = run_experiment(config)
    print(format_report(report))
    print(f"wrote {config.out / 'report.json'} and {config.out / 'loss_curve.png'}")


if __name__ == "__main__":
    main()
