"""Execution accuracy: a predicted query is right when it returns the gold query's rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from llmlab.llm import LLMError
from sqlalchemy import Engine

from lab53_text_to_sql.gold import GoldQuestion
from lab53_text_to_sql.guard import QueryError, execute_readonly, has_order_by, run_sql


def normalize_value(value: Any) -> Any:
    """One cell, made comparable across drivers: numbers (``int``, ``float``, ``Decimal``; not
    ``bool``) -> ``round(float(value), 4)``; dates and datetimes -> ``isoformat()``; the rest as is."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return round(float(value), 4)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def results_match(predicted: Sequence[Sequence[Any]], gold: Sequence[Sequence[Any]], *,
                  ordered: bool) -> bool:
    """Whether two result sets are the same answer; column names do not matter.

    Normalise every cell with ``normalize_value`` and every row to a tuple. With ``ordered``
    (the gold query has an ``ORDER BY``) the rows must be equal in the same order; without it
    they must be equal as multisets: same rows, same number of times each, any order.
    """
    # BEGIN SOLUTION
    left = [tuple(normalize_value(v) for v in row) for row in predicted]
    right = [tuple(normalize_value(v) for v in row) for row in gold]
    return left == right if ordered else Counter(left) == Counter(right)
    # END SOLUTION


@dataclass
class Graded:
    """One gold question, graded: the SQL the model wrote (``None`` if it wrote none) and why it failed."""

    question: str
    gold_sql: str
    predicted_sql: str | None
    correct: bool
    error: str | None = None


@dataclass
class AccuracyReport:
    """Execution accuracy over a set of gold questions."""

    items: list[Graded] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(item.correct for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.items else 0.0


def execution_accuracy(answer: Callable[[str], str], engine: Engine, questions: Sequence[GoldQuestion], *,
                       timeout_s: float = 5.0) -> AccuracyReport:
    """Grade ``answer`` (question -> SQL) on ``questions`` by running both queries on ``engine``.

    For each question, in order: the gold rows from ``execute_readonly(engine, gold.sql)``; the
    predicted SQL from ``answer(question)``, run with ``run_sql`` (both safety layers); correct
    when ``results_match(predicted_rows, gold_rows, ordered=has_order_by(gold.sql, dialect))``.
    A prediction that fails (``ValueError`` from ``answer`` or ``UnsafeSQLError``, ``QueryError``,
    ``LLMError``) is a wrong answer whose ``error`` is ``str(exception)``, never a crash;
    ``predicted_sql`` is ``None`` when ``answer`` itself failed. An error in a gold query raises.
    """
    # BEGIN SOLUTION
    dialect = engine.dialect.name
    report = AccuracyReport()
    for gold in questions:
        expected = execute_readonly(engine, gold.sql, timeout_s=timeout_s)
        predicted_sql = None
        try:
            predicted_sql = answer(gold.question)
            got = run_sql(engine, predicted_sql, timeout_s=timeout_s)
        except (ValueError, QueryError, LLMError) as exc:  # UnsafeSQLError is a ValueError
            report.items.append(Graded(gold.question, gold.sql, predicted_sql, False, str(exc)))
            continue
        ok = results_match(got.rows, expected.rows, ordered=has_order_by(gold.sql, dialect))
        report.items.append(Graded(gold.question, gold.sql, predicted_sql, ok))
    return report
    # END SOLUTION

