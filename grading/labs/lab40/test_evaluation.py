import math

import torch
import torch.nn.functional as F
from lab40_gptq import output_error, perplexity
from llmlab_grading import points


@points(5, "perplexity must be exp of the mean next-token cross-entropy over consecutive windows "
           "of seq_len tokens (the last one shorter; a 1-token window is dropped), averaged over "
           "every prediction.", task="evaluation", timeout=60)
def test_perplexity_matches_hand_computation(make_llama):
    model = make_llama(13)
    g = torch.Generator().manual_seed(13)
    ids = torch.randint(0, 64, (50,), generator=g)
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, 50, 16):
            window = ids[start:start + 16]
            if window.numel() < 2:
                continue
            logits = model(window.unsqueeze(0)).logits[0]
            total += F.cross_entropy(logits[:-1], window[1:], reduction="sum").item()
            count += window.numel() - 1
    want = math.exp(total / count)
    assert count == 46
    assert abs(perplexity(model, ids, seq_len=16, batch_size=2) - want) < 1e-3 * want
    assert abs(perplexity(model, ids[:49], seq_len=16, batch_size=8) -
               perplexity(model, ids[:48], seq_len=16, batch_size=1)) < 1e-3 * want


@points(5, "output_error(weight, quantized, H) must be tr(dW H dW^T) / tr(W H W^T), i.e. "
           "||X dW^T||^2 / ||X W^T||^2 for H = 2 X^T X / n.", task="evaluation", timeout=30)
def test_output_error_is_relative_output_change(layer_problem):
    w, x, h = layer_problem(14, columns=64, n=512)
    g = torch.Generator().manual_seed(14)
    noisy = w + 0.05 * torch.randn(w.shape, generator=g)
    want = ((x @ (w - noisy).T).pow(2).sum() / (x @ w.T).pow(2).sum()).item()
    got = output_error(w, noisy, h)
    assert isinstance(got, float)
    assert abs(got - want) < 1e-3 * want
    assert output_error(w, w, h) == 0.0
