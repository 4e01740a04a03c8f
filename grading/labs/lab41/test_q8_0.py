import gguf
import numpy as np
from lab41_llama_cpp import dequantize_q8_0, quantize_gguf, quantize_q8_0, write_gguf
from llmlab_grading import points

Q8 = gguf.GGMLQuantizationType.Q8_0


@points(10, "quantize_q8_0 must produce exactly llama.cpp's Q8_0 bytes (what gguf.quants.quantize "
            "gives): per 32-value block a float16 scale d = max|x| / 127, then int8 round(x / d) "
            "with halves rounded away from zero, 0 for an all-zero block.", task="q8_0", timeout=30)
def test_q8_0_bytes_match_reference():
    rng = np.random.default_rng(41)
    for scale in (1e-4, 0.02, 1.0, 300.0):
        x = (rng.standard_normal((48, 256)) * scale).astype(np.float32)
        x[0, :32] = 0.0  # an all-zero block
        x[1, :32] = (np.arange(32, dtype=np.float32) - 15.5) * np.float32(127 / 15.5) * scale
        ours = quantize_q8_0(x)
        assert ours.dtype == np.uint8 and ours.shape == (48, 256 // 32 * 34), ours.shape
        assert np.array_equal(ours, gguf.quants.quantize(x, Q8)), f"bytes differ at scale {scale}"
    three_d = rng.standard_normal((2, 3, 64)).astype(np.float32)
    got = quantize_q8_0(three_d)
    assert got.shape == (2, 3, 68)
    assert np.array_equal(got, gguf.quants.quantize(three_d, Q8))


@points(5, "The Q8_0 block layout: 2 bytes of float16 scale (little-endian) then 32 int8 values; "
           "for x = [-127, -126, ..., -96] the scale is 1.0 and the values are x itself.",
        task="q8_0", timeout=30)
def test_q8_0_block_layout_by_hand():
    x = np.arange(-127, -95, dtype=np.float32)[None]
    block = quantize_q8_0(x)[0]
    assert block.shape == (34,)
    assert block[:2].view(np.float16)[0] == np.float16(1.0)
    assert block[2:].view(np.int8).tolist() == list(range(-127, -95))
    y = np.full((1, 32), 0.5, dtype=np.float32)
    y[0, 0] = 127.0  # d = 1: every 0.5 rounds away from zero to 1
    assert quantize_q8_0(y)[0, 2:].view(np.int8).tolist() == [127] + [1] * 31


@points(6, "dequantize_q8_0 must return d * q as float32 with the row length restored, matching "
           "gguf.quants.dequantize, and round-trip within about half a quantisation step.",
        task="q8_0", timeout=30)
def test_dequantize_q8_0():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((16, 128)).astype(np.float32)
    data = gguf.quants.quantize(x, Q8)
    back = dequantize_q8_0(data)
    assert back.dtype == np.float32 and back.shape == (16, 128)
    assert np.array_equal(back, gguf.quants.dequantize(data, Q8))
    step = np.abs(x.reshape(-1, 32)).max(axis=1, keepdims=True) / 127
    assert (np.abs(back.reshape(-1, 32) - x.reshape(-1, 32)) <= 0.6 * step).all()


@points(4, "write_gguf(model, path, 'q8_0') quantises with your quantize_q8_0: every Q8_0 tensor "
           "must be byte-identical to what llama.cpp's own quantiser makes from the F32 file.",
        task="q8_0", timeout=60)
def test_q8_0_file_matches_llama_cpp(tmp_path, large, ref_files):
    ours = write_gguf(large, tmp_path / "ours-q8_0.gguf", "q8_0")
    theirs = quantize_gguf(ref_files["f32"], tmp_path / "theirs-q8_0.gguf", "q8_0", 1)
    a = {t.name: t for t in gguf.GGUFReader(ours).tensors}
    b = {t.name: t for t in gguf.GGUFReader(theirs).tensors}
    q8 = [n for n, t in b.items() if t.tensor_type == Q8]
    assert len(q8) == 29, q8
    for name in q8:
        assert a[name].tensor_type == Q8, f"{name} is {a[name].tensor_type.name} in your file"
        assert np.array_equal(a[name].data, b[name].data), f"{name}: bytes differ from llama.cpp's"
