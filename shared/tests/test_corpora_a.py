"""Tests for the generated corpora: legal, medical, abstracts, headlines, pii, math_problems.

Each ground truth is checked by a computation of the test's own (its own Luhn check, its own
expression evaluator and equation solver, its own patterns), not by calling the generator's.
"""

from __future__ import annotations

import ast
import collections
import datetime
import ipaddress
import re
from fractions import Fraction

import pytest
from llmlab.corpora.abstracts import (
    TASK_PARAPHRASES,
    TOPIC_DATA,
    TOPICS,
    labelled_queries,
    scientific_abstracts,
)
from llmlab.corpora.headlines import financial_headlines
from llmlab.corpora.legal import legal_documents, legal_split, legal_text
from llmlab.corpora.math_problems import KINDS, math_problems
from llmlab.corpora.medical import medical_abstracts, medical_symbols, medical_terms, medical_text
from llmlab.corpora.pii import DECOY_TYPES, PII_TYPES, pii_documents

# ---------------------------------------------------------------------------------------------
# Determinism, all generators


@pytest.mark.parametrize(
    "make",
    [
        lambda seed: legal_documents(12, seed),
        lambda seed: medical_abstracts(12, "en", seed),
        lambda seed: medical_abstracts(12, "de", seed),
        lambda seed: scientific_abstracts(16, seed),
        lambda seed: labelled_queries(scientific_abstracts(40, 0), 10, seed),
        lambda seed: financial_headlines(30, seed),
        lambda seed: pii_documents(20, seed),
        lambda seed: math_problems(30, seed),
    ],
    ids=["legal", "medical-en", "medical-de", "abstracts", "queries", "headlines", "pii", "math"],
)
def test_same_seed_same_output_and_different_seed_different_output(make):
    assert make(3) == make(3)
    assert make(3) != make(4)


@pytest.mark.parametrize(
    "make",
    [legal_documents, scientific_abstracts, financial_headlines, pii_documents, math_problems,
     lambda n, seed: medical_abstracts(n, "de", seed)],
)
def test_generators_scale_with_n_and_reject_negative_n(make):
    assert make(0, 1) == []
    assert len(make(7, 1)) == 7
    with pytest.raises(ValueError):
        make(-1, 1)


# ---------------------------------------------------------------------------------------------
# Legal

CASE_CITE = re.compile(
    r"\d+ (?:U\.S\.|S\. Ct\.|F\.2d|F\.3d|F\.4th|F\. Supp\. 2d|F\. Supp\. 3d|A\.3d|N\.E\.3d|P\.3d) "
    r"\d+, \d+ \((?:[^()]* )?(?:19|20)\d\d\)"
)
USC_CITE = re.compile(r"\b\d+ U\.S\.C\. §§? \d+")


def test_legal_documents_recur_section_signs_and_citations():
    docs = legal_documents(200, seed=0)
    opinions = [d for d in docs if d.startswith("UNITED STATES DISTRICT COURT")]
    contracts = [d for d in docs if not d.startswith("UNITED STATES DISTRICT COURT")]
    assert 70 <= len(opinions) <= 130
    assert all("§" in d and "U.S.C." in d for d in docs)
    assert all(USC_CITE.search(d) for d in docs)
    text = "\n\n".join(docs)
    assert text.count("§") >= 3 * len(docs)
    assert text.count("U.S.C.") >= 2 * len(docs)
    assert len(re.findall(r"Cal\. Civ\. Code § \d+", text)) >= 20
    for d in opinions:
        assert d.count("§") >= 2
        assert " v. " in d
        assert len(CASE_CITE.findall(d)) >= 4
        assert "IT IS SO ORDERED." in d
    for d in contracts:
        for term in ('"Agreement"', '"Effective Date"', '"Parties"', "ARTICLE I\n", "ARTICLE III\n", " shall "):
            assert term in d
        assert len(re.findall(r"^\d\.\d+ ", d, flags=re.M)) >= 8
        assert re.search(r"^\([a-c]\) ", d, flags=re.M)  # lettered subsections
    captions = re.findall(r"[A-Z][\w.,' ]+ v\. [A-Z][\w.,' -]+", text)
    assert any(re.search(r", (LLC|Inc\.|L\.P\.|LLP)", c) for c in captions)


def test_legal_text_split_and_prefix():
    docs = legal_documents(30, seed=5)
    assert legal_documents(10, seed=5) == docs[:10]
    assert legal_text(30, seed=5) == "\n\n".join(docs) + "\n"
    train, held = legal_split(30, seed=5, held_out=0.2)
    assert (len(train), len(held)) == (24, 6)
    assert train + held == docs
    assert not set(train) & set(held)
    assert len(legal_split(5, seed=5, held_out=0.01)[1]) == 1


