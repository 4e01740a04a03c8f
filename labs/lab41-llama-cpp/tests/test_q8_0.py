import gguf
import numpy as np
from lab41_llama_cpp import dequantize_q8_0, quantize_q8_0


def test_q8_0_matches_gguf_reference():
    x = np.random.default_rng(0).standard_normal((8, 64)).astype(np.float32)
    ours = quantize_q8_0(x)
    assert ours.shape == (8, 68) and ours.dtype == np.uint8
    assert np.array_equal(ours, gguf.quants.quantize(x, gguf.GGMLQuantizationType.Q8_0))


def test_q8_0_block_by_hand():
    x = np.arange(-127, -95, dtype=np.float32)[None]  # max |x| = 127, so d = 1.0
    block = quantize_q8_0(x)[0]
    assert block[:2].view(np.float16)[0] == 1.0
    assert block[2:].view(np.int8).tolist() == list(range(-127, -95))
    assert np.array_equal(dequantize_q8_0(block[None]), x)
