"""Public tests for lab 53: run them with
`uv run --package lab53-text-to-sql --group test pytest labs/lab53-text-to-sql/tests`."""

import pytest
from lab53_text_to_sql import (
    QueryError,
    TextToSQL,
    UnsafeSQLError,
    build_messages,
    check_sql,
    create_sqlite_db,
    describe_schema,
    execute_readonly,
    execution_accuracy,
    extract_sql,
    gold_questions,
    local_postgres,
    offline_sql_backend,
    open_database,
    populate,
    results_match,
)
from llmlab.llm import OpenAICompatibleClient, running_server


@pytest.fixture(scope="module")
def sales(tmp_path_factory):
    path = create_sqlite_db(tmp_path_factory.mktemp("db") / "sales.db", seed=0)
    engine = open_database(path)
    yield engine
    engine.dispose()


def test_schema_lists_the_four_tables(sales):
    text = describe_schema(sales)
    assert text.startswith("CREATE TABLE customers (\n  customer_id INTEGER PRIMARY KEY,\n  name VARCHAR(60) NOT NULL,")
    assert [line for line in text.splitlines() if line.startswith("CREATE")] == [
        "CREATE TABLE customers (", "CREATE TABLE order_items (", "CREATE TABLE orders (",
        "CREATE TABLE products ("]
    assert "  PRIMARY KEY (order_id, product_id),\n  FOREIGN KEY (order_id) REFERENCES orders(order_id)," in text


def test_prompt_and_extraction():
    messages = build_messages("How many orders?", "CREATE TABLE orders (order_id INTEGER PRIMARY KEY);")
    assert [m.role for m in messages] == ["system", "user"]
    assert "SQLite" in messages[0].content and messages[1].content.endswith("Question: How many orders?")
    assert extract_sql("Here:\n```sql\nSELECT COUNT(*) FROM orders;\n```") == "SELECT COUNT(*) FROM orders"
    with pytest.raises(ValueError):
        extract_sql("I cannot help with that.")


@pytest.mark.parametrize("sql", ["SELECT 1; DROP TABLE orders", "WITH d AS (DELETE FROM orders RETURNING *) "
                                 "SELECT * FROM d", "SELECT pg_sleep(10)", "DELETE FROM orders"])
def test_check_sql_refuses(sql):
    with pytest.raises(UnsafeSQLError):
        check_sql(sql, "postgresql")


def test_sqlite_refuses_writes_even_when_opened_for_writing(tmp_path):
    engine = open_database(create_sqlite_db(tmp_path / "w.db"), readonly=False)
    try:
        with pytest.raises(QueryError, match="readonly"):
            execute_readonly(engine, "DELETE FROM orders")
        assert execute_readonly(engine, "SELECT COUNT(*) FROM orders").rows == [(400,)]
    finally:
        engine.dispose()


def test_results_match():
    assert results_match([(2, "b"), (1, "a")], [(1, "a"), (2, "b")], ordered=False)
    assert not results_match([(2, "b"), (1, "a")], [(1, "a"), (2, "b")], ordered=True)


def test_offline_standin_over_http_scores_17_of_21(sales):
    with running_server(offline_sql_backend()) as base_url, OpenAICompatibleClient(base_url) as client:
        report = execution_accuracy(TextToSQL(client, sales).sql_for, sales, gold_questions(0))
    assert (report.correct, report.total) == (17, 21)


def test_postgres_refuses_hostile_sql_and_keeps_the_table():
    with local_postgres() as url:
        engine = open_database(url, readonly=False)
        try:
            populate(engine, seed=0)
            for sql in ("SELECT 1; DROP TABLE orders", "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d",
                        "SELECT pg_sleep(10)"):
                with pytest.raises(QueryError):
                    execute_readonly(engine, sql, timeout_s=0.5)
            assert execute_readonly(engine, "SELECT COUNT(*) FROM orders").rows == [(400,)]
        finally:
            engine.dispose()
