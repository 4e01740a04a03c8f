"""``llmlab-gradescope``: build a lab's Gradescope autograder bundle.

The zip holds ``setup.sh`` (installs uv and builds two environments from the course lock: the
grader's and the lab's), ``run_autograder`` (grades ``/autograder/submission`` with the same
engine as ``nox -s grade`` and writes ``/autograder/results/results.json``) and ``source/``: the
workspace root, the lock, the shared package, the grading engine, this lab's hidden tests and
every lab's ``pyproject.toml`` (so the lock still matches the workspace). Other labs' code and
hidden tests stay out. ``AUTOGRADER_ROOT`` moves ``/autograder`` for local runs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from llmlab_grading import labs

SETUP = """#!/usr/bin/env bash
set -euo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
cd "$ROOT/source"
command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
UV_PROJECT_ENVIRONMENT="$ROOT/source/.venv-grader" uv sync --frozen --package llmlab-grading --quiet
UV_PROJECT_ENVIRONMENT="$ROOT/source/.llmlab/envs/{key}" uv sync --frozen --package {package} \\
  --no-install-project --group test --quiet
"""

RUN = """#!/usr/bin/env bash
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
cd "$ROOT/source"
export LLMLAB_GRADING_ENVS="$ROOT/source/.llmlab/envs" LLMLAB_SKIP_SYNC=1
"$ROOT/source/.venv-grader/bin/python" -m llmlab_grading.cli {key} \\
  --submission "$ROOT/submission" --out "$ROOT/results" --quiet
"""

IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", "runs", "tests")


def build_bundle(lab: labs.Lab, dest: Path) -> Path:
    """Write ``dest/<lab>-gradescope.zip`` and return its path."""
    root = labs.repo_root(lab.path)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        source = stage / "source"
        source.mkdir()
        for name in ("pyproject.toml", "uv.lock", "README.md"):
            shutil.copy(root / name, source / name)
        shutil.copytree(root / "shared", source / "shared", ignore=IGNORE)
        shutil.copytree(root / "grading" / "src", source / "grading" / "src", ignore=IGNORE)
        shutil.copy(root / "grading" / "pyproject.toml", source / "grading" / "pyproject.toml")
        shutil.copytree(lab.hidden_tests, source / "grading" / "labs" / lab.key, ignore=IGNORE)
        for other in labs.discover(root):
            target = source / "labs" / other.path.name
            if other.key == lab.key:
                shutil.copytree(other.path, target, ignore=IGNORE)
            else:  # metadata only: the lock names every member
                target.mkdir(parents=True)
                shutil.copy(other.path / "pyproject.toml", target / "pyproject.toml")
        (stage / "setup.sh").write_text(SETUP.format(key=lab.key, package=lab.package))
        (stage / "run_autograder").write_text(RUN.format(key=lab.key))
        dest.mkdir(parents=True, exist_ok=True)
        bundle = dest / f"{lab.key}-gradescope.zip"
        with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo.from_file(path, path.relative_to(stage).as_posix())
                    if path.name in ("setup.sh", "run_autograder"):
                        info.external_attr = 0o755 << 16
                    zf.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="llmlab-gradescope",
        description="Build a lab's Gradescope autograder zip (setup.sh, run_autograder, hidden tests, "
                    "the shared package and the grading engine).",
    )
    parser.add_argument("lab", help="the lab: lab16, 16 or lab16-mini-gpt")
    parser.add_argument("--out", type=Path, default=None, help="destination folder (default: dist/gradescope)")
    args = parser.parse_args(argv)
    lab = labs.find(args.lab)
    bundle = build_bundle(lab, args.out or labs.repo_root() / "dist" / "gradescope")
    print(f"{lab.key}: Gradescope bundle written to {bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
