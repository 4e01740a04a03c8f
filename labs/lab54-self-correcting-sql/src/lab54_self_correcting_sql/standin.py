"""THE OFFLINE STAND-IN that makes mistakes first: lab 53's rule-based SQL writer, plus slips.

Not a language model (see lab 53's ``standin.py``). Its first draft of a query misnames one
column (``order_date`` becomes ``order_day``, ``country`` becomes ``country_name``, ...), the
way models misremember schemas; when asked who never ordered it calls the ``orders`` table
``purchases``. It corrects a column only from the **database's error text** in the
conversation: it reads the bad name from ``no such column: X`` (SQLite) or ``column "X" does
not exist`` (PostgreSQL) and replaces it with the closest column name of the schema in the
prompt (``difflib``). It cannot fix table names: that question fails at the retry cap. Served
through llmlab's real OpenAI-compatible server, like lab 53's stand-in.
"""

from __future__ import annotations

import difflib
import re

from lab53_text_to_sql.standin import REFUSAL, offline_sql
from llmlab.llm import Message, ScriptedBackend
from llmlab.llm.backends import Request

MODEL_NAME = "offline-sloppy-sql-standin"
# The first draft misnames the first of these columns that its query uses.
COLUMN_SLIPS = [("order_date", "order_day"), ("country", "country_name"), ("category", "product_category"),
                ("unit_price", "item_price"), ("quantity", "quantity_ordered")]
TABLE_SLIP = ("orders", "purchases")  # only in "never placed an order": it cannot fix this one
BAD_COLUMN = [r"no such column: (?:\w+\.)?(\w+)", r'column "?(?:\w+\.)?(\w+)"? does not exist']


def _user_turns(request: Request) -> list[str]:
    if isinstance(request, str):
        return [request]
    return [m.content for m in request if isinstance(m, Message) and m.role == "user"]


def schema_columns(prompt: str) -> list[str]:
    """Column names in the ``CREATE TABLE`` text of a prompt (lab 53's ``describe_schema`` format)."""
    names = re.findall(r"^  (\w+) ", prompt, re.MULTILINE)
    return sorted({n for n in names if n not in ("PRIMARY", "FOREIGN")})


def first_draft(sql: str, question: str) -> str:
    """The stand-in's first, slipped version of ``sql``."""
    if "never placed" in question.lower():
        right, wrong = TABLE_SLIP
        return re.sub(rf"\b{right}\b", wrong, sql)
    for right, wrong in COLUMN_SLIPS:
        if re.search(rf"\b{right}\b", sql):
            return re.sub(rf"\b{right}\b", wrong, sql)
    return sql


def sloppy_reply(request: Request) -> str:
    """The reply to a conversation: the draft with every column fix the errors so far allow."""
    turns = _user_turns(request)
    first = next((t for t in turns if "Question:" in t), "")
    question = first.rsplit("Question:", 1)[-1].strip()
    sql = offline_sql(question)
    if sql is None:
        return REFUSAL
    sql = first_draft(sql, question)
    columns = schema_columns(first)
    for turn in turns[1:]:  # the feedback turns, in order
        for pattern in BAD_COLUMN:
            for bad in re.findall(pattern, turn):
                fix = difflib.get_close_matches(bad, columns, n=1, cutoff=0.5)
                if fix:
                    sql = re.sub(rf"\b{bad}\b", fix[0], sql)
    return f"```sql\n{sql}\n```"


def sloppy_sql_backend() -> ScriptedBackend:
    """The stand-in as a backend for ``llmlab.llm.running_server`` (served as ``offline-sloppy-sql-standin``)."""
    return ScriptedBackend(sloppy_reply, name=MODEL_NAME)
