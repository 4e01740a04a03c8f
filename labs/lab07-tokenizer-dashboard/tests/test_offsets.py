from lab07_tokenizer_dashboard.offsets import (
    byte_spans,
    byte_to_char_spans,
    bytes_to_unicode,
    check_tiling,
    tile_spans,
    unicode_to_bytes,
)


def test_bytes_to_unicode_keeps_printable_bytes():
    table = bytes_to_unicode()
    assert len(table) == 256 and len(set(table.values())) == 256
    assert table[ord("A")] == "A" and table[32] == "Ġ" and table[10] == "Ċ"


def test_unicode_to_bytes():
    assert unicode_to_bytes("Ġthe") == b" the"
    assert unicode_to_bytes("Ã©") == "é".encode()


def test_byte_spans():
    assert byte_spans([b"Zo", b"\xc3", b"\xa9"]) == [(0, 2), (2, 3), (3, 4)]


def test_byte_to_char_spans_gives_split_character_to_first_byte():
    # "Zoë": the ë (2 bytes) is split over two tokens; the first one gets it.
    assert byte_to_char_spans("Zoë", [(0, 2), (2, 3), (3, 4)]) == [(0, 2), (2, 3), (3, 3)]


def test_tile_spans_fills_whitespace():
    # WordPiece skips the spaces of "a  bc": its spans (0,1), (3,4), (4,5).
    spans = tile_spans(5, [(0, 1), (3, 4), (4, 5)])
    assert spans == [(0, 1), (1, 4), (4, 5)]
    check_tiling("a  bc", spans)
