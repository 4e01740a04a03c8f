"""``text-to-sql``: execution accuracy on the gold questions, or one question answered.

By default everything is local and offline: the sales database is generated as a SQLite file,
and the model is the rule-based stand-in served by llmlab's OpenAI-compatible server on
127.0.0.1. ``--postgres`` runs the same on a throwaway local PostgreSQL; ``--db`` takes any
SQLAlchemy URL; ``--base-url``/``--model``/``--api-key`` (or the environment) pick a real model.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from llmlab.cli import parse_config
from llmlab.llm import LLMError
from llmlab.paths import runs_dir

from lab53_text_to_sql.evaluate import execution_accuracy
from lab53_text_to_sql.gold import gold_questions
from lab53_text_to_sql.pipeline import TextToSQL, model_client
from lab53_text_to_sql.postgres import PostgresNotFound
from lab53_text_to_sql.salesdb import sales_engine
from lab53_text_to_sql.standin import offline_sql_backend


@dataclass
class Config:
    db: str | None = field(default=None, metadata={
        "help": "a SQLite file or a SQLAlchemy URL (postgresql+psycopg://user:pw@host/db); default: "
                "generate the sales database as SQLite in --out-dir"})
    postgres: bool = field(default=False, metadata={
        "help": "start a throwaway PostgreSQL on 127.0.0.1 (needs the Debian package postgresql), "
                "load the sales data and use it"})
    load_sales: bool = field(default=False, metadata={
        "help": "with --db: (re)create the sales tables there first (this WRITES to that database)"})
    seed: int = field(default=0, metadata={"help": "seed of the generated data and gold questions"})
    question: str | None = field(default=None, metadata={
        "help": "answer this one question instead of grading the gold questions"})
    base_url: str | None = field(default=None, metadata={
        "help": "an OpenAI-compatible API (or $LLMLAB_LLM_BASE_URL / $OPENAI_BASE_URL); default: the "
                "offline rule-based stand-in, served on 127.0.0.1"})
    model: str | None = field(default=None, metadata={"help": "model name (or $LLMLAB_LLM_MODEL)"})
    api_key: str | None = field(default=None, metadata={"help": "API key (or $OPENAI_API_KEY)"})
    timeout_s: float = field(default=5.0, metadata={"help": "time limit of one query, seconds"})
    out_dir: Path = field(default=Path("runs/lab53"), metadata={
        "help": "where the generated SQLite database and accuracy.json go"})


def main(argv: list[str] | None = None) -> None:
    config = parse_config(Config, argv, description=__doc__.splitlines()[0], prog="text-to-sql")
    try:
        run(config)
    except (LLMError, PostgresNotFound, FileNotFoundError) as exc:  # one line, not a traceback
        raise SystemExit(f"text-to-sql: {exc}") from exc


def run(config: Config) -> None:
    out_dir = runs_dir("lab53") if config.out_dir == Path("runs/lab53") else config.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    with sales_engine(config.db, sqlite_path=out_dir / "sales.db", postgres=config.postgres,
                      load_sales=config.load_sales, seed=config.seed) as engine, \
            model_client(offline_sql_backend(), config.base_url, config.model, config.api_key) as client:
        pipeline = TextToSQL(client, engine, timeout_s=config.timeout_s)
        print(f"database: {engine.dialect.name}, {pipeline.schema.count('CREATE TABLE')} tables")
        if config.question:
            answer = pipeline.ask(config.question)
            print(f"SQL: {answer.sql}")
            if answer.error:
                raise SystemExit(f"text-to-sql: {answer.error}")
            print(" | ".join(answer.result.columns))
            for row in answer.result.rows:
                print(" | ".join(str(v) for v in row))
            return
        start = time.perf_counter()
        report = execution_accuracy(pipeline.sql_for, engine, gold_questions(config.seed),
                                    timeout_s=config.timeout_s)
        seconds = time.perf_counter() - start
        for item in report.items:
            print(f"{'ok ' if item.correct else 'BAD'}  {item.question}"
                  + (f"  [{item.error}]" if item.error else ""))
        print(f"execution accuracy: {report.correct}/{report.total} = {report.accuracy:.3f} "
              f"({seconds:.1f} s, {client.usage.total.total_tokens} tokens)")
        (out_dir / "accuracy.json").write_text(json.dumps(
            {"dialect": engine.dialect.name, "model": client.model, "accuracy": report.accuracy,
             "items": [asdict(item) for item in report.items]}, indent=2))
        print(f"wrote {out_dir / 'accuracy.json'}")
