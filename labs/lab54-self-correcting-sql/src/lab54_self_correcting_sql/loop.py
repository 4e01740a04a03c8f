"""The correction loop: ask, run, and on failure show the model the error and ask again."""

from __future__ import annotations

from dataclasses import dataclass, field

from lab53_text_to_sql import (
    QueryError,
    QueryResult,
    build_messages,
    describe_schema,
    extract_sql,
    run_sql,
)
from llmlab.llm import Message, OpenAICompatibleClient
from sqlalchemy import Engine

from lab54_self_correcting_sql.feedback import error_message, feedback_for


@dataclass
class Attempt:
    """One try: the model's whole reply, the SQL read from it (``None`` if none), and the error
    text fed back (``None`` when it ran)."""

    reply: str
    sql: str | None
    error: str | None = None


@dataclass
class Correction:
    """Every attempt at one question, and the rows of the one that ran (``None`` if none did)."""

    question: str
    attempts: list[Attempt] = field(default_factory=list)
    result: QueryResult | None = None

    @property
    def success(self) -> bool:
        return self.result is not None

    @property
    def sql(self) -> str | None:
        """The last attempt's SQL."""
        return self.attempts[-1].sql if self.attempts else None

    @property
    def error(self) -> str | None:
        """The last attempt's error: why the question failed in the end."""
        return self.attempts[-1].error if self.attempts else None


def correct_sql(client: OpenAICompatibleClient, engine: Engine, question: str, *, max_retries: int = 2,
                schema: str | None = None, timeout_s: float = 5.0, max_tokens: int = 512) -> Correction:
    """Answer ``question`` with at most ``1 + max_retries`` model calls, feeding each failure back.

    Start from ``build_messages(question, schema, engine.dialect.name)`` (``schema`` defaults to
    ``describe_schema(engine)``). Each attempt: ``client.chat(messages, temperature=0,
    max_tokens=max_tokens)``; ``extract_sql`` on the reply's text; ``run_sql`` on ``engine`` with
    ``timeout_s``. If that works, record the attempt and return with ``result`` set. If it
    raises ``ValueError`` (no SQL; ``UnsafeSQLError`` is one) or ``QueryError``, record the
    attempt with ``error = feedback_for(exc)`` and append two turns to the conversation:
    ``Message.assistant(reply text)`` and ``error_message(sql, error)`` (``sql`` is ``None``
    when none was extracted). Stop after ``1 + max_retries`` failed attempts and return the
    ``Correction`` with ``result=None``: the final failure, its last error in ``.error``. Never
    retry after a success; errors from the client itself (``LLMError``) propagate.
    ``max_retries < 0`` is a ``ValueError``.
    """
    # BEGIN SOLUTION
    if max_retries < 0:
        raise ValueError(f"max_retries must be >= 0, got {max_retries}")
    schema = describe_schema(engine) if schema is None else schema
    messages: list[Message] = build_messages(question, schema, engine.dialect.name)
    correction = Correction(question)
    for _ in range(1 + max_retries):
        reply = client.chat(messages, temperature=0, max_tokens=max_tokens).text
        sql = None
        try:
            sql = extract_sql(reply)
            result = run_sql(engine, sql, timeout_s=timeout_s)
        except (ValueError, QueryError) as exc:
            error = feedback_for(exc)
            correction.attempts.append(Attempt(reply, sql, error))
            messages += [Message.assistant(reply), error_message(sql, error)]
            continue
        correction.attempts.append(Attempt(reply, sql))
        correction.result = result
        return correction
    return correction
    # END SOLUTION
