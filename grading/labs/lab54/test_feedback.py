"""Hidden tests, task feedback: the error text fed back, and the turn that carries it."""

from lab53_text_to_sql import QueryError, UnsafeSQLError
from lab54_self_correcting_sql import (
    FEEDBACK_PROMPT,
    GUARD_PREFIX,
    NO_SQL_PROMPT,
    error_message,
    feedback_for,
)
from llmlab_grading import points

PG_ERROR = ('column "order_day" does not exist\nLINE 1: SELECT COUNT(*) FROM orders WHERE order_day >= ...\n'
            '                                           ^')


@points(10, "feedback_for must pass the database's own error text through unchanged (QueryError.message), "
        "prefix guard refusals with GUARD_PREFIX, give str(error) for other ValueErrors and raise TypeError "
        "for anything else.", task="feedback", timeout=30)
def test_feedback_for():
    assert feedback_for(QueryError("SELECT nme FROM t", "no such column: nme")) == "no such column: nme"
    assert feedback_for(QueryError("SELECT 1", PG_ERROR)) == PG_ERROR
    assert feedback_for(UnsafeSQLError("expected exactly one statement, got 2")) == \
        GUARD_PREFIX + "expected exactly one statement, got 2"
    assert feedback_for(ValueError("no SQL found in the reply: 'hm'")) == "no SQL found in the reply: 'hm'"
    try:
        feedback_for(RuntimeError("the network is down"))
    except TypeError:
        pass
    else:
        raise AssertionError("feedback_for(RuntimeError) should raise TypeError")


@points(10, "error_message must be a user turn: FEEDBACK_PROMPT with the failed SQL and the error, or "
        "NO_SQL_PROMPT with the error when there was no SQL.", task="feedback", timeout=30)
def test_error_message():
    turn = error_message("SELECT nme FROM customers", "no such column: nme")
    assert turn.role == "user"
    assert turn.content == FEEDBACK_PROMPT.format(sql="SELECT nme FROM customers", error="no such column: nme")
    none = error_message(None, "no SQL found in the reply: 'I am not sure'")
    assert none.role == "user"
    assert none.content == NO_SQL_PROMPT.format(error="no SQL found in the reply: 'I am not sure'")
