"""A small client for OpenAI-compatible servers (OpenAI, vLLM, llama.cpp, Ollama, ``llmlab.llm.server``).

    client = OpenAICompatibleClient("http://127.0.0.1:8000/v1", model="my-model")
    client.chat([Message.user("Hi")], max_tokens=50).text
    for piece in client.stream_chat("Tell me a story"):
        print(piece, end="", flush=True)
    client.usage.cost(prompt_per_1m=0.15, completion_per_1m=0.60)

Requests that fail with 429 or a 5xx, or that get no response at all, are retried with
exponential backoff and jitter, waiting what the server's ``Retry-After`` asks for when it says.
Other 4xx errors are the caller's mistake and are raised at once. Needs ``llmlab[llm]`` (httpx),
which is imported when a client is built.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from llmlab.llm.errors import APIConnectionError, LLMError, error_for_status
from llmlab.llm.messages import ChatResult, MessagesLike, Usage, UsageLedger, to_messages
from llmlab.llm.sse import DONE, iter_sse_data

if TYPE_CHECKING:
    import httpx

RETRY_AFTER_MAX = 60.0  # never wait longer than this for one Retry-After, whatever a server asks


def normalize_base_url(base_url: str) -> str:
    """``http://host:8000`` -> ``http://host:8000/v1``; a URL with a path is kept as given."""
    base_url = base_url.strip().rstrip("/")
    if not urlsplit(base_url).scheme:
        raise ValueError(f"base_url needs a scheme, like http://127.0.0.1:8000/v1, got {base_url!r}")
    if urlsplit(base_url).path in ("", "/"):
        base_url += "/v1"
    return base_url


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds a server asks us to wait: ``retry-after-ms``, or ``Retry-After`` as seconds or a date."""
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            return max(0.0, float(value) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def error_message(response: httpx.Response) -> str:
    """The server's explanation of an error, from OpenAI's ``{"error": {"message"}}``, FastAPI's ``detail`` or the text."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:500] or response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
        if isinstance(error, str):
            return error
        detail = body.get("detail")
        if isinstance(detail, str):
            return detail
        if isinstance(detail, list):
            return "; ".join(f"{'.'.join(map(str, d.get('loc', [])))}: {d.get('msg', d)}" for d in detail
                             if isinstance(d, dict)) or json.dumps(detail)[:500]
    return json.dumps(body)[:500]


