import pytest
import torch
from lab16_mini_gpt.data import get_batch, load_text, split_ids


def test_batches_are_shifted_windows():
    data = torch.arange(100)
    x, y = get_batch(data, block_size=8, batch_size=4, generator=torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (4, 8)
    assert torch.equal(y[:, :-1], x[:, 1:]) and torch.equal(y[:, -1], x[:, -1] + 1)


def test_split_is_90_10():
    train, val = split_ids(torch.arange(1000))
    assert len(train) == 900 and len(val) == 100


def test_missing_data_file_is_explained(tmp_path):
    with pytest.raises(FileNotFoundError, match="no text file at .*nope.txt"):
        load_text(tmp_path / "nope.txt")
