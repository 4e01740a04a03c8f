"""The one lock is fresh and sane; the check catches the nonsense an unconstrained lock gives."""

from __future__ import annotations

import shutil
import subprocess

from llmlab_grading import labs
from llmlab_grading.lockcheck import FLOORS, check, locked_versions


def test_repository_lock_is_sane():
    assert check(labs.repo_root()) == []


def test_repository_lock_is_fresh():
    done = subprocess.run(["uv", "lock", "--check"], cwd=labs.repo_root(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_key_package_is_modern():
    versions = locked_versions(labs.repo_root() / "uv.lock")
    assert set(FLOORS) <= set(versions)
    assert versions["torch"] == ["2.13.0"]


def test_ancient_versions_are_caught(tmp_path):
    root = labs.repo_root()
    shutil.copy(root / "pyproject.toml", tmp_path / "pyproject.toml")
    text = (root / "uv.lock").read_text()
    vllm = locked_versions(root / "uv.lock")["vllm"][0]
    text = text.replace(f'name = "vllm"\nversion = "{vllm}"', 'name = "vllm"\nversion = "0.1.2"')
    (tmp_path / "uv.lock").write_text(text)
    problems = check(tmp_path)
    assert any(p.startswith("vllm resolves to 0.1.2") for p in problems)


def test_a_missing_torch_pin_is_caught(tmp_path):
    root = labs.repo_root()
    shutil.copy(root / "uv.lock", tmp_path / "uv.lock")
    (tmp_path / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace('"torch==2.13.0"', ""))
    assert any("not pinned" in p for p in check(tmp_path))
