import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from lab17_rope_vs_alibi import Config, compare, evaluate_lengths
from llmlab_grading import points


class Uniform(nn.Module):
    """Equal logits for every token: perplexity is exactly the vocabulary size."""

    def __init__(self, vocab: int) -> None:
        super().__init__()
        self.vocab = vocab
        self.scale = nn.Parameter(torch.zeros(()))

    def forward(self, idx):
        return self.scale * torch.ones(*idx.shape, self.vocab), None


class Bigram(nn.Module):
    """Logits from the current token alone: context length cannot matter."""

    def __init__(self, vocab: int) -> None:
        super().__init__()
        self.table = nn.Embedding(vocab, vocab)

    def forward(self, idx):
        return self.table(idx), None


class PositionOnly(nn.Module):
    """Logits from the position in the window alone: every length scores differently."""

    def __init__(self, vocab: int, longest: int) -> None:
        super().__init__()
        self.table = nn.Parameter(torch.randn(longest, vocab, generator=torch.Generator().manual_seed(5)))
        self.modes: list[bool] = []

    def forward(self, idx):
        self.modes.append(self.training)
        return self.table[: idx.size(1)].expand(idx.size(0), -1, -1), None


def _data(n: int, vocab: int, seed: int) -> torch.Tensor:
    return torch.randint(0, vocab, (n,), generator=torch.Generator().manual_seed(seed))


@points(5, "evaluate_lengths must return {length: exp(mean cross-entropy)}: a model with equal logits "
           "has perplexity exactly vocab_size at every length.", task="evaluation", timeout=30)
def test_uniform_model_has_perplexity_vocab_size():
    result = evaluate_lengths(Uniform(13), _data(500, 13, 0), [8, 16, 32])
    assert list(result) == [8, 16, 32]
    for length, ppl in result.items():
        assert abs(ppl - 13) < 1e-4, f"length {length}: {ppl}"


@points(7, "Every length must score the same targets: n = the largest multiple of max(lengths) that fits "
           "in len(data) - 1 and max_tokens, targets data[1:n+1]. A model that ignores context then "
           "gets the same perplexity at every length.", task="evaluation", timeout=30)
def test_same_targets_at_every_length():
    torch.manual_seed(0)
    model, data = Bigram(7), _data(1000, 7, 1)
    result = evaluate_lengths(model, data, [4, 8, 16, 32], max_tokens=700)
    n = 700 // 32 * 32
    with torch.no_grad():
        expected = math.exp(F.cross_entropy(model.table(data[:n]), data[1 : n + 1]).item())
    for length, ppl in result.items():
        assert abs(ppl - expected) < 1e-4 * expected, f"length {length}: {ppl} vs {expected}"
    full = evaluate_lengths(model, data, [10, 30])
    n = 999 // 30 * 30
    with torch.no_grad():
        expected = math.exp(F.cross_entropy(model.table(data[:n]), data[1 : n + 1]).item())
    assert abs(full[10] - expected) < 1e-4 * expected and abs(full[30] - expected) < 1e-4 * expected


@points(6, "Length L must cut data[:n] into windows data[:n].view(-1, L), each starting at position 0, "
           "and the answer must not depend on batch_size.", task="evaluation", timeout=30)
def test_windows_start_at_position_zero():
    model, data = PositionOnly(5, 24), _data(301, 5, 2)
    n = 300 // 24 * 24
    for batch_size in (1, 3, 64):
        result = evaluate_lengths(model, data, [6, 12, 24], batch_size=batch_size)
        for length in (6, 12, 24):
            with torch.no_grad():
                logits = model.table[:length].repeat(n // length, 1)
            expected = math.exp(F.cross_entropy(logits, data[1 : n + 1]).item())
            assert abs(result[length] - expected) < 1e-4 * expected, (batch_size, length, result[length], expected)
    assert len({round(v, 6) for v in result.values()}) == 3


@points(2, "evaluate_lengths must run the model in eval mode and give it back in the mode it was in.",
        task="evaluation", timeout=30)
def test_eval_mode_restored():
    model = PositionOnly(5, 8)
    model.train()
    evaluate_lengths(model, _data(100, 5, 3), [4, 8])
    assert model.modes and not any(model.modes), "the model was called in training mode"
    assert model.training
    model.eval()
    evaluate_lengths(model, _data(100, 5, 3), [4])
    assert not model.training


@points(5, "compare(config) must train RoPE and ALiBi and report validation perplexities at 1x, 2x and 4x "
           "the training length (well below the vocabulary size at 1x, ALiBi holding up at 4x), "
           "with report.json and perplexity.png.",
        task="evaluation", timeout=120)
def test_compare_rope_and_alibi_at_three_lengths(tmp_path):
    config = Config(schemes="rope,alibi", out=tmp_path, n_stories=150, train_len=16, eval_tokens=2048,
                    steps=200, batch_size=16, n_layer=1, n_head=2, n_embd=32, lr=1e-2, warmup_steps=10)
    report = compare(config)
    assert report["eval_lengths"] == [16, 32, 64]
    saved = json.loads((tmp_path / "report.json").read_text())
    assert (tmp_path / "perplexity.png").stat().st_size > 1000
    for position in ("rope", "alibi"):
        ppl = saved["results"][position]["perplexity"]
        assert sorted(ppl, key=int) == ["16", "32", "64"]
        for length, value in ppl.items():
            assert math.isfinite(value) and value > 1, (position, length, value)
        # about 7 (RoPE) and 8 (ALiBi) at 1x: far below the vocabulary of 50, so context was used
        assert ppl["16"] < 0.25 * report["vocab_size"], f"{position} learned little: {ppl}"
    alibi = saved["results"]["alibi"]["perplexity"]
    assert alibi["64"] < 1.15 * alibi["16"], f"ALiBi should hold up at 4x the training length: {alibi}"
