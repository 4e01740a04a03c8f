"""Standard scaling whose statistics come from the training split alone.

Fitting on the whole series would hand the model facts about the future (the test period's
volatility, its price range) before it is ever evaluated there: a leak that flatters the score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scaler:
    """``z = (x - mean) / std`` and back. Build it with :func:`fit_scaler`."""

    mean: float
    std: float

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Scale ``x`` (any shape): ``(x - mean) / std``."""
        return (x - self.mean) / self.std  # SOLUTION

    def inverse_transform(self, z: np.ndarray) -> np.ndarray:
        """Undo :meth:`transform`: ``z * std + mean``."""
        return z * self.std + self.mean  # SOLUTION


def fit_scaler(train: np.ndarray) -> Scaler:
    """A :class:`Scaler` with the mean and the population standard deviation (``ddof=0``) of
    ``train``, as Python floats. Raises ``ValueError`` for an empty or constant ``train``."""
    train = np.asarray(train, dtype=np.float64)
    if train.size == 0:
        raise ValueError("cannot fit a scaler on an empty array")
    # BEGIN SOLUTION
    mean, std = float(train.mean()), float(train.std())
    if std == 0.0:
        raise ValueError("the training values are all equal (std 0): there is nothing to scale by")
    return Scaler(mean=mean, std=std)
    # END SOLUTION
