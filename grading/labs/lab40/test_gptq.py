import torch
from lab40_gptq import (
    QuantConfig,
    QuantLinear,
    gptq_quantize,
    inverse_hessian_cholesky,
    output_error,
    perplexity,
    quantize_model,
    rtn_quantize,
)
from llmlab_grading import points


def _consistent(result) -> bool:
    """The dequantised weight is what the codes, scales, zeros and g_idx say it is."""
    g = result.g_idx.long()
    rebuilt = result.scales[:, g] * (result.codes.float() - result.zeros[:, g].float())
    return torch.allclose(rebuilt, result.weight, atol=1e-5)


@points(5, "inverse_hessian_cholesky(H, damp) must return the upper-triangular U with "
           "U^T U = (H + damp * mean(diag H) * I)^-1.", task="gptq", timeout=30)
def test_inverse_hessian_cholesky(layer_problem):
    _, _, h = layer_problem(4, columns=64)
    u = inverse_hessian_cholesky(h, 0.05)
    assert u.shape == (64, 64) and u.dtype == torch.float32
    assert torch.equal(u, u.triu())
    damped = h.double() + 0.05 * h.diag().mean().double() * torch.eye(64, dtype=torch.float64)
    want = torch.linalg.inv(damped)
    assert torch.allclose((u.double().T @ u.double()), want, rtol=1e-3, atol=1e-5 * want.abs().max())


@points(7, "On correlated activations GPTQ's compensated rounding must cut the layer output "
           "error well below round-to-nearest's (here by more than 25%), per row and with groups.",
        task="gptq", timeout=60)
def test_gptq_beats_rtn_on_output_error(layer_problem):
    w, _, h = layer_problem(5)
    for group in (None, 64):
        rtn = rtn_quantize(w, 4, group)
        gptq = gptq_quantize(w, h, 4, group)
        assert gptq.codes.dtype == torch.uint8 and int(gptq.codes.max()) <= 15
        assert _consistent(gptq)
        assert output_error(w, gptq.weight, h) < 0.75 * output_error(w, rtn.weight, h), group
    three = gptq_quantize(w, h, 3, 64)
    assert int(three.codes.max()) <= 7
    assert output_error(w, three.weight, h) < 0.75 * output_error(w, rtn_quantize(w, 3, 64).weight, h)


@points(3, "With an identity Hessian there is nothing to compensate: GPTQ must give exactly the "
           "round-to-nearest codes; an input that never fires (H[j, j] = 0) must not produce NaNs.",
        task="gptq", timeout=30)
def test_gptq_identity_is_rtn(layer_problem):
    w, _, h = layer_problem(6, columns=96)
    eye = torch.eye(96)
    assert torch.equal(gptq_quantize(w, eye, 4, 32).codes, rtn_quantize(w, 4, 32).codes)
    h = h.clone()
    h[10, :] = 0
    h[:, 10] = 0
    result = gptq_quantize(w, h, 4, 32)
    assert torch.isfinite(result.weight).all()
    assert torch.allclose(result.weight[:, 10], torch.zeros(48), atol=1e-6)


@points(5, "gptq_quantize with groups: scales/zeros of shape (out, n_groups), g_idx = column // "
            "group_size without act-order, and smaller groups must give smaller output error.",
        task="gptq", timeout=60)
def test_gptq_group_size(layer_problem):
    w, _, h = layer_problem(7)
    errors = {}
    for group in (32, 128, None):
        result = gptq_quantize(w, h, 4, group, block_size=64)
        n_groups = 1 if group is None else 256 // group
        assert result.scales.shape == (48, n_groups) and result.zeros.shape == (48, n_groups)
        assert torch.equal(result.g_idx.long(), torch.arange(256) // (group or 256))
        assert _consistent(result)
        errors[group] = output_error(w, result.weight, h)
    assert errors[32] < errors[128] < errors[None]


@points(5, "With act_order, columns must be processed by decreasing diag(H): groups are "
           "consecutive in that order (g_idx maps each column to its group), and on these "
           "activations the output error must drop below plain GPTQ's.", task="gptq", timeout=60)
def test_gptq_act_order(layer_problem):
    w, _, h = layer_problem(8)
    plain = gptq_quantize(w, h, 4, 32)
    ordered = gptq_quantize(w, h, 4, 32, act_order=True)
    assert _consistent(ordered)
    order = torch.argsort(h.diag(), descending=True)
    assert torch.equal(ordered.g_idx.long()[order], torch.arange(256) // 32)
    assert output_error(w, ordered.weight, h) < output_error(w, plain.weight, h)


@points(5, "quantize_model (given) runs your hooks, GPTQ and QuantLinear on a whole Llama: every "
           "decoder linear becomes a QuantLinear, every layer's GPTQ error is below its RTN error, "
           "and the model's perplexity barely moves.", task="gptq", timeout=90)
def test_quantize_model_end_to_end(make_llama):
    model = make_llama(9)
    g = torch.Generator().manual_seed(9)
    batches = [torch.randint(0, 64, (4, 32), generator=g) for _ in range(4)]
    held_out = torch.randint(0, 64, (300,), generator=g)
    before = perplexity(model, held_out, 32)
    rows = quantize_model(model, batches, QuantConfig("gptq", group_size=32))
    after = perplexity(model, held_out, 32)
    assert len(rows) == 14
    assert sum(isinstance(m, QuantLinear) for m in model.modules()) == 14
    assert all(r["error"] < 0.9 * r["rtn_error"] for r in rows)
    assert abs(after - before) / before < 0.02
