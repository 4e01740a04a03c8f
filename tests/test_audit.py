"""`nox -s audit` passes on the repository and catches each way a lab can break the contract."""

from __future__ import annotations

import shutil

from llmlab_grading import labs
from llmlab_grading.audit import audit, audit_lab


def test_repository_labs_comply():
    found = audit(labs.repo_root())
    assert found == {key: [] for key in found}


def test_probe_complies(probe):
    assert audit_lab(probe) == []


def _problems(lab) -> str:
    return "\n".join(audit_lab(labs.read_lab(lab.path)))


def test_readme_sections_are_checked(probe):
    readme = probe.path / "README.md"
    readme.write_text(readme.read_text().replace("## Background", "## Theory"))
    assert "README sections must be" in _problems(probe)


def test_points_must_sum_to_100(probe):
    hidden = probe.hidden_tests / "test_probe.py"
    hidden.write_text(hidden.read_text().replace("@points(30, \"double", "@points(20, \"double"))
    assert "sum to 90, not 100" in _problems(probe)


def test_number_must_match_folder(probe):
    pyproject = probe.path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("number = 99", "number = 98"))
    assert "number 98 differs" in _problems(probe)


def test_hardware_tag_is_checked(probe):
    pyproject = probe.path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('hardware = "cpu"', 'hardware = "tpu"'))
    assert "hardware 'tpu'" in _problems(probe)


def test_solution_blocks_are_required(probe):
    init = probe.path / "src" / "lab99_probe" / "__init__.py"
    init.write_text(init.read_text().replace("# BEGIN SOLUTION\n", "").replace("# END SOLUTION\n", "")
                    .replace("  # SOLUTION", ""))
    assert "no # BEGIN SOLUTION blocks" in _problems(probe)


def test_hidden_tests_need_points(probe):
    hidden = probe.hidden_tests / "test_probe.py"
    hidden.write_text(hidden.read_text() + "\n\ndef test_unscored():\n    pass\n")
    assert "needs @points" in _problems(probe)


def test_public_tests_are_required(probe):
    shutil.rmtree(probe.path / "tests")
    assert "no public tests" in _problems(probe)


def test_duplicate_console_scripts_are_caught(probe):
    twin = probe.path.parent / "lab98-twin"
    shutil.copytree(probe.path, twin)
    pyproject = twin / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("lab99-probe", "lab98-twin").replace("number = 99", "number = 98"))
    found = audit(probe.path.parents[1])
    assert any("console script 'probe'" in p for p in found["workspace"])
