"""Public tests for lab 54: run them with
`uv run --package lab54-self-correcting-sql --group test pytest labs/lab54-self-correcting-sql/tests`."""

import pytest
from lab53_text_to_sql import (
    QueryError,
    create_sqlite_db,
    gold_questions,
    local_postgres,
    open_database,
    populate,
)
from lab54_self_correcting_sql import (
    FEEDBACK_PROMPT,
    correct_sql,
    describe,
    error_message,
    feedback_for,
    sloppy_sql_backend,
    summarize,
)
from llmlab.llm import OpenAICompatibleClient, ScriptedBackend, running_server


@pytest.fixture(scope="module")
def sales(tmp_path_factory):
    engine = open_database(create_sqlite_db(tmp_path_factory.mktemp("db") / "sales.db"))
    yield engine
    engine.dispose()


def test_feedback_keeps_the_database_text():
    assert feedback_for(QueryError("SELECT nme FROM t", "no such column: nme")) == "no such column: nme"
    turn = error_message("SELECT nme FROM t", "no such column: nme")
    assert turn.role == "user" and turn.content == FEEDBACK_PROMPT.format(sql="SELECT nme FROM t",
                                                                          error="no such column: nme")


def test_error_goes_back_and_the_cap_holds(sales):
    backend = ScriptedBackend(["```sql\nSELECT nme FROM customers\n```"])
    with running_server(backend) as url, OpenAICompatibleClient(url, max_retries=0) as client:
        correction = correct_sql(client, sales, "Names?", max_retries=2)
    assert len(backend.calls) == 3 and not correction.success
    assert "no such column: nme" in backend.calls[1][-1].content
    assert describe(correction) == "FAILED after 3 attempts: no such column: nme"


def test_sloppy_standin_on_the_gold_questions(sales):
    with running_server(sloppy_sql_backend()) as url, OpenAICompatibleClient(url) as client:
        corrections = [correct_sql(client, sales, g.question) for g in gold_questions(0)]
    summary = summarize(corrections)
    assert (summary.first_try, summary.corrected, summary.failed, summary.model_calls) == (4, 16, 1, 39)


def test_correction_on_postgres():
    with local_postgres() as url:
        engine = open_database(url, readonly=False)
        try:
            populate(engine)
            with running_server(sloppy_sql_backend()) as base, OpenAICompatibleClient(base) as client:
                correction = correct_sql(client, engine, "How many customers live in Spain?")
            assert correction.success and len(correction.attempts) == 2
            assert 'column "country_name" does not exist' in correction.attempts[0].error
        finally:
            engine.dispose()
