"""``activation-figures``: execute the lab's notebook headless and report the figures it wrote.

The figures come from the notebook itself (run by nbclient on a kernel of this interpreter),
never from a second copy of the plotting code, so what the command writes is what a student
sees in Jupyter.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from llmlab.cli import parse_config
from nbclient.exceptions import CellExecutionError

from lab12_activation_visualizer.notebook import FIGURES, NOTEBOOK, execute_notebook, png_size


@dataclass
class Config:
    out_dir: Path = field(default=Path("runs/lab12"), metadata={
        "help": "folder for the figures, the executed notebook and the JSON summaries"})
    notebook: Path = field(default=NOTEBOOK, metadata={"help": "the notebook to execute"})
    timeout: int = field(default=300, metadata={"help": "seconds allowed per notebook cell"})


def _report(out_dir: Path) -> None:
    for name in FIGURES:
        path = out_dir / name
        width, height = png_size(path)
        print(f"  {path}  {width}x{height} px  {path.stat().st_size / 1024:.0f} KB")
    worst = json.loads((out_dir / "derivative_errors.json").read_text())
    flow = json.loads((out_dir / "gradient_flow.json").read_text())
    print(f"\n{'activation':11s}  {'max |analytic - numeric|':>24s}  {'grad norm layer 1':>17s}  "
          f"{'layer ' + str(len(next(iter(flow.values())))):>9s}  {'ratio':>8s}")
    for name, norms in flow.items():
        print(f"{name:11s}  {worst[name]:24.1e}  {norms[0]:17.2e}  {norms[-1]:9.2e}  "
              f"{norms[0] / norms[-1]:8.1e}")


def main(argv: list[str] | None = None) -> None:
    config = parse_config(Config, argv, prog="activation-figures", description=(
        "Execute notebooks/activations.ipynb headless (nbclient, a kernel on this interpreter); "
        "the notebook writes its PNG figures and JSON summaries into --out-dir."))
    if not config.notebook.is_file():
        raise SystemExit(f"no notebook at {config.notebook}: pass --notebook path/to/activations.ipynb")
    if config.out_dir.resolve() == config.notebook.resolve().parent:
        raise SystemExit("--out-dir is the notebook's own folder: the executed copy would overwrite "
                         "the notebook; pick another folder")
    start = time.perf_counter()
    try:
        executed = execute_notebook(config.notebook, config.out_dir, config.timeout)
    except CellExecutionError as exc:
        raise SystemExit(f"{exc}\n\na notebook cell failed (see above); the executed copy is "
                         f"{config.out_dir / config.notebook.name}") from None
    print(f"executed {executed} in {time.perf_counter() - start:.1f} s; figures:")
    _report(config.out_dir)
