"""Hidden tests, task reporting: one line per question and the totals, on made-up corrections and on
the sloppy stand-in answering all 21 gold questions over HTTP."""

from lab53_text_to_sql import QueryResult, gold_questions, open_database
from lab54_self_correcting_sql import (
    Attempt,
    Correction,
    FixSummary,
    correct_sql,
    describe,
    sloppy_sql_backend,
    summarize,
)
from llmlab.llm import OpenAICompatibleClient, running_server
from llmlab_grading import points

ROWS = QueryResult(["n"], [(1,)])


def made_up():
    return [
        Correction("a", [Attempt("r", "SELECT 1")], ROWS),
        Correction("b", [Attempt("r", "SELECT x", "no such column: x"), Attempt("r", "SELECT 1")], ROWS),
        Correction("c", [Attempt("r", "SELECT y", 'column "y" does not exist\nLINE 1: SELECT y\n  ^')] * 3),
        Correction("d", [Attempt("r", None, "no SQL found in the reply: 'no'")] * 2),
        Correction("e", [Attempt("r", "SELECT z", "e1"), Attempt("r", "SELECT z", "e2"), Attempt("r", "SELECT 2")],
                   ROWS),
    ]


@points(10, "describe must say 'ok on the first try', 'ok after N attempts', or 'FAILED after N attempts: ' and "
        "the first line of the last error.", task="reporting", timeout=30)
def test_describe():
    assert [describe(c) for c in made_up()] == [
        "ok on the first try",
        "ok after 2 attempts",
        'FAILED after 3 attempts: column "y" does not exist',
        "FAILED after 2 attempts: no SQL found in the reply: 'no'",
        "ok after 3 attempts",
    ]


@points(15, "summarize must count first-try successes, successes after correction, failures and model calls; "
        "on the 21 gold questions the sloppy stand-in gives 4 first try, 16 corrected, 1 failed, 39 calls.",
        task="reporting", timeout=90)
def test_summarize(sales_path):
    assert summarize(made_up()) == FixSummary(questions=5, first_try=1, corrected=2, failed=2, model_calls=11)
    assert summarize([]) == FixSummary(0, 0, 0, 0, 0)
    engine = open_database(sales_path)
    try:
        with running_server(sloppy_sql_backend()) as url, OpenAICompatibleClient(url, max_retries=0) as client:
            corrections = [correct_sql(client, engine, g.question, max_retries=2) for g in gold_questions(0)]
    finally:
        engine.dispose()
    assert summarize(corrections) == FixSummary(21, 4, 16, 1, 39)
