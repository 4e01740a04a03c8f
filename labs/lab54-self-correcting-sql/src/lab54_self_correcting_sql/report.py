"""Reporting what the loop did: one line per question, and totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lab54_self_correcting_sql.loop import Correction


@dataclass(frozen=True)
class FixSummary:
    """Totals over corrections: ``first_try + corrected + failed == questions``; ``model_calls``
    counts every attempt."""

    questions: int
    first_try: int
    corrected: int
    failed: int
    model_calls: int


def describe(correction: Correction) -> str:
    """One line: ``"ok on the first try"``, ``"ok after 3 attempts"``, or, for a final failure,
    ``"FAILED after 3 attempts: <last error>"`` with the last error's first line only."""
    # BEGIN SOLUTION
    n = len(correction.attempts)
    if correction.success:
        return "ok on the first try" if n == 1 else f"ok after {n} attempts"
    first_line = correction.error.splitlines()[0] if correction.error else ""
    return f"FAILED after {n} attempts: {first_line}"
    # END SOLUTION


def summarize(corrections: Sequence[Correction]) -> FixSummary:
    """Count questions answered on the first attempt, after at least one correction, and not at all."""
    # BEGIN SOLUTION
    first = sum(c.success and len(c.attempts) == 1 for c in corrections)
    corrected = sum(c.success and len(c.attempts) > 1 for c in corrections)
    return FixSummary(len(corrections), first, corrected, len(corrections) - first - corrected,
                      sum(len(c.attempts) for c in corrections))
    # END SOLUTION
