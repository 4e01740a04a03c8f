"""The Gradescope bundle, run locally in a temporary /autograder layout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from llmlab_grading import labs
from llmlab_grading.gradescope import build_bundle
from llmlab_grading.handout import build_handout


def _cheapest_lab() -> labs.Lab:
    found = labs.discover()
    if not found:
        pytest.fail("no labs in the workspace")
    light = [lab for lab in found if not any(d.startswith("torch") for d in lab.dependencies)]
    return (light or found)[0]


def _run(script: str, root, env) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(root / script)], env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def autograder_root():
    # Like Gradescope's /autograder: readable by the unprivileged user that runs submissions.
    root = Path(tempfile.mkdtemp(prefix="autograder-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_bundle_grades_reference_and_starter(tmp_path, autograder_root):
    lab = _cheapest_lab()
    bundle = build_bundle(lab, tmp_path / "dist")
    root = autograder_root
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        zf.extractall(root)
    assert "setup.sh" in names and "run_autograder" in names
    assert any(n.startswith(f"source/grading/labs/{lab.key}/test_") for n in names)
    other_hidden = [n for n in names if n.startswith("source/grading/labs/") and f"/{lab.key}/" not in n]
    assert other_hidden == []

    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    env["AUTOGRADER_ROOT"] = str(root)
    done = _run("setup.sh", root, env)
    assert done.returncode == 0, done.stderr[-3000:]

    def grade(submission) -> dict:
        target = root / "submission"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(submission, target)
        shutil.rmtree(root / "results", ignore_errors=True)
        result = _run("run_autograder", root, env)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads((root / "results" / "results.json").read_text())

    reference = grade(lab.path)
    assert reference["score"] == 100
    assert all(t["status"] == "passed" for t in reference["tests"])
    starter = grade(build_handout(lab, tmp_path / "handout"))
    assert starter["score"] < 50
    assert sum(t["max_score"] for t in starter["tests"]) == 100
