"""``llmlab-serve``: an OpenAI-compatible server for a zoo model (or any Hugging Face causal LM).

    uv run --package llmlab --extra serve --extra hf llmlab-serve --model stories-lm-large --port 8000
    # then any OpenAI client: base URL http://127.0.0.1:8000/v1
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="llmlab-serve",
        description="Serve a causal LM over an OpenAI-compatible API (/v1/chat/completions, "
                    "/v1/completions, /v1/models, streaming included) for offline use of the labs.")
    parser.add_argument("--model", default="stories-lm-large",
                        help="a zoo name (stories-lm-small, stories-lm-large), a local Hugging Face "
                             "folder, or a hub id; a hub id that cannot be reached falls back to "
                             "stories-lm-large (default: %(default)s)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="interface to listen on; 0.0.0.0 exposes it to the network "
                             "(default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default: %(default)s)")
    parser.add_argument("--api-key", default=None,
                        help="require this bearer token from clients (default: no key)")
    parser.add_argument("--device", default="auto", help="cpu, cuda, mps or auto (default: auto)")
    parser.add_argument("--name", default=None,
                        help="the model name reported by /v1/models (default: the folder's name)")
    args = parser.parse_args(argv)

    try:
        import uvicorn

        from llmlab.llm.backends import HFBackend
        from llmlab.llm.server import create_app
        from llmlab.zoo import resolve_model
    except ImportError as exc:
        print(f"llmlab-serve needs llmlab[serve,hf]: {exc}", file=sys.stderr)
        return 2
    source = resolve_model(args.model, fallback="stories-lm-large")
    backend = HFBackend(source, device=args.device, name=args.name)
    print(f"serving {source} as {backend.name!r} on http://{args.host}:{args.port}/v1", file=sys.stderr)
    uvicorn.run(create_app(backend, api_key=args.api_key), host=args.host, port=args.port,
                log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
