"""Hidden tests, task special-tokens: split_special and encode(allowed_special=...)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lab05_legal_bpe import ENDOFTEXT, BPETokenizer, split_special
from llmlab_grading import points

FIM = "<|fim_prefix|>"


def make() -> BPETokenizer:
    return BPETokenizer([(97, 97), (97, 98), (256, 257), (32, 116)], {ENDOFTEXT: 300, FIM: 301})


@points(5, "split_special must cut the text around every special token and keep the tokens as "
           "items, drop empty pieces, prefer the longer token where two match at one place, and "
           "return [text] when there are no special tokens.", task="special-tokens", timeout=60)
def test_split_special():
    assert split_special(f"a{ENDOFTEXT}b", [ENDOFTEXT]) == ["a", ENDOFTEXT, "b"]
    assert split_special(f"{ENDOFTEXT}{ENDOFTEXT}x{ENDOFTEXT}", [ENDOFTEXT]) == [
        ENDOFTEXT, ENDOFTEXT, "x", ENDOFTEXT]
    assert split_special("no specials here", [ENDOFTEXT]) == ["no specials here"]
    assert split_special("plain", []) == ["plain"]
    assert split_special("", [ENDOFTEXT]) == []
    assert split_special("x<|end|>y<|endoftext|>", ["<|end|>", ENDOFTEXT]) == [
        "x", "<|end|>", "y", ENDOFTEXT]
    assert split_special("a.b|c", ["a.b", "|"]) == ["a.b", "|", "c"]  # no regex injection


@points(4, "An allowed special token must become exactly its one id, never split, at the right "
           "place, and decode back to its string; allowed_special='all', a set or one string.",
        task="special-tokens", timeout=60)
def test_allowed_special_is_one_id():
    tok = make()
    text = f"aaab{ENDOFTEXT} ab{FIM}"
    assert tok.encode(text, allowed_special="all") == [258, 300, 32, 257, 301]
    assert tok.encode(text, allowed_special={ENDOFTEXT}) == [258, 300] + tok.encode_ordinary(f" ab{FIM}")
    assert tok.encode(text, allowed_special=ENDOFTEXT) == [258, 300] + tok.encode_ordinary(f" ab{FIM}")
    assert tok.decode([258, 300, 32, 257, 301]) == text
    assert tok.encode(ENDOFTEXT * 3, allowed_special="all") == [300, 300, 300]


@points(4, "Ordinary text must never produce a special id: by default (allowed_special='none') and "
           "in encode_ordinary a special string is plain text; an unregistered allowed token raises "
           "ValueError; training never merges into a special token.",
        task="special-tokens", timeout=60)
def test_specials_never_from_ordinary_text():
    tok = make()
    text = f"aaab{ENDOFTEXT}"
    for ids in (tok.encode(text), tok.encode(text, allowed_special="none"), tok.encode_ordinary(text)):
        assert 300 not in ids and 301 not in ids
        assert tok.decode(ids) == text
        assert len(ids) > 2
    with pytest.raises(ValueError):
        tok.encode(text, allowed_special={"<|unknown|>"})
    trained = BPETokenizer.train(f"ab{ENDOFTEXT}ab{ENDOFTEXT}ab", 300, special_tokens=[ENDOFTEXT])
    assert trained.merges == [(97, 98)]
    assert trained.special_tokens == {ENDOFTEXT: 257}
    assert trained.encode(f"ab{ENDOFTEXT}ab", allowed_special="all") == [256, 257, 256]


@points(2, "decode(encode(s, allowed_special='all')) must equal s for any text mixing special "
           "tokens and arbitrary Unicode.", task="special-tokens", timeout=60)
@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.text(max_size=8), st.sampled_from([ENDOFTEXT, FIM])), max_size=8))
def test_round_trip_with_specials(parts):
    tok = make()
    text = "".join(parts)
    ids = tok.encode(text, allowed_special="all")
    assert tok.decode(ids) == text
    assert ids.count(300) == text.count(ENDOFTEXT)