class ChatStream(Iterator[str]):
    """The text pieces of a streamed reply; once exhausted, ``finish_reason``, ``usage`` and ``text``.

    Close it (or use it in a ``with`` block) to drop the connection before the end.
    """

    def __init__(self, response: httpx.Response, ledger: UsageLedger, model: str, kind: str = "chat") -> None:
        self._response = response
        self._events = iter_sse_data(response.iter_lines())
        self._ledger = ledger
        self._kind = kind
        self.model = model
        self.finish_reason: str | None = None
        self.usage: Usage | None = None
        self.done = False
        self._parts: list[str] = []

    def __iter__(self) -> ChatStream:
        return self

    def __next__(self) -> str:
        import httpx

        while not self.done:
            try:
                data = next(self._events, DONE)
            except httpx.TransportError as exc:
                self.close()
                raise APIConnectionError(f"the stream broke off: {type(exc).__name__}: {exc}",
                                         url=str(self._response.url)) from exc
            if data == DONE:
                self._finish()
                break
            piece = self._read_chunk(data)
            if piece:
                self._parts.append(piece)
                return piece
        raise StopIteration

    def _read_chunk(self, data: str) -> str:
        try:
            chunk = json.loads(data)
        except ValueError as exc:
            self.close()
            raise LLMError(f"the stream sent something that is not JSON: {data[:200]!r}",
                           status_code=self._response.status_code, url=str(self._response.url)) from exc
        if "error" in chunk:
            self.close()
            error = chunk["error"]
            message = error.get("message", str(error)) if isinstance(error, dict) else str(error)
            raise LLMError(f"the server reported an error mid-stream: {message}",
                           status_code=self._response.status_code, body=chunk, url=str(self._response.url))
        self.model = chunk.get("model") or self.model
        if chunk.get("usage"):
            self.usage = Usage.from_dict(chunk["usage"])
        piece = ""
        for choice in chunk.get("choices") or []:
            if choice.get("index", 0) != 0:
                continue
            if self._kind == "chat":
                piece = (choice.get("delta") or {}).get("content") or ""
            else:
                piece = choice.get("text") or ""
            if choice.get("finish_reason"):
                self.finish_reason = choice["finish_reason"]
        return piece

    def _finish(self) -> None:
        if not self.done:
            self.close()
            if self.usage is not None:
                self._ledger.add(self.usage, self.model)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def result(self) -> ChatResult:
        """Read to the end; the whole reply (``usage`` is zero if the server sent none)."""
        for _ in self:
            pass
        return ChatResult(self.text, self.finish_reason, self.usage or Usage(), self.model)

    def close(self) -> None:
        self.done = True
        self._response.close()

    def __enter__(self) -> ChatStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OpenAICompatibleClient:
    """Chat, completions and model listing against any OpenAI-compatible ``base_url``.

    ``base_url`` is the API root, usually ending in ``/v1`` (added when the URL has no path).
    ``model`` is sent with every request; when ``None`` the server's first model is used.
    A failed request is retried up to ``max_retries`` times (so ``max_retries + 1`` attempts)
    after waiting ``Retry-After`` when the server sends one, else ``backoff_base * 2**k`` seconds
    capped at ``backoff_max``, half of it random jitter (``seed`` makes the jitter repeatable).
    ``usage`` adds up the tokens of every call that reported them.
    """

    def __init__(self, base_url: str, api_key: str | None = None, model: str | None = None,
                 timeout: float = 60.0, max_retries: int = 5, backoff_base: float = 0.5,
                 backoff_max: float = 8.0, *, seed: int | None = None,
                 sleep: Callable[[float], None] = time.sleep, headers: Mapping[str, str] | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        try:
            import httpx
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("OpenAICompatibleClient needs httpx: install llmlab[llm]") from exc
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries}")
        self.base_url = normalize_base_url(base_url)
        self.model = model
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.usage = UsageLedger()
        self.retries = 0  # retries made over the client's life
        self._sleep = sleep
        self._rng = random.Random(seed)
        all_headers = {"Accept": "application/json", **(headers or {})}
        if api_key:
            all_headers["Authorization"] = f"Bearer {api_key}"
        # Plain http has no certificates to check: skip loading the CA bundle (slow on a busy machine).
        verify = urlsplit(self.base_url).scheme != "http"
        self._http = httpx.Client(base_url=self.base_url + "/", timeout=timeout, headers=all_headers,
                                  transport=transport, verify=verify)

    # -- plumbing -----------------------------------------------------------------------------

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1, 2, ...) when the server gives no Retry-After."""
        ceiling = min(self.backoff_max, self.backoff_base * 2 ** (retry - 1))
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def _send(self, method: str, path: str, payload: dict[str, Any] | None = None,
              stream: bool = False) -> httpx.Response:
        import httpx

        retryable_errors = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
        attempt = 0
        while True:
            attempt += 1
            request = self._http.build_request(method, path, json=payload)
            try:
                response = self._http.send(request, stream=stream)
            except retryable_errors as exc:
                if attempt > self.max_retries:
                    raise APIConnectionError(f"{type(exc).__name__}: {exc}".rstrip(": "), attempts=attempt,
                                             url=str(request.url)) from exc
                wait = self.backoff(attempt)
            except httpx.HTTPError as exc:
                raise APIConnectionError(f"{type(exc).__name__}: {exc}", url=str(request.url)) from exc
            else:
                status = response.status_code
                if status < 400:
                    return response
                response.read()
                response.close()
                if (status != 429 and status < 500) or attempt > self.max_retries:
                    body = None
                    try:
                        body = response.json()
                    except ValueError:
                        body = response.text
                    raise error_for_status(status, error_message(response), body=body, attempts=attempt,
                                           url=str(request.url))
                asked = parse_retry_after(response.headers)
                wait = self.backoff(attempt) if asked is None else min(asked, RETRY_AFTER_MAX)
            self.retries += 1
            self._sleep(wait)

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError as exc:
            raise LLMError(f"expected JSON, got {response.text[:200]!r}", status_code=response.status_code,
                           url=str(response.url)) from exc
        if not isinstance(data, dict):
            raise LLMError(f"expected a JSON object, got {data!r:.200}", status_code=response.status_code,
                           url=str(response.url))
        return data

    def _model(self) -> str:
        if self.model is None:
            names = self.models()
            if not names:
                raise LLMError("no model given and the server lists none: pass model=...", url=self.base_url)
            self.model = names[0]
        return self.model

    def _payload(self, params: dict[str, Any], **fields: Any) -> dict[str, Any]:
        if "stream" in params:
            raise ValueError("pass no 'stream': call stream_chat() to stream")
        payload = {"model": self._model(), **fields}
        payload.update({k: v for k, v in params.items() if v is not None})
        return payload

    def _result(self, data: dict[str, Any], payload: dict[str, Any], text_of: Callable[[dict], str]) -> ChatResult:
        try:
            choice = data["choices"][0]
            text = text_of(choice) or ""
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"the response has no choices[0] in the expected shape: {json.dumps(data)[:300]}",
                           body=data, url=self.base_url) from exc
        model = data.get("model") or payload["model"]
        usage = Usage.from_dict(data.get("usage"))
        self.usage.add(usage, model)
        return ChatResult(text, choice.get("finish_reason"), usage, model)

    # -- the API ------------------------------------------------------------------------------

    def chat(self, messages: MessagesLike, **params: Any) -> ChatResult:
        """One chat completion. ``params`` go into the request body (``max_tokens``, ``temperature``, ``seed``, ...)."""
        payload = self._payload(params, messages=[m.to_dict() for m in to_messages(messages)])
        data = self._json(self._send("POST", "chat/completions", payload))
        return self._result(data, payload, lambda c: c["message"]["content"])

    def stream_chat(self, messages: MessagesLike, **params: Any) -> ChatStream:
        """Like :meth:`chat`, but yields the reply's text pieces as the server sends them.

        The request is sent (and retried) at once; errors before the first byte raise here.
        Usage is asked for with ``stream_options`` and added to ``usage`` at the end.
        """
        payload = self._payload(params, messages=[m.to_dict() for m in to_messages(messages)])
        payload["stream"] = True
        payload.setdefault("stream_options", {"include_usage": True})
        return ChatStream(self._send("POST", "chat/completions", payload, stream=True), self.usage,
                          payload["model"])

    def complete(self, prompt: str, **params: Any) -> ChatResult:
        """A plain completion of ``prompt`` (``/v1/completions``)."""
        payload = self._payload(params, prompt=prompt)
        data = self._json(self._send("POST", "completions", payload))
        return self._result(data, payload, lambda c: c["text"])

    def stream_complete(self, prompt: str, **params: Any) -> ChatStream:
        """Like :meth:`complete`, streamed as :meth:`stream_chat` streams."""
        payload = self._payload(params, prompt=prompt)
        payload["stream"] = True
        payload.setdefault("stream_options", {"include_usage": True})
        return ChatStream(self._send("POST", "completions", payload, stream=True), self.usage, payload["model"],
                          kind="completion")

    def models(self) -> list[str]:
        """The ids of the models the server offers."""
        data = self._json(self._send("GET", "models"))
        return [str(m["id"]) for m in data.get("data", []) if isinstance(m, dict) and "id" in m]

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OpenAICompatibleClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"OpenAICompatibleClient({self.base_url!r}, model={self.model!r})"


def client_from_env(base_url: str | None = None, api_key: str | None = None, model: str | None = None,
                    **kwargs: Any) -> OpenAICompatibleClient:
    """A client from flags, falling back to the environment for each one not given.

    ``base_url``: ``LLMLAB_LLM_BASE_URL``, then ``OPENAI_BASE_URL``; ``api_key``:
    ``OPENAI_API_KEY``; ``model``: ``LLMLAB_LLM_MODEL``. Other keyword arguments go to
    :class:`OpenAICompatibleClient`.
    """
    base_url = base_url or os.environ.get("LLMLAB_LLM_BASE_URL") or os.environ.get("OPENAI_BASE_URL")
    if not base_url:
        raise LLMError("no server to talk to: pass --base-url, or set LLMLAB_LLM_BASE_URL or OPENAI_BASE_URL "
                       "(for example http://127.0.0.1:8000/v1)")
    return OpenAICompatibleClient(base_url, api_key=api_key or os.environ.get("OPENAI_API_KEY"),
                                  model=model or os.environ.get("LLMLAB_LLM_MODEL"), **kwargs)
