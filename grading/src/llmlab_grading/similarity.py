"""Which submissions are near-identical? Normalised-AST fingerprints, compared pairwise.

Each file is parsed, docstrings dropped, local names renamed to placeholders and constants
blanked, so renaming variables, reformatting or rewording comments changes nothing. The
normalised source is cut into overlapping k-token windows; code the starter already contains is
removed (everyone shares it), and pairs are scored by the Jaccard similarity of what is left.
A high score is a reason for an instructor to look, not a verdict.
"""

from __future__ import annotations

import ast
import hashlib
import re
from itertools import combinations
from pathlib import Path

TOKEN = re.compile(r"\w+|[^\s\w]")


class _Normalise(ast.NodeTransformer):
    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _rename(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.copy_location(ast.Name(id=self._rename(node.id), ctx=node.ctx), node)

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = self._rename(node.arg)
        node.annotation = None
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.copy_location(ast.Constant(value=0), node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        # an f-string is text like any other constant (and unparse needs its parts to be str)
        return ast.copy_location(ast.Constant(value=0), node)

    def _strip_docstring(self, node: ast.AST) -> ast.AST:
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
        return self.generic_visit(node)

    visit_Module = visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _strip_docstring


def fingerprints(package: Path, k: int = 8) -> set[str]:
    """Hashes of every k-token window of the package's normalised source."""
    prints: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(errors="replace"))
        except SyntaxError:
            continue
        tokens = TOKEN.findall(ast.unparse(_Normalise().visit(tree)))
        for i in range(max(1, len(tokens) - k + 1)):
            window = " ".join(tokens[i:i + k])
            prints.add(hashlib.blake2b(window.encode(), digest_size=8).hexdigest())
    return prints


def similar_pairs(packages: dict[str, Path], starter: Path | None = None,
                  threshold: float = 0.8) -> list[tuple[str, str, float]]:
    """Pairs of students whose own code (starter removed) has Jaccard similarity >= threshold."""
    shared = fingerprints(starter) if starter is not None else set()
    own = {student: fingerprints(path) - shared for student, path in packages.items()}
    pairs = []
    for a, b in combinations(sorted(own), 2):
        union = own[a] | own[b]
        if not union:
            continue
        score = len(own[a] & own[b]) / len(union)
        if score >= threshold:
            pairs.append((a, b, round(score, 3)))
    return sorted(pairs, key=lambda p: -p[2])
