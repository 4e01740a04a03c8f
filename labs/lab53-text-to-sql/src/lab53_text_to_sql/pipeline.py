"""Question in, rows out: schema -> prompt -> model (over HTTP) -> SQL -> guard -> database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from llmlab.llm import Backend, LLMError, OpenAICompatibleClient, client_from_env, running_server
from sqlalchemy import Engine

from lab53_text_to_sql.guard import QueryError, QueryResult, run_sql
from lab53_text_to_sql.prompting import build_messages, extract_sql
from lab53_text_to_sql.schema import describe_schema


@dataclass
class Answer:
    """What happened to one question: the SQL (``None`` if the model wrote none), rows or an error."""

    question: str
    sql: str | None
    result: QueryResult | None
    error: str | None = None


class TextToSQL:
    """A model behind an OpenAI-compatible ``client`` answering questions about ``engine``'s database."""

    def __init__(self, client: OpenAICompatibleClient, engine: Engine, *, timeout_s: float = 5.0,
                 max_rows: int = 1000, max_tokens: int = 512) -> None:
        self.client = client
        self.engine = engine
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self.max_tokens = max_tokens
        self.schema = describe_schema(engine)

    def sql_for(self, question: str) -> str:
        """The model's SQL for ``question`` (greedy: temperature 0); ``ValueError`` if it wrote none."""
        messages = build_messages(question, self.schema, self.engine.dialect.name)
        reply = self.client.chat(messages, temperature=0, max_tokens=self.max_tokens)
        return extract_sql(reply.text)

    def ask(self, question: str) -> Answer:
        """Answer ``question`` end to end; failures are reported in ``error``, not raised."""
        sql = None
        try:
            sql = self.sql_for(question)
            return Answer(question, sql, run_sql(self.engine, sql, timeout_s=self.timeout_s,
                                                 max_rows=self.max_rows))
        except (ValueError, QueryError, LLMError) as exc:
            return Answer(question, sql, None, str(exc))


@contextlib.contextmanager
def model_client(standin: Backend, base_url: str | None = None, model: str | None = None,
                 api_key: str | None = None) -> Iterator[OpenAICompatibleClient]:
    """A client for ``base_url``/``model``/``api_key`` (each falling back to the environment, see
    ``llmlab.llm.client_from_env``); when neither a URL nor a model is given anywhere, a client for
    ``standin`` served by llmlab's OpenAI-compatible server on 127.0.0.1 while the block runs."""
    with contextlib.ExitStack() as stack:
        try:
            client = client_from_env(base_url, api_key, model)
        except LLMError:  # no endpoint configured: the offline stand-in, over real HTTP
            if model:
                raise
            url = stack.enter_context(running_server(standin))
            print(f"model: {standin.name}, the offline rule-based stand-in (not a language model), at {url}")
            client = OpenAICompatibleClient(url)
        yield stack.enter_context(client)
