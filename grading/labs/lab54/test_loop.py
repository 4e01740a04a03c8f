"""Hidden tests, task loop: the real database error reaches the model over HTTP, the retry cap holds,
a slipped column is corrected on a real PostgreSQL, and a final failure is reported."""

from lab53_text_to_sql import execute_readonly
from lab54_self_correcting_sql import GUARD_PREFIX, correct_sql, error_message, sloppy_sql_backend
from llmlab.llm import OpenAICompatibleClient, ScriptedBackend, running_server
from llmlab_grading import points

BAD = "Let me see.\n```sql\nSELECT nme FROM customers WHERE city = 'Rome'\n```"
GOOD = "```sql\nSELECT name FROM customers WHERE city = 'Rome'\n```"


@points(15, "correct_sql must run the model's SQL, and on a database error send back [assistant reply, "
        "error_message(sql, the database's exact text)] and try again; it must stop at the first success.",
        task="loop", timeout=60)
def test_database_error_reaches_the_model(sqlite_engine):
    backend = ScriptedBackend([BAD, GOOD, BAD])
    with running_server(backend) as url, OpenAICompatibleClient(url, max_retries=0) as client:
        correction = correct_sql(client, sqlite_engine, "Who lives in Rome?", max_retries=2)
    assert len(backend.calls) == 2, "one failure, one success: two model calls, no more"
    assert correction.success and len(correction.attempts) == 2
    assert correction.attempts[0].error == "no such column: nme"
    assert correction.attempts[0].sql == "SELECT nme FROM customers WHERE city = 'Rome'"
    assert correction.attempts[0].reply == BAD and correction.attempts[1].error is None
    second = backend.calls[1]
    assert [m.role for m in second] == ["system", "user", "assistant", "user"]
    assert second[2].content == BAD
    assert second[3].content == error_message(correction.attempts[0].sql, "no such column: nme").content
    assert "CREATE TABLE customers (" in second[1].content and "Who lives in Rome?" in second[1].content
    expected = execute_readonly(sqlite_engine, "SELECT name FROM customers WHERE city = 'Rome'").rows
    assert correction.result.rows == expected and len(expected) > 2


@points(12, "correct_sql must stop after 1 + max_retries model calls, keep every attempt, and return a "
        "Correction with success False whose error is the last database error; max_retries < 0 is a ValueError.",
        task="loop", timeout=60)
def test_retry_cap(sqlite_engine):
    backend = ScriptedBackend([BAD])
    with running_server(backend) as url, OpenAICompatibleClient(url, max_retries=0) as client:
        correction = correct_sql(client, sqlite_engine, "Who lives in Rome?", max_retries=3)
        assert len(backend.calls) == 4 and len(correction.attempts) == 4
        assert not correction.success and correction.result is None
        assert correction.error == "no such column: nme"
        assert len(backend.calls[-1]) == 2 + 2 * 3
        once = correct_sql(client, sqlite_engine, "Who lives in Rome?", max_retries=0)
        assert len(backend.calls) == 5 and len(once.attempts) == 1 and not once.success
        try:
            correct_sql(client, sqlite_engine, "Who lives in Rome?", max_retries=-1)
        except ValueError:
            pass
        else:
            raise AssertionError("max_retries=-1 should raise ValueError")
    assert len(backend.calls) == 5


@points(15, "On PostgreSQL the sloppy stand-in's misnamed column must be corrected from PostgreSQL's own "
        "error text: 2 attempts, the first error naming order_day, the final rows equal to the gold query's.",
        task="loop", timeout=90)
def test_success_after_correction_on_postgres(pg_engine):
    with running_server(sloppy_sql_backend()) as url, OpenAICompatibleClient(url, max_retries=0) as client:
        fixed = correct_sql(client, pg_engine, "How many orders were placed in 2024?", max_retries=2)
        first = correct_sql(client, pg_engine, "How many customers are there?", max_retries=2)
    assert fixed.success and len(fixed.attempts) == 2
    assert fixed.attempts[0].error.startswith('column "order_day" does not exist'), fixed.attempts[0].error
    gold = execute_readonly(pg_engine, "SELECT COUNT(*) FROM orders WHERE order_date >= '2024-01-01' "
                                       "AND order_date < '2025-01-01'").rows
    assert fixed.result.rows == gold and gold[0][0] > 100
    assert first.success and len(first.attempts) == 1 and first.result.rows == [(60,)]


@points(13, "A question the model never gets right must end after the cap with success False and the last "
        "error reported: PostgreSQL's 'relation ... does not exist', 'no SQL found' when the reply has none, "
        "and the guard's refusal (GUARD_PREFIX) for hostile SQL, which must never run.", task="loop", timeout=90)
def test_final_failure_reported(pg_engine):
    with running_server(sloppy_sql_backend()) as url, OpenAICompatibleClient(url, max_retries=0) as client:
        never = correct_sql(client, pg_engine, "Which customers have never placed an order?", max_retries=2)
        unknown = correct_sql(client, pg_engine, "What is the meaning of life?", max_retries=1)
    assert not never.success and len(never.attempts) == 3
    assert never.error.startswith('relation "purchases" does not exist'), never.error
    assert all(a.error == never.error for a in never.attempts)
    assert not unknown.success and len(unknown.attempts) == 2
    assert all(a.sql is None and "no SQL found" in a.error for a in unknown.attempts)
    hostile = ScriptedBackend(["```sql\nSELECT 1; DROP TABLE orders\n```"])
    with running_server(hostile) as url, OpenAICompatibleClient(url, max_retries=0) as client:
        refused = correct_sql(client, pg_engine, "Count the orders.", max_retries=1)
    assert not refused.success and refused.error.startswith(GUARD_PREFIX), refused.error
    assert execute_readonly(pg_engine, "SELECT COUNT(*) FROM orders").rows == [(400,)]
