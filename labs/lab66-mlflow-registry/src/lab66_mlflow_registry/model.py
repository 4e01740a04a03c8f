"""A bag-of-words softmax regression in NumPy, pretrained then fine-tuned (given code).

Fine-tuning starts from the base model's weights and runs minibatch SGD on the fine-tuning set;
``history`` records the losses and accuracy before fine-tuning (epoch 0) and after each epoch:
the curves each MLflow run logs with ``step = epoch``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from lab66_mlflow_registry.data import LABELS, SentimentData, Split, bag_of_words


@dataclass
class LinearClassifier:
    """Softmax regression over bag-of-words features: ``probs = softmax(X @ weights + bias)``."""

    vocab: dict[str, int]
    weights: np.ndarray  # (V, 3) float64
    bias: np.ndarray  # (3,) float64

    @classmethod
    def zeros(cls, vocab: dict[str, int]) -> LinearClassifier:
        return cls(vocab, np.zeros((len(vocab), len(LABELS))), np.zeros(len(LABELS)))

    def copy(self) -> LinearClassifier:
        return LinearClassifier(self.vocab, self.weights.copy(), self.bias.copy())

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """(N, 3) float64 class probabilities, columns in ``LABELS`` order."""
        return self.proba_from_features(bag_of_words(texts, self.vocab))

    def proba_from_features(self, features: np.ndarray) -> np.ndarray:
        """Probabilities from precomputed (N, V) features."""
        return softmax(features @ self.weights + self.bias)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)  # no overflow
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy_accuracy(probs: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of (N, 3) probabilities against (N,) int labels."""
    picked = probs[np.arange(len(labels)), labels]
    return float(-np.log(np.maximum(picked, 1e-12)).mean()), float((probs.argmax(axis=1) == labels).mean())


def evaluate(model: LinearClassifier, split: Split) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` on ``split``."""
    return cross_entropy_accuracy(model.predict_proba(split.texts), split.labels)


@dataclass(frozen=True)
class FinetuneConfig:
    """The hyperparameters of one fine-tuning run: what each MLflow run logs as params."""

    learning_rate: float = 0.5
    epochs: int = 10
    batch_size: int = 32
    l2: float = 1e-4
    seed: int = 0


@dataclass
class FinetuneResult:
    """A fine-tuned model with its config and per-epoch curves (index 0 = before fine-tuning)."""

    config: FinetuneConfig
    model: LinearClassifier
    history: dict[str, list[float]] = field(default_factory=dict)  # train_loss, val_loss, val_accuracy


def sgd(model: LinearClassifier, x: np.ndarray, y: np.ndarray, config: FinetuneConfig,
        on_epoch: Callable[[int], None] | None = None) -> None:
    """Minibatch SGD on cross-entropy + ``l2 * |W|^2 / 2``, in place; ``on_epoch(epoch)`` after each."""
    rng = np.random.default_rng(config.seed)
    for epoch in range(1, config.epochs + 1):
        order = rng.permutation(len(y))
        for start in range(0, len(y), config.batch_size):
            idx = order[start:start + config.batch_size]
            probs = softmax(x[idx] @ model.weights + model.bias)
            probs[np.arange(len(idx)), y[idx]] -= 1.0  # d(loss)/d(logits), times batch size
            model.weights -= config.learning_rate * (x[idx].T @ probs / len(idx) + config.l2 * model.weights)
            model.bias -= config.learning_rate * probs.mean(axis=0)
        if on_epoch is not None:
            on_epoch(epoch)


def pretrain_base(data: SentimentData, vocab: dict[str, int], epochs: int = 15,
                  learning_rate: float = 1.0, seed: int = 0) -> LinearClassifier:
    """The "pretrained" starting point: softmax regression trained on the plain base set."""
    model = LinearClassifier.zeros(vocab)
    config = FinetuneConfig(learning_rate=learning_rate, epochs=epochs, seed=seed)
    sgd(model, bag_of_words(data.base.texts, vocab), data.base.labels, config)
    return model


def finetune(base: LinearClassifier, data: SentimentData, config: FinetuneConfig) -> FinetuneResult:
    """Fine-tune a copy of ``base`` on ``data.train``; record train/val loss and val accuracy."""
    if config.learning_rate <= 0 or config.epochs < 1 or config.batch_size < 1:
        raise ValueError(f"need learning_rate > 0, epochs >= 1 and batch_size >= 1, got {config}")
    model = base.copy()
    history: dict[str, list[float]] = {"train_loss": [], "val_loss": [], "val_accuracy": []}
    x_train = bag_of_words(data.train.texts, model.vocab)
    x_val = bag_of_words(data.val.texts, model.vocab)

    def record(_epoch: int = 0) -> None:
        history["train_loss"].append(cross_entropy_accuracy(model.proba_from_features(x_train), data.train.labels)[0])
        val_loss, val_accuracy = cross_entropy_accuracy(model.proba_from_features(x_val), data.val.labels)
        history["val_loss"].append(val_loss)
        history["val_accuracy"].append(val_accuracy)

    record()
    sgd(model, x_train, data.train.labels, config, record)
    return FinetuneResult(config, model, history)
