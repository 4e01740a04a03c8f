"""Lab 40: GPTQ from scratch: 4-bit weights with Hessian-compensated rounding, on CPU."""

from lab40_gptq.evaluate import model_size_bytes, perplexity
from lab40_gptq.gptq import gptq_quantize, inverse_hessian_cholesky, output_error
from lab40_gptq.hessian import HessianAccumulator, capture_hessians
from lab40_gptq.model import (
    QuantConfig,
    calibration_batches,
    decoder_layers,
    linear_names,
    load_model,
    quantize_model,
    quantized_linear_bytes,
    story_ids,
)
from lab40_gptq.packing import pack_int4, unpack_int4
from lab40_gptq.quant_linear import QuantLinear
from lab40_gptq.quantizer import QuantResult, dequantize, minmax_params, quantize, rtn_quantize

__all__ = [
    "HessianAccumulator", "QuantConfig", "QuantLinear", "QuantResult", "calibration_batches",
    "capture_hessians", "decoder_layers", "dequantize", "gptq_quantize", "inverse_hessian_cholesky",
    "linear_names", "load_model", "minmax_params", "model_size_bytes", "output_error",
    "pack_int4", "perplexity", "quantize", "quantize_model", "quantized_linear_bytes",
    "rtn_quantize", "story_ids", "unpack_int4",
]
