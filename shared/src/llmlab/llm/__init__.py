"""Talking to language models: messages and usage, an OpenAI-compatible client, backends, a server.

    from llmlab.llm import OpenAICompatibleClient, Message
    client = OpenAICompatibleClient("http://127.0.0.1:8000/v1")
    print(client.chat([Message.user("Hello")]).text)

The client needs ``llmlab[llm]``, ``HFBackend`` needs ``llmlab[hf]``, and the server
(``create_app``, ``running_server``, importable from here or ``llmlab.llm.server``) needs
``llmlab[serve]``; each is imported only when used.
"""

from __future__ import annotations

from typing import Any

from llmlab.llm.backends import (
    Backend,
    Generation,
    HFBackend,
    ScriptedBackend,
    StopScanner,
    split_words,
)
from llmlab.llm.client import ChatStream, OpenAICompatibleClient, client_from_env
from llmlab.llm.errors import (
    APIConnectionError,
    APIStatusError,
    BadRequestError,
    LLMError,
    RateLimitError,
    ServerError,
)
from llmlab.llm.messages import (
    ChatResult,
    Message,
    TokenCounter,
    Usage,
    UsageLedger,
    plain_prompt,
    to_messages,
)

__all__ = [
    "APIConnectionError", "APIStatusError", "Backend", "BadRequestError", "ChatResult", "ChatStream",
    "Generation", "HFBackend", "LLMError", "Message", "OpenAICompatibleClient", "RateLimitError",
    "ScriptedBackend", "ServerError", "StopScanner", "TokenCounter", "Usage", "UsageLedger",
    "client_from_env", "create_app", "plain_prompt", "running_server", "split_words", "to_messages",
]


def __getattr__(name: str) -> Any:  # the server's names, without importing FastAPI up front
    if name in ("create_app", "running_server"):
        from llmlab.llm import server

        return getattr(server, name)
    raise AttributeError(f"module 'llmlab.llm' has no attribute {name!r}")
