import torch
from lab10_finance_sentiment_embeddings.losses import cosine_similarity_loss
from lab10_finance_sentiment_embeddings.pairs import sample_pairs


def test_pairs_balanced():
    labels = [0, 0, 1, 1, 2, 2, 2]
    pairs = sample_pairs(labels, 2, seed=0)
    assert len(pairs) == 2 * 7 * 2
    assert sum(t for _, _, t in pairs) == 14
    assert all((labels[i] == labels[j]) == (t == 1.0) and i != j for i, j, t in pairs)


def test_cosine_similarity_loss():
    u = torch.tensor([[1.0, 0.0], [1.0, 1.0]])
    v = torch.tensor([[2.0, 0.0], [-1.0, -1.0]])
    # cosines 1 and -1 against targets 1 and 0: errors 0 and 1
    assert abs(cosine_similarity_loss(u, v, torch.tensor([1.0, 0.0])).item() - 0.5) < 1e-6
