"""Hidden tests, task websocket: websocket_session behind WS /ws, over a real connection."""

import json

from lab44_fastapi_streaming import GatedBackend, Limits
from llmlab_grading import points
from websockets.sync.client import connect


def ws_url(root):
    return root.replace("http://", "ws://") + "/ws"


def reply(ws):
    """Messages up to and including the first that is not a token."""
    got = []
    while True:
        message = json.loads(ws.recv(timeout=15))
        got.append(message)
        if message["type"] != "token":
            return got


@points(6, "WebSocket: one JSON request per text message; answer {type: token, index, text} per piece, "
        "then {type: done, finish_reason, usage}; serve several requests on one connection.",
        task="websocket", timeout=45)
def test_ws_tokens_then_done_twice(serve):
    app, root = serve(GatedBackend(tokens=5))
    with connect(ws_url(root)) as ws:
        ws.send(json.dumps({"prompt": "a b c", "max_tokens": 3}))
        first = reply(ws)
        ws.send(json.dumps({"prompt": "again"}))
        second = reply(ws)
    assert first == [{"type": "token", "index": i, "text": f" w{i}"} for i in range(3)] + [
        {"type": "done", "finish_reason": "length",
         "usage": {"prompt_tokens": 3, "completion_tokens": 3, "total_tokens": 6}}]
    assert [m["type"] for m in second] == ["token"] * 5 + ["done"]
    assert second[-1]["finish_reason"] == "stop" and second[-1]["usage"]["completion_tokens"] == 5
    assert app.state.stats.completed == 2


@points(5, "WebSocket refusals: bad JSON or fields -> {type: error, status: 422, message naming the "
        "field}; a prompt over the limit -> status 413; the connection stays open for the next request.",
        task="websocket", timeout=45)
def test_ws_refusals_keep_the_connection(serve):
    backend = GatedBackend(tokens=4)
    app, root = serve(backend, Limits(max_prompt_tokens=4))
    with connect(ws_url(root)) as ws:
        ws.send("{oops")
        bad_json = json.loads(ws.recv(timeout=15))
        ws.send(json.dumps({"prompt": "hi", "temperature": 9}))
        bad_field = json.loads(ws.recv(timeout=15))
        ws.send(json.dumps({"prompt": "one two three four five"}))
        too_big = json.loads(ws.recv(timeout=15))
        ws.send(json.dumps({"prompt": "one two three four", "max_tokens": 2}))
        fine = reply(ws)
    assert bad_json["type"] == "error" and bad_json["status"] == 422
    assert bad_field["type"] == "error" and bad_field["status"] == 422 and "temperature" in bad_field["message"]
    assert too_big["type"] == "error" and too_big["status"] == 413
    assert "5" in too_big["message"] and "4" in too_big["message"]
    assert [m["type"] for m in fine] == ["token", "token", "done"]
    assert app.state.stats.started == 1  # refused requests never reached the model


@points(4, "WebSocket: when the client closes mid-generation, the generation must be closed (a send on a "
        "closed socket raises WebSocketDisconnect; pieces_of closes the Generation).",
        task="websocket", timeout=45)
def test_ws_close_cancels_generation(serve, wait_until):
    backend = GatedBackend(tokens=500, delay=0.02, wait_s=15)
    app, root = serve(backend)
    with connect(ws_url(root)) as ws:
        ws.send(json.dumps({"prompt": "hi", "max_tokens": 500}))
        assert [json.loads(ws.recv(timeout=15))["type"] for _ in range(3)] == ["token"] * 3
    assert backend.closed.wait(15), "the generation was never closed after the client left"
    assert wait_until(lambda: app.state.stats.cancelled == 1), app.state.stats
    assert backend.produced < 500 and backend.finished == 0