# ---------------------------------------------------------------------------------------------
# Medical

GERMAN_LETTERS = set("äöüÄÖÜß")


def test_german_abstracts_contain_long_compounds_and_decimal_commas():
    abstracts = medical_abstracts(300, "de", seed=0)
    for a in abstracts:
        long_words = {w for w in re.findall(r"[^\W\d_][\w-]*[^\W_]", a.text) if len(w) > 15 and "-" not in w[:2]}
        assert len(long_words) >= 2, a.text
        assert re.search(r"\d,\d", a.text)
        assert a.text.startswith("Hintergrund: ")
    corpus = medical_text(300, "de", seed=0)
    for compound in ("Herzkreislauferkrankung", "Blutdrucksenkung", "Magen-Darm-Trakt", "Studienteilnehmende"):
        assert compound in corpus
    assert corpus.count("95-%-KI") >= 300


def test_medical_ground_truth_symbols_and_terms():
    for lang in ("en", "de"):
        vocabulary, terms = set(medical_symbols(lang)), set(medical_terms(lang))
        assert not any(re.search(r"\s", s) for s in vocabulary)
        seen = collections.Counter()
        for a in medical_abstracts(300, lang, seed=1):
            assert a.lang == lang
            assert set(a.symbols) <= vocabulary and set(a.terms) <= terms
            assert all(s in a.text for s in a.symbols) and all(t in a.text for t in a.terms)
            covered = "".join(a.symbols)
            for ch in a.text:  # every special character is declared by some symbol
                if ord(ch) > 127 and ch not in GERMAN_LETTERS:
                    assert ch in covered, (ch, a.text)
            seen.update(a.symbols)
        for symbol in ("±", "≥", "–", "mg/dL", "µg", "µmol/L", "°C", "kg/m²", "mmHg", "TNF-α"):
            assert seen[symbol] > 0, (lang, symbol)
        assert seen["β-blocker" if lang == "en" else "β-Blocker"] > 0
        assert seen["±"] == 300


def test_english_abstract_numbers_are_consistent():
    text = medical_text(300, "en", seed=2)
    assert not re.search(r"\d,\d{1,2}(?!\d)", text)  # decimal points, thousands commas only
    number = r"(\d[\d,]*(?:\.\d+)?)"
    changes = re.findall(rf"(fell|rose) from {number} ± [\d.,]+ ?\S* to {number} ±", text)
    assert len(changes) == 300
    for verb, before, after in changes:
        before, after = float(before.replace(",", "")), float(after.replace(",", ""))
        assert (after < before) if verb == "fell" else (after > before)
    intervals = re.findall(r"95% confidence interval (\d+(?:\.\d+)?)–(\d+(?:\.\d+)?)", text)
    assert len(intervals) == 300
    assert all(float(lo) <= float(hi) for lo, hi in intervals)


def test_medical_rejects_unknown_language():
    with pytest.raises(ValueError):
        medical_abstracts(3, "fr", 0)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Abstracts and queries


def test_abstracts_are_balanced_and_carry_their_task_and_key_phrase():
    abstracts = scientific_abstracts(403, seed=0)
    counts = collections.Counter(a.topic for a in abstracts)
    assert set(counts) == set(TOPICS) and len(TOPICS) == 8
    assert max(counts.values()) - min(counts.values()) <= 1
    assert len({a.id for a in abstracts}) == 403
    assert len({a.key_phrase for a in abstracts}) == 403
    for a in abstracts:
        assert a.task in {t for t, _, _ in TOPIC_DATA[a.topic].tasks}
        assert a.task in a.text.lower() and a.key_phrase in a.text
        assert a.key_phrase.lower() in a.title.lower()
    # shared vocabulary: other topics' tasks and shared techniques cross topic lines
    all_tasks = {t: topic for topic, d in TOPIC_DATA.items() for t, _, _ in d.tasks}
    crossing = sum(any(t in a.text for t, topic in all_tasks.items() if topic != a.topic) for a in abstracts)
    assert crossing >= 0.3 * len(abstracts)
    for word in ("graph neural network", "transformer", "contrastive learning"):
        assert len({a.topic for a in abstracts if word in a.text}) >= 6


