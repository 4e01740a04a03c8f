"""The plain values every LLM call passes around: messages, token usage, results, a usage ledger.

Nothing here needs a third-party library, so labs can type their code against these classes
without installing a client or a model.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = ("system", "developer", "user", "assistant", "tool")


@dataclass(frozen=True)
class Message:
    """One turn of a conversation: ``Message("user", "Hi")``."""

    role: str
    content: str

    @classmethod
    def system(cls, content: str) -> Message:
        return cls("system", content)

    @classmethod
    def user(cls, content: str) -> Message:
        return cls("user", content)

    @classmethod
    def assistant(cls, content: str) -> Message:
        return cls("assistant", content)

    def to_dict(self) -> dict[str, str]:
        """The OpenAI wire form: ``{"role": ..., "content": ...}``."""
        return {"role": self.role, "content": self.content}


MessagesLike = str | Message | Mapping[str, Any] | tuple[str, str] | Iterable[Message | Mapping[str, Any] | tuple[str, str]]


def _content_text(content: Any) -> str:
    """OpenAI allows ``content`` as a string or a list of parts; keep the text parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, Mapping))
    raise TypeError(f"message content must be a string or a list of parts, got {type(content).__name__}")


def _one(item: Message | Mapping[str, Any] | tuple[str, str]) -> Message:
    if isinstance(item, Message):
        return item
    if isinstance(item, Mapping):
        if "role" not in item:
            raise ValueError(f"a message needs a 'role': {dict(item)!r}")
        return Message(str(item["role"]), _content_text(item.get("content")))
    if isinstance(item, tuple) and len(item) == 2:
        return Message(str(item[0]), str(item[1]))
    raise TypeError(f"cannot read a message from {item!r}: use Message, a dict or a (role, content) pair")


def to_messages(messages: MessagesLike) -> list[Message]:
    """Accept what people naturally write and return a list of :class:`Message`.

    A bare string is one user message; a ``Message``, a ``{"role", "content"}`` dict or a
    ``(role, content)`` pair is one message; a list of any of those is a conversation.
    """
    if isinstance(messages, str):
        return [Message("user", messages)]
    if isinstance(messages, Message | Mapping):
        return [_one(messages)]
    if isinstance(messages, tuple) and len(messages) == 2 and all(isinstance(x, str) for x in messages):
        return [_one(messages)]  # type: ignore[arg-type]
    out = [_one(m) for m in messages]  # type: ignore[union-attr]
    if not out:
        raise ValueError("a conversation needs at least one message")
    return out


def plain_prompt(messages: Iterable[Message]) -> str:
    """A prompt for models without a chat template: ``role: content`` lines, then ``assistant:``."""
    lines = [f"{m.role}: {m.content}" for m in messages]
    return "\n".join([*lines, "assistant:"])


@dataclass(frozen=True)
class Usage:
    """Tokens a call consumed. ``Usage(3, 5) + Usage(1, 2) == Usage(4, 7)``."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    total = total_tokens

    def __add__(self, other: Usage) -> Usage:
        if not isinstance(other, Usage):
            return NotImplemented
        return Usage(self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens)

    def __radd__(self, other: Any) -> Usage:  # lets sum(usages) start from 0
        if other == 0:
            return self
        return NotImplemented

    def cost(self, prompt_per_1m: float, completion_per_1m: float) -> float:
        """Price in the prices' currency, given prices per million prompt and completion tokens."""
        return (self.prompt_tokens * prompt_per_1m + self.completion_tokens * completion_per_1m) / 1_000_000

    def to_dict(self) -> dict[str, int]:
        """The OpenAI wire form, with ``total_tokens``."""
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "total_tokens": self.total_tokens}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Usage:
        """Read an OpenAI ``usage`` object; missing fields count as 0."""
        if not data:
            return cls()
        return cls(int(data.get("prompt_tokens") or 0), int(data.get("completion_tokens") or 0))


@dataclass(frozen=True)
class ChatResult:
    """What one call returned: the text, why it stopped (``stop`` or ``length``), usage, model."""

    text: str
    finish_reason: str | None = None
    usage: Usage = field(default_factory=Usage)
    model: str = ""


class UsageLedger:
    """Adds up :class:`Usage` over many calls, overall and per model; thread-safe.

        ledger = UsageLedger()
        ledger.add(Usage(120, 30), model="gpt-x")
        ledger.cost(prompt_per_1m=0.15, completion_per_1m=0.60)   # 3.6e-05
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls = 0
        self.total = Usage()
        self.by_model: dict[str, Usage] = {}

    def add(self, usage: Usage, model: str = "") -> Usage:
        """Record one call's usage; returns the running total."""
        with self._lock:
            self.calls += 1
            self.total = self.total + usage
            self.by_model[model] = self.by_model.get(model, Usage()) + usage
            return self.total

    @property
    def prompt_tokens(self) -> int:
        return self.total.prompt_tokens

    @property
    def completion_tokens(self) -> int:
        return self.total.completion_tokens

    @property
    def total_tokens(self) -> int:
        return self.total.total_tokens

    def cost(self, prompt_per_1m: float, completion_per_1m: float) -> float:
        """What everything recorded cost, given prices per million prompt and completion tokens."""
        return self.total.cost(prompt_per_1m, completion_per_1m)

    def reset(self) -> None:
        with self._lock:
            self.calls = 0
            self.total = Usage()
            self.by_model = {}

    def __repr__(self) -> str:
        t = self.total
        return (f"UsageLedger(calls={self.calls}, prompt_tokens={t.prompt_tokens}, "
                f"completion_tokens={t.completion_tokens}, total_tokens={t.total_tokens})")


TokenCounter = UsageLedger  # the other name people look for
