"""Logic puzzles with solver-checked answers, for the chain-of-thought labs.

Two kinds:

- ``"zebra"``: 3 or 4 houses in a row, three attributes (always names, plus two of colour, pet,
  drink, job, instrument), and numbered clue sentences ("Ada lives directly to the left of the
  person who keeps the cat."). Clues true of a hidden arrangement are added until exactly one
  arrangement satisfies them all, then clues that are not needed are dropped, so the clue set
  is minimal. The question asks one attribute of one person ("What does Ada drink?").
- ``"knights"``: knights always tell the truth, knaves always lie; 2 to 4 islanders each make one
  statement, regenerated until exactly one knight/knave assignment is consistent. The question
  asks whether one islander is a knight or a knave.

Ground truth: every :class:`Puzzle` carries its structured ``spec``, the unique ``solution`` and
the ``answer`` to its ``question``; :func:`solve` re-derives the answer by brute force over all
arrangements and :func:`solutions` lists every consistent one (always exactly one for a
generated puzzle). Difficulty: ``"easy"`` (2 islanders), ``"medium"`` (3 houses or 3 islanders),
``"hard"`` (4 houses or 4 islanders). The same ``seed`` always gives the same puzzles.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from dataclasses import dataclass

# ---------------------------------------------------------------- zebra vocabulary
NAMES = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jun", "Kit", "Lena"]
ZEBRA_VALUES = {
    "colour": ["red", "green", "blue", "yellow", "white"],
    "pet": ["cat", "dog", "parrot", "fish", "rabbit"],
    "drink": ["tea", "coffee", "milk", "juice", "water"],
    "job": ["baker", "doctor", "pilot", "teacher", "farmer"],
    "instrument": ["piano", "violin", "drums", "flute", "guitar"],
}
# the list line in the puzzle text, e.g. "Pets: cat, dog, fish."
LABELS = {"name": "Names", "colour": "House colours", "pet": "Pets", "drink": "Drinks",
          "job": "Jobs", "instrument": "Instruments"}
# how a person is referred to by one attribute value
DESCRIBE = {
    "name": "{v}", "colour": "the person in the {v} house", "pet": "the person who keeps the {v}",
    "drink": "the person who drinks {v}", "job": "the {v}", "instrument": "the person who plays the {v}",
}
# "<person> <predicate>" and its negation; names are never predicates (they are always subjects)
PREDICATE = {
    "colour": ("lives in the {v} house", "does not live in the {v} house"),
    "pet": ("keeps the {v}", "does not keep the {v}"),
    "drink": ("drinks {v}", "does not drink {v}"),
    "job": ("is the {v}", "is not the {v}"),
    "instrument": ("plays the {v}", "does not play the {v}"),
}
QUESTION = {
    "name": "What is the name of {d}?", "colour": "What colour is the house of {d}?",
    "pet": "Which pet does {d} keep?", "drink": "What does {d} drink?",
    "job": "What is the job of {d}?", "instrument": "Which instrument does {d} play?",
    "house": "In which house does {d} live? Answer with the house number.",
}
CLUE_KINDS = ("same", "different", "at", "not_at", "left", "next", "before")
# how likely each kind of true clue is offered to the generator (more relational clues read better)
CLUE_WEIGHT = {"same": 3.0, "different": 1.0, "at": 1.0, "not_at": 1.0, "left": 2.0, "next": 2.0,
               "before": 1.5}

# ---------------------------------------------------------------- knights vocabulary
STATEMENT_KINDS = ("is_knight", "is_knave", "both_knights", "same", "different",
                   "one_knave", "count")
NUMBER_WORDS = ["none", "one", "two", "three", "four"]


Entity = tuple[str, str]  # (category, value)


@dataclass(frozen=True)
class Clue:
    """One zebra clue: ``kind`` in CLUE_KINDS, entities ``a`` (and ``b``), or a ``house`` (1-based)."""

    kind: str
    a: Entity
    b: Entity | None = None
    house: int | None = None


@dataclass(frozen=True)
class ZebraSpec:
    n_houses: int
    categories: tuple[str, ...]  # "name" first
    values: tuple[tuple[str, ...], ...]  # per category, in the (alphabetical) order the text lists
    clues: tuple[Clue, ...]
    ask: str  # the asked category, or "house"
    about: Entity  # who the question is about


@dataclass(frozen=True)
class Statement:
    """What one islander says: ``kind`` in STATEMENT_KINDS about ``names`` (or a ``count``)."""

    speaker: str
    kind: str
    names: tuple[str, ...] = ()
    count: int | None = None


@dataclass(frozen=True)
class KnightsSpec:
    names: tuple[str, ...]
    statements: tuple[Statement, ...]
    about: str


@dataclass(frozen=True)
class Puzzle:
    """A puzzle's ``text`` (setting and clues), its ``question`` and the checked ``answer``.

    ``solution`` is the unique consistent arrangement: for zebra, one tuple per house (house 1
    first) of the values in ``spec.categories`` order; for knights, ``(name, "knight"|"knave")``
    pairs in the order the islanders are introduced.
    """

    text: str
    question: str
    answer: str
    kind: str  # "zebra" | "knights"
    difficulty: str  # "easy" | "medium" | "hard"
    spec: ZebraSpec | KnightsSpec
    solution: tuple[tuple[str, ...], ...]

    @property
    def prompt(self) -> str:
        """Text and question together, ready to send to a model."""
        return f"{self.text}\n\n{self.question}"


# ================================================================= zebra: semantics
def clue_holds(clue: Clue, house_of: dict[Entity, int]) -> bool:
    """Whether ``clue`` is true when each entity lives in ``house_of[entity]``."""
    a = house_of[clue.a]
    if clue.kind == "at":
        return a == clue.house
    if clue.kind == "not_at":
        return a != clue.house
    b = house_of[clue.b]
    return {
        "same": a == b, "different": a != b, "left": a + 1 == b, "next": abs(a - b) == 1,
        "before": a < b,
    }[clue.kind]


def _zebra_solutions(spec: ZebraSpec) -> list[dict[Entity, int]]:
    """Brute force: every assignment of houses to every category's values, filtered by the clues."""
    houses = range(1, spec.n_houses + 1)
    found = []
    for perms in itertools.product(itertools.permutations(houses), repeat=len(spec.categories)):
        house_of = {
            (cat, value): perm[i]
            for cat, values, perm in zip(spec.categories, spec.values, perms, strict=True)
            for i, value in enumerate(values)
        }
        if all(clue_holds(clue, house_of) for clue in spec.clues):
            found.append(house_of)
    return found


