"""Coloured token spans: the text, with each token on its own background colour."""

from __future__ import annotations

import html

from lab07_tokenizer_dashboard.offsets import Span

# Six pastel colours: a character has at most 4 UTF-8 bytes, so at most 3 empty spans sit
# between two visible tokens, and neighbours on screen never share a colour.
PALETTE = ("#fde68a", "#bfdbfe", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa")
WRAPPER_STYLE = "white-space: pre-wrap; font-family: monospace; line-height: 1.8"


def spans_html(text: str, spans: list[Span], ids: list[int]) -> str:
    """HTML showing ``text`` cut into tokens.

    Returns ``<div class="tokens" style="{WRAPPER_STYLE}">`` followed by, for every token ``i``
    with a non-empty span, ``<span class="tok" style="background-color:{PALETTE[i % 6]}"
    title="{ids[i]}">{html-escaped text[start:end]}</span>``, then ``</div>``. Tokens with empty
    spans are not drawn. Raises ValueError when ``spans`` and ``ids`` differ in length.
    """
    # BEGIN SOLUTION
    if len(spans) != len(ids):
        raise ValueError(f"{len(spans)} spans but {len(ids)} ids: one span per token is needed")
    parts = [f'<div class="tokens" style="{WRAPPER_STYLE}">']
    for i, ((start, end), token_id) in enumerate(zip(spans, ids, strict=True)):
        if start == end:
            continue
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<span class="tok" style="background-color:{colour}" title="{token_id}">'
                     f"{html.escape(text[start:end])}</span>")
    parts.append("</div>")
    return "".join(parts)
    # END SOLUTION
