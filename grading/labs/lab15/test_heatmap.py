from __future__ import annotations

import torch
from lab15_attention_visualizer.heatmap import save_heatmap
from llmlab_grading import points

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _attn(heads: int, n: int) -> torch.Tensor:
    gen = torch.Generator().manual_seed(0)
    return torch.softmax(torch.randn(heads, n, n, generator=gen) * 2, dim=-1)


@points(5, "save_heatmap must write a real PNG (creating parent folders) and return its path",
        task="heatmap", timeout=60)
def test_heatmap_writes_png(tmp_path):
    import matplotlib.image

    labels = ["[CLS]", "the", "cat", "sat", "[SEP]"]
    path = save_heatmap(tmp_path / "plots" / "one.png", _attn(1, 5)[0], labels, title="one head")
    assert path == tmp_path / "plots" / "one.png"
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 2000
    pixels = matplotlib.image.imread(path)
    assert pixels.shape[0] > 100 and pixels.shape[1] > 100 and float(pixels.std()) > 0.01


@points(3, "save_heatmap must also draw (heads, N, N) as a grid of panels, and reject labels "
           "that do not match N with a ValueError", task="heatmap", timeout=60)
def test_heatmap_grid_and_validation(tmp_path):
    labels = [f"t{i}" for i in range(6)]
    one = save_heatmap(tmp_path / "one.png", _attn(1, 6)[0], labels)
    grid = save_heatmap(tmp_path / "grid.png", _attn(4, 6), labels)
    assert grid.read_bytes()[:8] == PNG_MAGIC
    assert grid.stat().st_size > one.stat().st_size  # four panels hold more than one
    try:
        save_heatmap(tmp_path / "bad.png", _attn(1, 6)[0], labels[:5])
    except ValueError:
        pass
    else:
        raise AssertionError("5 labels for a 6 x 6 map must raise ValueError")
    assert not (tmp_path / "bad.png").exists()
