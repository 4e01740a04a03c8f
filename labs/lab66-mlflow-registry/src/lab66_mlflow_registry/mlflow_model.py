"""The fine-tuned classifier as an MLflow ``pyfunc`` model, and the run's loss-curve plot (given code).

``mlflow.pyfunc.log_model(name="model", python_model=SentimentModel(classifier), ...)`` pickles the
instance (with its vocabulary and weights) into the run's logged model; ``mlflow.pyfunc.load_model``
gives it back anywhere this package is installed, whatever the URI: ``runs:/<run_id>/model``,
``models:/<model_id>``, ``models:/<name>/<version>`` or ``models:/<name>@<alias>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

import mlflow
from llmlab.plotting import save_curves

from lab66_mlflow_registry.model import LinearClassifier

# What a serving environment must install to load the model (this package too: the pickled
# SentimentModel is imported from it). Given explicitly, so log_model does not have to guess them
# by importing the model in a subprocess (slow).
MODEL_REQUIREMENTS = [f"mlflow=={version('mlflow')}", f"numpy=={version('numpy')}",
                      "lab66-mlflow-registry"]


class SentimentModel(mlflow.pyfunc.PythonModel):
    """Headlines in, class probabilities out: ``predict(["Acme beats Q3 estimates"])`` ->
    ``[[p_positive, p_negative, p_neutral]]`` (a list of 3-float lists, ``LABELS`` order)."""

    def __init__(self, classifier: LinearClassifier) -> None:
        self.classifier = classifier

    # The type hints let MLflow infer the signature and turn a one-column DataFrame into a list.
    def predict(self, model_input: list[str], params: dict | None = None) -> list[list[float]]:
        return self.classifier.predict_proba(list(model_input)).tolist()


def plot_history(history: Mapping[str, Sequence[float]], path: str | Path) -> Path:
    """Train and validation loss per epoch (epoch 0 = the base model) as a PNG at ``path``."""
    curves = {key: (range(len(values)), values) for key, values in history.items() if key.endswith("_loss")}
    return save_curves(path, curves, title="fine-tuning loss", xlabel="epoch", ylabel="cross-entropy")
