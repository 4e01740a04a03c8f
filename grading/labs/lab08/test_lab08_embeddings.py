import numpy as np
from lab08_arxiv_semantic_search.encoder import Encoder
from llmlab_grading import points

TEXTS = ["removing background noise from recordings", "predicting missing edges between entities",
         "picking up objects with a robot hand"]


@points(5, "Encoder.encode must return float32 (n, dim) rows of unit norm, in the order of the "
        "input texts, equal to the normalised embed_batch output.", task="embeddings", timeout=180)
def test_encode_unit_rows_in_order(encoder):
    vectors = encoder.encode(TEXTS)
    assert vectors.shape == (3, encoder.dim) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    raw = encoder.embed_batch(TEXTS)
    np.testing.assert_allclose(vectors, raw / np.linalg.norm(raw, axis=1, keepdims=True), atol=1e-5)
    np.testing.assert_allclose(encoder.encode(TEXTS[::-1]), vectors[::-1], atol=1e-6)
    assert encoder.encode([]).shape == (0, encoder.dim)


@points(5, "Encoder.encode must run each distinct text through the model once: repeated texts in "
        "one call and texts seen in earlier calls come from the cache (n_encoded counts only "
        "model runs).", task="embeddings", timeout=180)
def test_encode_runs_each_text_once(encoder):
    start = encoder.n_encoded
    fresh = [f"a fresh sentence about topic number {i}" for i in range(4)]
    first = encoder.encode(fresh + fresh[:2])
    assert encoder.n_encoded - start == 4
    np.testing.assert_array_equal(first[4:], first[:2])
    again = encoder.encode(fresh[::-1])
    assert encoder.n_encoded - start == 4
    np.testing.assert_array_equal(again, first[:4][::-1])


@points(5, "With cache_dir the embeddings must persist: a new Encoder on the same folder embeds "
        "nothing again for texts already cached and returns the same vectors.", task="embeddings", timeout=180)
def test_cache_persists_between_encoders(tmp_path):
    first = Encoder(cache_dir=tmp_path / "cache")
    vectors = first.encode(TEXTS)
    assert first.n_encoded == 3
    second = Encoder(cache_dir=tmp_path / "cache")
    np.testing.assert_allclose(second.encode(TEXTS), vectors, atol=1e-6)
    assert second.n_encoded == 0
    second.encode(TEXTS + ["one new text"])
    assert second.n_encoded == 1
