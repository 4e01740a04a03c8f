import torch
from lab09_multimodal_product_search.metrics import recall_at_k


def test_recall_at_k():
    scores = torch.tensor([[0.9, 0.1, 0.5], [0.2, 0.8, 0.7]])
    relevant = torch.tensor([[False, False, True], [False, False, True]])
    assert recall_at_k(scores, relevant, 1) == 0.0
    assert recall_at_k(scores, relevant, 2) == 1.0


def test_recall_needs_a_relevant_item():
    try:
        recall_at_k(torch.zeros(1, 3), torch.zeros(1, 3, dtype=torch.bool), 1)
    except ValueError as error:
        assert "relevant" in str(error)
    else:
        raise AssertionError("expected a ValueError")
