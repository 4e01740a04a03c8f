"""Running the lab's notebook headless, as CI and the graders do, and checking the PNGs it writes.

A notebook that only works when someone clicks "Run all" in the right environment is not
reproducible. Here it is executed by nbclient with a kernel started on *this* interpreter, so
it sees exactly the packages (and ``PYTHONPATH``) of the process that runs it, and it is told
where to write its figures through an environment variable.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

FIGURES_ENV = "LAB12_FIGURES_DIR"  # the notebook's parameter cell reads its output folder here
# The course's copy, next to src/ in the lab folder (an editable or handout install).
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "activations.ipynb"
FIGURES = ("activations.png", "derivative_errors.png", "gelu.png", "gradient_flow.png")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ThisPythonKernel(AsyncKernelManager):
    """A ``python3`` kernel started as ``sys.executable -m ipykernel_launcher``.

    A kernel spec found on disk may name another Python (a user-wide ``python3`` kernel wins
    over the virtual environment's), whose kernel would not see this environment's packages.
    """

    def __init__(self, **kwargs) -> None:
        # without CurveZMQ keys the kernel's local TCP sockets are plain text (and it warns)
        kwargs.setdefault("transport_encryption", "auto")
        super().__init__(**kwargs)

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            name="python3",
            display_name="Python 3 (this interpreter)",
            language="python",
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            metadata={"supported_encryption": ["curve"]},  # ipykernel speaks CurveZMQ
        )


def execute_notebook(notebook: Path, out_dir: Path, timeout: int = 120) -> Path:
    """Execute ``notebook`` headless; return the executed copy, saved as ``out_dir / notebook.name``.

    - Read it with ``nbformat`` (version 4) and run it with ``nbclient.NotebookClient``, using
      ``kernel_manager_class=ThisPythonKernel`` and ``timeout`` seconds per cell.
    - The kernel runs in ``out_dir`` (created if missing) and its environment is this process's
      plus ``LAB12_FIGURES_DIR=<out_dir>``, so the notebook's figures land in ``out_dir``
      (nbclient: ``resources={"metadata": {"path": ...}}`` sets the kernel's working folder,
      ``client.execute(env=...)`` its environment).
    - A failing cell raises nbclient's ``CellExecutionError``; save the executed copy even then,
      so its traceback can be read.
    """
    # BEGIN SOLUTION
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            kernel_manager_class=ThisPythonKernel,
                            resources={"metadata": {"path": str(out_dir)}})
    executed = out_dir / Path(notebook).name
    try:
        client.execute(env={**os.environ, FIGURES_ENV: str(out_dir)})
    finally:
        nbformat.write(nb, executed)
    return executed
    # END SOLUTION


def png_size(path: Path) -> tuple[int, int]:
    """``(width, height)`` in pixels, read from a PNG's header without any imaging library.

    A PNG starts with the 8-byte signature ``b"\\x89PNG\\r\\n\\x1a\\n"``, then its IHDR chunk:
    a 4-byte length, ``b"IHDR"``, then width and height as big-endian unsigned 32-bit ints.
    Raises ``ValueError`` when the file does not start that way.
    """
    # BEGIN SOLUTION
    with open(path, "rb") as handle:
        head = handle.read(24)
    if len(head) < 24 or head[:8] != PNG_SIGNATURE or head[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG: it lacks the PNG signature and IHDR header")
    width, height = struct.unpack(">II", head[16:24])
    return width, height
    # END SOLUTION
