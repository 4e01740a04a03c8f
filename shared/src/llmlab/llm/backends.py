"""Things that turn a prompt into text, one piece at a time: what the server serves and labs call.

A backend's ``generate`` takes a prompt string (a plain completion) or a list of
:class:`~llmlab.llm.messages.Message` (a chat) and returns a :class:`Generation`: an iterator of
text pieces that, once exhausted, also knows why it stopped and how many tokens it used.

    backend = ScriptedBackend(["Hello there."])
    for piece in backend.generate([Message.user("Hi")]):
        print(piece, end="")
    backend.generate("Once upon a time").result()   # ChatResult(text=..., usage=...)

``ScriptedBackend`` is the test double; ``HFBackend`` runs a Hugging Face causal LM (a hub id
or a local folder in HF format) with ``transformers``, which it imports only when built.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from llmlab.llm.messages import ChatResult, Message, MessagesLike, Usage, plain_prompt, to_messages

Request = str | list[Message]
# What a backend's inner generator returns when it ends: (finish_reason, completion_tokens).
_Outcome = tuple[str, int]


class Generation(Iterator[str]):
    """The text pieces of one generation; after the last one, ``finish_reason`` and ``usage``.

    ``finish_reason`` is ``"stop"`` (the model ended, or a stop sequence was met) or
    ``"length"`` (``max_tokens`` ran out). Closing a generation early (``close()``, or leaving a
    ``with`` block) stops the model too.
    """

    def __init__(self, pieces: Generator[str, None, _Outcome], prompt_tokens: int, model: str = "") -> None:
        self._pieces = pieces
        self.prompt_tokens = prompt_tokens
        self.model = model
        self.completion_tokens = 0
        self.finish_reason: str | None = None
        self.done = False
        self._parts: list[str] = []

    def __iter__(self) -> Generation:
        return self

    def __next__(self) -> str:
        if self.done:
            raise StopIteration
        try:
            piece = next(self._pieces)
        except StopIteration as end:
            self.done = True
            self.finish_reason, self.completion_tokens = end.value or ("stop", 0)
            raise StopIteration from None
        except BaseException:
            self.done = True  # a failed generation is over; the error goes to the caller
            raise
        self._parts.append(piece)
        return piece

    @property
    def text(self) -> str:
        """The text so far (all of it once the generation is exhausted)."""
        return "".join(self._parts)

    @property
    def usage(self) -> Usage:
        return Usage(self.prompt_tokens, self.completion_tokens)

    def result(self) -> ChatResult:
        """Run to the end and return the whole text with its finish reason and usage."""
        for _ in self:
            pass
        return ChatResult(self.text, self.finish_reason, self.usage, self.model)

    def close(self) -> None:
        """Stop generating; the pieces already produced stay in ``text``."""
        if not self.done:
            self._pieces.close()
            self.done = True

    def __enter__(self) -> Generation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@runtime_checkable
class Backend(Protocol):
    """What the server needs from a model, and what labs may call directly."""

    name: str

    def generate(self, request: Request | MessagesLike, *, max_tokens: int = 256, temperature: float = 1.0,
                 top_p: float = 1.0, seed: int | None = None,
                 stop: str | Sequence[str] | None = None) -> Generation:
        """Pieces of the continuation of ``request`` (a prompt string, or chat messages)."""
        ...

    def count_tokens(self, text: str) -> int:
        """How many tokens ``text`` is for this backend."""
        ...


def as_request(request: Request | MessagesLike) -> Request:
    """A string stays a completion prompt; anything else is read as chat messages."""
    return request if isinstance(request, str) else to_messages(request)


def _stops(stop: str | Sequence[str] | None) -> list[str]:
    if stop is None:
        return []
    return [s for s in ([stop] if isinstance(stop, str) else list(stop)) if s]


class StopScanner:
    """Cuts a stream of text at the first stop sequence, even one split across pieces.

    ``feed(piece)`` returns the text that is safe to emit now; text that might be the start of a
    stop sequence is held back until the next piece decides. ``stopped`` turns true at a stop;
    ``flush()`` returns what is held back once the stream ends without one.
    """

    def __init__(self, stop: str | Sequence[str] | None) -> None:
        self.stops = _stops(stop)
        self.buffer = ""
        self.stopped = False

    def feed(self, piece: str) -> str:
        if self.stopped:
            return ""
        self.buffer += piece
        hits = [i for i in (self.buffer.find(s) for s in self.stops) if i >= 0]
        if hits:
            out, self.buffer, self.stopped = self.buffer[: min(hits)], "", True
            return out
        hold = 0  # the longest tail of the buffer that begins some stop sequence
        for s in self.stops:
            for k in range(min(len(s) - 1, len(self.buffer)), hold, -1):
                if s.startswith(self.buffer[-k:]):
                    hold = k
                    break
        cut = len(self.buffer) - hold
        out, self.buffer = self.buffer[:cut], self.buffer[cut:]
        return out

    def flush(self) -> str:
        out, self.buffer = ("" if self.stopped else self.buffer), ""
        return out


def split_words(text: str) -> list[str]:
    """``"Hi  there!\\n"`` -> ``["Hi", "  there!\\n"]``: pieces that join back to ``text`` exactly."""
    pieces = re.findall(r"\s*\S+", text)
    rest = text[len("".join(pieces)):]
    if rest:
        if pieces:
            pieces[-1] += rest
        else:
            pieces = [rest]
    return pieces


class ScriptedBackend:
    """THE TEST DOUBLE: a fake model that answers from a script instead of running a network.

    ``replies`` is a list of answers used in turn (cycling when it runs out), or a function of
    the request (the prompt string, or the list of messages) that returns the answer. Answers
    stream word by word (one word is one token, and so is each word of the prompt); ``delay``
    seconds pass between pieces, to test streaming. ``max_tokens`` cuts the answer (finish reason
    ``length``) and ``stop`` cuts it at a stop sequence, as a real model would; ``temperature``,
    ``top_p`` and ``seed`` are accepted and ignored: the same script gives the same answers.

    It records what happened, for tests to assert on: ``calls`` holds every request, and
    ``emitted`` a ``(time.monotonic(), piece)`` pair for every piece at the moment it was made.
    """

    def __init__(self, replies: Sequence[str] | Callable[[Request], str] = ("Hello from the scripted backend.",),
                 *, delay: float = 0.0, name: str = "scripted") -> None:
        if isinstance(replies, str):
            replies = [replies]
        if not callable(replies) and not replies:
            raise ValueError("ScriptedBackend needs at least one reply")
        self.replies = replies
        self.delay = delay
        self.name = name
        self.calls: list[Request] = []
        self.emitted: list[tuple[float, str]] = []
        self._turn = itertools.count()
        self._lock = threading.Lock()

    def reply_for(self, request: Request) -> str:
        if callable(self.replies):
            return str(self.replies(request))
        with self._lock:
            turn = next(self._turn)
        return self.replies[turn % len(self.replies)]

    def count_tokens(self, text: str) -> int:
        return len(split_words(text.strip()))

    def prompt_text(self, request: Request) -> str:
        return request if isinstance(request, str) else plain_prompt(request)

    def generate(self, request: Request | MessagesLike, *, max_tokens: int = 256, temperature: float = 1.0,
                 top_p: float = 1.0, seed: int | None = None,
                 stop: str | Sequence[str] | None = None) -> Generation:
        request = as_request(request)
        self.calls.append(request)
        scanner = StopScanner(stop)
        text = scanner.feed(self.reply_for(request))
        text += scanner.flush()
        pieces = split_words(text)
        finish = "stop"
        if len(pieces) > max_tokens:
            pieces, finish = pieces[:max_tokens], "length"

        def run() -> Generator[str, None, _Outcome]:
            for i, piece in enumerate(pieces):
                if i and self.delay:
                    time.sleep(self.delay)
                self.emitted.append((time.monotonic(), piece))
                yield piece
            return finish, len(pieces)

        return Generation(run(), self.count_tokens(self.prompt_text(request)), self.name)


class HFBackend:
    """A Hugging Face causal language model: a hub id or a local folder saved with ``save_pretrained``.

    Chat requests use the tokenizer's chat template when it has one, and ``role: content`` lines
    ending in ``assistant:`` when it does not. Text streams through ``TextIteratorStreamer`` from
    a generation thread; ``temperature=0`` is greedy, and a ``seed`` makes sampling repeatable
    (without touching the caller's random state). One generation runs at a time. ``max_tokens``
    is cut to what fits in the model's context; a prompt that does not fit raises ``ValueError``.
    Extra keyword arguments go to both ``from_pretrained`` calls (``local_files_only=True``,
    ``revision=...``). Needs ``llmlab[hf]``.
    """

    def __init__(self, model_name_or_path: str | Path, *, device: str = "auto", dtype: Any = None,
                 name: str | None = None, **from_pretrained_kwargs: Any) -> None:
        try:
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("HFBackend needs transformers and torch: install llmlab[hf]") from exc

        source = str(model_name_or_path)
        tokenizer = AutoTokenizer.from_pretrained(source, **from_pretrained_kwargs)
        if dtype is not None:
            from_pretrained_kwargs["dtype"] = dtype
        model = AutoModelForCausalLM.from_pretrained(source, **from_pretrained_kwargs)
        self._setup(model, tokenizer, device, name or Path(source.rstrip("/")).name or source)

    @classmethod
    def from_model(cls, model: Any, tokenizer: Any, *, device: str | None = None, name: str = "model") -> HFBackend:
        """Wrap a model and tokenizer already in memory (``device=None`` leaves the model where it is)."""
        backend = cls.__new__(cls)
        backend._setup(model, tokenizer, device, name)
        return backend

    def _setup(self, model: Any, tokenizer: Any, device: str | None, name: str) -> None:
        if device is not None:
            from llmlab.device import pick_device

            model = model.to(pick_device(device))
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.device = next(model.parameters()).device
        eos = model.generation_config.eos_token_id
        if eos is None:
            eos = tokenizer.eos_token_id
        self.eos_token_ids = set(eos if isinstance(eos, list) else [] if eos is None else [eos])
        pad = tokenizer.pad_token_id
        self.pad_token_id = pad if pad is not None else (min(self.eos_token_ids) if self.eos_token_ids else 0)
        self._lock = threading.Lock()

    @property
    def context_length(self) -> int | None:
        """How many tokens the model reads at most (prompt and reply), when its config says."""
        config = self.model.config
        for key in ("n_positions", "max_position_embeddings", "n_ctx", "seq_length"):
            value = getattr(config, key, None)
            if isinstance(value, int) and value > 0:
                return value
        return None

    def render(self, request: Request | MessagesLike) -> str:
        """The prompt text the model sees for ``request``."""
        request = as_request(request)
        if isinstance(request, str):
            return request
        if getattr(self.tokenizer, "chat_template", None):
            return self.tokenizer.apply_chat_template([m.to_dict() for m in request], tokenize=False,
                                                      add_generation_prompt=True)
        return plain_prompt(request)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _encode(self, request: Request) -> Any:
        import torch

        templated = not isinstance(request, str) and bool(getattr(self.tokenizer, "chat_template", None))
        # A chat template writes its own special tokens; a plain prompt gets the tokenizer's usual ones.
        ids = self.tokenizer(self.render(request), add_special_tokens=not templated)["input_ids"]
        if not ids:  # generation needs something to continue from
            start = self.tokenizer.bos_token_id
            ids = [start if start is not None else self.pad_token_id]
        return torch.tensor([ids], dtype=torch.long, device=self.device)

    def generate(self, request: Request | MessagesLike, *, max_tokens: int = 256, temperature: float = 1.0,
                 top_p: float = 1.0, seed: int | None = None,
                 stop: str | Sequence[str] | None = None) -> Generation:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        request = as_request(request)
        input_ids = self._encode(request)
        prompt_len = int(input_ids.shape[1])
        context = self.context_length
        if context is not None:
            if prompt_len >= context:
                raise ValueError(f"the prompt is {prompt_len} tokens but {self.name} reads at most {context}: "
                                 "shorten it")
            max_tokens = min(max_tokens, context - prompt_len)  # what fits; the finish reason says 'length'
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        cancel = threading.Event()

        class _Cancelled(StoppingCriteria):
            def __call__(self, ids: Any, scores: Any, **kwargs: Any) -> Any:
                return torch.full((ids.shape[0],), cancel.is_set(), dtype=torch.bool, device=ids.device)

        kwargs: dict[str, Any] = dict(
            input_ids=input_ids, attention_mask=torch.ones_like(input_ids), max_new_tokens=max_tokens,
            streamer=streamer, stopping_criteria=StoppingCriteriaList([_Cancelled()]),
            pad_token_id=self.pad_token_id,
        )
        if temperature > 0:
            kwargs.update(do_sample=True, temperature=temperature, top_p=top_p, top_k=0)
        else:
            kwargs.update(do_sample=False)
        box: dict[str, Any] = {}
        devices = [self.device.index or 0] if self.device.type == "cuda" else []

        def work() -> None:
            try:
                with torch.random.fork_rng(devices=devices):
                    if seed is not None:
                        torch.manual_seed(seed)
                    box["out"] = self.model.generate(**kwargs)
            except BaseException as exc:  # handed to the consumer below
                box["error"] = exc
                streamer.end()

        def run() -> Generator[str, None, _Outcome]:
            scanner = StopScanner(stop)
            with self._lock:
                thread = threading.Thread(target=work, name="llmlab-hf-generate", daemon=True)
                thread.start()
                try:
                    for piece in streamer:
                        out = scanner.feed(piece)
                        if out:
                            yield out
                        if scanner.stopped:
                            break
                    tail = scanner.flush()
                    if tail:
                        yield tail
                finally:
                    cancel.set()
                    thread.join()
            if "error" in box:
                raise box["error"]
            generated = box["out"][0, prompt_len:].tolist()
            ended = bool(generated) and generated[-1] in self.eos_token_ids
            finish = "stop" if scanner.stopped or ended or len(generated) < max_tokens else "length"
            return finish, len(generated)

        return Generation(run(), prompt_len, self.name)

