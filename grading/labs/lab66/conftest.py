"""One real ``mlflow server`` (SQLite store, proxied artifacts, 127.0.0.1 only) for the whole
hidden suite: it starts once, in the first test that needs it, and stops after the last one,
whatever happened in between (the helper kills its process group)."""

from __future__ import annotations

import os

# No tqdm bars in the grader's captured output.
os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")

import mlflow  # noqa: E402
import pytest  # noqa: E402
from lab66_mlflow_registry import (  # noqa: E402
    MODEL_REQUIREMENTS,
    FinetuneConfig,
    SentimentModel,
    build_vocab,
    connect,
    ensure_experiment,
    finetune,
    load_data,
    local_mlflow_server,
    pretrain_base,
)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory):
    with local_mlflow_server(tmp_path_factory.mktemp("mlflow-server"), startup_timeout=300) as running:
        yield running


@pytest.fixture(scope="session")
def client(server):
    return connect(server.url)


@pytest.fixture(scope="session")
def base():
    data = load_data(n_finetune=300, n_base=300, seed=3)
    return data, pretrain_base(data, build_vocab(data.base.texts + data.train.texts), seed=3)


@pytest.fixture(scope="session")
def model_runs(client, base) -> dict:
    """Two runs with a logged ``model`` each, made here with MLflow directly (not with your
    log_finetune_run), for the registry and loading tests."""
    data, base_model = base
    tuned = finetune(base_model, data, FinetuneConfig(learning_rate=4.0, epochs=3, seed=3)).model
    experiment_id = ensure_experiment(client, "hidden-models")
    runs = {}
    for name, classifier in (("base", base_model), ("tuned", tuned)):
        with mlflow.start_run(experiment_id=experiment_id, run_name=name) as run:
            mlflow.log_metric("val_loss", 1.0)
            mlflow.pyfunc.log_model(name="model", python_model=SentimentModel(classifier),
                                    pip_requirements=MODEL_REQUIREMENTS)
        runs[name] = {"run_id": run.info.run_id, "classifier": classifier}
    return runs
