"""The text to train on and the held-out text to score.

By default the text is the course's generated stories (offline, the same for the same seed);
``--data PATH`` trains on any UTF-8 text file instead.
"""

from __future__ import annotations

from pathlib import Path

from llmlab.corpora import stories_text
from llmlab.textfile import read_text_file


def load_text(data: str | Path | None = None, n_stories: int = 2000, seed: int = 0) -> str:
    """The text at ``data``, or ``n_stories`` course stories generated from ``seed``."""
    if data is not None:
        return read_text_file(data)
    if n_stories < 1:
        raise ValueError(f"n_stories must be >= 1, got {n_stories}")
    return stories_text(n_stories, seed)


def split_text(text: str, val_fraction: float = 0.1) -> tuple[str, str]:
    """The first ``1 - val_fraction`` of ``text`` to train on, the rest held out.

    A contiguous split (not a shuffle) keeps the held-out text truly unseen.
    """
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction}")
    cut = int(len(text) * (1.0 - val_fraction))
    if cut == 0 or cut == len(text):
        raise ValueError(f"a text of {len(text)} characters is too short to split with "
                         f"val_fraction={val_fraction}: use a longer text")
    return text[:cut], text[cut:]