def _zebra_answer(spec: ZebraSpec, house_of: dict[Entity, int]) -> str:
    house = house_of[spec.about]
    if spec.ask == "house":
        return str(house)
    return next(v for (cat, v), h in house_of.items() if cat == spec.ask and h == house)


def _zebra_table(spec: ZebraSpec, house_of: dict[Entity, int]) -> tuple[tuple[str, ...], ...]:
    rows = []
    for house in range(1, spec.n_houses + 1):
        rows.append(tuple(next(v for v in values if house_of[(cat, v)] == house)
                          for cat, values in zip(spec.categories, spec.values, strict=True)))
    return tuple(rows)


# ================================================================= zebra: text
def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def _describe(e: Entity) -> str:
    return DESCRIBE[e[0]].format(v=e[1])


def _place(e: Entity) -> tuple[str, str]:
    """(subject, verb) for positional clues: houses "are" somewhere, people "live" there."""
    if e[0] == "colour":
        return f"the {e[1]} house", "is"
    return _describe(e), "lives"


def clue_text(clue: Clue) -> str:
    """The English sentence for ``clue``."""
    if clue.kind in ("same", "different"):
        a, b = clue.a, clue.b
        if b[0] == "name" or (a[0] == "colour" and b[0] != "name"):
            a, b = b, a  # a name is always the subject, a house colour always the predicate
        positive, negative = PREDICATE[b[0]]
        return _cap(f"{_describe(a)} {(positive if clue.kind == 'same' else negative).format(v=b[1])}.")
    subject, verb = _place(clue.a)
    if clue.kind == "at":
        return _cap(f"{subject} {'is' if verb == 'is' else 'lives in'} house {clue.house}.")
    if clue.kind == "not_at":
        return _cap(f"{subject} {'is not' if verb == 'is' else 'does not live in'} house {clue.house}.")
    target, _ = _place(clue.b)
    relation = {"left": "directly to the left of", "next": "next to",
                "before": "somewhere to the left of"}[clue.kind]
    return _cap(f"{subject} {verb} {relation} {target}.")


