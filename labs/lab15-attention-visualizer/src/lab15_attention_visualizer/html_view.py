"""A self-contained interactive HTML page: pick a view, a layer and a head, see the heatmap.

Everything is inline (no script or style URLs), so the file opens offline and can be mailed
around. The numbers sit in a ``<script type="application/json" id="attention-data">`` element;
the page's own script reads them and draws a table whose cell colours are the weights.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from pathlib import Path

import torch

# Views: name -> (labels, attention (L, H, N, N)); e.g. {"tokens": ..., "words": ...}.
Views = Mapping[str, tuple[list[str], torch.Tensor]]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>__TITLE__</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
.controls label { margin-right: 1.2em; }
table { border-collapse: collapse; font-size: 12px; margin-top: 1em; }
td { width: 22px; height: 22px; padding: 0; border: 1px solid #fff; }
th { font-weight: normal; padding: 2px 4px; white-space: nowrap; }
th.col { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; }
th.row { text-align: right; }
tr:hover th.row { font-weight: bold; }
#detail { margin-top: 1em; min-height: 1.5em; font-family: monospace; }
</style>
</head>
<body>
<h1>__TITLE__</h1>
<p>Rows attend (queries), columns are attended to (keys); every row sums to 1.
Colours are scaled to the largest weight of the map. Hover a cell for its value.</p>
<div class="controls">
<label>View <select id="view">__VIEW_OPTIONS__</select></label>
<label>Layer <select id="layer">__LAYER_OPTIONS__</select></label>
<label>Head <select id="head">__HEAD_OPTIONS__</select></label>
</div>
<table id="grid"></table>
<div id="detail"></div>
<script type="application/json" id="attention-data">__DATA__</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("attention-data").textContent);
const pick = (id) => document.getElementById(id);

function render() {
  const view = data.views[pick("view").value];
  const weights = view.attention[Number(pick("layer").value)][Number(pick("head").value)];
  const labels = view.labels;
  let top = 0;
  for (const row of weights) for (const w of row) top = Math.max(top, w);
  const grid = pick("grid");
  grid.textContent = "";
  const header = grid.insertRow();
  header.appendChild(document.createElement("th"));
  for (const label of labels) {
    const th = document.createElement("th");
    th.className = "col";
    th.textContent = label;  // textContent, never innerHTML: labels are untrusted text
    header.appendChild(th);
  }
  weights.forEach((row, i) => {
    const tr = grid.insertRow();
    const th = document.createElement("th");
    th.className = "row";
    th.textContent = labels[i];
    tr.appendChild(th);
    row.forEach((w, j) => {
      const td = tr.insertCell();
      td.style.background = "rgba(33, 102, 172, " + (top > 0 ? w / top : 0).toFixed(3) + ")";
      td.title = labels[i] + " -> " + labels[j] + ": " + w.toFixed(4);
      td.addEventListener("mouseenter", () => { pick("detail").textContent = td.title; });
    });
  });
}

for (const id of ["view", "layer", "head"]) pick(id).addEventListener("change", render);
render();
</script>
</body>
</html>
"""


def fill(page: str, **values: str) -> str:
    """Replace each ``__NAME__`` marker of ``page`` by ``values["NAME"]``, in one pass.

    One pass means a value that itself contains ``__DATA__`` is never substituted again.
    """
    return re.sub(r"__([A-Z_]+?)__", lambda m: values.get(m.group(1), m.group(0)), page)


def attention_payload(views: Views, decimals: int = 4) -> dict:
    """The JSON-ready data of the page.

    ``{"layers": L, "heads": H, "views": {name: {"labels": [...], "attention": nested lists
    (L, H, N, N) of floats rounded to ``decimals``}}}``. Every view must be 4-D with N matching
    its labels, and all views must share L and H (ValueError otherwise).
    """
    if not views:
        raise ValueError("no views to show: pass at least one name -> (labels, attention)")
    # BEGIN SOLUTION
    shapes = set()
    out: dict[str, dict] = {}
    for name, (labels, attn) in views.items():
        if attn.dim() != 4 or attn.shape[-1] != attn.shape[-2] or attn.shape[-1] != len(labels):
            raise ValueError(f"view {name!r}: attention must be (L, H, N, N) with N = "
                             f"{len(labels)} labels, got shape {tuple(attn.shape)}")
        shapes.add(tuple(attn.shape[:2]))
        # float64 before rounding, so 0.1234 is written as 0.1234 and not 0.12340000271797
        values = attn.detach().cpu().double().round(decimals=decimals).tolist()
        out[name] = {"labels": [str(label) for label in labels], "attention": values}
    if len(shapes) != 1:
        raise ValueError(f"views disagree on (layers, heads): {sorted(shapes)}")
    (layers, heads), = shapes
    return {"layers": layers, "heads": heads, "views": out}
    # END SOLUTION


def script_safe_json(obj: object) -> str:
    """``json.dumps(obj)`` that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as the JSON escapes ``\\u003c``, ``\\u003e``, ``\\u0026``,
    so a label such as ``</script>`` cannot end the element early; ``json.loads`` of the result
    still gives back ``obj`` exactly.
    """
    # BEGIN SOLUTION
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    # END SOLUTION


def write_html(path: str | Path, views: Views, title: str = "Attention heads") -> Path:
    """Write the interactive page for ``views`` to ``path`` (UTF-8) and return the path.

    Fills :data:`PAGE` with :func:`fill`: ``TITLE`` (HTML-escaped), ``VIEW_OPTIONS`` (one
    ``<option value="name">`` per view), ``LAYER_OPTIONS`` and ``HEAD_OPTIONS`` (``<option
    value="0">0</option>`` ... one per layer / head) and ``DATA`` (:func:`script_safe_json` of
    :func:`attention_payload`).
    """
    # BEGIN SOLUTION
    payload = attention_payload(views)

    def options(values: list[str]) -> str:
        return "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)

    page = fill(
        PAGE,
        TITLE=html.escape(title),
        VIEW_OPTIONS=options(list(views)),
        LAYER_OPTIONS=options([str(i) for i in range(payload["layers"])]),
        HEAD_OPTIONS=options([str(i) for i in range(payload["heads"])]),
        DATA=script_safe_json(payload),
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
    # END SOLUTION
