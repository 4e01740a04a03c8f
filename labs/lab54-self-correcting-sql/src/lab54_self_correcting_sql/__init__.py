"""Lab 54: self-correcting text-to-SQL: feed the real database error back, retry up to a cap.

    correction = correct_sql(client, engine, "How many orders were placed in 2024?", max_retries=2)
    print(describe(correction))     # ok after 2 attempts
"""

from lab54_self_correcting_sql.feedback import (
    FEEDBACK_PROMPT,
    GUARD_PREFIX,
    NO_SQL_PROMPT,
    error_message,
    feedback_for,
)
from lab54_self_correcting_sql.loop import Attempt, Correction, correct_sql
from lab54_self_correcting_sql.report import FixSummary, describe, summarize
from lab54_self_correcting_sql.standin import MODEL_NAME, sloppy_reply, sloppy_sql_backend

__all__ = [
    "FEEDBACK_PROMPT", "GUARD_PREFIX", "MODEL_NAME", "NO_SQL_PROMPT", "Attempt", "Correction", "FixSummary",
    "correct_sql", "describe", "error_message", "feedback_for", "sloppy_reply", "sloppy_sql_backend",
    "summarize",
]
