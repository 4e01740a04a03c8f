import math

import torch
import torch.nn.functional as F
from lab16_mini_gpt.model import GPT, Block, GPTConfig
from llmlab_grading import points


@points(
    3,
    "GPT.forward must return (logits of shape (B, T, vocab_size), loss) with loss None when no "
    "targets are given and a 0-dim tensor when they are.",
    task="model",
)
def test_forward_shapes():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=23, block_size=16, n_layer=2, n_head=2, n_embd=32))
    idx = torch.randint(23, (3, 9))
    logits, loss = model(idx)
    assert logits.shape == (3, 9, 23) and logits.dtype == torch.float32
    assert loss is None
    logits, loss = model(idx, torch.randint(23, (3, 9)))
    assert loss is not None and loss.dim() == 0


@points(
    6,
    "The loss must be the mean cross-entropy of the logits against the targets, and at "
    "initialisation it should be close to ln(vocab_size) (nearly uniform predictions). Check "
    "the reshape to (B*T, V) and that you do not apply softmax before F.cross_entropy.",
    task="model",
)
def test_loss_is_cross_entropy_and_near_ln_v_at_init():
    torch.manual_seed(0)
    vocab = 65
    model = GPT(GPTConfig(vocab_size=vocab, block_size=32, n_layer=4, n_head=4, n_embd=128))
    idx = torch.randint(vocab, (8, 32))
    targets = torch.randint(vocab, (8, 32))
    logits, loss = model(idx, targets)
    want = F.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1))
    assert abs(loss.item() - want.item()) < 1e-5
    assert abs(loss.item() - math.log(vocab)) < 0.2, loss.item()


@points(
    4,
    "Block.forward must be pre-LN with residuals: x = x + attn(ln_1(x)), then "
    "x = x + mlp(ln_2(x)).",
    task="model",
)
def test_block_is_pre_ln_residual():
    torch.manual_seed(0)
    block = Block(GPTConfig(vocab_size=5, block_size=16, n_layer=1, n_head=2, n_embd=32)).eval()
    with torch.no_grad():
        for p in block.parameters():
            p.add_(0.1 * torch.randn_like(p))
        x = torch.randn(2, 10, 32)
        h = x + block.attn(block.ln_1(x))
        want = h + block.mlp(block.ln_2(h))
        assert torch.allclose(block(x), want, atol=1e-6, rtol=0)


@points(
    3,
    "GPT.forward must add token (wte) and position (wpe, positions 0..T-1) embeddings, run every "
    "block, apply the final LayerNorm ln_f and then lm_head.",
    task="model",
)
def test_forward_matches_its_modules():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=19, block_size=16, n_layer=2, n_head=2, n_embd=32)).eval()
    with torch.no_grad():
        model.transformer.wpe.weight.normal_(0.0, 0.5)  # make positions matter
        idx = torch.randint(19, (2, 12))
        x = model.transformer.wte(idx) + model.transformer.wpe(torch.arange(12))
        for block in model.transformer.h:
            x = block(x)
        want = model.lm_head(model.transformer.ln_f(x))
        logits, _ = model(idx)
        assert torch.allclose(logits, want, atol=1e-5, rtol=0)


@points(
    4,
    "The model could not overfit one small batch (loss < 0.1 within 200 AdamW steps): gradients "
    "may not reach every parameter, or the loss is computed against the wrong targets.",
    task="model",
)
def test_overfits_one_batch():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=20, block_size=16, n_layer=2, n_head=2, n_embd=32))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.0)
    generator = torch.Generator().manual_seed(0)
    x = torch.randint(20, (4, 16), generator=generator)
    y = torch.randint(20, (4, 16), generator=generator)
    losses = []
    for _ in range(200):
        _, loss = model(x, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if loss.item() < 0.1:
            break
    assert losses[-1] < 0.1, f"loss after {len(losses)} steps: {losses[-1]:.3f}"
