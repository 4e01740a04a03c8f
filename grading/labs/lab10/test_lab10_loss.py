import torch
from lab10_finance_sentiment_embeddings.losses import cosine_similarity_loss
from llmlab_grading import points


@points(10, "cosine_similarity_loss must be the mean of (cos(u, v) - target)^2 over the batch, a "
            "differentiable 0-dim tensor, with no NaN for a zero vector.", task="loss")
def test_cosine_similarity_loss_values():
    u = torch.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, 2.0], [3.0, 4.0]])
    v = torch.tensor([[2.0, 0.0], [-1.0, -1.0], [1.0, 0.0], [4.0, 3.0]])
    target = torch.tensor([1.0, 0.0, 0.0, 1.0])
    cos = torch.tensor([1.0, -1.0, 0.0, 24 / 25])
    loss = cosine_similarity_loss(u, v, target)
    assert loss.dim() == 0
    assert abs(loss.item() - ((cos - target) ** 2).mean().item()) < 1e-6
    g = torch.randn(8, 16, generator=torch.Generator().manual_seed(0), requires_grad=True)
    h = torch.randn(8, 16, generator=torch.Generator().manual_seed(1))
    cosine_similarity_loss(g, h, torch.ones(8)).backward()
    assert g.grad is not None and g.grad.abs().sum() > 0
    zero = cosine_similarity_loss(torch.zeros(1, 4), torch.ones(1, 4), torch.zeros(1))
    assert torch.isfinite(zero) and zero.item() < 1e-6
