"""Progress bars that help on a terminal and stay out of logs elsewhere."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def _enabled() -> bool:
    if os.environ.get("LLMLAB_PROGRESS") == "0":
        return False
    return os.environ.get("LLMLAB_PROGRESS") == "1" or sys.stderr.isatty()


def progress(iterable: Iterable[T], total: int | None = None, desc: str = "", **kwargs) -> Iterator[T]:
    """Wrap ``iterable`` in a tqdm bar; ``bar.set_postfix`` works as usual.

    The bar is drawn when stderr is a terminal (or ``LLMLAB_PROGRESS=1``) and is silent in
    tests and CI logs otherwise (``LLMLAB_PROGRESS=0`` forces it off).
    """
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, disable=not _enabled(), dynamic_ncols=True, **kwargs)
