"""``stream-server``: serve a model with streaming routes on a port.

    stream-server                               # the zoo's stories-lm-small on 127.0.0.1:8044
    stream-server --model gpt2                  # a hub id (when online) or a local folder
    stream-server --scripted --delay 0.05       # the test double, for trying clients

Then, in another shell:

    curl -N http://127.0.0.1:8044/generate -H 'content-type: application/json' \\
         -d '{"prompt": "Once upon a time", "max_tokens": 40}'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from llmlab.cli import parse_config

from lab44_fastapi_streaming.validation import Limits


@dataclass
class ServeConfig:
    """Flags of ``stream-server``."""

    host: str = field(default="127.0.0.1", metadata={"help": "address to listen on (keep loopback "
                                                     "unless you mean to expose it)"})
    port: int = field(default=8044, metadata={"help": "port to listen on"})
    model: str | None = field(default=None, metadata={
        "help": "a Hugging Face hub id or local folder; default (and offline fallback): the zoo's stories-lm-small"})
    scripted: bool = field(default=False, metadata={"help": "serve the GatedBackend test double instead"})
    delay: float = field(default=0.05, metadata={"help": "seconds per token of the --scripted double"})
    max_prompt_tokens: int = field(default=Limits.max_prompt_tokens, metadata={
        "help": "longest prompt accepted, in tokens (longer: 413)"})
    max_body_bytes: int = field(default=Limits.max_body_bytes, metadata={
        "help": "largest request body accepted, in bytes (larger: 413)"})
    default_max_tokens: int = field(default=Limits.default_max_tokens, metadata={
        "help": "new tokens when a request does not say"})


def serve(argv: Sequence[str] | None = None) -> None:
    import uvicorn

    from lab44_fastapi_streaming.app import create_stream_app, default_backend
    from lab44_fastapi_streaming.doubles import GatedBackend

    config = parse_config(ServeConfig, argv, description="Serve a model with streaming routes: SSE, WebSocket, OpenAI-compatible.", prog="stream-server")
    backend = GatedBackend(tokens=10_000, delay=config.delay) if config.scripted else default_backend(config.model)
    limits = Limits(config.max_prompt_tokens, config.max_body_bytes, config.default_max_tokens)
    app = create_stream_app(backend, limits=limits)
    print(f"serving {backend.name} on http://{config.host}:{config.port}: POST /generate (SSE), WS /ws, "
          f"POST /v1/chat/completions, GET /stats")
    uvicorn.run(app, host=config.host, port=config.port, log_level="info")


if __name__ == "__main__":
    serve()
