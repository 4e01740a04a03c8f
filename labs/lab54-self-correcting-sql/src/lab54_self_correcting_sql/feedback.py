"""What the model is told when its SQL fails: the database's own words, verbatim."""

from __future__ import annotations

from lab53_text_to_sql import QueryError, UnsafeSQLError
from llmlab.llm import Message

FEEDBACK_PROMPT = (
    "The query\n```sql\n{sql}\n```\nfailed with this error:\n{error}\n\n"
    "Write a corrected query: one read-only SELECT in a ```sql code block."
)
NO_SQL_PROMPT = (
    "Your answer contained no SQL query ({error}).\n\n"
    "Write the query: one read-only SELECT in a ```sql code block."
)
GUARD_PREFIX = "refused before running: "


def feedback_for(error: Exception) -> str:
    """The error text to feed back for a failed attempt.

    A :class:`QueryError` gives ``error.message``, the database's own text, unchanged (it names the
    bad column or table; paraphrasing it loses that). An :class:`UnsafeSQLError` (the guard
    refused the SQL) gives ``GUARD_PREFIX + str(error)``. Any other ``ValueError`` (no SQL in the
    reply) gives ``str(error)``. Anything else is not a SQL problem: raise ``TypeError``.
    """
    # BEGIN SOLUTION
    if isinstance(error, QueryError):
        return error.message
    if isinstance(error, UnsafeSQLError):
        return GUARD_PREFIX + str(error)
    if isinstance(error, ValueError):
        return str(error)
    raise TypeError(f"not a SQL failure to feed back: {type(error).__name__}: {error}")
    # END SOLUTION


def error_message(sql: str | None, error: str) -> Message:
    """The user turn that reports a failed attempt: ``FEEDBACK_PROMPT`` with the SQL that failed and
    the error, or ``NO_SQL_PROMPT`` with the error when the reply had no SQL (``sql is None``)."""
    # BEGIN SOLUTION
    if sql is None:
        return Message.user(NO_SQL_PROMPT.format(error=error))
    return Message.user(FEEDBACK_PROMPT.format(sql=sql, error=error))
    # END SOLUTION
