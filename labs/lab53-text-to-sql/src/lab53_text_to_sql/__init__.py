"""Lab 53: text-to-SQL over a sales database, with a read-only single-statement guard.

    engine = open_database(create_sqlite_db("sales.db"))
    print(describe_schema(engine))
    run_sql(engine, "SELECT COUNT(*) FROM orders")       # checked, then run read-only
"""

from lab53_text_to_sql.evaluate import (
    AccuracyReport,
    Graded,
    execution_accuracy,
    normalize_value,
    results_match,
)
from lab53_text_to_sql.gold import GoldQuestion, gold_questions
from lab53_text_to_sql.guard import (
    DENIED_FUNCTIONS,
    FORBIDDEN_NODES,
    QueryError,
    QueryResult,
    UnsafeSQLError,
    check_sql,
    execute_readonly,
    has_order_by,
    run_sql,
)
from lab53_text_to_sql.pipeline import Answer, TextToSQL, model_client
from lab53_text_to_sql.postgres import PostgresNotFound, find_postgres_bin, local_postgres
from lab53_text_to_sql.prompting import SYSTEM_PROMPT, USER_PROMPT, build_messages, extract_sql
from lab53_text_to_sql.salesdb import (
    create_sqlite_db,
    open_database,
    populate,
    sales_engine,
    sales_rows,
)
from lab53_text_to_sql.schema import describe_schema
from lab53_text_to_sql.standin import MODEL_NAME, offline_sql, offline_sql_backend

__all__ = [
    "DENIED_FUNCTIONS", "FORBIDDEN_NODES", "MODEL_NAME", "SYSTEM_PROMPT", "USER_PROMPT", "AccuracyReport",
    "Answer", "GoldQuestion", "Graded", "PostgresNotFound", "QueryError", "QueryResult", "TextToSQL",
    "UnsafeSQLError", "build_messages", "check_sql", "create_sqlite_db", "describe_schema",
    "execute_readonly", "execution_accuracy", "extract_sql", "find_postgres_bin", "gold_questions",
    "has_order_by", "local_postgres", "model_client", "normalize_value", "offline_sql", "offline_sql_backend",
    "open_database", "populate", "results_match", "run_sql", "sales_engine", "sales_rows",
]
