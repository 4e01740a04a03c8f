"""GGUF -> quantised GGUF with llama.cpp's own quantiser (``llama_model_quantize``).

Q8_0 is simple enough to write in numpy (``q8_0.py``). The k-quants are not: Q4_K_M picks a type
per tensor (Q6_K for half of ``attn_v``/``ffn_down`` and for the output matrix, Q4_K for the rest),
and each Q4_K super-block of 256 weights searches scales and minimums for eight 32-weight
sub-blocks. ``gguf`` (gguf-py) can only dequantise Q4_K, so this step calls the C++ quantiser that
llama-cpp-python compiles into its shared library, exactly what ``llama-quantize`` runs.
"""

from __future__ import annotations

import ctypes
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import llama_cpp
from llmlab.cli import parse_config

# llama.cpp's llama_ftype values for the levels this lab reports.
FTYPES = {
    "f32": llama_cpp.LLAMA_FTYPE_ALL_F32,
    "f16": llama_cpp.LLAMA_FTYPE_MOSTLY_F16,
    "q8_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0,
    "q6_k": llama_cpp.LLAMA_FTYPE_MOSTLY_Q6_K,
    "q5_k_m": llama_cpp.LLAMA_FTYPE_MOSTLY_Q5_K_M,
    "q4_k_m": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_K_M,
    "q4_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0,
}


def quantize_gguf(source: str | Path, out: str | Path, level: str = "q4_k_m",
                  n_threads: int = 2) -> Path:
    """Quantise the GGUF file ``source`` (ideally F32 or F16) to ``level`` with llama.cpp."""
    level = level.lower()
    if level not in FTYPES:
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join(FTYPES)}")
    source, out = Path(source), Path(out)
    if not source.is_file():
        raise FileNotFoundError(f"no GGUF file at {source}: make one with gguf-convert first")
    out.parent.mkdir(parents=True, exist_ok=True)
    # llama.cpp logs every tensor through llama-cpp-python's logger; keep errors only.
    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = FTYPES[level]
    params.nthread = n_threads
    status = llama_cpp.llama_model_quantize(str(source).encode(), str(out).encode(),
                                           ctypes.byref(params))
    if status != 0:
        raise RuntimeError(f"llama_model_quantize({source} -> {level}) failed with status {status}")
    return out


@dataclass
class QuantizeConfig:
    source: Path | None = field(default=None, metadata={
        "help": "input GGUF (F32 or F16); default runs/lab41/stories-lm-large-f32.gguf"})
    level: str = field(default="q4_k_m", metadata={
        "help": "quantisation level", "choices": list(FTYPES)})
    out: Path | None = field(default=None, metadata={
        "help": "output GGUF; default: the source's name with the level"})
    threads: int = field(default=2, metadata={"help": "quantiser threads"})


def main(argv: list[str] | None = None) -> None:
    config = parse_config(QuantizeConfig, argv, prog="gguf-quantize",
                          description="Quantise a GGUF file with llama.cpp (Q8_0, Q4_K_M, ...).")
    from llmlab.paths import runs_dir

    from .reader import bits_per_weight, tensor_infos, type_counts

    source = config.source or runs_dir("lab41") / "stories-lm-large-f32.gguf"
    stem = source.stem.rsplit("-", 1)[0] if source.stem.endswith(("-f32", "-f16")) else source.stem
    out = config.out or source.with_name(f"{stem}-{config.level}.gguf")
    start = time.perf_counter()
    quantize_gguf(source, out, config.level, config.threads)
    infos = tensor_infos(out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, "
          f"{bits_per_weight(infos):.2f} bits/weight) in {time.perf_counter() - start:.1f} s")
    print("tensor types:", ", ".join(f"{k} x{v}" for k, v in type_counts(infos).items()))
