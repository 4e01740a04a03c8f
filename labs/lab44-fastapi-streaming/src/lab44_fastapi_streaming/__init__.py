"""Lab 44: an LLM service that streams (SSE, WebSockets, OpenAI-compatible) and its load test."""

from lab44_fastapi_streaming.app import create_stream_app, default_backend, error_response
from lab44_fastapi_streaming.doubles import GatedBackend
from lab44_fastapi_streaming.metrics import LoadSummary, StreamTiming, percentile, summarize
from lab44_fastapi_streaming.openai_api import chunk, openai_response, openai_stream
from lab44_fastapi_streaming.sse import ServerEvent, format_sse, parse_sse
from lab44_fastapi_streaming.streaming import StreamStats, pieces_of, sse_stream
from lab44_fastapi_streaming.validation import (
    MAX_TOKENS_CAP,
    GenerateRequest,
    Limits,
    TooLarge,
    check_body_size,
    check_prompt_size,
    validation_message,
)
from lab44_fastapi_streaming.websocket import websocket_session

__all__ = [
    "MAX_TOKENS_CAP", "GatedBackend", "GenerateRequest", "Limits", "LoadSummary", "ServerEvent", "StreamStats",
    "StreamTiming", "TooLarge", "check_body_size", "check_prompt_size", "chunk", "create_stream_app",
    "default_backend", "error_response", "format_sse", "openai_response", "openai_stream", "parse_sse",
    "percentile", "pieces_of", "sse_stream", "summarize", "validation_message", "websocket_session",
]
