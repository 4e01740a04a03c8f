"""One call to make a run repeatable."""

from __future__ import annotations

import os
import random


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and torch's generators (those that are installed)."""
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    try:
        import numpy as np
    except ImportError:
        pass
    else:
        np.random.seed(seed % 2**32)
    try:
        import torch
    except ImportError:
        pass
    else:
        torch.manual_seed(seed)
