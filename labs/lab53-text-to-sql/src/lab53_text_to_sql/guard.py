"""Running model-written SQL safely: one read-only statement, checked twice.

Layer 1, the parser (``check_sql``): the text must parse to exactly one query that reads, with no
writing statement hidden inside it and no dangerous function. Layer 2, the database
(``execute_readonly``): the query runs in a session the database itself keeps read-only, under a
time limit, so whatever the parser missed still cannot write or hang. ``run_sql`` is both.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlglot import exp

# SQLAlchemy's dialect names -> sqlglot's.
SQLGLOT_DIALECTS = {"sqlite": "sqlite", "postgresql": "postgres"}

# Nodes that write, lock, change settings or reach outside the query: refused anywhere in the tree
# (a writable CTE puts a DELETE inside a SELECT).
FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = (
    exp.DML, exp.DDL, exp.Into, exp.Lock, exp.Command, exp.Copy, exp.Set, exp.Pragma, exp.Attach,
    exp.Detach, exp.Transaction, exp.Commit, exp.Rollback, exp.Use, exp.Grant, exp.Analyze,
)

# Functions that sleep, read or write files, change settings, signal other sessions or bump
# sequences: a read-only transaction does not stop all of them.
DENIED_FUNCTIONS = frozenset({
    "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_read_file", "pg_read_binary_file",
    "pg_ls_dir", "pg_stat_file", "lo_import", "lo_export", "lo_unlink", "lo_from_bytea",
    "dblink", "dblink_exec", "set_config", "pg_terminate_backend", "pg_cancel_backend",
    "pg_reload_conf", "pg_advisory_lock", "pg_advisory_xact_lock", "nextval", "setval",
    "query_to_xml", "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer",
})


class UnsafeSQLError(ValueError):
    """The SQL was refused before reaching the database; the message says why."""


class QueryError(RuntimeError):
    """The database refused or failed the query; ``message`` is the database's own error text."""

    def __init__(self, sql: str, message: str) -> None:
        super().__init__(message)
        self.sql = sql
        self.message = message


@dataclass
class QueryResult:
    """Column names and rows (tuples) of a query; ``truncated`` when rows were cut at ``max_rows``."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    truncated: bool = False


def function_name(node: exp.Func) -> str:
    """The lower-case SQL name of a function call node: ``pg_sleep``, ``count``."""
    return (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()


def check_sql(sql: str, dialect: str = "sqlite") -> str:
    """Refuse anything but one read-only query; return the query as sqlglot writes it back.

    ``dialect`` is SQLAlchemy's name (``"sqlite"``, ``"postgresql"``; ``SQLGLOT_DIALECTS`` maps it
    to sqlglot's). Parse ``sql`` with ``sqlglot.parse``, ignoring empty statements (a trailing
    ``;``), and raise :class:`UnsafeSQLError` when: it does not parse; it is not exactly one
    statement; that statement is not an ``exp.Query`` (a ``SELECT``, a set operation like
    ``UNION``, or a parenthesised query); any node in it is an instance of ``FORBIDDEN_NODES``;
    or it calls a function whose ``function_name`` is in ``DENIED_FUNCTIONS``. Otherwise return
    ``statement.sql(dialect=...)``: the caller runs exactly what was checked.
    """
    # BEGIN SOLUTION
    read = SQLGLOT_DIALECTS.get(dialect, dialect)
    try:
        statements = [s for s in sqlglot.parse(sql, read=read) if s is not None]
    except sqlglot.errors.SqlglotError as exc:
        raise UnsafeSQLError(f"could not parse the SQL: {exc}") from exc
    if len(statements) != 1:
        raise UnsafeSQLError(f"expected exactly one statement, got {len(statements)}")
    statement = statements[0]
    if not isinstance(statement, exp.Query):
        raise UnsafeSQLError(f"only queries that read are allowed, not {statement.key.upper()}")
    for node in statement.walk():
        if isinstance(node, FORBIDDEN_NODES):
            raise UnsafeSQLError(f"{node.key.upper()} is not allowed inside a read-only query")
        if isinstance(node, exp.Func) and function_name(node) in DENIED_FUNCTIONS:
            raise UnsafeSQLError(f"the function {function_name(node)}() is not allowed")
    return statement.sql(dialect=read)
    # END SOLUTION


def execute_readonly(engine: Engine, sql: str, *, timeout_s: float = 5.0,
                     max_rows: int = 1000) -> QueryResult:
    """Run one statement in a read-only session with a time limit; never commit anything.

    Whatever ``engine`` is (even one opened for writing), the database must refuse writes:
    - SQLite: ``PRAGMA query_only = ON`` on the connection before the query (and ``OFF`` again
      after, leaving the pooled connection as found); the time limit is a progress handler on the
      ``sqlite3`` connection (``conn.connection.driver_connection``) that interrupts the query
      once ``timeout_s`` has passed.
    - PostgreSQL: ``SET TRANSACTION READ ONLY`` then ``SET LOCAL statement_timeout = <ms>`` as
      the first statements of the transaction.
    - any other dialect: ``ValueError``.
    Run ``sql`` with ``conn.exec_driver_sql`` (no bind-parameter parsing), fetch at most
    ``max_rows`` rows (``truncated=True`` when there were more), and roll the transaction back.
    A statement that returns no rows gives ``QueryResult([], [])``. Any database error
    (``sqlalchemy.exc.DBAPIError``) becomes :class:`QueryError` whose message is
    ``str(error.orig)``, the database's own text.
    """
    # BEGIN SOLUTION
    dialect = engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise ValueError(f"execute_readonly supports sqlite and postgresql, not {dialect!r}")
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            if dialect == "sqlite":
                raw.execute("PRAGMA query_only = ON")
                deadline = time.monotonic() + timeout_s
                raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
            else:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, round(timeout_s * 1000))}")
            try:
                cursor = conn.exec_driver_sql(sql)
                if not cursor.returns_rows:
                    return QueryResult([], [])
                rows = [tuple(row) for row in cursor.fetchmany(max_rows + 1)]
                return QueryResult(list(cursor.keys()), rows[:max_rows], len(rows) > max_rows)
            finally:
                conn.rollback()
                if dialect == "sqlite":
                    raw.set_progress_handler(None, 0)
                    raw.execute("PRAGMA query_only = OFF")
    except DBAPIError as exc:
        raise QueryError(sql, str(exc.orig).strip()) from exc
    # END SOLUTION


def run_sql(engine: Engine, sql: str, *, timeout_s: float = 5.0, max_rows: int = 1000) -> QueryResult:
    """Both layers: ``check_sql`` for ``engine``'s dialect, then ``execute_readonly``."""
    checked = check_sql(sql, engine.dialect.name)
    return execute_readonly(engine, checked, timeout_s=timeout_s, max_rows=max_rows)


def has_order_by(sql: str, dialect: str = "sqlite") -> bool:
    """Whether the outermost query sorts its rows (then row order is part of the answer)."""
    statement = sqlglot.parse_one(sql, read=SQLGLOT_DIALECTS.get(dialect, dialect))
    return statement.args.get("order") is not None
