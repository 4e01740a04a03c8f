"""Lab 66: model versioning with an MLflow registry: log fine-tuning runs to a real tracking
server, pick the best by a metric, register it, alias it and load it back by alias."""

import os

# The course runs offline: MLflow would otherwise try to send usage telemetry.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from lab66_mlflow_registry.data import LABELS, SentimentData, Split, build_vocab, load_data  # noqa: E402
from lab66_mlflow_registry.experiment import ExperimentConfig, ExperimentSummary, run_experiment  # noqa: E402
from lab66_mlflow_registry.mlflow_model import MODEL_REQUIREMENTS, SentimentModel, plot_history  # noqa: E402
from lab66_mlflow_registry.model import (  # noqa: E402
    FinetuneConfig,
    FinetuneResult,
    LinearClassifier,
    finetune,
    pretrain_base,
)
from lab66_mlflow_registry.registry import (  # noqa: E402
    champion_run_id,
    load_by_alias,
    predict_labels,
    register_champion,
)
from lab66_mlflow_registry.server import MlflowServer, free_port, local_mlflow_server  # noqa: E402
from lab66_mlflow_registry.tracking import (  # noqa: E402
    METRICS,
    connect,
    ensure_experiment,
    log_finetune_run,
    select_best_run,
)

__all__ = [
    "LABELS", "METRICS", "MODEL_REQUIREMENTS", "ExperimentConfig", "ExperimentSummary",
    "FinetuneConfig", "FinetuneResult", "LinearClassifier", "MlflowServer", "SentimentData",
    "SentimentModel", "Split", "build_vocab", "champion_run_id", "connect", "ensure_experiment",
    "finetune", "free_port", "load_by_alias", "load_data", "local_mlflow_server",
    "log_finetune_run", "plot_history", "predict_labels", "pretrain_base", "register_champion",
    "run_experiment", "select_best_run",
]
