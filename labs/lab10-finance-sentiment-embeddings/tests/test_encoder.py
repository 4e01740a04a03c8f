import torch
from lab10_finance_sentiment_embeddings.encoder import embed_batch, load_encoder
from lab10_finance_sentiment_embeddings.training import train_step


def test_embed_batch_shape_and_grad():
    model = load_encoder()
    emb = embed_batch(model, ["Acme Robotics misses Q3 estimates", "Orion Telecom moves to Austin"])
    assert emb.shape == (2, 128) and emb.requires_grad


def test_train_step_lowers_loss():
    torch.manual_seed(0)
    model = load_encoder()
    model.eval()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    a, b = ["Acme Robotics misses Q3 estimates"], ["Acme Robotics beats Q3 estimates"]
    losses = [train_step(model, optimizer, a, b, torch.zeros(1)) for _ in range(5)]
    assert losses[-1] < losses[0]
