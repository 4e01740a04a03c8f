from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from llmlab.checkpoint import CheckpointError, atomic_write_bytes, load_checkpoint, save_checkpoint
from llmlab.cli import build_parser, parse_config
from llmlab.corpora import generate_stories, stories_text


@dataclass
class Config:
    steps: int = field(default=10, metadata={"help": "optimizer steps"})
    lr: float = field(default=1e-3, metadata={"help": "learning rate"})
    out: Path = field(default=Path("runs"), metadata={"help": "output folder"})
    data: str | None = field(default=None, metadata={"help": "a text file"})
    resume: bool = field(default=True, metadata={"help": "continue from a checkpoint"})


def test_cli_from_dataclass():
    config = parse_config(Config, ["--steps", "5", "--lr", "0.1", "--no-resume", "--data", "a.txt"])
    assert config == Config(steps=5, lr=0.1, out=Path("runs"), data="a.txt", resume=False)
    assert parse_config(Config, []) == Config()
    help_text = build_parser(Config).format_help()
    for words in ("optimizer steps", "learning rate", "output folder", "--no-resume"):
        assert words in help_text


def test_cli_rejects_bad_values(capsys):
    with pytest.raises(SystemExit):
        parse_config(Config, ["--steps", "many"])
    assert "invalid int value" in capsys.readouterr().err


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = atomic_write_bytes(tmp_path / "a" / "file.bin", b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["file.bin"]


def test_checkpoint_round_trip_and_corruption(tmp_path):
    import torch
    path = save_checkpoint(tmp_path / "ckpt.pt", {"w": torch.arange(4.0), "step": 3})
    state = load_checkpoint(path)
    assert state["step"] == 3 and torch.equal(state["w"], torch.arange(4.0))
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(CheckpointError, match="damaged"):
        load_checkpoint(path)
    with pytest.raises(CheckpointError, match="no checkpoint"):
        load_checkpoint(tmp_path / "missing.pt")


def test_stories_are_deterministic_and_varied():
    assert generate_stories(20, seed=3) == generate_stories(20, seed=3)
    assert generate_stories(20, seed=3) != generate_stories(20, seed=4)
    stories = generate_stories(500, seed=0)
    assert len(set(stories)) == 500
    text = stories_text(500)
    assert 180_000 < len(text) < 300_000
    for story in stories[:50]:
        name = story.split(" named ")[-1].split(".")[0] if " named " in story else None
        if name and name.isalpha():
            assert story.count(name) >= 2  # the hero recurs: there is structure to learn


def test_run_subcommand_dispatches_and_explains_errors():
    from llmlab.cli import run_subcommand

    seen: list[tuple[str, list[str]]] = []

    def fail(argv: list[str]) -> None:
        raise FileNotFoundError("no corpus at x.txt")

    commands = {"train": lambda argv: seen.append(("train", argv)), "fail": fail}
    run_subcommand(commands, ["--steps", "3"], prog="tool", default="train")
    run_subcommand(commands, ["train", "-q"], prog="tool", default="train")
    assert seen == [("train", ["--steps", "3"]), ("train", ["-q"])]
    with pytest.raises(SystemExit, match="tool fail: no corpus at x.txt"):
        run_subcommand(commands, ["fail"], prog="tool", default="train")


def test_read_text_file_explains_bad_files(tmp_path):
    from llmlab.textfile import read_text_file

    (tmp_path / "ok.txt").write_text("héllo\n", encoding="utf-8")
    assert read_text_file(tmp_path / "ok.txt") == "héllo\n"
    with pytest.raises(FileNotFoundError, match="no text file at"):
        read_text_file(tmp_path / "missing.txt")
    (tmp_path / "blank.txt").write_text(" \n\n")
    with pytest.raises(ValueError, match="is empty"):
        read_text_file(tmp_path / "blank.txt")
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8 text"):
        read_text_file(tmp_path / "latin1.txt")
