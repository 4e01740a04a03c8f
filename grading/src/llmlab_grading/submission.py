"""Turning what a student handed in (a folder or a zip) into the package the tests import."""

from __future__ import annotations

import hashlib
import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

MAX_UNPACKED_BYTES = 200 * 1024**2
MAX_FILES = 20_000


class SubmissionError(ValueError):
    """A submission the grader cannot use at all; the message is shown to the student."""


def _safe_extract(archive: Path, dest: Path) -> None:
    """Extract a zip, refusing absolute paths, ``..``, links and zip bombs."""
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise SubmissionError(f"{archive.name} is not a valid zip file") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_FILES:
            raise SubmissionError(f"the zip holds {len(infos)} entries; at most {MAX_FILES} are accepted")
        if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise SubmissionError(f"the zip unpacks to more than {MAX_UNPACKED_BYTES // 1024**2} MB")
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts:
                raise SubmissionError(f"the zip holds an unsafe path: {info.filename!r}")
            if stat.S_ISLNK(info.external_attr >> 16):
                continue  # links could point anywhere on the grader's machine
            target = dest.joinpath(*name.parts)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)


def _find_package(root: Path, module: str) -> Path:
    candidates = [
        p.parent for p in root.rglob(f"{module}/__init__.py")
        if "__MACOSX" not in p.parts and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    if not candidates:
        raise SubmissionError(f"no package '{module}' (a folder {module}/ with __init__.py) in the submission: "
                              f"hand in the lab folder, with src/{module}/, or a zip of it")
    # Prefer the src/ layout, then the shallowest folder.
    candidates.sort(key=lambda p: (p.parent.name != "src", len(p.parts)))
    return candidates[0]


def _ignore_links(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if Path(folder, n).is_symlink() or n == "__pycache__"]


def stage(submission: Path, module: str, dest: Path) -> Path:
    """Copy the submission's package ``module`` into ``dest/module`` and return that folder."""
    submission = submission.resolve()
    if not submission.exists():
        raise SubmissionError(f"submission {submission} does not exist")
    unpacked = dest.parent / "unpacked"
    if submission.is_file():
        if submission.suffix.lower() != ".zip":
            raise SubmissionError(f"{submission.name}: hand in a folder or a .zip")
        unpacked.mkdir(parents=True, exist_ok=True)
        _safe_extract(submission, unpacked)
        submission = unpacked
    package = _find_package(submission, module)
    target = dest / module
    shutil.copytree(package, target, ignore=_ignore_links)
    return target


def tree_hash(folder: Path) -> str:
    """A content hash of a folder's files (paths and bytes), for caching and integrity records."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
