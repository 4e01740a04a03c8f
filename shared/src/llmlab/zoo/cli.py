"""``llmlab-zoo``: list, verify and rebuild the course's tiny models."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from llmlab.zoo import MODELS_DIR, ZOO, manifest_entries, verify


def write_manifest(folder: Path, report: dict | None = None) -> Path:
    """Record every model file's SHA-256 (and what the build measured) in MANIFEST.json."""
    manifest = folder / "MANIFEST.json"
    previous = json.loads(manifest.read_text()) if manifest.is_file() else {}
    build = {**previous.get("build", {}), **(report or {})}
    manifest.write_text(json.dumps({"files": manifest_entries(folder), "build": build}, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="llmlab-zoo", description="The course's own tiny models, trained on its corpora.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="name, description and size of every zoo model")
    check = commands.add_parser("verify", help="compare the model files with MANIFEST.json")
    check.add_argument("--dir", type=Path, default=MODELS_DIR,
                       help="the zoo folder to check (default: the shipped one)")
    build = commands.add_parser("build", help="retrain the zoo from the corpora (about 11 min on "
                                "2 idle CPU cores) and rewrite MANIFEST.json")
    build.add_argument("--out", type=Path, default=MODELS_DIR,
                       help="where to write the model folders (default: the shipped zoo)")
    build.add_argument("--only", nargs="+", choices=["stories-lm", "course-encoder", "products-clip"],
                       help="build only these parts (stories-lm builds both story LMs)")
    build.add_argument("--threads", type=int, default=2,
                       help="torch CPU threads; the shipped zoo was built with 2")
    args = parser.parse_args(argv)

    if args.command == "list":
        for model in ZOO.values():
            folder = MODELS_DIR / model.name
            size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
            print(f"{model.name:18} {size / 1e6:6.1f} MB  {model.description}")
        return 0
    if args.command == "verify":
        problems = verify(args.dir)
        for problem in problems:
            print(problem)
        print("zoo files match the manifest" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0
    try:
        from llmlab.zoo.build import build as run_build
    except ImportError as exc:
        print(f"building the zoo needs torch, transformers, tokenizers and pillow: "
              f"`uv run --package llmlab --extra zoo llmlab-zoo build` ({exc})", file=sys.stderr)
        return 2
    started = time.perf_counter()
    report = run_build(args.out, args.only, args.threads)
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    manifest = write_manifest(args.out, report)
    print(json.dumps(report, indent=2))
    print(f"wrote {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