def test_labelled_queries_relevance_by_construction():
    abstracts = scientific_abstracts(240, seed=1)
    by_id = {a.id: a for a in abstracts}
    queries = labelled_queries(abstracts, 60, seed=2)
    assert len(queries) == 60
    assert collections.Counter(q.kind for q in queries) == {"phrase": 30, "task": 30}
    for q in queries:
        assert q.relevant_ids and q.relevant_ids <= set(by_id)
        assert {by_id[i].topic for i in q.relevant_ids} == {q.topic}
        if q.kind == "phrase":
            phrases = {by_id[i].key_phrase for i in q.relevant_ids}
            assert len(phrases) == 1
            phrase = phrases.pop()
            assert phrase in q.text
            assert q.relevant_ids == {a.id for a in abstracts if phrase in a.text}
        else:
            tasks = {by_id[i].task for i in q.relevant_ids}
            assert len(tasks) == 1
            task = tasks.pop()
            assert q.relevant_ids == {a.id for a in abstracts if a.task == task}
            assert all(task in by_id[i].text.lower() for i in q.relevant_ids)
            assert task in q.text or TASK_PARAPHRASES[task] in q.text


STOPWORDS = {"a", "about", "and", "approaches", "evaluated", "for", "from", "how", "improve", "in",
             "methods", "of", "on", "papers", "recent", "the", "to", "with", "work"}


def test_word_overlap_finds_named_tasks_and_phrases_but_not_paraphrased_tasks():
    abstracts = scientific_abstracts(240, seed=3)
    queries = labelled_queries(abstracts, 80, seed=4)

    def words(s: str) -> set[str]:
        return set(re.findall(r"[a-z0-9-]+", s.lower())) - STOPWORDS

    bags = [(a.id, words(a.title + " " + a.text)) for a in abstracts]

    def precision_at(q, k: int) -> float:
        top = sorted(bags, key=lambda b: -len(words(q.text) & b[1]))[:k]
        return sum(i in q.relevant_ids for i, _ in top) / k

    phrase = [precision_at(q, 1) for q in queries if q.kind == "phrase"]
    assert sum(phrase) >= 0.8 * len(phrase)
    by_id = {a.id: a for a in abstracts}
    named, paraphrased = [], []
    for q in queries:
        if q.kind == "task":
            task = by_id[next(iter(q.relevant_ids))].task
            (named if task in q.text else paraphrased).append(precision_at(q, 5))
    assert 10 <= len(paraphrased) <= 30
    assert sum(named) / len(named) >= 0.6
    assert sum(paraphrased) / len(paraphrased) <= 0.5


# ---------------------------------------------------------------------------------------------
# Headlines

NEGATION = re.compile(r"\b(?:not|no|never|none|nor|without|unable|fail|fails|failed)\b|\w+n't\b", re.I)
NEGATIVE_WORDS = {"loss", "losses", "sell-off", "debt", "falls", "recession", "fears", "slump", "weak"}
POSITIVE_WORDS = {"record", "beats", "upbeat", "best-selling", "top-selling", "premium", "flagship", "growth", "gains"}


def test_headline_labels_are_balanced_with_negations_in_every_class():
    for n in (600, 601, 602):
        counts = collections.Counter(h.label for h in financial_headlines(n, seed=n))
        assert set(counts) == {"positive", "negative", "neutral"}
        assert max(counts.values()) - min(counts.values()) <= 1
    headlines = financial_headlines(600, seed=0)
    for label in ("positive", "negative", "neutral"):
        group = [h for h in headlines if h.label == label]
        negated = sum(h.has_negation for h in group)
        assert 0.25 * len(group) <= negated <= 0.45 * len(group)
        assert sum(h.has_confounder for h in group) >= 0.1 * len(group)
    for h in headlines:
        assert bool(NEGATION.search(h.text)) == h.has_negation, h
        assert h.company in h.text and h.ticker
        assert not (h.has_negation and h.has_confounder)
        tokens = set(re.findall(r"[a-z-]+", h.text.lower()))
        if h.has_confounder and h.label == "positive":
            assert tokens & NEGATIVE_WORDS, h.text
        if h.has_confounder and h.label == "negative":
            assert tokens & POSITIVE_WORDS, h.text
    assert sum(bool(re.search(r"\d", h.text)) for h in headlines) >= 0.7 * len(headlines)
    assert any("fails to beat" in h.text for h in headlines if h.label == "negative")
    assert any("no longer expects a loss" in h.text for h in headlines if h.label == "positive")


# ---------------------------------------------------------------------------------------------
# PII


def luhn(digits: str) -> bool:
    checksum = 0
    for position, ch in enumerate(digits[::-1]):
        value = int(ch) * (2 if position % 2 else 1)
        checksum += value // 10 + value % 10
    return checksum % 10 == 0


