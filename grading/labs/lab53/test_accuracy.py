"""Hidden tests, task accuracy: comparing result sets, and execution accuracy on the gold questions,
with a plain function and with the offline stand-in behind a real OpenAI-compatible server."""

import datetime as dt
from decimal import Decimal

from lab53_text_to_sql import (
    GoldQuestion,
    TextToSQL,
    execution_accuracy,
    gold_questions,
    offline_sql_backend,
    open_database,
    results_match,
)
from llmlab.llm import OpenAICompatibleClient, running_server
from llmlab_grading import points


@points(10, "results_match must compare rows as multisets unless ordered (duplicates count), in order when "
        "ordered, ignoring column names, with numbers compared after round(float(x), 4) and dates as ISO text.",
        task="accuracy", timeout=30)
def test_results_match():
    gold = [("a", 1), ("b", 2), ("b", 2)]
    assert results_match([("b", 2), ("a", 1), ("b", 2)], gold, ordered=False)
    assert not results_match([("b", 2), ("a", 1), ("b", 2)], gold, ordered=True)
    assert results_match([["a", 1], ["b", 2], ["b", 2]], gold, ordered=True)
    assert not results_match([("a", 1), ("b", 2)], gold, ordered=False)
    assert not results_match([("a", 1), ("a", 1), ("b", 2)], gold, ordered=False)
    assert not results_match([("a", 1, 0), ("b", 2, 0), ("b", 2, 0)], gold, ordered=False)
    assert results_match([(Decimal("10.50"),)], [(10.500000001,)], ordered=True)
    assert not results_match([(Decimal("10.50"),)], [(10.51,)], ordered=True)
    assert results_match([(dt.date(2024, 2, 29), 3)], [("2024-02-29", 3.0)], ordered=False)
    assert results_match([(None,)], [(None,)], ordered=False)
    assert results_match([], [], ordered=True)


@points(7, "execution_accuracy must run gold and predicted SQL, count matching results, and record unsafe SQL, "
        "database errors and answers without SQL as wrong (with the error) instead of crashing.",
        task="accuracy", timeout=60)
def test_execution_accuracy_with_a_function(sales_path):
    questions = [
        GoldQuestion("q1", "SELECT COUNT(*) FROM customers"),
        GoldQuestion("q2", "SELECT name FROM products WHERE category = 'toys' ORDER BY name"),
        GoldQuestion("q3", "SELECT category FROM products GROUP BY category"),
        GoldQuestion("q4", "SELECT COUNT(*) FROM orders"),
        GoldQuestion("q5", "SELECT COUNT(*) FROM orders"),
        GoldQuestion("q6", "SELECT COUNT(*) FROM orders"),
        GoldQuestion("q7", "SELECT name FROM products WHERE category = 'toys' ORDER BY name"),
    ]
    predicted = {
        "q1": "SELECT COUNT(customer_id) AS n FROM customers",  # right
        "q2": "SELECT name FROM products WHERE category = 'toys' ORDER BY name DESC",  # wrong order
        "q3": "SELECT DISTINCT category FROM products ORDER BY category DESC",  # right: unordered gold
        "q4": "SELECT 1; DROP TABLE orders",  # unsafe
        "q5": "SELECT COUNT(*) FROM order",  # database error
        "q7": "SELECT name FROM products WHERE category = 'toys' ORDER BY 1",  # right
    }

    def answer(question):
        if question not in predicted:
            raise ValueError("no SQL found in the reply")
        return predicted[question]

    engine = open_database(sales_path)
    try:
        report = execution_accuracy(answer, engine, questions)
    finally:
        engine.dispose()
    assert [item.correct for item in report.items] == [True, False, True, False, False, False, True]
    assert (report.correct, report.total) == (3, 7) and abs(report.accuracy - 3 / 7) < 1e-9
    assert [item.error is not None for item in report.items] == [False, False, False, True, True, True, False]
    assert report.items[5].predicted_sql is None and report.items[4].predicted_sql == predicted["q5"]
    assert [item.gold_sql for item in report.items] == [q.sql for q in questions]


@points(8, "The whole pipeline over HTTP (the offline stand-in behind a real OpenAI-compatible server) on "
        "PostgreSQL must score 17/21 on the gold questions: the stand-in's two planted mistakes (4 questions) "
        "must be caught, the rest must match.", task="accuracy", timeout=90)
def test_accuracy_over_http_on_postgres(pg_url):
    engine = open_database(pg_url)
    try:
        with running_server(offline_sql_backend()) as base_url, \
                OpenAICompatibleClient(base_url, max_retries=0) as client:
            pipeline = TextToSQL(client, engine)
            report = execution_accuracy(pipeline.sql_for, engine, gold_questions(0))
    finally:
        engine.dispose()
    wrong = [item.question for item in report.items if not item.correct]
    assert (report.correct, report.total) == (17, 21), wrong
    assert all("each customer" in q or "revenue in" in q for q in wrong), wrong
