"""Attention as a heatmap PNG: rows are the attending tokens, columns the attended-to ones."""

from __future__ import annotations

import math
from pathlib import Path

import torch


def save_heatmap(path: str | Path, attn: torch.Tensor, labels: list[str], title: str = "") -> Path:
    """Draw ``attn`` and save it as a PNG at ``path`` (parent folders are created); return the path.

    ``attn`` is one head (N, N) or several (H, N, N), drawn as a grid of panels titled
    ``head 0``, ``head 1``, ...; ``labels`` names the N rows and columns. Colours run from 0 to
    the largest weight in the figure, with a colour bar.
    """
    if attn.dim() not in (2, 3) or attn.shape[-1] != attn.shape[-2]:
        raise ValueError(f"attn must be (N, N) or (H, N, N), got shape {tuple(attn.shape)}")
    if attn.shape[-1] != len(labels):
        raise ValueError(f"{len(labels)} labels for a {attn.shape[-1]} x {attn.shape[-1]} map: "
                         "give one label per row")
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    # BEGIN SOLUTION
    panels = attn[None] if attn.dim() == 2 else attn
    n_panels, n = panels.shape[0], panels.shape[-1]
    cols = min(n_panels, 2)
    rows = math.ceil(n_panels / cols)
    side = 1.2 + 0.28 * n  # room for one tick label per token
    fig, axes = plt.subplots(rows, cols, figsize=(side * cols + 1.2, side * rows), squeeze=False,
                             dpi=100, layout="constrained")
    vmax = float(panels.max())
    for index, ax in enumerate(axes.flat):
        if index >= n_panels:
            ax.axis("off")
            continue
        image = ax.imshow(panels[index].detach().float().cpu().numpy(), cmap="viridis", vmin=0.0,
                          vmax=vmax)
        ax.set_xticks(range(n), labels, rotation=90, fontsize=8)
        ax.set_yticks(range(n), labels, fontsize=8)
        ax.set_xlabel("attended to (key)")
        ax.set_ylabel("attending (query)")
        if n_panels > 1:
            ax.set_title(f"head {index}")
    fig.colorbar(image, ax=axes.ravel().tolist(), shrink=0.8, label="attention weight")
    if title:
        fig.suptitle(title)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
    # END SOLUTION
