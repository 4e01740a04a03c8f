"""Math word and symbol problems from arithmetic to algebra, with exact answers, for the
reasoning, evaluation and curriculum labs.

Six kinds (:data:`KINDS`), each with a difficulty from 1 (easiest) to 5:

=====================  ==========  ====================================================================
kind                   difficulty  example
=====================  ==========  ====================================================================
``addition``           1-2         "What is 23 + 58?", "What is 347 - 1285 + 96?"
``multi_step``         2-3         "What is (7 - 3) * 5 + 18 / 6?"  (every division is exact)
``fractions``          3-4         "What is 3/4 + 5/6?", "What is (2/3) * (9/4) - 1/2?"
``linear_equation``    3-4         "Solve for x: 4x - 7 = 2x + 9.", "Solve for x: 3(x - 2) = (1/2)x + 4."
``system``             4-5         "Solve the system: 2x + 3y = 7 and x - y = 1."
``word_problem``       2-5         shopping, speed, sharing, discounts, ages, two pipes filling a tank
=====================  ==========  ====================================================================

Questions use ASCII operators ("*" and "/"; a fraction operand of "*" or "/" is parenthesised, so
every arithmetic question reads as a Python expression with the usual precedence), and a
coefficient written next to x or y, or before "(", multiplies it ("3x", "(1/2)x", "3(x - 2)").

Ground truth, by construction: ``answer`` is exact (computed with :class:`fractions.Fraction`)
and canonical: an integer ("42", "-7") or a reduced fraction with a positive denominator
("7/4", "-5/2"); for systems "x = 2, y = -1/3". Each linear equation and each system has exactly
one solution. ``expression`` is a machine-checkable form of the problem: for arithmetic and word
problems a Python-syntax expression whose exact value is the answer (a word problem's uses only
the numbers in its question and the constants 1, 2 and 100), for equations the equation(s) with
explicit "*" ("4*x - 7 = 2*x + 9", systems joined by "; "). Kinds are balanced: across ``n``
problems the six counts differ by at most one. The same ``seed`` always gives the same problems.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

KINDS = ("addition", "multi_step", "fractions", "linear_equation", "system", "word_problem")


@dataclass(frozen=True)
class Problem:
    question: str
    answer: str
    difficulty: int
    kind: str
    expression: str = ""


def format_number(value: Fraction | int) -> str:
    """Canonical text of an exact number: "42", "-7", "7/4", "-5/2"."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def _atom(value: Fraction) -> str:
    """A number as an operand: negative numbers and fractions parenthesised."""
    text = format_number(value)
    return f"({text})" if (value < 0 or value.denominator != 1) else text


# ---------------------------------------------------------------------------------------------
# Arithmetic

PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def _apply(op: str, a: Fraction, b: Fraction) -> Fraction:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b


def _tree(rng: random.Random, n_ops: int) -> tuple[str, Fraction, int]:
    """A random expression with ``n_ops`` operators: (text, value, precedence). Divisions are
    exact (raises ValueError otherwise, and the caller draws again)."""
    if n_ops == 0:
        value = Fraction(rng.randint(1, 20))
        return str(value), value, 3
    op = rng.choice("+-*/")
    left_ops = rng.randint(0, n_ops - 1)
    lt, lv, lp = _tree(rng, left_ops)
    rt, rv, rp = _tree(rng, n_ops - 1 - left_ops)
    if op == "/" and (rv == 0 or (lv / rv).denominator != 1):
        raise ValueError("inexact division")
    if lp < PREC[op]:
        lt = f"({lt})"
    if rp < PREC[op] or (rp == PREC[op] and op in "-/"):
        rt = f"({rt})"
    return f"{lt} {op} {rt}", _apply(op, lv, rv), PREC[op]


