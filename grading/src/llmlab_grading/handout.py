"""Building a lab's student handout from its reference solution.

Every ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` block (and every line ending in
``# SOLUTION``) becomes ``raise NotImplementedError(...)`` at the same indentation; signatures,
type hints and docstrings stay. The handout is a folder a student uses on its own with uv: the
lab's package and public tests, its README, and a copy of the shared ``llmlab`` package.
Hidden tests never go in.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import sys
import tomllib
from pathlib import Path

from llmlab_grading import labs

BEGIN, END, ONE_LINE = "# BEGIN SOLUTION", "# END SOLUTION", "# SOLUTION"
DEF_RE = re.compile(r"^(\s*)(?:async\s+)?def\s+(\w+)")
SOURCE_LINE = re.compile(r'^llmlab\s*=\s*\{\s*workspace\s*=\s*true\s*\}\s*$', re.M)


class MarkerError(ValueError):
    """Solution markers that do not pair up or leave code that does not parse."""


def _stub(indent: str, function: str) -> str:
    what = f"{function}: " if function else ""
    return f'{indent}raise NotImplementedError("{what}your code here (see the handout\'s Tasks)")'


def strip_solutions(source: str, where: str = "<source>") -> tuple[str, int]:
    """Return the starter version of ``source`` and how many solution blocks it replaced."""
    out: list[str] = []
    functions: list[tuple[int, str]] = []  # (indent, name) of the enclosing defs
    inside: tuple[int, str] | None = None
    count = 0
    for lineno, line in enumerate(source.splitlines(), 1):
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if inside is not None:
            if stripped == END:
                inside = None
            elif stripped == BEGIN:
                raise MarkerError(f"{where}:{lineno}: nested {BEGIN}")
            continue
        # a line at or left of a def's indentation ends that def, unless it only closes brackets
        # (the ``) -> int:`` of a signature split over lines)
        if stripped and not stripped.startswith(("#", ")", "]", "}")):
            while functions and functions[-1][0] >= len(indent):
                functions.pop()
        match = DEF_RE.match(line)
        if match:
            functions.append((len(match.group(1)), match.group(2)))
        name = functions[-1][1] if functions else ""
        if stripped == BEGIN:
            inside = (lineno, name)
            out.append(_stub(indent, name))
            count += 1
        elif stripped == END:
            raise MarkerError(f"{where}:{lineno}: {END} without {BEGIN}")
        elif line.rstrip().endswith(ONE_LINE) and stripped != ONE_LINE:
            out.append(_stub(indent, name))
            count += 1
        else:
            out.append(line)
    if inside is not None:
        raise MarkerError(f"{where}:{inside[0]}: {BEGIN} without {END}")
    result = "\n".join(out) + ("\n" if source.endswith("\n") else "")
    try:
        ast.parse(result)
    except SyntaxError as exc:
        raise MarkerError(f"{where}: the starter does not parse after removing solutions: {exc}") from exc
    return result, count


def _handout_pyproject(lab: labs.Lab, root: Path) -> str:
    text = (lab.path / "pyproject.toml").read_text()
    text = SOURCE_LINE.sub('llmlab = { path = "vendor/llmlab", editable = true }', text)
    root_cfg = tomllib.loads((root / "pyproject.toml").read_text())
    constraints = root_cfg.get("tool", {}).get("uv", {}).get("constraint-dependencies", [])
    groups = root_cfg.get("dependency-groups", {})
    lab_cfg = tomllib.loads(text)
    if "dependency-groups" not in lab_cfg:
        test = ", ".join(f'"{d}"' for d in groups.get("test", []))
        text += f"\n[dependency-groups]\ntest = [{test}]\n"
    if "uv" not in lab_cfg.get("tool", {}) and constraints:
        pins = ", ".join(f'"{c}"' for c in constraints)
        text += f"\n[tool.uv]\ndefault-groups = [\"test\"]\nconstraint-dependencies = [{pins}]\n"
    return text


def build_handout(lab: labs.Lab, dest: Path) -> Path:
    """Write the student folder for ``lab`` to ``dest/<package>`` and return it."""
    root = labs.repo_root(lab.path)
    target = dest / lab.package
    if target.exists():
        shutil.rmtree(target)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "runs", ".venv", "uv.lock", "*.egg-info")
    shutil.copytree(lab.path, target, ignore=ignore)
    blocks = 0
    for path in sorted((target / "src").rglob("*.py")):
        text, count = strip_solutions(path.read_text(), str(path.relative_to(target)))
        path.write_text(text)
        blocks += count
    if blocks == 0:
        raise MarkerError(f"{lab.package} has no solution blocks: the starter would be the reference")
    (target / "pyproject.toml").write_text(_handout_pyproject(lab, root))
    shutil.copytree(root / "shared", target / "vendor" / "llmlab", ignore=ignore)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="llmlab-handout",
        description="Build the student version of a lab: solutions replaced by stubs, public tests "
                    "included, hidden tests left out, usable on its own with uv.",
    )
    parser.add_argument("lab", nargs="+", help="labs to build: lab16, 16 or lab16-mini-gpt; 'all' for every lab")
    parser.add_argument("--out", type=Path, default=None, help="destination folder (default: dist/handouts)")
    args = parser.parse_args(argv)
    root = labs.repo_root()
    out = args.out or root / "dist" / "handouts"
    chosen = labs.discover(root) if args.lab == ["all"] else [labs.find(name, root) for name in args.lab]
    for lab in chosen:
        try:
            folder = build_handout(lab, out)
        except MarkerError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"{lab.key}: handout written to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
