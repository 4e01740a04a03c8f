"""THE TEST DOUBLE: a fake model whose every token the test controls.

Timing claims about a stream ("the first token arrives before generation ends", "a disconnect
stops generation", "ten streams run at once") become deterministic when the test decides when
the model may go on, instead of hoping a sleep is long enough:

    backend = GatedBackend(tokens=5, gated=True)   # each token waits for the test's permission
    backend.allow(1)                                # let exactly one token out
    ...                                             # read it from the server: the model is stuck
    assert backend.produced == 1 and not backend.finished
    backend.open()                                  # let the rest through

``together=n`` makes each generation wait, before its first token, until ``n`` generations are
running at once: a server that runs streams one after another can never get there. Counters
(``started``, ``produced``, ``finished``, ``closed_early``) say what the model really did.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Sequence

from llmlab.llm import Generation, Message, plain_prompt, split_words


class GatedBackend:
    """A backend (``llmlab.llm.Backend``) that replies ``" w0 w1 w2 ..."``, one word per token.

    ``tokens``: words in a full reply (``max_tokens`` cuts it, finish reason ``"length"``).
    ``gated``: each token waits for :meth:`allow`/:meth:`open`; otherwise tokens flow freely.
    ``delay``: seconds to sleep before each token after the first (a slow model).
    ``together``: generations that must be running at once before any sends a token.
    ``wait_s``: how long a token or the ``together`` rendezvous waits before failing with
    ``TimeoutError`` (so a broken server never hangs a test forever).
    """

    def __init__(self, tokens: int = 8, *, gated: bool = False, delay: float = 0.0, together: int = 1,
                 wait_s: float = 20.0, name: str = "gated-double") -> None:
        if tokens < 1 or together < 1:
            raise ValueError("tokens and together must be at least 1")
        self.tokens = tokens
        self.delay = delay
        self.wait_s = wait_s
        self.name = name
        self.started = 0  # generations that began producing (passed the rendezvous)
        self.produced = 0  # tokens yielded, all generations together
        self.finished = 0  # generations that produced their last token
        self.closed_early = 0  # generations stopped (closed) before their last token
        self.closed = threading.Event()  # set when a generation is closed early
        self._lock = threading.Lock()
        self._gate = threading.Condition(self._lock)
        self._permits = 0
        self._open = not gated
        self._barrier = threading.Barrier(together, timeout=wait_s) if together > 1 else None

    # -- what the test controls ----------------------------------------------------------------

    def allow(self, n: int = 1) -> None:
        """Let ``n`` more tokens out (from any generation)."""
        with self._gate:
            self._permits += n
            self._gate.notify_all()

    def open(self) -> None:
        """Let every token out from now on."""
        with self._gate:
            self._open = True
            self._gate.notify_all()

    def _wait_for_permit(self) -> None:
        with self._gate:
            if not self._gate.wait_for(lambda: self._open or self._permits > 0, timeout=self.wait_s):
                raise TimeoutError(f"{self.name}: no permission to produce a token within {self.wait_s} s")
            if not self._open:
                self._permits -= 1

    # -- the Backend protocol ------------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return len(split_words(text.strip()))

    def generate(self, request: str | Sequence[Message], *, max_tokens: int = 256, temperature: float = 1.0,
                 top_p: float = 1.0, seed: int | None = None, stop: str | Sequence[str] | None = None) -> Generation:
        prompt = request if isinstance(request, str) else plain_prompt(list(request))
        count = min(self.tokens, max_tokens)
        finish = "length" if max_tokens < self.tokens else "stop"

        def run() -> Generator[str, None, tuple[str, int]]:
            done = 0
            try:
                if self._barrier is not None:
                    self._barrier.wait()
                with self._lock:
                    self.started += 1
                for i in range(count):
                    if i and self.delay:
                        time.sleep(self.delay)
                    self._wait_for_permit()
                    with self._lock:
                        self.produced += 1
                    done += 1
                    yield f" w{i}"
            finally:
                with self._lock:
                    if done == count:
                        self.finished += 1
                    else:
                        self.closed_early += 1
                        self.closed.set()
            return finish, count

        return Generation(run(), self.count_tokens(prompt), self.name)
