"""The same model through ``gptqmodel``, the maintained GPTQ toolkit, for comparison (CUDA only).

Needs the optional extra: ``uv run --package lab40-gptq --extra gpu gptq-bench --gptqmodel``.
``gptqmodel`` is imported here, lazily, so the rest of the lab never needs it. Its API as
documented for gptqmodel 7.x: ``GPTQModel.load(path, QuantizeConfig(...))``,
``model.quantize(texts, batch_size=...)``, ``model.save(folder)``, then ``GPTQModel.load(folder)``.
"""

from __future__ import annotations

import time
from pathlib import Path

import torch

from lab40_gptq.evaluate import model_size_bytes, perplexity


def _require_gptqmodel():
    if not torch.cuda.is_available():
        raise SystemExit("the gptqmodel comparison needs a CUDA GPU; none is visible here")
    try:
        import gptqmodel
    except ImportError as exc:
        raise SystemExit("gptqmodel is not installed: run with the extra, "
                         "`uv run --package lab40-gptq --extra gpu gptq-bench --gptqmodel`") from exc
    return gptqmodel


def gptqmodel_run(model_path: str, calibration_texts: list[str], eval_ids: torch.Tensor,
                  out_dir: Path, bits: int = 4, group_size: int = 128, act_order: bool = False,
                  seq_len: int = 128) -> dict:
    """Quantise ``model_path`` with gptqmodel on the GPU, save it to ``out_dir``, reload it and
    return ``{"size_bytes", "perplexity", "quantize_seconds"}`` on ``eval_ids``."""
    gptqmodel = _require_gptqmodel()
    # act_group_aware is gptqmodel's own refinement; off, so the algorithm matches this lab's GPTQ.
    config = gptqmodel.QuantizeConfig(bits=bits, group_size=group_size, desc_act=act_order,
                                      act_group_aware=False)
    started = time.perf_counter()
    model = gptqmodel.GPTQModel.load(model_path, config)
    model.quantize(calibration_texts, batch_size=8)
    seconds = time.perf_counter() - started
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))
    del model
    loaded = gptqmodel.GPTQModel.load(str(out_dir))
    hf_model = getattr(loaded, "model", loaded)
    ppl = perplexity(hf_model, eval_ids.to(hf_model.device), seq_len=seq_len)
    return {"size_bytes": model_size_bytes(hf_model, float_bytes=2), "perplexity": ppl,
            "quantize_seconds": round(seconds, 2)}
