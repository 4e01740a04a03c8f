"""Choosing where tensors live, with an error that says what to do when the choice is impossible."""

from __future__ import annotations


def pick_device(prefer: str = "auto") -> str:
    """Return a torch device string.

    ``auto`` picks CUDA, then Apple's MPS, then the CPU. Asking for ``cuda`` or ``mps`` on a
    machine without one raises a ``RuntimeError`` instead of silently running somewhere else.
    """
    import torch

    prefer = prefer.lower()
    has_mps = hasattr(torch.backends, "mps") and torch.backends.mps.is_available()
    if prefer == "auto":
        if torch.cuda.is_available():
            return "cuda"
        return "mps" if has_mps else "cpu"
    if prefer == "cpu":
        return "cpu"
    if prefer.startswith("cuda"):
        if not torch.cuda.is_available():
            raise RuntimeError(f"device {prefer!r} requested but CUDA is not available: use --device cpu")
        return prefer
    if prefer == "mps":
        if not has_mps:
            raise RuntimeError("device 'mps' requested but MPS is not available: use --device cpu")
        return "mps"
    raise ValueError(f"unknown device {prefer!r}: expected auto, cpu, cuda, cuda:N or mps")
