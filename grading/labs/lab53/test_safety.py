"""Hidden tests, task safety: hostile SQL refused by the parser (check_sql) and by the database
(execute_readonly, on SQLite and on a real PostgreSQL), the tables still there afterwards."""

import time

from lab53_text_to_sql import (
    QueryError,
    UnsafeSQLError,
    check_sql,
    execute_readonly,
    open_database,
    run_sql,
)
from llmlab_grading import points

HOSTILE = [
    "SELECT 1; DROP TABLE orders",
    "SELECT * FROM customers;\nDELETE FROM orders;",
    "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d",
    "SELECT pg_sleep(10)",
    "SELECT name, pg_sleep(1) FROM customers",
    "SELECT * INTO stolen FROM customers",
    "DROP TABLE orders",
    "UPDATE products SET unit_price = 0",
    "PRAGMA query_only = OFF",
    "SELECT * FROM orders FOR UPDATE",
    "SELECT set_config('statement_timeout', '0', false)",
    "ATTACH DATABASE '/tmp/x.db' AS x",
    "SELECT FROM WHERE",
    "",
]


def refused(sql, dialect):
    try:
        check_sql(sql, dialect)
    except UnsafeSQLError:
        return True
    return False


def count(engine, table):
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()


@points(10, "check_sql must refuse every hostile statement with UnsafeSQLError: several statements, writable "
        "CTEs, SELECT INTO, DDL/DML, PRAGMA, FOR UPDATE, denied functions (pg_sleep, set_config), "
        "unparsable or empty SQL.", task="safety", timeout=30)
def test_check_sql_refuses_hostile_sql():
    for dialect in ("sqlite", "postgresql"):
        let_through = [sql for sql in HOSTILE if not refused(sql, dialect)]
        assert let_through == [], f"{dialect}: not refused: {let_through}"


@points(5, "check_sql must accept one read-only query (SELECT, UNION, CTE, a trailing ;) and return the "
        "statement as sqlglot writes it back.", task="safety", timeout=30)
def test_check_sql_accepts_reads():
    assert check_sql("select count(*) from orders;", "sqlite") == "SELECT COUNT(*) FROM orders"
    assert check_sql("SELECT a FROM t UNION SELECT b FROM u", "postgresql") == "SELECT a FROM t UNION SELECT b FROM u"
    assert check_sql("WITH x AS (SELECT 1 AS n) SELECT n FROM x", "sqlite") == "WITH x AS (SELECT 1 AS n) SELECT n FROM x"
    assert check_sql("SELECT name FROM customers WHERE name = 'DROP TABLE x; --'", "postgresql") == \
        "SELECT name FROM customers WHERE name = 'DROP TABLE x; --'"


@points(8, "execute_readonly on SQLite must refuse writes even through a writable engine (PRAGMA query_only), "
        "turn database errors into QueryError with SQLite's own text, cut rows at max_rows and stop a "
        "runaway query after timeout_s.", task="safety", timeout=60)
def test_sqlite_database_layer(sales_path, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(sales_path.read_bytes())
    engine = open_database(copy, readonly=False)
    try:
        for sql in ("DELETE FROM orders", "DROP TABLE orders", "INSERT INTO customers (customer_id, name, "
                    "city, country, signup_date) VALUES (999, 'x', 'y', 'z', '2024-01-01')"):
            try:
                execute_readonly(engine, sql)
            except QueryError as exc:
                assert "readonly" in exc.message, exc.message
            else:
                raise AssertionError(f"{sql!r} ran on SQLite")
        assert count(engine, "orders") == 400 and count(engine, "customers") == 60
        try:
            execute_readonly(engine, "SELECT nme FROM customers")
        except QueryError as exc:
            assert exc.message == "no such column: nme"
        else:
            raise AssertionError("a bad column should raise QueryError")
        result = execute_readonly(engine, "SELECT order_id FROM orders ORDER BY order_id", max_rows=7)
        assert result.columns == ["order_id"] and result.rows == [(i,) for i in range(1, 8)] and result.truncated
        whole = execute_readonly(engine, "SELECT COUNT(*) AS n FROM orders")
        assert whole.rows == [(400,)] and not whole.truncated and whole.columns == ["n"]
        start = time.monotonic()
        try:
            execute_readonly(engine, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                                     "SELECT COUNT(*) FROM r", timeout_s=0.5)
        except QueryError:
            pass
        else:
            raise AssertionError("an endless query should be interrupted")
        assert time.monotonic() - start < 5
        # The pooled connection is left writable for its owner: query_only was switched back off.
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM order_items WHERE order_id = 1")
        assert count(engine, "order_items") < 985
    finally:
        engine.dispose()


@points(12, "execute_readonly on PostgreSQL must run in a READ ONLY transaction with a statement_timeout: "
        "DROP, a writable CTE and pg_sleep(10) (timeout 0.5 s) all fail with QueryError, and the tables are "
        "still there.", task="safety", timeout=60)
def test_postgres_database_layer(pg_writable):
    hostile = ["SELECT 1; DROP TABLE orders", "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d",
               "DROP TABLE order_items", "UPDATE products SET unit_price = 0"]
    for sql in hostile:
        try:
            execute_readonly(pg_writable, sql, timeout_s=0.5)
        except QueryError as exc:
            assert "read-only" in exc.message, exc.message
        else:
            raise AssertionError(f"{sql!r} ran on PostgreSQL")
    start = time.monotonic()
    try:
        execute_readonly(pg_writable, "SELECT pg_sleep(10)", timeout_s=0.5)
    except QueryError as exc:
        assert "statement timeout" in exc.message, exc.message
    else:
        raise AssertionError("pg_sleep(10) finished: no statement_timeout")
    assert time.monotonic() - start < 4
    assert count(pg_writable, "orders") == 400 and count(pg_writable, "order_items") == 985
    assert execute_readonly(pg_writable, "SELECT MIN(unit_price) FROM products").rows[0][0] > 1
    try:
        execute_readonly(pg_writable, "SELECT nme FROM customers")
    except QueryError as exc:
        assert 'column "nme" does not exist' in exc.message
    else:
        raise AssertionError("a bad column should raise QueryError")
    # The session is not left read-only: the owner of the engine can still write.
    with pg_writable.begin() as conn:
        conn.exec_driver_sql("CREATE TEMPORARY TABLE scratch (x int)")


@points(5, "run_sql (check_sql then execute_readonly) must refuse hostile SQL on PostgreSQL before it runs and "
        "answer a read.", task="safety", timeout=60)
def test_run_sql_on_postgres(pg_url):
    engine = open_database(pg_url)
    try:
        for sql in HOSTILE[:4]:
            try:
                run_sql(engine, sql)
            except UnsafeSQLError:
                continue
            raise AssertionError(f"run_sql let {sql!r} through")
        assert run_sql(engine, "SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY status").rows == [
            ("cancelled", 40), ("pending", 82), ("shipped", 278)]
    finally:
        engine.dispose()
