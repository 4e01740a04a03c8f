import importlib.util
import re
from pathlib import Path

import pytest
from lab05_legal_bpe import (
    CL100K_SHA256,
    BPETokenizer,
    bytes_per_token,
    load_cl100k,
    load_cl100k_ranks,
)
from lab05_legal_bpe.compare import truncated_cl100k


def test_hash_is_tiktokens_own():
    source = Path(importlib.util.find_spec("tiktoken_ext.openai_public").origin).read_text()
    block = source[source.index("def cl100k_base"):]
    assert re.search(r'expected_hash="([0-9a-f]{64})"', block).group(1) == CL100K_SHA256


def test_cl100k_offline():
    enc = load_cl100k()
    assert enc.n_vocab == 100277
    assert enc.decode(enc.encode("the Agreement")) == "the Agreement"
    assert truncated_cl100k(300).n_vocab == 300


def test_wrong_file_is_refused(tmp_path):
    fake = tmp_path / "cl100k_base.tiktoken"
    fake.write_bytes(b"IQ== 0\n")
    with pytest.raises(ValueError, match="SHA-256"):
        load_cl100k_ranks(fake)


def test_bytes_per_token():
    assert bytes_per_token(BPETokenizer([]).encode, ["ab", "§"]) == 1.0
    assert bytes_per_token(lambda t: [0], ["abcd", "ef"]) == 3.0