def card_shaped(s: str) -> bool:
    digits = re.sub(r"[ -]", "", s)
    separators = set(re.sub(r"\d", "", s))
    return bool(re.fullmatch(r"\d[\d -]*\d", s)) and len(separators) <= 1 and len(digits) in (15, 16)


def card_brand_ok(digits: str) -> bool:
    if len(digits) == 15:
        return digits[:2] in ("34", "37")
    return digits[0] == "4" or "51" <= digits[:2] <= "55" or digits.startswith(("6011", "65"))


PII_PATTERNS = {
    "EMAIL": re.compile(r"[a-z0-9._+]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}"),
    "PHONE": re.compile(r"(\+\d{1,3} )?[\d ()\-]*\d"),
    "SSN": re.compile(r"(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}"),
    "ADDRESS": re.compile(
        r"\d+ [A-Z][a-z]+ (St|Ave|Blvd|Rd|Lane|Drive|Court)(, (Apt \d+[A-D]|Suite \d+))?, [A-Z][a-z]+, [A-Z]{2} \d{5}"
        r"|\d+ [A-Z][a-z]+( Street)?, [A-Z][a-z]+ [A-Z]{1,2}\d{1,2} \d[A-Z]{2}"
        r"|[A-Z][a-z]+straße \d+, \d{5} [A-Z][\w ]+"
    ),
}


def test_pii_spans_slice_the_text_and_match_their_types():
    docs = pii_documents(500, seed=0)
    types = collections.Counter()
    for doc in docs:
        marks = sorted(doc.spans + doc.decoys, key=lambda s: s.start)
        assert doc.spans == sorted(doc.spans, key=lambda s: s.start)
        for a, b in zip(marks, marks[1:], strict=False):
            assert a.end <= b.start, (a, b)  # no overlaps, decoys lie outside every span
        for span in doc.spans:
            value = doc.text[span.start : span.end]
            assert 0 <= span.start < span.end <= len(doc.text) and value == value.strip()
            assert span.type in PII_TYPES
            types[span.type] += 1
            if span.type in PII_PATTERNS:
                assert PII_PATTERNS[span.type].fullmatch(value), (span.type, value)
            if span.type == "PHONE":
                assert 10 <= sum(c.isdigit() for c in value) <= 13, value
            if span.type == "CREDIT_CARD":
                digits = re.sub(r"\D", "", value)
                assert card_shaped(value) and card_brand_ok(digits) and luhn(digits), value
            if span.type == "PERSON":
                tokens = value.split(" ")
                assert 1 <= len(tokens) <= 2
                assert all(t[0].isupper() and re.fullmatch(r"[^\W\d_][\w']*", t) for t in tokens), value
        for span in doc.decoys:
            value = doc.text[span.start : span.end]
            assert span.type in DECOY_TYPES
            types[span.type] += 1
            if span.type == "CARD_INVALID":
                assert card_shaped(value) and not luhn(re.sub(r"\D", "", value)), value
            elif span.type == "IP_LIKE":
                assert re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", value)
                with pytest.raises(ValueError):
                    ipaddress.ip_address(value)
            elif span.type == "VERSION":
                assert re.fullmatch(r"v?\d+\.\d+\.\d+(-(rc|beta)\.\d+)?", value), value
            elif span.type == "DATE":
                fmt = "%Y-%m-%d" if "-" in value else "%m/%d/%Y"
                datetime.datetime.strptime(value, fmt)
            elif span.type == "ORDER_NUMBER":
                assert re.fullmatch(r"ORD-\d{4}-\d{6}|#[A-Z]\d[A-Z]-\d{5}|\d{3}-\d{7}-\d{7}", value), value
                digits = re.sub(r"\D", "", value)
                assert len(digits) < 13 or not luhn(digits)
    for kind in PII_TYPES + DECOY_TYPES:
        assert types[kind] >= 50, (kind, types)
    assert 0.04 * len(docs) <= sum(not d.spans for d in docs) <= 0.18 * len(docs)
    assert any("+44 " in d.text for d in docs) and any("+81 " in d.text for d in docs)


