import pytest
import torch
from lab16_mini_gpt.generate import generate
from lab16_mini_gpt.model import GPT, GPTConfig
from lab16_mini_gpt.train import TrainConfig, train
from llmlab.checkpoint import load_checkpoint

cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@pytest.mark.gpu
@cuda
def test_cuda_matches_cpu_and_cache_agrees():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=30, block_size=16, n_layer=2, n_head=2, n_embd=32)).eval()
    idx = torch.randint(30, (2, 12))
    with torch.no_grad():
        want, _ = model(idx)
        got, _ = model.cuda()(idx.cuda())
    assert torch.allclose(got.cpu(), want, atol=1e-4)
    prompt = idx[:, :4].cuda()
    cached = generate(model, prompt, 20, temperature=0.0, use_cache=True)
    assert torch.equal(cached, generate(model, prompt, 20, temperature=0.0, use_cache=False))


@pytest.mark.gpu
@cuda
def test_cuda_resume_is_exact(tmp_path):
    def config(out, **kw):
        return TrainConfig(out=out, n_stories=40, steps=20, batch_size=8, block_size=16,
                           n_layer=2, n_head=2, n_embd=32, dropout=0.1, eval_interval=10,
                           eval_batches=2, checkpoint_interval=5, device="cuda", sample_chars=0,
                           **kw)  # fmt: skip

    train(config(tmp_path / "full"))
    train(config(tmp_path / "resumed", stop_after=7))
    assert train(config(tmp_path / "resumed"))["resumed_from"] == 7
    a = load_checkpoint(tmp_path / "full" / "ckpt.pt")["model"]
    b = load_checkpoint(tmp_path / "resumed" / "ckpt.pt")["model"]
    assert all(torch.equal(a[name], b[name]) for name in a)
