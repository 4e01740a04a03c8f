"""Reading a GGUF file back: its metadata, its tensor table, and what each level costs in bytes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gguf


@dataclass(frozen=True)
class TensorInfo:
    """One tensor of a GGUF file: its name, ggml type name (``"Q8_0"``), shape, sizes."""

    name: str
    type: str
    shape: tuple[int, ...]
    n_elements: int
    n_bytes: int


def read_metadata(path: str | Path) -> dict[str, Any]:
    """Every key/value of a GGUF file as plain Python values.

    Strings as ``str``, numbers as ``int``/``float``, booleans as ``bool``, arrays as lists of those
    (``tokenizer.ggml.tokens`` is a list of str). Includes the ``GGUF.*`` header fields that
    ``gguf.GGUFReader`` reports (``GGUF.version``, ``GGUF.tensor_count``, ``GGUF.kv_count``).
    """
    # BEGIN SOLUTION
    reader = gguf.GGUFReader(path)
    out: dict[str, Any] = {}
    for key, field in reader.fields.items():
        value = field.contents()
        if hasattr(value, "item"):
            value = value.item()
        elif isinstance(value, list):
            value = [v.item() if hasattr(v, "item") else v for v in value]
        out[key] = value
    return out
    # END SOLUTION


def tensor_infos(path: str | Path) -> list[TensorInfo]:
    """The tensor table of a GGUF file, in file order.

    ``shape`` is in PyTorch order (rows first): GGUF stores ggml's order, innermost dimension
    first, so reverse it. ``type`` is the ``GGMLQuantizationType`` name.
    """
    # BEGIN SOLUTION
    reader = gguf.GGUFReader(path)
    return [TensorInfo(name=t.name, type=t.tensor_type.name,
                       shape=tuple(int(d) for d in reversed(t.shape.tolist())),
                       n_elements=int(t.n_elements), n_bytes=int(t.n_bytes))
            for t in reader.tensors]
    # END SOLUTION


def bits_per_weight(infos: list[TensorInfo]) -> float:
    """Average storage bits per weight over all tensors: ``8 * total bytes / total elements``."""
    total = sum(t.n_elements for t in infos)
    if total == 0:
        raise ValueError("no tensors: is this a GGUF model file?")
    return 8 * sum(t.n_bytes for t in infos) / total  # SOLUTION


def type_counts(infos: list[TensorInfo]) -> dict[str, int]:
    """How many tensors of each ggml type, e.g. ``{"F32": 9, "Q4_K": 20, "Q6_K": 4}``."""
    return dict(sorted(Counter(t.type for t in infos).items()))  # SOLUTION


def size_ratios(paths: dict[str, Path], base: str) -> dict[str, float]:
    """File size of each entry of ``paths`` divided by that of ``paths[base]``."""
    if base not in paths:
        raise KeyError(f"base level {base!r} is not among {', '.join(paths)}")
    # BEGIN SOLUTION
    reference = Path(paths[base]).stat().st_size
    return {level: Path(p).stat().st_size / reference for level, p in paths.items()}
    # END SOLUTION
