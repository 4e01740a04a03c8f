"""Reading a text file a user passed on the command line, with errors that say what to do."""

from __future__ import annotations

from pathlib import Path


def read_text_file(path: str | Path) -> str:
    """The contents of the UTF-8 text file at ``path``.

    Raises ``FileNotFoundError`` when there is no such file and ``ValueError`` when it is not
    UTF-8 or holds nothing but whitespace, each naming the file and the fix.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no text file at {path}: pass the path of an existing UTF-8 text file")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text ({exc}): convert it first, "
                         f"e.g. iconv -f latin1 -t utf-8 {path.name}") from exc
    if not text.strip():
        raise ValueError(f"{path} is empty (nothing but whitespace): give a file with some text in it")
    return text
