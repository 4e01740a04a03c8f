import torch
import torch.nn.functional as F
from lab16_mini_gpt.model import GPT, CausalSelfAttention, GPTConfig, causal_mask
from llmlab_grading import points


def _sdpa_reference(attn: CausalSelfAttention, x: torch.Tensor, n_head: int) -> torch.Tensor:
    """The same attention, from the module's own weights, with PyTorch's fused kernel."""
    B, T, C = x.shape
    q, k, v = F.linear(x, attn.c_attn.weight, attn.c_attn.bias).split(C, dim=2)
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return F.linear(y.transpose(1, 2).reshape(B, T, C), attn.c_proj.weight, attn.c_proj.bias)


@points(
    4,
    "causal_mask(t) must be a (t, t) bool tensor, True on and below the diagonal "
    "(query i may look at keys j <= i).",
    task="attention",
)
def test_causal_mask_values():
    for t in (1, 2, 7):
        mask = causal_mask(t)
        assert mask.shape == (t, t) and mask.dtype == torch.bool
        assert torch.equal(mask, torch.tril(torch.ones(t, t)).bool())


@points(
    9,
    "Attention output differs from softmax(QK^T/sqrt(head_size) + causal mask) V computed from "
    "your own c_attn/c_proj weights. Check the q/k/v split order (q, k, v), the per-head reshape "
    "(B, T, C) -> (B, n_head, T, head_size), the 1/sqrt(head_size) scale and the output "
    "projection.",
    task="attention",
)
def test_attention_matches_reference():
    torch.manual_seed(0)
    config = GPTConfig(vocab_size=10, block_size=32, n_layer=1, n_head=4, n_embd=48)
    attn = CausalSelfAttention(config).eval()
    with torch.no_grad():  # larger weights than GPT-2's init: peaked attention, so mistakes show
        for p in attn.parameters():
            p.normal_(0.0, 0.2)
    x = torch.randn(3, 11, 48)
    with torch.no_grad():
        out = attn(x)
        want = _sdpa_reference(attn, x, 4)
    assert out.shape == (3, 11, 48)
    assert torch.allclose(out, want, atol=1e-5, rtol=0), (out - want).abs().max().item()


@points(
    7,
    "Changing future tokens changed the logits of earlier positions: the causal mask must set "
    "scores of keys after the query to -inf before the softmax.",
    task="attention",
)
def test_future_tokens_do_not_change_past_logits():
    torch.manual_seed(1)
    config = GPTConfig(vocab_size=17, block_size=24, n_layer=2, n_head=2, n_embd=32)
    model = GPT(config).eval()
    with torch.no_grad():
        for block in model.transformer.h:
            block.attn.c_attn.weight.normal_(0.0, 0.2)
    idx = torch.randint(17, (2, 20))
    with torch.no_grad():
        base, _ = model(idx)
        for t in (0, 5, 13):
            changed = idx.clone()
            changed[:, t + 1 :] = (
                changed[:, t + 1 :] + 1 + torch.randint(16, changed[:, t + 1 :].shape)
            ) % 17
            logits, _ = model(changed)
            assert torch.allclose(logits[:, : t + 1], base[:, : t + 1], atol=1e-6, rtol=0)
            assert not torch.allclose(logits[:, t + 1 :], base[:, t + 1 :], atol=1e-4)