def _addition(rng: random.Random) -> Problem:
    if rng.random() < 0.5:
        a, b = rng.randint(1, 99), rng.randint(1, 99)
        expr, value, difficulty = f"{a} + {b}", Fraction(a + b), 1
    else:
        terms = [rng.randint(10, 2000) for _ in range(rng.randint(3, 4))]
        ops = [rng.choice("+-") for _ in terms[1:]]
        expr, value = str(terms[0]), Fraction(terms[0])
        for op, t in zip(ops, terms[1:], strict=True):
            expr += f" {op} {t}"
            value = _apply(op, value, Fraction(t))
        difficulty = 2
    return Problem(f"What is {expr}?", format_number(value), difficulty, "addition", expr)


def _multi_step(rng: random.Random) -> Problem:
    n_ops = rng.choice([2, 2, 3, 3, 4])
    while True:
        try:
            expr, value, _ = _tree(rng, n_ops)
        except ValueError:
            continue
        if abs(value) <= 10_000:
            break
    difficulty = 2 if (n_ops == 2 and "(" not in expr) else 3
    return Problem(f"What is {expr}?", format_number(value), difficulty, "multi_step", expr)


def _fraction(rng: random.Random) -> Fraction:
    while True:
        den = rng.randint(2, 12)
        value = Fraction(rng.randint(1, 2 * den - 1), den)
        if value.denominator != 1:
            return value


def _fractions(rng: random.Random) -> Problem:
    n_operands = rng.choice([2, 2, 3])
    values = [_fraction(rng) for _ in range(n_operands)]
    ops = [rng.choice("+-*/") for _ in values[1:]]
    # Render with precedence: a fraction next to "*" or "/" is parenthesised.
    parts = []
    for i, v in enumerate(values):
        near_mul = (i > 0 and ops[i - 1] in "*/") or (i < len(ops) and ops[i] in "*/")
        parts.append(f"({format_number(v)})" if near_mul else format_number(v))
    expr = parts[0]
    for op, part in zip(ops, parts[1:], strict=True):
        expr += f" {op} {part}"
    # Evaluate with precedence: fold * and / first.
    terms, signs = [values[0]], []
    for op, v in zip(ops, values[1:], strict=True):
        if op in "*/":
            terms[-1] = _apply(op, terms[-1], v)
        else:
            signs.append(op)
            terms.append(v)
    value = terms[0]
    for op, t in zip(signs, terms[1:], strict=True):
        value = _apply(op, value, t)
    difficulty = 3 if n_operands == 2 else 4
    return Problem(f"What is {expr}?", format_number(value), difficulty, "fractions", expr)


# ---------------------------------------------------------------------------------------------
# Algebra


def _coef_text(a: Fraction, var: str, first: bool) -> str:
    """The term a*var as it starts a side (``first``) or follows one (" + 3x", " - x")."""
    sign = "-" if a < 0 else "+"
    mag = abs(a)
    body = var if mag == 1 else (f"{format_number(mag)}{var}" if mag.denominator == 1 else f"({format_number(mag)}){var}")
    if first:
        return f"-{body}" if a < 0 else body
    return f" {sign} {body}"


def _linear_side(terms: list[tuple[Fraction, str]]) -> str:
    """Render a sum of (coefficient, variable) terms; variable "" for a constant."""
    out = ""
    for a, var in terms:
        if a == 0:
            continue
        if var:
            out += _coef_text(a, var, not out)
        else:
            mag = format_number(abs(a))
            out += (f"-{mag}" if a < 0 else mag) if not out else f" {'-' if a < 0 else '+'} {mag}"
    return out or "0"


def _explicit(side: str) -> str:
    """Insert the multiplications the written form leaves implicit: "3x" -> "3*x"."""
    out = []
    for i, ch in enumerate(side):
        if ch in "xy(" and i > 0 and (side[i - 1].isdigit() or side[i - 1] == ")"):
            out.append("*")
        out.append(ch)
    return "".join(out)


def _nonzero(rng: random.Random, low: int, high: int) -> int:
    while True:
        v = rng.randint(low, high)
        if v != 0:
            return v


