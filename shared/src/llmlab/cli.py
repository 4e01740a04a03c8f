"""A dataclass becomes a command line: one flag per field, with help text from the field.

    @dataclass
    class Config:
        steps: int = field(default=1000, metadata={"help": "optimizer steps"})

    config = parse_config(Config, argv, description="Train the model.")

Booleans become ``--flag/--no-flag``; ``Path`` and ``str | None`` fields work as expected.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

C = TypeVar("C")


def _base_type(annotation: Any) -> tuple[type, bool]:
    """The concrete type behind an annotation and whether ``None`` is allowed."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported annotation {annotation!r}")
        return args[0], True
    return annotation, False


def build_parser(config_cls: type, description: str = "", prog: str | None = None) -> argparse.ArgumentParser:
    """An ``ArgumentParser`` with one flag per field of ``config_cls``."""
    parser = argparse.ArgumentParser(
        prog=prog, description=description, formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    hints = typing.get_type_hints(config_cls)
    for f in dataclasses.fields(config_cls):
        kind, optional = _base_type(hints[f.name])
        flag = "--" + f.name.replace("_", "-")
        help_text = f.metadata.get("help", "")
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        if kind is bool:
            parser.add_argument(flag, action=argparse.BooleanOptionalAction, default=default, help=help_text)
            continue
        choices = f.metadata.get("choices")
        converter = Path if kind is Path else kind
        if optional:
            inner = converter

            def converter(value: str, inner=inner):  # noqa: ANN001 - argparse hands us strings
                return None if value.lower() == "none" else inner(value)

            converter.__name__ = getattr(inner, "__name__", "value")
        parser.add_argument(flag, type=converter, default=default, choices=choices, help=help_text,
                            metavar=f.name.upper())
    return parser


def parse_config(config_cls: type[C], argv: Sequence[str] | None = None, description: str = "",
                 prog: str | None = None) -> C:
    """Parse ``argv`` (``sys.argv[1:]`` when ``None``) into an instance of ``config_cls``."""
    args = build_parser(config_cls, description, prog).parse_args(argv)
    return config_cls(**vars(args))


def run_subcommand(commands: Mapping[str, Callable[[list[str]], object]], argv: Sequence[str] | None,
                   prog: str, default: str) -> None:
    """Run the subcommand named by ``argv[0]`` (``default`` when it names none) on the rest.

    A missing file or a bad value ends the program with one line naming the command, not a
    traceback.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args and args[0] in commands else default
    try:
        commands[command](args)
    except (FileNotFoundError, ValueError) as exc:
        raise SystemExit(f"{prog} {command}: {exc}") from exc
