from lab07_tokenizer_dashboard.offsets import (
    byte_spans,
    byte_to_char_spans,
    bytes_to_unicode,
    tile_spans,
    unicode_to_bytes,
)
from lab07_tokenizer_dashboard.registry import default_tokenizers
from llmlab_grading import points

TRICKY = "naïve façade — 東京 🙂🙂\n\n  end  <|endoftext|>"


def tiles(text, spans):
    return (spans[0][0] == 0 and spans[-1][1] == len(text)
            and all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
            and all(s <= e for s, e in spans))


@points(8, "bytes_to_unicode must give 256 distinct printable characters: printable Latin-1 "
        "bytes map to themselves, the other 68 to chr(256), chr(257), ... in byte order.",
        task="byte_level", timeout=30)
def test_bytes_to_unicode_alphabet():
    table = bytes_to_unicode()
    assert sorted(table) == list(range(256))
    assert len(set(table.values())) == 256
    assert table[ord("a")] == "a" and table[ord("~")] == "~" and table[0xE9] == "é"
    assert table[0] == chr(256) and table[32] == "Ġ" and table[10] == "Ċ" and table[0xAD] == chr(323)
    assert all(c.isprintable() and not c.isspace() for c in table.values())


@points(7, "unicode_to_bytes must invert the byte-level alphabet ('Ġcat' -> b' cat') and raise "
        "ValueError for a character outside it.", task="byte_level", timeout=30)
def test_unicode_to_bytes_roundtrip():
    table = bytes_to_unicode()
    assert unicode_to_bytes("Ġcat") == b" cat"
    assert unicode_to_bytes("ðŁĻĤ") == "🙂".encode()
    every = bytes(range(256))
    assert unicode_to_bytes("".join(table[b] for b in every)) == every
    assert unicode_to_bytes("") == b""
    try:
        unicode_to_bytes("東")
    except ValueError:
        pass
    else:
        raise AssertionError("unicode_to_bytes('東') should raise ValueError")


@points(5, "byte_spans must lay token byte strings end to end: [b'ab', b'', b'c'] -> "
        "[(0, 2), (2, 2), (2, 3)].", task="offsets", timeout=30)
def test_byte_spans():
    assert byte_spans([b"ab", b"", b"c"]) == [(0, 2), (2, 2), (2, 3)]
    assert byte_spans([]) == []
    assert byte_spans([b"\xf0\x9f", b"\x99\x82", b" x"]) == [(0, 2), (2, 4), (4, 6)]


@points(10, "byte_to_char_spans: a character belongs to the token holding its first byte; a "
        "token holding only continuation bytes gets an empty span; out-of-range spans raise "
        "ValueError.", task="offsets", timeout=30)
def test_byte_to_char_spans_multibyte():
    text = "aé🙂b"  # bytes: a | c3 a9 | f0 9f 99 82 | b
    assert byte_to_char_spans(text, [(0, 1), (1, 2), (2, 3), (3, 5), (5, 7), (7, 8)]) == [
        (0, 1), (1, 2), (2, 2), (2, 3), (3, 3), (3, 4)]
    assert byte_to_char_spans(text, [(0, 8)]) == [(0, 4)]
    assert byte_to_char_spans(text, [(0, 4), (4, 8)]) == [(0, 3), (3, 4)]
    try:
        byte_to_char_spans(text, [(0, 9)])
    except ValueError:
        pass
    else:
        raise AssertionError("a span past the text's 8 bytes should raise ValueError")


@points(5, "tile_spans must fill gaps (a gap joins the next token), clip overlaps, start at 0 "
        "and end at the text's length.", task="offsets", timeout=30)
def test_tile_spans_gaps():
    assert tile_spans(12, [(1, 3), (4, 6), (5, 6), (8, 10)]) == [(0, 3), (3, 6), (6, 6), (6, 12)]
    assert tile_spans(5, [(0, 5)]) == [(0, 5)]
    assert tile_spans(3, []) == []


@points(10, "Every tokenizer's spans must tile the text exactly and give the expected ids "
        "(cl100k_base: [9906, 1917] for 'Hello world').", task="offsets", timeout=60)
def test_every_tokenizer_tiles():
    tokenizers = default_tokenizers()
    assert list(tokenizers) == ["cl100k_base", "lab-bpe", "lab-wordpiece", "lab-sentencepiece"]
    assert tokenizers["cl100k_base"].encode("Hello world").ids == [9906, 1917]
    ids = {name: tok.encode("The brave mouse sang a song.").ids for name, tok in tokenizers.items()}
    assert ids == {"cl100k_base": [791, 34300, 8814, 29340, 264, 5609, 13],
                   "lab-bpe": [51, 257, 264, 325, 388, 287, 425, 283, 77, 70, 258, 438, 13],
                   "lab-wordpiece": [57, 301, 364, 392, 31, 209, 29],
                   "lab-sentencepiece": [441, 326, 349, 286, 451, 272, 373, 261, 368, 259]}
    for name, tok in tokenizers.items():
        found = tok.encode(TRICKY)
        assert len(found.ids) == len(found.spans) == len(found.pieces), name
        assert tiles(TRICKY, found.spans), (name, found.spans)
        assert "".join(TRICKY[s:e] for s, e in found.spans) == TRICKY, name
    cl = tokenizers["cl100k_base"].encode(TRICKY)
    assert len(cl.ids) == 22
    # '東' is split over two cl100k tokens: the second holds only continuation bytes.
    assert cl.ids[6:8] == [61696, 109] and cl.spans[6:8] == [(14, 16), (16, 16)]
