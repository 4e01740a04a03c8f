"""``python -m llmlab_grading.lockcheck``: is the one lock sane?

An unconstrained lock of the course resolves some key packages to ancient releases (seen:
vllm 0.1.2, gradio 3.x, mlflow 1.x) because vllm pins torch. This check reads ``uv.lock`` and
fails when any key package is missing or older than the floor below, or when torch is not the
single pinned version.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.version import Version

from llmlab_grading.labs import repo_root

FLOORS = {
    "torch": "2.10",
    "transformers": "5.0",
    "peft": "0.17",
    "trl": "1.0",
    "vllm": "0.30",
    "crewai": "1.0",
    "mlflow": "3.0",
    "gradio": "5.0",
    "diffusers": "0.35",
    "neo4j": "5.0",
    "openai-whisper": "20250625",
}


def locked_versions(lock_path: Path) -> dict[str, list[str]]:
    """Package name -> every version the lock holds for it (a fork can hold several)."""
    data = tomllib.loads(lock_path.read_text())
    versions: dict[str, list[str]] = {}
    for package in data.get("package", []):
        if "version" in package:
            versions.setdefault(package["name"], []).append(package["version"])
    return versions


def pinned_torch(root: Path) -> str | None:
    cfg = tomllib.loads((root / "pyproject.toml").read_text())
    for item in cfg.get("tool", {}).get("uv", {}).get("constraint-dependencies", []):
        name, _, version = item.partition("==")
        if name.strip() == "torch":
            return version.strip()
    return None


def check(root: Path | None = None, floors: dict[str, str] | None = None) -> list[str]:
    """Problems with the lock; empty when it is sane."""
    root = root or repo_root()
    floors = floors or FLOORS
    lock = root / "uv.lock"
    if not lock.is_file():
        return ["no uv.lock: run `uv lock`"]
    versions = locked_versions(lock)
    problems = []
    for name, floor in floors.items():
        held = versions.get(name)
        if not held:
            problems.append(f"{name} is not in the lock: declare it (root dependency group 'catalogue' or a lab)")
            continue
        old = [v for v in held if Version(v) < Version(floor)]
        if old:
            problems.append(f"{name} resolves to {', '.join(old)}, older than {floor}: constrain it in the root pyproject")
    pin = pinned_torch(root)
    if pin is None:
        problems.append("torch is not pinned once in the root's [tool.uv] constraint-dependencies")
    elif versions.get("torch") and set(versions["torch"]) != {pin}:
        problems.append(f"the lock holds torch {', '.join(versions['torch'])}, not only the pinned {pin}")
    return problems


def main() -> int:
    root = repo_root()
    problems = check(root)
    versions = locked_versions(root / "uv.lock") if (root / "uv.lock").is_file() else {}
    for name in FLOORS:
        print(f"{name:>16}  {', '.join(versions.get(name, ['missing'])):<14} (floor {FLOORS[name]})")
    for problem in problems:
        print(f"problem: {problem}")
    print("lock: ok" if not problems else f"lock: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
