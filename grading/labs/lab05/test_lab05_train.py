"""Hidden tests, task train: count_pairs, merge, train_naive, train_incremental."""

from collections import Counter

from lab05_legal_bpe import (
    BPETokenizer,
    bytes_per_token,
    chunk_counts,
    count_pairs,
    merge,
    train_incremental,
    train_naive,
    truncated_cl100k,
)
from llmlab.corpora.legal import legal_documents, legal_split
from llmlab_grading import points


@points(4, "count_pairs must count overlapping adjacent pairs weighted by chunk frequency, and "
           "merge must replace non-overlapping occurrences left to right.", task="train", timeout=60)
def test_count_pairs_and_merge():
    assert count_pairs({(97, 97, 97, 97): 3, (97, 98): 1}) == Counter({(97, 97): 9, (97, 98): 1})
    assert count_pairs({(5,): 7}) == Counter()
    assert merge([97, 97, 97, 97, 97], (97, 97), 256) == [256, 256, 97]
    assert merge([1, 2, 3, 1, 2], (1, 2), 300) == [300, 3, 300]
    assert merge([2, 1], (1, 2), 300) == [2, 1]


@points(8, "Merges on the toy corpus 'aaabdaaabac' differ from the hand-computed ones: highest count "
           "first, ties to the smallest pair as a tuple of ids, merge k creates id 256 + k.",
        task="train", timeout=60)
def test_toy_merges_hand_computed():
    expected = [(97, 97), (97, 98), (256, 257), (97, 99), (100, 258)]
    chunks = chunk_counts("aaabdaaabac")
    assert train_naive(chunks, 5) == expected
    assert train_incremental(chunks, 5) == expected
    assert BPETokenizer.train("aaabdaaabac", 256 + 5).merges == expected


@points(6, "Tie-breaking or early stopping is wrong: with equal counts the pair that is smaller as "
           "a tuple (first id, then second) wins, counts are summed over chunks by frequency, and "
           "training stops when no pair is left.", task="train", timeout=60)
def test_ties_frequencies_and_stopping():
    for train in (train_naive, train_incremental):
        assert train(Counter({b"xy": 2, b"yx": 2, b"xyx": 1}), 10) == [
            (120, 121), (121, 120), (256, 120)]
        assert train(Counter({bytes([100, 50]): 2, bytes([99, 200]): 2}), 1) == [(99, 200)]
        assert train(chunk_counts("ab ab ab abc"), 10) == [(97, 98), (32, 256), (257, 99)]
        assert train(Counter({b"a": 5}), 3) == []


@points(6, "train_naive and train_incremental must give IDENTICAL merges on legal text (500 merges "
           "on 50 documents).", task="train", timeout=90)
def test_naive_equals_incremental_on_legal_text():
    chunks = chunk_counts(legal_documents(50, seed=4))
    naive = train_naive(chunks, 500)
    assert len(naive) == 500
    assert train_incremental(chunks, 500) == naive


@points(3, "train_incremental should re-merge only the chunks that contain the chosen pair: for "
           "400 merges on 300 legal documents it must call merge() at least 4x less often than "
           "train_naive, which re-merges every chunk after every merge.",
        task="train", timeout=120)
def test_incremental_touches_only_affected_chunks(monkeypatch):
    import lab05_legal_bpe.train as train

    calls = {"n": 0}
    real_merge = train.merge

    def counting_merge(*args, **kwargs):
        calls["n"] += 1
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(train, "merge", counting_merge)
    chunks = chunk_counts(legal_documents(300, seed=2))
    fast = train_incremental(chunks, 400)
    fast_calls, calls["n"] = calls["n"], 0
    slow = train_naive(chunks, 400)
    assert fast == slow
    assert 4 * fast_calls < calls["n"], f"incremental merged {fast_calls} chunks, naive {calls['n']}"


@points(3, "Trained on legal text at vocabulary 512, the tokenizer should compress held-out legal "
           "text better than cl100k truncated to its first 512 ranks (bytes per token).",
        task="train", timeout=90)
def test_beats_cl100k_at_equal_vocab():
    train, held_out = legal_split(200, seed=5)
    tok = BPETokenizer.train("\n\n".join(train), 512)
    assert tok.vocab_size == 512
    ours = bytes_per_token(tok.encode_ordinary, held_out)
    general = bytes_per_token(truncated_cl100k(512).encode_ordinary, held_out)
    assert ours > 1.1 * general, (ours, general)
