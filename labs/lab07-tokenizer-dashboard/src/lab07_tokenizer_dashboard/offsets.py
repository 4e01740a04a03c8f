"""Character offsets that tile the text exactly, whatever the tokenizer.

Tokenizers disagree about what a token "covers": tiktoken and byte-level BPE tokens are bytes,
and one token may hold half of a multi-byte character; WordPiece skips whitespace; SentencePiece
reports byte offsets into the UTF-8 input. The dashboard needs one answer for all of them: a
list of ``(start, end)`` character spans, one per token, such that

    spans[0][0] == 0,  spans[i][1] == spans[i + 1][0],  spans[-1][1] == len(text)

so that ``"".join(text[s:e] for s, e in spans) == text``. A token that holds only the
continuation bytes of a character gets an empty span ``(k, k)``.
"""

from __future__ import annotations

import bisect
from functools import cache

Span = tuple[int, int]


@cache
def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's byte-level alphabet: each byte 0..255 mapped to one printable character.

    Bytes that are printable Latin-1 characters map to themselves (``ord("a") -> "a"``); the
    other 68 (control characters, space, ...) map, in increasing byte order, to
    ``chr(256), chr(257), ...``, so a space (byte 32) becomes ``"Ġ"`` (``chr(288)``).
    Hugging Face byte-level BPE vocabularies (GPT-2, Llama 3, this lab's BPE) store tokens
    in this alphabet.
    """
    # BEGIN SOLUTION
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1),
                 *range(ord("®"), ord("ÿ") + 1)]
    mapping = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in mapping:
            mapping[b] = chr(256 + extra)
            extra += 1
    return dict(sorted(mapping.items()))
    # END SOLUTION


def unicode_to_bytes(piece: str) -> bytes:
    """The raw bytes of a byte-level token string, e.g. ``"Ġcat" -> b" cat"``.

    Raises ValueError naming the character when ``piece`` holds one outside the alphabet of
    :func:`bytes_to_unicode` (such a token is not byte-level).
    """
    # BEGIN SOLUTION
    inverse = {c: b for b, c in bytes_to_unicode().items()}
    try:
        return bytes(inverse[c] for c in piece)
    except KeyError as exc:
        raise ValueError(f"{piece!r} holds {exc.args[0]!r}, which is not in GPT-2's byte-level "
                         "alphabet: is this tokenizer byte-level?") from None
    # END SOLUTION


def byte_spans(token_bytes: list[bytes]) -> list[Span]:
    """Consecutive ``(start, end)`` byte spans of tokens laid end to end.

    ``byte_spans([b"ab", b"", b"c"]) == [(0, 2), (2, 2), (2, 3)]``.
    """
    # BEGIN SOLUTION
    spans, start = [], 0
    for token in token_bytes:
        spans.append((start, start + len(token)))
        start += len(token)
    return spans
    # END SOLUTION


def byte_to_char_spans(text: str, spans: list[Span]) -> list[Span]:
    """Map byte spans (offsets into ``text.encode("utf-8")``) to character spans.

    A character belongs to the token that holds its FIRST byte, so a byte offset ``b`` maps to
    the number of characters that start before it (a ``b`` inside a character rounds up to the
    next character). Byte spans that tile the UTF-8 bytes therefore give character spans that
    tile ``text``. Raises ValueError when a span lies outside the encoded text.
    """
    # BEGIN SOLUTION
    starts, position = [], 0
    for char in text:
        starts.append(position)
        position += len(char.encode("utf-8"))
    for begin, end in spans:
        if not 0 <= begin <= end <= position:
            raise ValueError(f"byte span {(begin, end)} is outside the text's {position} bytes")
    return [(bisect.bisect_left(starts, b), bisect.bisect_left(starts, e)) for b, e in spans]
    # END SOLUTION


def tile_spans(length: int, spans: list[Span]) -> list[Span]:
    """Stretch character spans so they tile ``range(length)`` exactly.

    Tokenizers such as WordPiece leave gaps (skipped whitespace) and byte-level ones may report
    overlapping spans. Each token keeps its end, clipped to be at least the previous token's
    end; the gap before a token joins that token (like GPT-2's leading space); the first span
    starts at 0 and the last ends at ``length``. No spans give ``[]``.
    """
    # BEGIN SOLUTION
    tiled, previous = [], 0
    for _, end in spans:
        end = min(max(end, previous), length)
        tiled.append((previous, end))
        previous = end
    if tiled:
        tiled[-1] = (tiled[-1][0], length)
    return tiled
    # END SOLUTION


def check_tiling(text: str, spans: list[Span]) -> None:
    """Raise ValueError saying what is wrong unless ``spans`` tile ``text`` exactly."""
    if not spans:
        if text.strip():
            raise ValueError("no spans, but the text is not blank")
        return
    if spans[0][0] != 0 or spans[-1][1] != len(text):
        raise ValueError(f"spans run from {spans[0][0]} to {spans[-1][1]}, not 0 to {len(text)}")
    for i, ((_, end), (start, _)) in enumerate(zip(spans, spans[1:], strict=False)):
        if end != start:
            raise ValueError(f"span {i} ends at {end} but span {i + 1} starts at {start}")
    if any(s > e for s, e in spans):
        raise ValueError("a span ends before it starts")
