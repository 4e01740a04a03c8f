import torch
import torch.nn.functional as F
from lab40_gptq import (
    QuantConfig,
    QuantLinear,
    gptq_quantize,
    model_size_bytes,
    pack_int4,
    quantize_model,
    quantized_linear_bytes,
)
from llmlab_grading import points


@points(5, "QuantLinear.from_result must pack codes and zeros into int32, store scales in float16 "
           "and g_idx; forward must equal F.linear with the dequantised weight "
           "scales[:, g_idx] * (codes - zeros[:, g_idx]) plus the bias.",
        task="quant-linear", timeout=30)
def test_quant_linear_forward(layer_problem):
    w, x, h = layer_problem(11, out=40, columns=128)
    result = gptq_quantize(w, h, 4, 32, act_order=True)
    linear = torch.nn.Linear(128, 40)
    with torch.no_grad():
        linear.weight.copy_(w)
    layer = QuantLinear.from_result(linear, result)
    assert layer.qweight.dtype == torch.int32 and layer.qweight.shape == (40, 16)
    assert torch.equal(layer.qweight, pack_int4(result.codes))
    assert layer.scales.dtype == torch.float16 and layer.scales.shape == (40, 4)
    g = result.g_idx.long()
    want = result.scales.half().float()[:, g] * (result.codes.float() - result.zeros[:, g].float())
    assert torch.allclose(layer.dequantized_weight(), want, atol=1e-6)
    out = layer(x[:10])
    assert torch.allclose(out, F.linear(x[:10], want, linear.bias), atol=1e-4)


@points(5, "A 4-bit QuantLinear must store about 4x fewer bytes than the fp16 weight it replaces "
           "(storage_bytes counts packed codes, zeros, scales, g_idx and bias).",
        task="quant-linear", timeout=60)
def test_quant_linear_size(layer_problem, make_llama):
    w, _, h = layer_problem(12, out=256, columns=256)
    linear = torch.nn.Linear(256, 256, bias=False)
    layer = QuantLinear.from_result(linear, gptq_quantize(w, h, 4, 128))
    # codes 256*32*4 + zeros 256*1*4 + scales 256*2*2 + g_idx 256*4
    assert layer.storage_bytes() == 32768 + 1024 + 1024 + 1024
    assert 3.5 < 2 * 256 * 256 / layer.storage_bytes() < 4.0
    model = make_llama(12, hidden=128, intermediate=256, layers=1)
    before = model_size_bytes(model, float_bytes=2)
    g = torch.Generator().manual_seed(12)
    quantize_model(model, [torch.randint(0, 64, (2, 16), generator=g)], QuantConfig("rtn"))
    fp16, quantized = quantized_linear_bytes(model)
    assert 3.3 < fp16 / quantized < 4.0
    assert model_size_bytes(model, float_bytes=2) < before - 0.7 * fp16