def test_pii_gold_spans_are_complete_for_pattern_types():
    for doc in pii_documents(400, seed=7):
        gold = {(s.start, s.end): s.type for s in doc.spans}
        for m in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", doc.text):
            assert gold.get(m.span()) == "EMAIL", m.group()
        for m in re.finditer(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", doc.text):
            assert gold.get(m.span()) == "SSN", m.group()
        for m in re.finditer(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?!\d)", doc.text):
            inside_other = any(s.start < m.end() and m.start() < s.end and s.type != "CREDIT_CARD" for s in doc.spans)
            if luhn(re.sub(r"\D", "", m.group())) and not inside_other:
                assert gold.get(m.span()) == "CREDIT_CARD", (m.group(), doc.text)


# ---------------------------------------------------------------------------------------------
# Math

ANSWER = re.compile(r"-?\d+(/\d+)?")


def evaluate(expr: str, env: dict[str, Fraction] | None = None) -> Fraction:
    """Exact value of an arithmetic expression (numbers, + - * /, unary minus, names in env)."""
    env = env or {}

    def walk(node: ast.AST) -> Fraction:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return Fraction(node.value)
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.BinOp):
            a, b = walk(node.left), walk(node.right)
            ops = {ast.Add: a.__add__, ast.Sub: a.__sub__, ast.Mult: a.__mul__, ast.Div: a.__truediv__}
            return ops[type(node.op)](b)
        raise ValueError(f"unexpected syntax {ast.dump(node)}")

    return walk(ast.parse(expr, mode="eval"))


def implicit_products(s: str) -> str:
    return re.sub(r"(?<=[\d)])(?=[xy(])", "*", s)


def canonical(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def linear_coefficients(equation: str, names: tuple[str, ...]) -> tuple[list[Fraction], Fraction]:
    """lhs - rhs = sum(c_i * name_i) + c0, read off by evaluating at the unit points."""
    lhs, rhs = (implicit_products(side) for side in equation.split(" = "))

    def f(**values: Fraction) -> Fraction:
        env = {n: values.get(n, Fraction(0)) for n in names}
        return evaluate(lhs, env) - evaluate(rhs, env)

    c0 = f()
    coefficients = [f(**{n: Fraction(1)}) - c0 for n in names]
    assert f(**{n: Fraction(3) for n in names}) == c0 + 3 * sum(coefficients)  # really linear
    return coefficients, c0


def test_math_answers_verified_independently():
    problems = math_problems(600, seed=0)
    counts = collections.Counter(p.kind for p in problems)
    assert set(counts) == set(KINDS) and max(counts.values()) - min(counts.values()) <= 1
    ranges = {"addition": (1, 2), "multi_step": (2, 3), "fractions": (3, 4),
              "linear_equation": (3, 4), "system": (4, 5), "word_problem": (2, 5)}
    assert {p.difficulty for p in problems} == {1, 2, 3, 4, 5}
    for p in problems:
        low, high = ranges[p.kind]
        assert low <= p.difficulty <= high, p
        if p.kind in ("addition", "multi_step", "fractions"):
            expr = re.fullmatch(r"What is (.+)\?", p.question).group(1)
            assert ANSWER.fullmatch(p.answer), p
            assert canonical(evaluate(expr)) == p.answer, p
        elif p.kind == "linear_equation":
            equation = re.fullmatch(r"Solve for x: (.+)\.", p.question).group(1)
            (a,), c0 = linear_coefficients(equation, ("x",))
            assert a != 0, p  # exactly one solution
            assert canonical(-c0 / a) == p.answer, p
            lhs, rhs = (implicit_products(s) for s in equation.split(" = "))
            x = Fraction(p.answer)
            assert evaluate(lhs, {"x": x}) == evaluate(rhs, {"x": x})  # substitute back
        elif p.kind == "system":
            eq1, eq2 = re.fullmatch(r"Solve the system: (.+) and (.+)\.", p.question).groups()
            (a, b), e = linear_coefficients(eq1, ("x", "y"))
            (c, d), f = linear_coefficients(eq2, ("x", "y"))
            det = a * d - b * c
            assert det != 0, p
            x, y = (-e * d + b * f) / det, (-a * f + e * c) / det  # Cramer on a x + b y = -e
            assert p.answer == f"x = {canonical(x)}, y = {canonical(y)}", p
        else:
            assert ANSWER.fullmatch(p.answer), p
            assert canonical(evaluate(p.expression)) == p.answer, p
            used = set(re.findall(r"\d+", p.expression))
            assert used <= set(re.findall(r"\d+", p.question)) | {"1", "2", "100"}, p
    fractional = [p for p in problems if "/" in p.answer]
    assert len(fractional) >= 60
    for p in fractional:
        for part in re.findall(r"-?\d+/\d+", p.answer):
            num, den = map(int, part.split("/"))
            assert den > 1 and Fraction(num, den).denominator == den  # reduced


def test_math_kinds_filter():
    problems = math_problems(20, seed=1, kinds=["system", "fractions"])
    assert collections.Counter(p.kind for p in problems) == {"system": 10, "fractions": 10}
    with pytest.raises(ValueError):
        math_problems(3, seed=1, kinds=["calculus"])
