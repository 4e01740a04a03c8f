from lab07_tokenizer_dashboard.offsets import check_tiling
from lab07_tokenizer_dashboard.registry import default_tokenizers

TEXT = "Once upon a time, a tiny bird named Zoë found a café by the lake 🙂."


def test_offline_tokenizers_tile_the_text():
    tokenizers = default_tokenizers()
    for name, tok in tokenizers.items():
        found = tok.encode(TEXT)
        check_tiling(TEXT, found.spans)
        assert len(found.ids) == len(found.spans), name


def test_counts_on_the_example():
    counts = {name: len(tok.encode(TEXT).ids) for name, tok in default_tokenizers().items()}
    assert counts == {"cl100k_base": 19, "lab-bpe": 40, "lab-wordpiece": 25,
                      "lab-sentencepiece": 42}


def test_cl100k_ids():
    assert default_tokenizers()["cl100k_base"].encode("Hello world").ids == [9906, 1917]
