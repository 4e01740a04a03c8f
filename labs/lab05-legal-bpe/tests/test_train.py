from collections import Counter

from lab05_legal_bpe import (
    BPETokenizer,
    chunk_counts,
    count_pairs,
    merge,
    train_incremental,
    train_naive,
)
from llmlab.corpora.legal import legal_documents


def test_count_pairs_overlap_and_weights():
    assert count_pairs({(97, 97, 97): 2}) == Counter({(97, 97): 4})
    assert count_pairs({(1, 2, 3): 1, (2, 3): 5}) == Counter({(1, 2): 1, (2, 3): 6})


def test_merge_left_to_right():
    assert merge([97, 97, 97], (97, 97), 256) == [256, 97]
    assert merge([1, 2, 1, 2, 3], (1, 2), 9) == [9, 9, 3]
    assert merge([], (1, 2), 9) == []


def test_toy_merges_with_tie_breaking():
    # aa (4) -> 256; then (97, 98) and (256, 97) both occur twice: the smaller pair wins
    expected = [(97, 97), (97, 98), (256, 257), (97, 99)]
    chunks = chunk_counts("aaabdaaabac")
    assert train_naive(chunks, 4) == expected
    assert train_incremental(chunks, 4) == expected
    assert BPETokenizer.train("aaabdaaabac", 256 + 3).merges == expected[:3]


def test_training_stops_when_pairs_run_out():
    chunks = Counter({b"cd": 3, b"ab": 3})
    assert train_naive(chunks, 10) == [(97, 98), (99, 100)]
    assert train_incremental(chunks, 10) == [(97, 98), (99, 100)]


def test_naive_and_incremental_agree_on_legal_text():
    chunks = chunk_counts(legal_documents(20, seed=3))
    naive = train_naive(chunks, 200)
    assert len(naive) == 200
    assert train_incremental(chunks, 200) == naive
