from __future__ import annotations

import pytest
from llmlab_grading import labs


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--lab", action="append", default=[], help="self-check only these labs (default: all)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "lab" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("--lab") or [lab.key for lab in labs.discover()]
        metafunc.parametrize("lab", [labs.find(name) for name in chosen], ids=lambda lab: lab.key, scope="module")
