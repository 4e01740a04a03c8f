"""The model registry: register the best run's model, point an alias at it, load it by alias.

A *registered model* is a name (``lab66-sentiment``) with numbered *versions*; each version
records the run (``run_id``) and the logged model it came from. An *alias* such as ``champion``
is a movable pointer to one version, so serving code loads ``models:/lab66-sentiment@champion``
and never needs to know the number.
"""

from __future__ import annotations

import mlflow
import numpy as np
from mlflow import MlflowClient
from mlflow.entities.model_registry import ModelVersion
from mlflow.pyfunc import PyFuncModel

from lab66_mlflow_registry.data import LABELS


def register_champion(client: MlflowClient, run_id: str, model_name: str,
                      alias: str = "champion") -> ModelVersion:
    """Register the model logged as ``model`` by run ``run_id`` as a new version of
    ``model_name`` (creating the registered model the first time), point ``alias`` at that
    version (moving it away from any older version) and return the new ``ModelVersion``
    (``.version``, ``.run_id`` == ``run_id``, ``.status`` ``"READY"``).
    """
    # BEGIN SOLUTION
    # MLflow 3 resolves runs:/<run_id>/model to the logged model the run created under that name.
    registered = mlflow.register_model(f"runs:/{run_id}/model", model_name)
    client.set_registered_model_alias(model_name, alias, registered.version)
    return client.get_model_version(model_name, registered.version)
    # END SOLUTION


def champion_run_id(client: MlflowClient, model_name: str, alias: str = "champion") -> str:
    """The id of the run whose model version ``model_name@alias`` points at (an MlflowException
    from MLflow when there is no such alias)."""
    return client.get_model_version_by_alias(model_name, alias).run_id  # SOLUTION


def load_by_alias(model_name: str, alias: str = "champion") -> PyFuncModel:
    """Load the version ``alias`` points at, as a pyfunc model, through the registry URI set by
    ``connect`` (the URI ``models:/<model_name>@<alias>``)."""
    return mlflow.pyfunc.load_model(f"models:/{model_name}@{alias}")  # SOLUTION


def predict_labels(model: PyFuncModel, texts: list[str]) -> list[str]:
    """The most probable label (``"positive"``, ``"negative"`` or ``"neutral"``) for each text,
    from ``model.predict(texts)`` (one row of probabilities per text, ``LABELS`` order)."""
    # BEGIN SOLUTION
    probs = np.asarray(model.predict(list(texts)), dtype=np.float64)
    return [LABELS[i] for i in probs.argmax(axis=1)]
    # END SOLUTION
