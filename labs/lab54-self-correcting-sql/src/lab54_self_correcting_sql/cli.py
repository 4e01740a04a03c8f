"""``sql-fixer``: the gold questions through the self-correcting loop, or one question.

By default everything is local and offline: lab 53's sales database as a SQLite file and the
sloppy rule-based stand-in (it misnames a column first) served by llmlab's OpenAI-compatible
server on 127.0.0.1. ``--postgres`` runs on a throwaway local PostgreSQL; ``--db`` takes any
SQLAlchemy URL; ``--base-url``/``--model``/``--api-key`` (or the environment) pick a real model.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lab53_text_to_sql import (
    describe_schema,
    execute_readonly,
    gold_questions,
    has_order_by,
    results_match,
)
from lab53_text_to_sql.pipeline import model_client
from lab53_text_to_sql.postgres import PostgresNotFound
from lab53_text_to_sql.salesdb import sales_engine
from llmlab.cli import parse_config
from llmlab.llm import LLMError
from llmlab.paths import runs_dir

from lab54_self_correcting_sql.loop import correct_sql
from lab54_self_correcting_sql.report import describe, summarize
from lab54_self_correcting_sql.standin import sloppy_sql_backend


@dataclass
class Config:
    db: str | None = field(default=None, metadata={
        "help": "a SQLite file or a SQLAlchemy URL (postgresql+psycopg://user:pw@host/db); default: "
                "generate lab 53's sales database as SQLite in --out-dir"})
    postgres: bool = field(default=False, metadata={
        "help": "start a throwaway PostgreSQL on 127.0.0.1 (needs the Debian package postgresql), "
                "load the sales data and use it"})
    load_sales: bool = field(default=False, metadata={
        "help": "with --db: (re)create the sales tables there first (this WRITES to that database)"})
    seed: int = field(default=0, metadata={"help": "seed of the generated data and gold questions"})
    question: str | None = field(default=None, metadata={
        "help": "answer this one question instead of the gold questions"})
    max_retries: int = field(default=2, metadata={
        "help": "corrections allowed after the first attempt (so at most 1 + this many model calls)"})
    base_url: str | None = field(default=None, metadata={
        "help": "an OpenAI-compatible API (or $LLMLAB_LLM_BASE_URL / $OPENAI_BASE_URL); default: the "
                "offline sloppy stand-in, served on 127.0.0.1"})
    model: str | None = field(default=None, metadata={"help": "model name (or $LLMLAB_LLM_MODEL)"})
    api_key: str | None = field(default=None, metadata={"help": "API key (or $OPENAI_API_KEY)"})
    timeout_s: float = field(default=5.0, metadata={"help": "time limit of one query, seconds"})
    out_dir: Path = field(default=Path("runs/lab54"), metadata={
        "help": "where the generated SQLite database and corrections.json go"})


def main(argv: list[str] | None = None) -> None:
    config = parse_config(Config, argv, description=__doc__.splitlines()[0], prog="sql-fixer")
    try:
        run(config)
    except (LLMError, PostgresNotFound, FileNotFoundError) as exc:  # one line, not a traceback
        raise SystemExit(f"sql-fixer: {exc}") from exc


def run(config: Config) -> None:
    out_dir = runs_dir("lab54") if config.out_dir == Path("runs/lab54") else config.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    with sales_engine(config.db, sqlite_path=out_dir / "sales.db", postgres=config.postgres,
                      load_sales=config.load_sales, seed=config.seed) as engine, \
            model_client(sloppy_sql_backend(), config.base_url, config.model, config.api_key) as client:
        schema = describe_schema(engine)
        print(f"database: {engine.dialect.name}; at most {1 + config.max_retries} attempts per question")
        if config.question:
            correction = correct_sql(client, engine, config.question, max_retries=config.max_retries,
                                     schema=schema, timeout_s=config.timeout_s)
            for i, attempt in enumerate(correction.attempts, start=1):
                print(f"attempt {i}: {attempt.sql}" + (f"\n  error: {attempt.error}" if attempt.error else ""))
            if not correction.success:
                raise SystemExit(f"sql-fixer: {describe(correction)}")
            print(" | ".join(correction.result.columns))
            for row in correction.result.rows:
                print(" | ".join(str(v) for v in row))
            return
        start = time.perf_counter()
        corrections, right = [], 0
        for gold in gold_questions(config.seed):
            correction = correct_sql(client, engine, gold.question, max_retries=config.max_retries,
                                     schema=schema, timeout_s=config.timeout_s)
            corrections.append(correction)
            ok = correction.success and results_match(
                correction.result.rows, execute_readonly(engine, gold.sql).rows,
                ordered=has_order_by(gold.sql, engine.dialect.name))
            right += ok
            print(f"{'right' if ok else 'WRONG'}  {describe(correction):<60.60}  {gold.question}")
        summary = summarize(corrections)
        print(f"{summary.questions} questions: {summary.first_try} ran on the first try, {summary.corrected} "
              f"after correction, {summary.failed} failed at the cap; {summary.model_calls} model calls; "
              f"execution accuracy {right}/{summary.questions} ({time.perf_counter() - start:.1f} s)")
        (out_dir / "corrections.json").write_text(json.dumps(
            {"dialect": engine.dialect.name, "summary": asdict(summary),
             "corrections": [{"question": c.question, "success": c.success,
                              "attempts": [asdict(a) for a in c.attempts]} for c in corrections]}, indent=2))
        print(f"wrote {out_dir / 'corrections.json'}")
