"""loading: load by alias, follow the alias when it moves, read the champion's run, predict labels.
The versions and aliases are made here with MLflow directly, not with your register_champion."""

from __future__ import annotations

import mlflow
import numpy as np
from lab66_checks import TEXTS
from lab66_mlflow_registry import LABELS, champion_run_id, load_by_alias, predict_labels
from llmlab_grading import points


def register(client, name: str, runs: list[str], aliases: dict[str, str]) -> None:
    for run_id in runs:
        mlflow.register_model(f"runs:/{run_id}/model", name)
    for alias, version in aliases.items():
        client.set_registered_model_alias(name, alias, version)


@points(8, "load_by_alias(name, alias) must load models:/<name>@<alias> (the version the alias points at) "
           "as a pyfunc model.", task="loading", timeout=300)
def test_load_by_alias_gives_that_versions_model(client, model_runs):
    name = "hidden-loading"
    register(client, name, [model_runs["base"]["run_id"], model_runs["tuned"]["run_id"]],
             {"champion": "2", "challenger": "1"})
    champion = load_by_alias(name)
    np.testing.assert_allclose(np.asarray(champion.predict(TEXTS)),
                               model_runs["tuned"]["classifier"].predict_proba(TEXTS), rtol=1e-12)
    challenger = load_by_alias(name, "challenger")
    np.testing.assert_allclose(np.asarray(challenger.predict(TEXTS)),
                               model_runs["base"]["classifier"].predict_proba(TEXTS), rtol=1e-12)


@points(4, "When the alias moves to another version, load_by_alias must load the new one (resolve the alias "
           "at every call, never cache a version number).", task="loading", timeout=300)
def test_load_follows_the_alias(client, model_runs):
    name = "hidden-loading-move"
    register(client, name, [model_runs["base"]["run_id"], model_runs["tuned"]["run_id"]], {"champion": "1"})
    np.testing.assert_allclose(np.asarray(load_by_alias(name).predict(TEXTS)),
                               model_runs["base"]["classifier"].predict_proba(TEXTS), rtol=1e-12)
    client.set_registered_model_alias(name, "champion", "2")
    np.testing.assert_allclose(np.asarray(load_by_alias(name).predict(TEXTS)),
                               model_runs["tuned"]["classifier"].predict_proba(TEXTS), rtol=1e-12)


@points(4, "champion_run_id(client, name, alias) must return the run id of the version the alias points at.",
        task="loading", timeout=300)
def test_champion_run_id(client, model_runs):
    name = "hidden-loading-run"
    register(client, name, [model_runs["base"]["run_id"], model_runs["tuned"]["run_id"]],
             {"champion": "1", "challenger": "2"})
    assert champion_run_id(client, name) == model_runs["base"]["run_id"]
    assert champion_run_id(client, name, "challenger") == model_runs["tuned"]["run_id"]


class FixedModel:
    """Stands in for a pyfunc model: fixed probabilities, one row per text."""

    def __init__(self, rows):
        self.rows = rows

    def predict(self, texts):
        assert len(texts) == len(self.rows)
        return self.rows


@points(4, "predict_labels must return LABELS[argmax] of each row of model.predict(texts) "
           "(columns: positive, negative, neutral).", task="loading", timeout=300)
def test_predict_labels(model_runs):
    rows = [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.0, 0.0, 1.0]]
    assert predict_labels(FixedModel(rows), ["a", "b", "c", "d"]) == ["neutral", "positive", "negative", "neutral"]
    classifier = model_runs["tuned"]["classifier"]
    expected = [LABELS[i] for i in classifier.predict_proba(TEXTS).argmax(axis=1)]
    assert predict_labels(FixedModel(classifier.predict_proba(TEXTS).tolist()), TEXTS) == expected