def _zebra_text(spec: ZebraSpec) -> str:
    n = spec.n_houses
    lines = [
        f"There are {n} houses in a row, numbered 1 to {n} from left to right. Each house is home "
        "to exactly one person, and each of the values below belongs to exactly one person.",
    ]
    lines += [f"{LABELS[cat]}: {', '.join(values)}." for cat, values in zip(spec.categories, spec.values, strict=True)]
    lines.append("Clues:")
    lines += [f"{i}. {clue_text(clue)}" for i, clue in enumerate(spec.clues, 1)]
    return "\n".join(lines)


def _zebra_question(spec: ZebraSpec) -> str:
    return QUESTION[spec.ask].format(d=_describe(spec.about))


# ================================================================= zebra: generator
@functools.lru_cache(maxsize=4)
def _atoms(n: int, k: int) -> dict[tuple[int, int, int], int]:
    """Bit masks over all (n!)^k candidate arrangements: bit i of atoms[(cat, value, house)] says
    whether candidate i puts that value in that house (candidates in ``_zebra_solutions`` order)."""
    perms = list(itertools.permutations(range(1, n + 1)))
    bits = {(c, v, h): bytearray(len(perms) ** k) for c in range(k) for v in range(n) for h in range(1, n + 1)}
    for i, combo in enumerate(itertools.product(perms, repeat=k)):
        for c, perm in enumerate(combo):
            for v, h in enumerate(perm):
                bits[(c, v, h)][i] = 1
    table = bytes.maketrans(b"\x00\x01", b"01")
    return {key: int(bytes(reversed(arr)).translate(table), 2) for key, arr in bits.items()}


def _clue_mask(clue: Clue, index: dict[Entity, tuple[int, int]], atoms: dict, n: int) -> int:
    ca, va = index[clue.a]
    at_a = [atoms[(ca, va, h)] for h in range(1, n + 1)]
    if clue.kind == "at":
        return at_a[clue.house - 1]
    if clue.kind == "not_at":
        return functools.reduce(lambda x, y: x | y, (m for h, m in enumerate(at_a, 1) if h != clue.house))
    cb, vb = index[clue.b]
    at_b = [atoms[(cb, vb, h)] for h in range(1, n + 1)]
    pairs = {
        "same": lambda i, j: i == j, "different": lambda i, j: i != j, "left": lambda i, j: i + 1 == j,
        "next": lambda i, j: abs(i - j) == 1, "before": lambda i, j: i < j,
    }[clue.kind]
    mask = 0
    for i in range(n):
        for j in range(n):
            if pairs(i, j):
                mask |= at_a[i] & at_b[j]
    return mask


def _true_clues(categories, values, house_of, n) -> list[Clue]:
    entities = [(c, v) for c, vs in zip(categories, values, strict=True) for v in vs]
    clues = []
    for e in entities:
        for h in range(1, n + 1):
            clues.append(Clue("at" if house_of[e] == h else "not_at", e, house=h))
    for e, f in itertools.permutations(entities, 2):
        if e[0] == f[0]:
            if e < f and abs(house_of[e] - house_of[f]) == 1:
                clues.append(Clue("next", e, f))
            if house_of[e] + 1 == house_of[f]:
                clues.append(Clue("left", e, f))
            if house_of[e] < house_of[f] and house_of[e] + 1 != house_of[f]:
                clues.append(Clue("before", e, f))
            continue
        he, hf = house_of[e], house_of[f]
        if e < f:  # symmetric kinds once per pair
            clues.append(Clue("same" if he == hf else "different", e, f))
            if abs(he - hf) == 1:
                clues.append(Clue("next", e, f))
        if he + 1 == hf:
            clues.append(Clue("left", e, f))
        elif he < hf:
            clues.append(Clue("before", e, f))
    return clues


