"""What the model is asked, and how the SQL is read back out of its answer."""

from __future__ import annotations

import re

from llmlab.llm import Message

DIALECT_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

SYSTEM_PROMPT = (
    "You translate questions about a {dialect} database into SQL. Answer with exactly one "
    "read-only SELECT statement in a ```sql code block. Use only the tables and columns of the "
    "schema."
)
USER_PROMPT = "Schema:\n{schema}\n\nQuestion: {question}"


def build_messages(question: str, schema: str, dialect: str = "sqlite") -> list[Message]:
    """The chat for one question: ``[system, user]``.

    The system message is ``SYSTEM_PROMPT`` with ``{dialect}`` replaced by the display name in
    ``DIALECT_NAMES`` (``"sqlite"`` -> ``"SQLite"``; an unknown dialect is used as given); the
    user message is ``USER_PROMPT`` with the schema and the question (stripped of surrounding
    whitespace) filled in.
    """
    # BEGIN SOLUTION
    system = SYSTEM_PROMPT.format(dialect=DIALECT_NAMES.get(dialect, dialect))
    return [Message.system(system), Message.user(USER_PROMPT.format(schema=schema, question=question.strip()))]
    # END SOLUTION


def extract_sql(reply: str) -> str:
    """The SQL in a model's reply.

    In order: the body of the first fenced block tagged ``sql`` (any case: ```` ```SQL ````);
    else the body of the first fenced block (```` ``` ````, any or no tag); else the text from
    the first whole word ``SELECT``, or the first ``WITH <name> AS (`` (``WITH RECURSIVE`` too;
    any case, any spacing: a bare English "with" is not SQL), to the end. Strip whitespace and
    any trailing semicolons. Raise ``ValueError`` naming the reply when nothing is left.
    """
    # BEGIN SOLUTION
    fenced = re.search(r"```[ \t]*sql[ \t]*\n(.*?)```", reply, re.IGNORECASE | re.DOTALL)
    fenced = fenced or re.search(r"```[^\n`]*\n(.*?)```", reply, re.DOTALL)
    if fenced:
        sql = fenced.group(1)
    else:
        start = re.search(r"\bSELECT\b|\bWITH\s+(RECURSIVE\s+)?\w+\s+AS\s*\(", reply, re.IGNORECASE)
        sql = reply[start.start():] if start else ""
    sql = sql.strip()
    while sql.endswith(";"):
        sql = sql[:-1].rstrip()
    if not sql:
        raise ValueError(f"no SQL found in the reply: {reply[:200]!r}")
    return sql
    # END SOLUTION
