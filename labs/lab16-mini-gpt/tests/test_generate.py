import torch
from lab16_mini_gpt.generate import generate
from lab16_mini_gpt.model import GPT, GPTConfig


def test_generate_shape_keeps_prompt_and_cache_agrees():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=25, block_size=32, n_layer=2, n_head=2, n_embd=32))
    prompt = torch.randint(25, (2, 5))
    out = generate(model, prompt, 10, temperature=0.0)
    assert out.shape == (2, 15) and torch.equal(out[:, :5], prompt)
    assert torch.equal(out, generate(model, prompt, 10, temperature=0.0, use_cache=False))
