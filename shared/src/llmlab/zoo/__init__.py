"""The zoo: the course's own tiny models, trained on the course corpora and shipped with llmlab.

    from llmlab.zoo import zoo_path, resolve_model
    folder = zoo_path("stories-lm-large")        # a Hugging Face folder: config, safetensors, tokenizer
    model = AutoModelForCausalLM.from_pretrained(folder)
    name = resolve_model(args.model, fallback="stories-lm-large")   # a hub id when reachable, else the zoo

| name | what | load with |
|---|---|---|
| ``stories-lm-small`` | Llama-style causal LM, 2 layers, width 128 (the draft) | ``AutoModelForCausalLM``, ``AutoTokenizer`` |
| ``stories-lm-large`` | the same tokenizer, 4 layers, width 256 (the target) | ``AutoModelForCausalLM``, ``AutoTokenizer`` |
| ``course-encoder`` | BERT, 4 layers, width 128: MLM then contrastive sentence embeddings | ``AutoModel``, ``AutoTokenizer`` (mean-pool) |
| ``products-clip`` | CLIP on the product catalogue, 64x64 images | ``CLIPModel``, ``AutoTokenizer``, ``CLIPImageProcessor`` |

The models are tiny and know only the course's generated worlds (stories, abstracts, headlines,
products); they exist so every lab runs offline with a model that has learnt something real.
``llmlab-zoo build`` retrains them all from the corpora (11 minutes on an idle 2-core CPU) and
``llmlab-zoo verify`` checks the shipped files against ``models/MANIFEST.json``.
Loading needs ``llmlab[hf]``; nothing here imports torch or transformers up front.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

MODELS_DIR = Path(__file__).parent / "models"
MANIFEST = MODELS_DIR / "MANIFEST.json"


@dataclass(frozen=True)
class ZooModel:
    """One zoo entry: its name, what it is, and the Hugging Face class that loads it."""

    name: str
    description: str
    auto_class: str


ZOO: dict[str, ZooModel] = {m.name: m for m in [
    ZooModel("stories-lm-small", "Llama-style causal LM on the course stories (2 layers, width 128); "
             "the draft of a draft/target pair", "AutoModelForCausalLM"),
    ZooModel("stories-lm-large", "Llama-style causal LM on the course stories (4 layers, width 256), "
             "same tokenizer as stories-lm-small; the target", "AutoModelForCausalLM"),
    ZooModel("course-encoder", "BERT encoder (4 layers, width 128) trained with masked-language "
             "modelling, then contrastively for mean-pooled sentence embeddings", "AutoModel"),
    ZooModel("products-clip", "CLIP (ViT 64x64 / text transformer) trained contrastively on the "
             "generated product catalogue", "CLIPModel"),
]}


class ZooError(RuntimeError):
    """A zoo model is unknown, missing or does not match its manifest."""


def zoo_dir() -> Path:
    """Where the zoo's model folders live: ``$LLMLAB_ZOO`` if set, else the shipped folder."""
    override = os.environ.get("LLMLAB_ZOO")
    return Path(override) if override else MODELS_DIR


def zoo_path(name: str) -> Path:
    """The Hugging Face folder of zoo model ``name`` (config, safetensors, tokenizer files)."""
    if name not in ZOO:
        raise ZooError(f"no zoo model named {name!r}; the zoo has: {', '.join(ZOO)}")
    folder = zoo_dir() / name
    if not (folder / "config.json").is_file():
        raise ZooError(f"zoo model {name!r} is missing from {folder}: rebuild it with "
                       f"`uv run --package llmlab --extra zoo llmlab-zoo build --only {name}`")
    return folder


def sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_entries(folder: Path) -> dict[str, str]:
    """``relative path -> sha256`` for every file of every model folder under ``folder``."""
    return {path.relative_to(folder).as_posix(): sha256(path)
            for name in sorted(ZOO) if (folder / name).is_dir()
            for path in sorted((folder / name).rglob("*")) if path.is_file()}


def verify(folder: Path | None = None) -> list[str]:
    """Problems found comparing the zoo's files with ``MANIFEST.json`` (empty when all match)."""
    folder = folder or zoo_dir()
    manifest_file = folder / "MANIFEST.json"
    if not manifest_file.is_file():
        return [f"no manifest at {manifest_file}"]
    expected = json.loads(manifest_file.read_text())["files"]
    actual = manifest_entries(folder)
    problems = [f"missing: {p}" for p in sorted(set(expected) - set(actual))]
    problems += [f"not in the manifest: {p}" for p in sorted(set(actual) - set(expected))]
    problems += [f"checksum differs: {p}" for p in sorted(set(expected) & set(actual))
                 if expected[p] != actual[p]]
    return problems


_announced: set[tuple[str, str]] = set()


def _say_once(requested: str, fallback: str, why: str) -> None:
    if (requested, fallback) not in _announced:
        _announced.add((requested, fallback))
        print(f"[llmlab] {requested!r} is not available ({why}); using the offline zoo model "
              f"{fallback!r} instead, a tiny model trained on the course's own corpora.",
              file=sys.stderr)


def _hub_reachable(repo_id: str, timeout: float) -> tuple[bool, str]:
    """Whether ``repo_id`` can be used: already in the local HF cache, or the Hub answers."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False, "huggingface_hub is not installed"
    cached = try_to_load_from_cache(repo_id, "config.json")
    if isinstance(cached, str):
        return True, "cached"
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        return False, "HF_HUB_OFFLINE is set and it is not in the local cache"
    try:
        import httpx
        from huggingface_hub import hf_hub_url

        response = httpx.head(hf_hub_url(repo_id, "config.json"), timeout=timeout,
                              follow_redirects=True)
    except Exception as exc:  # no network, DNS failure, proxy refusal: all mean "offline"
        return False, f"the Hugging Face Hub cannot be reached: {type(exc).__name__}"
    if response.status_code >= 400:
        return False, f"the Hub answered {response.status_code} for it"
    return True, "on the Hub"


def resolve_model(name_or_path: str | Path | None, fallback: str, timeout: float = 3.0) -> str:
    """What to pass to ``from_pretrained``: ``name_or_path`` when usable, else the zoo's ``fallback``.

    A local folder is used as it is; a zoo name gives its folder; a Hugging Face id is used when it
    is in the local cache or the Hub answers within ``timeout`` seconds. Otherwise the zoo model
    ``fallback`` is used, and a line on stderr says so (once per pair, not on every call).
    """
    if fallback not in ZOO:
        raise ZooError(f"fallback {fallback!r} is not a zoo model; the zoo has: {', '.join(ZOO)}")
    if name_or_path is None or str(name_or_path) == "":
        return str(zoo_path(fallback))
    text = str(name_or_path)
    if text in ZOO:
        return str(zoo_path(text))
    if Path(text).expanduser().exists():
        return str(Path(text).expanduser())
    if text.startswith((".", "/", "~")) or text.count("/") > 1:
        raise ZooError(f"{text!r} looks like a path, but there is nothing there")
    usable, why = _hub_reachable(text, timeout)
    if usable:
        return text
    _say_once(text, fallback, why)
    return str(zoo_path(fallback))


__all__ = ["MANIFEST", "MODELS_DIR", "ZOO", "ZooError", "ZooModel", "manifest_entries",
           "resolve_model", "sha256", "verify", "zoo_dir", "zoo_path"]
