"""``llmlab-audit``: check every lab against the lab contract (docs/contract.md)."""

from __future__ import annotations

import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from llmlab_grading import labs
from llmlab_grading.handout import MarkerError, strip_solutions
from llmlab_grading.spec import SpecError, read_folder

README_SECTIONS = ("Goals", "Background", "Tasks", "Deliverables", "Running", "Grading")


def _readme_problems(lab: labs.Lab, tasks: dict[str, float]) -> list[str]:
    readme = lab.path / "README.md"
    if not readme.is_file():
        return ["no README.md handout"]
    text = readme.read_text()
    headings = [m.group(1).strip() for m in re.finditer(r"^##\s+(.+?)\s*$", text, re.M)]
    present = [h for h in headings if h in README_SECTIONS]
    problems = []
    if present != list(README_SECTIONS):
        problems.append(f"README sections must be {', '.join(README_SECTIONS)} in this order; found {', '.join(present) or 'none'}")
    grading = text.split("## Grading", 1)[1] if "## Grading" in text else ""
    for task, total in tasks.items():
        pattern = rf"{re.escape(task)}\b.*\b{total:g}\b"
        if not any(re.search(pattern, line) for line in grading.splitlines()):
            problems.append(f"README's Grading section does not give task '{task}' its {total:g} points")
    return problems


def audit_lab(lab: labs.Lab) -> list[str]:
    """Every way ``lab`` breaks the contract, as messages (empty when it complies)."""
    problems: list[str] = []
    match = labs.FOLDER_RE.match(lab.path.name)
    if lab.package != lab.path.name:
        problems.append(f"package name {lab.package!r} differs from its folder {lab.path.name!r}")
    if match and int(match.group("number")) != lab.number:
        problems.append(f"[tool.llmlab] number {lab.number} differs from the folder's {match.group('number')}")
    if not lab.title.strip():
        problems.append("[tool.llmlab] title is empty")
    if lab.hardware not in labs.HARDWARE_TAGS:
        problems.append(f"hardware {lab.hardware!r} is not one of {', '.join(labs.HARDWARE_TAGS)}")
    package_dir = lab.path / "src" / lab.module
    if not (package_dir / "__init__.py").is_file():
        problems.append(f"no src/{lab.module}/__init__.py")
    else:
        blocks = 0
        for path in sorted(package_dir.rglob("*.py")):
            try:
                blocks += strip_solutions(path.read_text(), str(path.relative_to(lab.path)))[1]
            except MarkerError as exc:
                problems.append(str(exc))
        if blocks == 0:
            problems.append("no # BEGIN SOLUTION blocks: the starter would equal the reference")
    if not list((lab.path / "tests").glob("test_*.py")):
        problems.append("no public tests (tests/test_*.py)")
    sources = tomllib.loads((lab.path / "pyproject.toml").read_text()).get("tool", {}).get("uv", {}).get("sources", {})
    if any(dep.split("[")[0].strip() == "llmlab" for dep in lab.dependencies) and \
            sources.get("llmlab") != {"workspace": True}:
        problems.append("depends on llmlab without [tool.uv.sources] llmlab = { workspace = true }")
    tasks: dict[str, float] = defaultdict(float)
    try:
        specs = read_folder(lab.hidden_tests)
    except (SpecError, SyntaxError) as exc:
        problems.append(f"hidden tests: {exc}")
    else:
        for spec in specs:
            tasks[spec.task] += spec.points
        total = sum(tasks.values())
        if abs(total - 100) > 1e-9:
            problems.append(f"hidden tests' points sum to {total:g}, not 100")
    problems += _readme_problems(lab, dict(tasks))
    return problems


def audit(root: Path | None = None) -> dict[str, list[str]]:
    """Problems per lab key, plus ``workspace`` for problems across labs; empty lists when clean."""
    root = root or labs.repo_root()
    found: dict[str, list[str]] = {"workspace": []}
    owners: dict[str, str] = {}
    for folder in sorted((root / "labs").iterdir()):
        if not folder.is_dir():
            continue
        if not labs.FOLDER_RE.match(folder.name):
            found["workspace"].append(f"labs/{folder.name}: folder name is not labNN-slug")
            continue
        try:
            lab = labs.read_lab(folder)
        except (ValueError, tomllib.TOMLDecodeError) as exc:
            found[folder.name] = [str(exc)]
            continue
        found[lab.key] = audit_lab(lab)
        for script in lab.scripts:
            if script in owners:
                found["workspace"].append(f"console script '{script}' is declared by both {owners[script]} "
                                          f"and {lab.package}: they would overwrite each other")
            owners.setdefault(script, lab.package)
    return found


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]).resolve() if argv else labs.repo_root()
    found = audit(root)
    bad = 0
    for key, problems in found.items():
        if key != "workspace":
            print(f"{key}: {'ok' if not problems else 'FAILS'}")
        for problem in problems:
            print(f"  - {problem}")
        bad += len(problems)
    print(f"audit: {len(found) - 1} labs, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