def _linear_equation(rng: random.Random) -> Problem:
    form = rng.randrange(4)
    F = Fraction
    if form == 0:  # ax + b = c, integer x
        x, a, b = F(rng.randint(-12, 12)), F(_nonzero(rng, -9, 9)), F(rng.randint(-20, 20))
        lhs, rhs = _linear_side([(a, "x"), (b, "")]), _linear_side([(a * x + b, "")])
        difficulty = 3
    elif form == 1:  # ax + b = cx + d, integer x
        x = F(rng.randint(-12, 12))
        a = F(_nonzero(rng, -9, 9))
        c = a
        while c == a:
            c = F(rng.randint(-9, 9))
        b = F(rng.randint(-20, 20))
        d = (a - c) * x + b
        lhs, rhs = _linear_side([(a, "x"), (b, "")]), _linear_side([(c, "x"), (d, "")])
        difficulty = 3
    elif form == 2:  # ax + b = cx + d with a fractional solution
        while True:
            a, c = F(_nonzero(rng, -9, 9)), F(rng.randint(-9, 9))
            b, d = F(rng.randint(-20, 20)), F(rng.randint(-20, 20))
            if a != c and ((d - b) / (a - c)).denominator != 1:
                break
        x = (d - b) / (a - c)
        lhs, rhs = _linear_side([(a, "x"), (b, "")]), _linear_side([(c, "x"), (d, "")])
        difficulty = 4
    else:  # k(x + m) = (p/q)x + r
        x = F(rng.randint(-10, 10))
        k, m = F(_nonzero(rng, 2, 6)), F(_nonzero(rng, -9, 9))
        c = F(1, rng.randint(2, 5))
        if rng.random() < 0.5:
            c = -c
        r = k * (x + m) - c * x
        lhs = f"{format_number(k)}({_linear_side([(F(1), 'x'), (m, '')])})"
        rhs = _linear_side([(c, "x"), (r, "")])
        difficulty = 4
    equation = f"{lhs} = {rhs}"
    return Problem(f"Solve for x: {equation}.", format_number(x), difficulty, "linear_equation",
                   f"{_explicit(lhs)} = {_explicit(rhs)}")


def _system(rng: random.Random) -> Problem:
    F = Fraction
    integral = rng.random() < 0.5
    while True:
        a, b, c, d = (F(_nonzero(rng, -7, 7)) for _ in range(4))
        det = a * d - b * c
        if det == 0:
            continue
        if integral:
            x, y = F(rng.randint(-9, 9)), F(rng.randint(-9, 9))
            e, f = a * x + b * y, c * x + d * y
            break
        e, f = F(rng.randint(-20, 20)), F(rng.randint(-20, 20))
        x, y = (e * d - b * f) / det, (a * f - e * c) / det
        if x.denominator != 1 or y.denominator != 1:
            break
    eq1 = f"{_linear_side([(a, 'x'), (b, 'y')])} = {format_number(e)}"
    eq2 = f"{_linear_side([(c, 'x'), (d, 'y')])} = {format_number(f)}"
    answer = f"x = {format_number(x)}, y = {format_number(y)}"
    return Problem(f"Solve the system: {eq1} and {eq2}.", answer, 4 if integral else 5, "system",
                   f"{_explicit(eq1)}; {_explicit(eq2)}")


# ---------------------------------------------------------------------------------------------
# Word problems

NAMES = [("Ana", "she", "her"), ("Ben", "he", "his"), ("Chloe", "she", "her"), ("Dev", "he", "his"),
         ("Ema", "she", "her"), ("Femi", "he", "his"), ("Grace", "she", "her"), ("Hiro", "he", "his")]
ITEMS = ["apples", "marbles", "stickers", "pencils", "cookies", "stamps", "shells", "cards"]


