"""A small LSTM that reads a window of scaled returns and predicts the next one."""

from __future__ import annotations

import torch
from torch import nn


class LSTMForecaster(nn.Module):
    """``nn.LSTM(1, hidden_size, num_layers, batch_first=True)``, then ``nn.Linear(hidden_size, 1)``
    on the output of the last time step.

    ``forward(x)`` takes ``(B, L)`` float32 windows and returns ``(B,)`` float32 predictions.
    """

    def __init__(self, hidden_size: int = 32, num_layers: int = 1) -> None:
        super().__init__()
        if hidden_size < 1 or num_layers < 1:
            raise ValueError(f"hidden_size and num_layers must be >= 1, got {hidden_size}, {num_layers}")
        # BEGIN SOLUTION
        self.lstm = nn.LSTM(input_size=1, hidden_size=hidden_size, num_layers=num_layers,
                            batch_first=True)
        self.head = nn.Linear(hidden_size, 1)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, L)`` windows -> ``(B,)`` next-value predictions."""
        # BEGIN SOLUTION
        out, _ = self.lstm(x.unsqueeze(-1))  # (B, L, hidden): one feature per time step
        return self.head(out[:, -1]).squeeze(-1)  # the last step has read the whole window
        # END SOLUTION