def _zebra(rng: random.Random, n: int) -> Puzzle:
    categories = ("name", *rng.sample(sorted(ZEBRA_VALUES), 2))
    values = tuple(tuple(sorted(rng.sample(NAMES if c == "name" else ZEBRA_VALUES[c], n))) for c in categories)
    house_of: dict[Entity, int] = {}
    for c, vs in zip(categories, values, strict=True):
        for v, h in zip(vs, rng.sample(range(1, n + 1), n), strict=True):
            house_of[(c, v)] = h
    index = {(c, v): (ci, vi) for ci, (c, vs) in enumerate(zip(categories, values, strict=True)) for vi, v in enumerate(vs)}
    atoms = _atoms(n, len(categories))
    everything = (1 << math.factorial(n) ** len(categories)) - 1

    pool = _true_clues(categories, values, house_of, n)
    pool.sort(key=lambda c: rng.random() ** (1.0 / CLUE_WEIGHT[c.kind]), reverse=True)
    chosen: list[tuple[Clue, int]] = []
    alive = everything
    for clue in pool:  # add clues that cut the candidates until one arrangement is left
        mask = _clue_mask(clue, index, atoms, n)
        if alive & mask != alive:
            alive &= mask
            chosen.append((clue, mask))
        if alive.bit_count() == 1:
            break
    for item in rng.sample(chosen, len(chosen)):  # drop clues the others already imply
        rest = [m for c, m in chosen if c is not item[0]]
        if functools.reduce(lambda x, y: x & y, rest, everything).bit_count() == 1:
            chosen.remove(item)
    clues = [c for c, _ in chosen]
    rng.shuffle(clues)

    def stated(ask: str, about: Entity) -> bool:  # would one clue give the answer away?
        if ask == "house":
            return any(c.kind == "at" and c.a == about for c in clues)
        target = next((c, v) for (c, v), h in house_of.items() if c == ask and h == house_of[about])
        return any(c.kind == "same" and {c.a, c.b} == {about, target} for c in clues)

    options = [(ask, (c, v)) for ask in (*categories, "house") for c, vs in zip(categories, values, strict=True)
               if c != ask for v in vs]
    options = [o for o in options if not stated(*o)] or options
    ask = rng.choice(sorted({a for a, _ in options}))  # each asked category equally likely
    about = rng.choice([e for a, e in options if a == ask])
    spec = ZebraSpec(n, categories, values, tuple(clues), ask, about)
    return Puzzle(_zebra_text(spec), _zebra_question(spec), _zebra_answer(spec, house_of), "zebra",
                  "medium" if n == 3 else "hard", spec, _zebra_table(spec, house_of))


# ================================================================= knights and knaves
def statement_true(s: Statement, knight: dict[str, bool]) -> bool:
    """Whether statement ``s`` is true when ``knight[name]`` says who is a knight."""
    k = [knight[name] for name in s.names]
    if s.kind == "is_knight":
        return k[0]
    if s.kind == "is_knave":
        return not k[0]
    if s.kind == "both_knights":
        return k[0] and k[1]
    if s.kind == "same":
        return k[0] == k[1]
    if s.kind == "different":
        return k[0] != k[1]
    if s.kind == "one_knave":
        return not (k[0] and k[1])
    if s.kind == "count":
        return sum(knight.values()) == s.count
    raise ValueError(f"unknown statement kind {s.kind!r}")


def statement_text(s: Statement) -> str:
    """What the speaker says, in the first person where they talk about themselves."""
    def who(name: str) -> str:
        return "I" if name == s.speaker else name

    if s.kind in ("is_knight", "is_knave"):
        kind = "knight" if s.kind == "is_knight" else "knave"
        return f"I am a {kind}." if s.names[0] == s.speaker else f"{s.names[0]} is a {kind}."
    if s.kind == "both_knights":
        return f"{s.names[0]} and {s.names[1]} are both knights."
    if s.kind in ("same", "different"):
        x, y = sorted(s.names, key=lambda name: name == s.speaker)  # "Ben and I", never "I and Ben"
        return f"{who(x)} and {who(y)} are of {'the same kind' if s.kind == 'same' else 'different kinds'}."
    if s.kind == "one_knave":
        x, y = sorted(s.names, key=lambda name: name == s.speaker)
        return f"At least one of {x} and {'me' if y == s.speaker else y} is a knave."
    if s.kind == "count":
        if s.count == 0:
            return "None of us is a knight."
        return f"Exactly {NUMBER_WORDS[s.count]} of us {'is a knight' if s.count == 1 else 'are knights'}."
    raise ValueError(f"unknown statement kind {s.kind!r}")