def _word_problem(rng: random.Random) -> Problem:
    name, pron, poss = rng.choice(NAMES)
    cap = pron.capitalize()
    items = rng.choice(ITEMS)
    form = rng.randrange(8)
    if form == 0:
        a, b = rng.randint(5, 40), rng.randint(2, 30)
        c = rng.randint(1, a + b)
        q = (f"{name} has {a} {items}. {cap} buys {b} more and gives away {c}. "
             f"How many {items} does {pron} have now?")
        expr, difficulty = f"{a} + {b} - {c}", 2
    elif form == 1:
        a, b = rng.randint(3, 24), rng.randint(2, 15)
        q = f"A box holds {a} {items}. How many {items} are in {b} boxes?"
        expr, difficulty = f"{a} * {b}", 2
    elif form == 2:
        a, b = rng.randint(2, 9), rng.randint(2, 12)
        c = next(bill for bill in (20, 50, 100, 200) if bill > a * b)
        q = (f"{name} buys {a} notebooks at ${b} each and pays with a ${c} bill. "
             f"How much change, in dollars, does {pron} get?")
        expr, difficulty = f"{c} - {a} * {b}", 3
    elif form == 3:
        t, speed, t2 = rng.randint(2, 6), rng.randint(30, 120), rng.randint(2, 9)
        d = speed * t
        q = (f"A train travels {d} km in {t} hours. At the same speed, how many km does it "
             f"travel in {t2} hours?")
        expr, difficulty = f"{d} / {t} * {t2}", 3
    elif form == 4:
        a, b = rng.randint(1, 11), rng.randint(2, 12)
        q = f"{a} pizzas are shared equally among {b} friends. How much pizza does each friend get?"
        expr, difficulty = f"{a} / {b}", 3
    elif form == 5:
        p, r = 20 * rng.randint(1, 15), rng.choice([5, 10, 15, 20, 25, 30, 40, 50])
        q = f"A jacket costs ${p} and is discounted by {r}%. What is the sale price in dollars?"
        expr, difficulty = f"{p} - {p} * {r} / 100", 4
    elif form == 6:
        d = rng.randint(1, 20)
        s = d + 2 * rng.randint(1, 30)
        q = (f"The sum of two numbers is {s} and their difference is {d}. "
             "What is the larger number?")
        expr, difficulty = f"({s} + {d}) / 2", 4
    else:
        if rng.random() < 0.5:  # t = s (k - m) / (m - 1)
            m, k, s = 2, rng.randint(3, 5), rng.randint(2, 12)
        else:
            m, k, s = 3, rng.randint(4, 6), 2 * rng.randint(1, 6)
        t = s * (k - m) // (m - 1)
        q = (f"{name} is {k} times as old as {poss} son. In {t} years, {name} will be {m} times "
             f"as old as {poss} son. How old is the son now?")
        expr, difficulty = f"{t} * ({m} - 1) / ({k} - {m})", 5
    value = _eval_word(expr)
    return Problem(q, format_number(value), difficulty, "word_problem", expr)


def _eval_word(expr: str) -> Fraction:
    """Evaluate the small expressions above exactly (numbers, + - * /, parentheses)."""
    tokens = expr.replace("(", " ( ").replace(")", " ) ").split()
    pos = 0

    def parse_sum() -> Fraction:
        nonlocal pos
        value = parse_product()
        while pos < len(tokens) and tokens[pos] in "+-":
            op = tokens[pos]
            pos += 1
            value = _apply(op, value, parse_product())
        return value

    def parse_product() -> Fraction:
        nonlocal pos
        value = parse_atom()
        while pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            value = _apply(op, value, parse_atom())
        return value

    def parse_atom() -> Fraction:
        nonlocal pos
        token = tokens[pos]
        pos += 1
        if token == "(":
            value = parse_sum()
            pos += 1  # ")"
            return value
        return Fraction(token)

    return parse_sum()


MAKERS = {
    "addition": _addition, "multi_step": _multi_step, "fractions": _fractions,
    "linear_equation": _linear_equation, "system": _system, "word_problem": _word_problem,
}


def math_problems(n: int, seed: int = 0, kinds: Sequence[str] | None = None) -> list[Problem]:
    """``n`` problems, kinds balanced over ``kinds`` (default: all of :data:`KINDS`), the same
    list for the same arguments."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    kinds = tuple(kinds) if kinds is not None else KINDS
    unknown = [k for k in kinds if k not in MAKERS]
    if unknown or not kinds:
        raise ValueError(f"kinds must be a non-empty subset of {KINDS}, got {kinds!r}")
    rng = random.Random(seed)
    plan = [kinds[i % len(kinds)] for i in range(n)]
    rng.shuffle(plan)
    return [MAKERS[kind](rng) for kind in plan]
