"""Gold questions about the sales database, each with the SQL that answers it.

The SQL is portable (it runs unchanged on SQLite and PostgreSQL): years and months are date
ranges, and every ``ORDER BY`` breaks ties, so a sorted answer has one right order.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass

from lab53_text_to_sql.salesdb import CATEGORIES, CITIES, COUNTRIES, STATUSES, YEARS


@dataclass(frozen=True)
class GoldQuestion:
    """A question and the gold SQL whose result is the right answer."""

    question: str
    sql: str


REVENUE_JOIN = "FROM order_items oi JOIN orders o ON o.order_id = oi.order_id"


def _month_range(year: int, month: int) -> tuple[str, str]:
    end = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year}-{month:02d}-01", f"{end[0]}-{end[1]:02d}-01"


def gold_questions(seed: int = 0) -> list[GoldQuestion]:
    """21 questions: three without parameters, eight templates twice each with parameters drawn
    by ``random.Random(seed)``, then the city and the country with the most customers."""
    rng = random.Random(seed)
    out = [
        GoldQuestion("How many customers are there?", "SELECT COUNT(*) FROM customers"),
        GoldQuestion("What is the total revenue per product category?",
                     "SELECT p.category, SUM(oi.quantity * oi.unit_price) FROM order_items oi "
                     "JOIN products p ON p.product_id = oi.product_id GROUP BY p.category"),
        GoldQuestion("Which customers have never placed an order?",
                     "SELECT c.name FROM customers c WHERE NOT EXISTS "
                     "(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)"),
    ]
    for country in rng.sample(COUNTRIES, 2):
        out.append(GoldQuestion(f"How many customers live in {country}?",
                                f"SELECT COUNT(*) FROM customers WHERE country = '{country}'"))
    for year in rng.sample(YEARS, 2):
        out.append(GoldQuestion(f"How many orders were placed in {year}?",
                                f"SELECT COUNT(*) FROM orders WHERE order_date >= '{year}-01-01' "
                                f"AND order_date < '{year + 1}-01-01'"))
    for city in rng.sample(sorted(CITIES), 2):
        out.append(GoldQuestion(f"List the names of customers from {city}.",
                                f"SELECT name FROM customers WHERE city = '{city}'"))
    for status in rng.sample(STATUSES, 2):
        out.append(GoldQuestion(f"What is the total revenue of {status} orders?",
                                f"SELECT SUM(oi.quantity * oi.unit_price) {REVENUE_JOIN} "
                                f"WHERE o.status = '{status}'"))
    for category in rng.sample(sorted(CATEGORIES), 2):
        out.append(GoldQuestion(f"What is the average list price of products in the {category} category?",
                                f"SELECT AVG(unit_price) FROM products WHERE category = '{category}'"))
    for n in rng.sample([3, 4, 5], 2):
        out.append(GoldQuestion(f"Which {n} products sold the most units, most first?",
                                "SELECT p.name, SUM(oi.quantity) AS units FROM products p JOIN order_items oi "
                                "ON oi.product_id = p.product_id GROUP BY p.product_id, p.name "
                                f"ORDER BY units DESC, p.name LIMIT {n}"))
    for country in rng.sample(COUNTRIES, 2):
        out.append(GoldQuestion(f"How many orders has each customer from {country} placed?",
                                "SELECT c.name, COUNT(o.order_id) FROM customers c LEFT JOIN orders o "
                                f"ON o.customer_id = c.customer_id WHERE c.country = '{country}' "
                                "GROUP BY c.customer_id, c.name"))
    for year, month in ((rng.choice(YEARS), m) for m in rng.sample(range(1, 13), 2)):
        start, end = _month_range(year, month)
        out.append(GoldQuestion(f"What was the revenue in {calendar.month_name[month]} {year}?",
                                f"SELECT SUM(oi.quantity * oi.unit_price) {REVENUE_JOIN} "
                                f"WHERE o.order_date >= '{start}' AND o.order_date < '{end}'"))
    for place in ("city", "country"):
        out.append(GoldQuestion(f"Which {place} has the most customers?",
                                f"SELECT {place} FROM customers GROUP BY {place} "
                                f"ORDER BY COUNT(*) DESC, {place} LIMIT 1"))
    return out
