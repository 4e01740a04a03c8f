"""Finding the labs of the workspace and reading their metadata."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HARDWARE_TAGS = ("cpu", "cpu+gpu", "gpu")
FOLDER_RE = re.compile(r"^lab(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")


def repo_root(start: Path | None = None) -> Path:
    """The workspace root: the nearest folder above ``start`` holding ``labs/`` and ``grading/``."""
    here = (start or Path(__file__)).resolve()
    for candidate in [here, *here.parents]:
        if (candidate / "labs").is_dir() and (candidate / "grading").is_dir():
            return candidate
    raise FileNotFoundError(f"no course workspace above {here}: run from inside the repository")


@dataclass(frozen=True)
class Lab:
    """One lab as its folder and ``pyproject.toml`` describe it."""

    path: Path
    package: str
    module: str
    number: int
    title: str
    hardware: str
    scripts: dict[str, str] = field(default_factory=dict)
    dependencies: tuple[str, ...] = ()
    address_space_limit: bool = True  # [tool.llmlab.grading] address-space-limit (see Limits)

    @property
    def key(self) -> str:
        """``lab16``: how commands name a lab."""
        return f"lab{self.number:02d}"

    @property
    def hidden_tests(self) -> Path:
        return self.path.parents[1] / "grading" / "labs" / self.key

    @property
    def on_cpu(self) -> bool:
        return True  # every lab has CPU tests; gpu labs test their maths and harness there

    @property
    def on_gpu(self) -> bool:
        return self.hardware in ("gpu", "cpu+gpu")


def read_lab(path: Path) -> Lab:
    """Read one lab folder; raises ``ValueError`` naming the problem when metadata is missing."""
    pyproject = path / "pyproject.toml"
    if not pyproject.is_file():
        raise ValueError(f"{path.name}: no pyproject.toml")
    data = tomllib.loads(pyproject.read_text())
    project = data.get("project", {})
    meta = data.get("tool", {}).get("llmlab", {})
    package = project.get("name", "")
    missing = [k for k in ("number", "title", "hardware") if k not in meta]
    if missing:
        raise ValueError(f"{path.name}: [tool.llmlab] lacks {', '.join(missing)}")
    return Lab(
        path=path,
        package=package,
        module=package.replace("-", "_"),
        number=int(meta["number"]),
        title=str(meta["title"]),
        hardware=str(meta["hardware"]),
        scripts=dict(project.get("scripts", {})),
        dependencies=tuple(project.get("dependencies", [])),
        address_space_limit=bool(meta.get("grading", {}).get("address-space-limit", True)),
    )


def discover(root: Path | None = None) -> list[Lab]:
    """All labs under ``labs/``, in number order."""
    root = root or repo_root()
    labs = [read_lab(p) for p in sorted((root / "labs").iterdir()) if FOLDER_RE.match(p.name)]
    return sorted(labs, key=lambda lab: lab.number)


def find(name: str, root: Path | None = None) -> Lab:
    """A lab by ``lab16``, ``16`` or its package name ``lab16-mini-gpt``."""
    wanted = name.strip().lower()
    for lab in discover(root):
        if wanted in (lab.key, str(lab.number), f"{lab.number:02d}", lab.package, lab.module):
            return lab
    known = ", ".join(lab.key for lab in discover(root)) or "none"
    raise KeyError(f"no lab {name!r}; known labs: {known}")
