import json
import struct
import sys
import zlib
from pathlib import Path

import nbformat
import pytest
from lab12_activation_visualizer.notebook import FIGURES, execute_notebook, png_size
from lab12_checks import png_header_size
from llmlab_grading import points
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_notebook


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int) -> bytes:
    rows = b"".join(b"\x00" + b"\x80" * (3 * width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b""))


def _write_notebook(path: Path, *sources: str) -> Path:
    nbformat.write(new_notebook(cells=[new_code_cell(s) for s in sources]), path)
    return path


@points(3, "png_size must read (width, height) from the PNG's IHDR header (big-endian uint32 at "
           "bytes 16-24) and raise ValueError for a file that is not a PNG.", task="notebook", timeout=30)
def test_png_size(tmp_path):
    (tmp_path / "a.png").write_bytes(_png(300, 7))
    (tmp_path / "b.png").write_bytes(_png(70000, 1)[:40])  # a header is enough
    (tmp_path / "c.png").write_bytes(b"\xff\xd8\xff\xe0" + bytes(40))  # a JPEG
    (tmp_path / "d.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # truncated
    assert png_size(tmp_path / "a.png") == (300, 7)
    assert png_size(tmp_path / "b.png") == (70000, 1)
    for bad in ("c.png", "d.png"):
        with pytest.raises(ValueError):
            png_size(tmp_path / bad)


@points(7, "The course notebook, executed headless with your package, must write its four figures "
           "(non-trivial PNGs) and the executed copy into the output folder.", task="notebook",
        timeout=240)
def test_notebook_writes_figures(tmp_path, course_notebook):
    out = tmp_path / "figures"
    executed = execute_notebook(course_notebook, out, timeout=200)
    assert executed == out.resolve() / course_notebook.name or executed == out / course_notebook.name
    for name in FIGURES:
        path = out / name
        assert path.is_file(), f"{name} was not written"
        assert path.stat().st_size > 10_000, f"{name} is only {path.stat().st_size} bytes"
        width, height = png_header_size(path)
        assert width >= 400 and height >= 300, (name, width, height)
    nb = nbformat.read(executed, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "every code cell should have run"
    assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)
    flow = json.loads((out / "gradient_flow.json").read_text())
    assert flow["sigmoid"][0] / flow["sigmoid"][-1] < 1e-6


@points(3, "execute_notebook must start the kernel with this interpreter (sys.executable), run it "
           "in the output folder and pass LAB12_FIGURES_DIR to it.", task="notebook", timeout=90)
def test_execute_notebook_uses_this_interpreter(tmp_path):
    nb = _write_notebook(tmp_path / "probe.ipynb",
                         "import json, os, sys\n"
                         "json.dump({'python': sys.executable, 'cwd': os.getcwd(),\n"
                         "           'figures': os.environ.get('LAB12_FIGURES_DIR')},\n"
                         "          open(os.path.join(os.environ['LAB12_FIGURES_DIR'], 'who.json'), 'w'))")
    out = tmp_path / "out"
    execute_notebook(nb, out, timeout=60)
    who = json.loads((out / "who.json").read_text())
    assert who["python"] == sys.executable
    assert Path(who["cwd"]).resolve() == out.resolve()
    assert Path(who["figures"]).resolve() == out.resolve()
    assert (out / "probe.ipynb").is_file()


@points(2, "A failing cell must raise nbclient's CellExecutionError (never be swallowed), and the "
           "executed copy must still be saved so its traceback can be read.", task="notebook",
        timeout=90)
def test_execute_notebook_raises_on_failing_cell(tmp_path):
    nb = _write_notebook(tmp_path / "broken.ipynb", "x = 1", "raise RuntimeError('boom 12')", "y = 2")
    out = tmp_path / "out"
    with pytest.raises(CellExecutionError, match="boom 12"):
        execute_notebook(nb, out, timeout=60)
    saved = nbformat.read(out / "broken.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for o in saved.cells[1].outputs)
