"""THE OFFLINE STAND-IN for a text-to-SQL model: rules, not a neural network.

The course's tiny offline models cannot write SQL, and the lab must run without downloading
one. ``offline_sql_backend()`` is a deterministic, rule-based program that recognises the
question shapes of the generated sales database (``gold.py``) and writes SQL for them, served
through llmlab's real OpenAI-compatible server so the whole pipeline runs over HTTP exactly as
with a real model. It is not a language model and knows nothing else: any other question gets
a refusal without SQL. Its SQL is written independently of the gold SQL (other joins, other
date filters), and it makes two classic text-to-SQL mistakes on purpose so that execution
accuracy has something to catch: an inner join that drops customers without orders, and
revenue computed from today's list price instead of the price paid. Point ``--base-url`` at a
real OpenAI-compatible endpoint to evaluate a real model instead.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from llmlab.llm import Message, ScriptedBackend
from llmlab.llm.backends import Request

MODEL_NAME = "offline-sql-standin"
REFUSAL = "I am the offline rule-based stand-in: I only know the sales database's question shapes."
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}


def _month(name: str, year: str) -> tuple[str, str]:
    month, y = MONTHS[name.lower()], int(year)
    last = calendar.monthrange(y, month)[1]
    return f"{y}-{month:02d}-01", f"{y}-{month:02d}-{last:02d}"


RULES: list[tuple[str, Callable[..., str]]] = [
    (r"how many customers are there",
     lambda: "SELECT COUNT(customer_id) AS customers FROM customers"),
    (r"how many customers live in (\w[\w ]*?)\?",
     lambda c: f"SELECT COUNT(*) AS n FROM customers WHERE country = '{c}'"),
    (r"how many orders were placed in (\d{4})",
     lambda y: f"SELECT COUNT(*) AS n FROM orders WHERE order_date BETWEEN '{y}-01-01' AND '{y}-12-31'"),
    (r"names of customers from (\w[\w ]*?)\.",
     lambda c: f"SELECT name FROM customers WHERE city = '{c}' ORDER BY name"),
    (r"total revenue of (\w+) orders",
     lambda s: "SELECT SUM(quantity * unit_price) AS revenue FROM order_items WHERE order_id IN "
               f"(SELECT order_id FROM orders WHERE status = '{s}')"),
    (r"average list price of products in the (\w+) category",
     lambda c: f"SELECT AVG(unit_price) AS avg_price FROM products WHERE category = '{c}'"),
    (r"which (\d+) products sold the most units",
     lambda n: "SELECT p.name, SUM(i.quantity) AS units FROM order_items i JOIN products p "
               "ON p.product_id = i.product_id GROUP BY p.name ORDER BY units DESC, p.name "
               f"LIMIT {n}"),
    (r"total revenue per product category",
     lambda: "SELECT p.category, SUM(i.quantity * i.unit_price) AS revenue FROM products p "
             "JOIN order_items i ON i.product_id = p.product_id GROUP BY p.category ORDER BY p.category"),
    # Mistake on purpose: the inner join loses the customers who placed no order.
    (r"how many orders has each customer from (\w[\w ]*?) placed",
     lambda c: "SELECT c.name, COUNT(*) AS orders FROM customers c JOIN orders o "
               f"ON o.customer_id = c.customer_id WHERE c.country = '{c}' GROUP BY c.name"),
    (r"customers have never placed an order",
     lambda: "SELECT c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id "
             "WHERE o.order_id IS NULL"),
    # Mistake on purpose: today's list price (products.unit_price), not the price paid.
    (r"revenue in (" + "|".join(MONTHS) + r") (\d{4})",
     lambda m, y: "SELECT SUM(i.quantity * p.unit_price) AS revenue FROM order_items i "
                  "JOIN products p ON p.product_id = i.product_id JOIN orders o ON o.order_id = i.order_id "
                  "WHERE o.order_date BETWEEN '{}' AND '{}'".format(*_month(m, y))),
    (r"which (city|country) has the most customers",
     lambda place: f"SELECT {place} FROM customers GROUP BY {place} "
                   f"ORDER BY COUNT(customer_id) DESC, {place} ASC LIMIT 1"),
]


def question_of(request: Request) -> str:
    """The question in the request: the text after the last ``Question:`` of the last user turn."""
    if isinstance(request, str):
        text = request
    else:
        users = [m.content for m in request if isinstance(m, Message) and m.role == "user"]
        text = users[-1] if users else ""
    return text.rsplit("Question:", 1)[-1].strip()


def offline_sql(question: str) -> str | None:
    """The stand-in's SQL for ``question``, or ``None`` when no rule knows its shape."""
    for pattern, write in RULES:
        found = re.search(pattern, question, re.IGNORECASE)
        if found:
            return write(*found.groups())
    return None


def offline_reply(request: Request) -> str:
    """The stand-in's whole reply: the SQL in a ```sql block, or a refusal."""
    sql = offline_sql(question_of(request))
    return f"Here is the query:\n```sql\n{sql};\n```" if sql else REFUSAL


def offline_sql_backend() -> ScriptedBackend:
    """The stand-in as a backend for ``llmlab.llm.running_server`` (served as ``offline-sql-standin``)."""
    return ScriptedBackend(offline_reply, name=MODEL_NAME)
