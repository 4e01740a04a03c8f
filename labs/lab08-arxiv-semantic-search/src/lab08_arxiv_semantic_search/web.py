"""The search page and its JSON API (FastAPI), and a helper that serves them from a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

from lab08_arxiv_semantic_search.engine import SearchEngine

MAX_K = 100

# The page calls the JSON API from JavaScript and writes results with textContent (never
# innerHTML), so a document or query holding markup cannot inject it into the page.
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Semantic paper search</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
  form { display: flex; gap: .5rem; } #q { flex: 1; font-size: 1.1rem; padding: .4rem; }
  li.result { margin: .8rem 0; } .title { font-weight: 600; } .meta { color: #666; font-size: .85rem; }
  #status { color: #444; margin-top: .8rem; } #status.error { color: #b00; }
</style>
</head>
<body>
<h1>Semantic paper search</h1>
<form id="search-form">
  <input id="q" name="q" type="search" placeholder="e.g. removing background noise from recordings" autofocus>
  <input id="k" name="k" type="number" min="1" max="100" value="10" style="width:4rem">
  <button id="go" type="submit">Search</button>
</form>
<div id="status"></div>
<ol id="results"></ol>
<script>
const form = document.getElementById("search-form");
const status = document.getElementById("status");
const list = document.getElementById("results");

async function runSearch(q, k) {
  status.className = ""; status.textContent = "searching...";
  list.replaceChildren();
  const response = await fetch(`/api/search?q=${encodeURIComponent(q)}&k=${k}`);
  const body = await response.json();
  if (!response.ok) {
    status.className = "error"; status.textContent = body.detail || `error ${response.status}`;
    return;
  }
  for (const hit of body.results) {
    const item = document.createElement("li");
    item.className = "result"; item.dataset.id = hit.id;
    const title = document.createElement("div"); title.className = "title"; title.textContent = hit.title;
    const meta = document.createElement("div"); meta.className = "meta";
    meta.textContent = `${hit.id} · ${hit.topic || "no topic"} · score ${hit.score.toFixed(3)}`;
    const snippet = document.createElement("p"); snippet.className = "snippet"; snippet.textContent = hit.snippet;
    item.append(title, meta, snippet); list.append(item);
  }
  status.textContent = `${body.results.length} results in ${body.took_ms.toFixed(1)} ms`;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = document.getElementById("q").value, k = document.getElementById("k").value;
  history.replaceState(null, "", `?q=${encodeURIComponent(q)}&k=${k}`);
  runSearch(q, k).catch((err) => { status.className = "error"; status.textContent = String(err); });
});

const params = new URLSearchParams(location.search);
if (params.get("q")) {
  document.getElementById("q").value = params.get("q");
  document.getElementById("k").value = params.get("k") || 10;
  form.requestSubmit();
}
</script>
</body>
</html>
"""


def search_response(engine: SearchEngine, q: str, k: int = 10) -> dict:
    """The JSON body of ``GET /api/search?q=...&k=...``.

    ``{"query": q stripped, "k": k, "took_ms": float, "results": [Hit.to_dict(), ...]}``, the
    results being ``engine.search(q, k)`` best first and ``took_ms`` the time that search took.
    An empty or blank ``q``, or ``k`` outside [1, MAX_K], raises ``ValueError`` saying so.
    """
    # BEGIN SOLUTION
    q = (q or "").strip()
    if not q:
        raise ValueError("the query is empty: pass some words, e.g. /api/search?q=speech+recognition")
    if not 1 <= k <= MAX_K:
        raise ValueError(f"k must be between 1 and {MAX_K}, got {k}")
    start = time.perf_counter()
    hits = engine.search(q, k)
    took_ms = (time.perf_counter() - start) * 1000
    return {"query": q, "k": k, "took_ms": round(took_ms, 3), "results": [h.to_dict() for h in hits]}
    # END SOLUTION


def create_app(engine: SearchEngine) -> FastAPI:
    """``GET /`` the page, ``GET /api/search?q=&k=`` the results (400 with ``{"detail": why}``
    on a bad request), ``GET /api/health`` the model, index kind and document count."""
    app = FastAPI(title="Semantic paper search")
    lock = threading.Lock()  # one search at a time: the encoder and its cache are not thread-safe

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        return PAGE

    @app.get("/api/search")
    def search(q: str = "", k: int = 10):
        try:
            with lock:
                return search_response(engine, q, k)
        except ValueError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.get("/api/health")
    def health() -> dict:
        return {"model": engine.encoder.model_id, "index": engine.kind,
                "documents": len(engine.documents)}

    return app


@contextmanager
def running_server(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` with uvicorn from a background thread; yields its base URL, e.g.
    ``http://127.0.0.1:41234``. ``port=0`` picks a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError(f"the server on {host}:{port} did not start within 20 s")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
