import torch
from lab40_gptq import HessianAccumulator, capture_hessians
from llmlab_grading import points


@points(7, "HessianAccumulator.add must keep H = 2 / n * X^T X over every row seen, whatever the "
           "batch sizes and leading dimensions, and count the rows in .n.",
        task="hessian", timeout=30)
def test_accumulator_uneven_batches():
    g = torch.Generator().manual_seed(2)
    x = torch.randn(300, 24, generator=g) + torch.linspace(-1, 1, 24)
    acc = HessianAccumulator(24)
    acc.add(x[:7])
    acc.add(x[7:107].reshape(4, 25, 24))
    acc.add(x[107:].reshape(193, 1, 24))
    want = 2 * x.T @ x / 300
    assert acc.n == 300
    assert acc.hessian.dtype == torch.float32
    assert torch.allclose(acc.hessian, want, rtol=1e-4, atol=1e-4)


@points(8, "capture_hessians must hook each named linear layer, accumulate 2 X^T X / n from the "
           "inputs it receives over all batches, and remove its hooks afterwards.",
        task="hessian", timeout=60)
def test_capture_hessians_matches_layer_inputs(make_llama):
    model = make_llama(3)
    g = torch.Generator().manual_seed(3)
    batches = [torch.randint(0, 64, (2, 12), generator=g) for _ in range(3)]
    names = ["model.layers.0.self_attn.q_proj", "model.layers.1.mlp.down_proj"]
    hessians = capture_hessians(model, names, batches)
    assert set(hessians) == set(names)
    ids = torch.cat(batches)
    with torch.no_grad():
        layer = model.model.layers[0]
        x = layer.input_layernorm(model.model.embed_tokens(ids)).reshape(-1, 64)
    want = 2 * x.T @ x / x.shape[0]
    assert torch.allclose(hessians[names[0]], want, rtol=1e-3, atol=1e-4)
    assert hessians[names[1]].shape == (128, 128)
    assert torch.allclose(hessians[names[1]], hessians[names[1]].T, atol=1e-5)
    for name in names:
        assert len(model.get_submodule(name)._forward_hooks) == 0, "hooks left on the model"
