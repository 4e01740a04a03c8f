"""What can go wrong when talking to a model server, as exceptions that say what happened."""

from __future__ import annotations

from typing import Any


class LLMError(RuntimeError):
    """Base class of every error ``llmlab.llm`` raises about a model call.

    ``status_code`` is the HTTP status (``None`` when no response came), ``message`` the
    server's own words, ``attempts`` how many requests were sent before giving up.
    """

    def __init__(self, message: str, *, status_code: int | None = None, body: Any = None,
                 attempts: int = 1, url: str = "") -> None:
        self.message = message
        self.status_code = status_code
        self.body = body
        self.attempts = attempts
        self.url = url
        where = f" ({url})" if url else ""
        status = f"HTTP {status_code}" if status_code is not None else "no response"
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"{status}{where}{tries}: {message}")


class APIStatusError(LLMError):
    """The server answered with a 4xx or 5xx status."""


class BadRequestError(APIStatusError):
    """A 4xx other than 429: the request itself is wrong (bad body, bad key, unknown model); never retried."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests, still failing after every retry."""


class ServerError(APIStatusError):
    """A 5xx, still failing after every retry."""


class APIConnectionError(LLMError):
    """No usable response: the connection failed, timed out, or a stream broke off."""


def error_for_status(status_code: int, message: str, **kwargs: Any) -> APIStatusError:
    """The right :class:`APIStatusError` subclass for ``status_code``."""
    if status_code == 429:
        cls: type[APIStatusError] = RateLimitError
    elif status_code >= 500:
        cls = ServerError
    elif status_code >= 400:
        cls = BadRequestError
    else:
        cls = APIStatusError
    return cls(message, status_code=status_code, **kwargs)
