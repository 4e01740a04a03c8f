"""What the service accepts: request bodies, size limits, and error messages a client can act on.

Two kinds of refusal, before any model time is spent:
- **422 Unprocessable Content**: the body is not what the route expects (a missing field, a
  string where a number goes, ``max_tokens: 0``). Pydantic finds these; the message must say
  *where* (``body.max_tokens``) and *what* (``Input should be greater than or equal to 1``).
- **413 Content Too Large**: the body is well formed but bigger than the service will take:
  more bytes than ``max_body_bytes`` (refused from the ``Content-Length`` header, before the
  body is read) or a prompt of more tokens than ``max_prompt_tokens``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_TOKENS_CAP = 1024  # no request may ask for more new tokens than this


@dataclass(frozen=True)
class Limits:
    """How much one request may ask of the service."""

    max_prompt_tokens: int = 256  # prompt tokens, counted by the backend's tokenizer
    max_body_bytes: int = 64 * 1024  # request body bytes, from Content-Length
    default_max_tokens: int = 64  # new tokens when the request does not say


class GenerateRequest(BaseModel):
    """The body of ``POST /generate`` and of each WebSocket request."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not silently ignored

    prompt: str = Field(min_length=1)
    max_tokens: int | None = Field(None, ge=1, le=MAX_TOKENS_CAP)
    temperature: float = Field(1.0, ge=0, le=2)
    top_p: float = Field(1.0, gt=0, le=1)
    seed: int | None = None
    stop: str | list[str] | None = None

    def sampling(self, limits: Limits) -> dict[str, Any]:
        """Keyword arguments for ``Backend.generate``."""
        return {"max_tokens": self.max_tokens or limits.default_max_tokens, "temperature": self.temperature,
                "top_p": self.top_p, "seed": self.seed, "stop": self.stop}


class TooLarge(Exception):
    """A request over a size limit; the app answers it with 413 and ``str(self)``."""


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """One line naming every problem pydantic found: ``"<loc>: <msg>"`` joined by ``"; "``.

    ``errors`` is ``RequestValidationError.errors()`` (or ``ValidationError.errors()``): dicts
    with ``loc`` (a tuple such as ``("body", "max_tokens")``, joined with ``"."``; integers too:
    ``body.messages.0.role``) and ``msg``. An error without a ``loc`` is just its ``msg``. No
    errors at all gives ``"invalid request body"``.
    """
    # BEGIN SOLUTION
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return "; ".join(parts) or "invalid request body"
    # END SOLUTION


def check_body_size(content_length: str | None, max_body_bytes: int) -> None:
    """Refuse a body from its ``Content-Length`` header, before reading it.

    ``None`` (no header: nothing to check here) passes. A length over ``max_body_bytes`` raises
    :class:`TooLarge` with a message giving both numbers. A header that is not a non-negative
    integer raises ``ValueError`` (the app answers 400).
    """
    # BEGIN SOLUTION
    if content_length is None:
        return
    try:
        size = int(content_length)
    except ValueError:
        raise ValueError(f"Content-Length must be an integer, got {content_length!r}") from None
    if size < 0:
        raise ValueError(f"Content-Length must not be negative, got {size}")
    if size > max_body_bytes:
        raise TooLarge(f"the request body is {size} bytes; this server accepts at most {max_body_bytes}")
    # END SOLUTION


def check_prompt_size(prompt_tokens: int, limits: Limits) -> None:
    """Raise :class:`TooLarge` when ``prompt_tokens`` exceeds ``limits.max_prompt_tokens``.

    The message gives both numbers and what to do (shorten the prompt), e.g. ``"the prompt is
    300 tokens; this server accepts at most 256: shorten it"``. Exactly the limit is fine.
    """
    # BEGIN SOLUTION
    if prompt_tokens > limits.max_prompt_tokens:
        raise TooLarge(f"the prompt is {prompt_tokens} tokens; this server accepts at most "
                       f"{limits.max_prompt_tokens}: shorten it")
    # END SOLUTION
