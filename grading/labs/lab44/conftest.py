"""Fixtures for lab 44's hidden tests: servers on free ports that always stop, and the tests'
own SSE reader (independent of the student's parse_sse)."""

import contextlib
import time

import httpx
import pytest
from lab44_fastapi_streaming import GatedBackend, create_stream_app
from llmlab.llm import running_server


@pytest.fixture
def serve():
    """``serve(backend, limits=None) -> (app, root_url)``; everything is stopped when the test ends,
    passed or failed, and a GatedBackend's gate is opened first so no thread is left waiting."""
    with contextlib.ExitStack() as stack:
        def start(backend, limits=None):
            app = create_stream_app(backend, limits=limits)
            base = stack.enter_context(running_server(app))
            if isinstance(backend, GatedBackend):
                stack.callback(backend.open)  # LIFO: runs before the server stops
            return app, base.removesuffix("/v1")

        yield start


@pytest.fixture
def http():
    with httpx.Client(timeout=10, trust_env=False) as client:
        yield client


def _events(lines):
    """(event, data) pairs of an SSE stream: the hidden tests' own minimal reader."""
    name, data = "message", []
    for line in lines:
        line = line.rstrip("\r\n")
        if not line:
            if data:
                yield name, "\n".join(data)
            name, data = "message", []
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif line.startswith("event:"):
            name = line[6:].removeprefix(" ")
    if data:
        yield name, "\n".join(data)


@pytest.fixture
def events():
    return _events


def _wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.fixture
def wait_until():
    return _wait_until


@pytest.fixture(scope="session")
def zoo_backend():
    """The real model the service serves by default: the zoo's stories-lm-small, offline."""
    from lab44_fastapi_streaming import default_backend

    return default_backend()