def _random_statement(rng: random.Random, speaker: str, names: tuple[str, ...]) -> Statement:
    others = [x for x in names if x != speaker]
    kind = rng.choice(STATEMENT_KINDS)
    if kind in ("is_knight", "is_knave"):
        return Statement(speaker, kind, (rng.choice(others),))
    if kind == "both_knights":
        if len(others) < 2:
            return Statement(speaker, "is_knave", (others[0],))
        return Statement(speaker, kind, tuple(rng.sample(others, 2)))
    if kind in ("same", "different", "one_knave"):
        pair = rng.sample(list(names), 2) if len(names) > 2 and rng.random() < 0.5 else [rng.choice(others), speaker]
        return Statement(speaker, kind, tuple(pair))
    return Statement(speaker, "count", (), rng.randint(0, len(names) - 1))


def _knights_solutions(spec: KnightsSpec) -> list[dict[str, bool]]:
    found = []
    for bits in itertools.product([True, False], repeat=len(spec.names)):
        knight = dict(zip(spec.names, bits, strict=True))
        if all(statement_true(s, knight) == knight[s.speaker] for s in spec.statements):
            found.append(knight)
    return found


def _knights_text(spec: KnightsSpec) -> str:
    names = list(spec.names)
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    lines = [
        "On an island, every inhabitant is either a knight, who always tells the truth, or a knave, "
        f"who always lies. You meet {NUMBER_WORDS[len(names)]} inhabitants: {listed}.",
    ]
    lines += [f'{s.speaker} says: "{statement_text(s)}"' for s in spec.statements]
    return "\n".join(lines)


def _knights(rng: random.Random, n: int) -> Puzzle:
    names = tuple(rng.sample(NAMES, n))
    for _ in range(1000):
        truth = {name: rng.random() < 0.5 for name in names}
        statements = []
        for speaker in names:
            while True:  # a knight's statement must be true, a knave's false
                s = _random_statement(rng, speaker, names)
                if statement_true(s, truth) == truth[speaker]:
                    statements.append(s)
                    break
        about = rng.choice(names)
        spec = KnightsSpec(names, tuple(statements), about)
        if len(_knights_solutions(spec)) == 1:
            break
    else:  # pragma: no cover - never reached for 2-4 islanders
        raise RuntimeError("could not generate a knights-and-knaves puzzle with one solution")
    solution = tuple((name, "knight" if truth[name] else "knave") for name in names)
    return Puzzle(_knights_text(spec), f"Is {about} a knight or a knave?",
                  "knight" if truth[about] else "knave", "knights",
                  {2: "easy", 3: "medium", 4: "hard"}[n], spec, solution)


# ================================================================= public API
def solutions(puzzle: Puzzle) -> list[dict]:
    """Every arrangement consistent with the puzzle, by brute force (exactly one when generated).

    Zebra: dicts ``{(category, value): house}``; knights: dicts ``{name: is_knight}``.
    """
    if isinstance(puzzle.spec, ZebraSpec):
        return _zebra_solutions(puzzle.spec)
    return _knights_solutions(puzzle.spec)


def solve(puzzle: Puzzle) -> str:
    """The answer to ``puzzle.question``, found by brute force; ValueError unless it is unique."""
    found = solutions(puzzle)
    if len(found) != 1:
        raise ValueError(f"the puzzle has {len(found)} solutions, not exactly one")
    if isinstance(puzzle.spec, ZebraSpec):
        return _zebra_answer(puzzle.spec, found[0])
    return "knight" if found[0][puzzle.spec.about] else "knave"


def logic_puzzles(n: int, seed: int = 0, kinds: tuple[str, ...] = ("zebra", "knights")) -> list[Puzzle]:
    """``n`` puzzles of the given ``kinds`` (mixed at random), the same list for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    unknown = set(kinds) - {"zebra", "knights"}
    if unknown or not kinds:
        raise ValueError(f"kinds must be a non-empty subset of ('zebra', 'knights'), got {kinds}")
    rng = random.Random(seed)
    puzzles = []
    for _ in range(n):
        kind = rng.choice(kinds)
        if kind == "zebra":
            puzzles.append(_zebra(rng, rng.choice([3, 4])))
        else:
            puzzles.append(_knights(rng, rng.choice([2, 3, 3, 4])))
    return puzzles
