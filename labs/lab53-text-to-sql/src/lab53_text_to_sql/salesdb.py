"""The lab's sales database: four tables, generated deterministically from a seed.

    path = create_sqlite_db("sales.db", seed=0)        # a new SQLite file
    engine = open_database(path)                       # read-only at the database level
    populate(open_database(url, readonly=False), 0)    # the same rows in PostgreSQL

The same SQLAlchemy tables and rows go into SQLite or PostgreSQL, so a question has the same
answer on both. Dates are ``DATE`` columns; in SQLite they are ``'YYYY-MM-DD'`` strings, so the
portable way to filter a year is a range (``order_date >= '2024-01-01' AND order_date <
'2025-01-01'``), which PostgreSQL reads as dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from sqlalchemy import (
    Column,
    Date,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    create_engine,
    insert,
)

from lab53_text_to_sql.postgres import local_postgres

metadata = MetaData()

customers = Table(
    "customers", metadata,
    Column("customer_id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(60), nullable=False),
    Column("city", String(40), nullable=False),
    Column("country", String(40), nullable=False),
    Column("signup_date", Date, nullable=False),
)
products = Table(
    "products", metadata,
    Column("product_id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(60), nullable=False),
    Column("category", String(30), nullable=False),
    Column("unit_price", Numeric(10, 2), nullable=False),
)
orders = Table(
    "orders", metadata,
    Column("order_id", Integer, primary_key=True, autoincrement=False),
    Column("customer_id", Integer, ForeignKey("customers.customer_id"), nullable=False),
    Column("order_date", Date, nullable=False),
    Column("status", String(12), nullable=False),
)
order_items = Table(
    "order_items", metadata,
    Column("order_id", Integer, ForeignKey("orders.order_id"), primary_key=True, autoincrement=False),
    Column("product_id", Integer, ForeignKey("products.product_id"), primary_key=True,
           autoincrement=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Numeric(10, 2), nullable=False),
)

CITIES = {  # city -> country
    "Lisbon": "Portugal", "Porto": "Portugal", "Madrid": "Spain", "Seville": "Spain",
    "Lyon": "France", "Paris": "France", "Berlin": "Germany", "Munich": "Germany",
    "Milan": "Italy", "Rome": "Italy",
}
COUNTRIES = sorted(set(CITIES.values()))
CATEGORIES = {  # category -> product names
    "books": ["Atlas", "Cookbook", "Novel", "Poetry Collection", "Travel Guide"],
    "electronics": ["Headphones", "Keyboard", "Monitor", "Mouse", "Webcam"],
    "garden": ["Hose", "Rake", "Seed Pack", "Shovel", "Watering Can"],
    "kitchen": ["Blender", "Kettle", "Knife Set", "Pan", "Toaster"],
    "toys": ["Board Game", "Kite", "Puzzle", "Robot Kit", "Yo-yo"],
}
STATUSES = ["shipped", "pending", "cancelled"]
YEARS = [2023, 2024, 2025]
FIRST = ["Ana", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas",
         "Karin", "Luca", "Marta", "Nils", "Olga", "Pablo"]
LAST = ["Almeida", "Bauer", "Costa", "Dubois", "Esposito", "Fischer", "Garcia", "Huber",
        "Lopez", "Moreau", "Novak", "Rossi"]


def sales_rows(seed: int = 0, n_customers: int = 60, n_orders: int = 400) -> dict[str, list[dict]]:
    """The rows of every table, the same for the same arguments."""
    rng = random.Random(seed)
    names = rng.sample([f"{f} {la}" for f in FIRST for la in LAST], n_customers)
    cities = sorted(CITIES)
    customer_rows = []
    for i, name in enumerate(names, start=1):
        city = rng.choice(cities)
        signup = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        customer_rows.append({"customer_id": i, "name": name, "city": city, "country": CITIES[city],
                              "signup_date": signup})
    product_rows = []
    for category in sorted(CATEGORIES):
        for name in CATEGORIES[category]:
            price = Decimal(rng.randrange(299, 19999)) / 100
            product_rows.append({"product_id": len(product_rows) + 1, "name": name,
                                 "category": category, "unit_price": price})
    # A fifth of the customers never order: "who never ordered?" has an answer.
    buyers = rng.sample(range(1, n_customers + 1), k=n_customers * 4 // 5)
    order_rows, item_rows = [], []
    for order_id in range(1, n_orders + 1):
        year = rng.choice(YEARS)
        date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        status = rng.choices(STATUSES, weights=[7, 2, 1])[0]
        order_rows.append({"order_id": order_id, "customer_id": rng.choice(buyers), "order_date": date,
                           "status": status})
        for product in rng.sample(product_rows, k=rng.randint(1, 4)):
            # Prices drift: an order line keeps the price paid, which may differ from today's.
            paid = (product["unit_price"] * Decimal(rng.choice([90, 100, 100, 110])) / 100).quantize(
                Decimal("0.01"))
            item_rows.append({"order_id": order_id, "product_id": product["product_id"],
                              "quantity": rng.randint(1, 5), "unit_price": paid})
    return {"customers": customer_rows, "products": product_rows, "orders": order_rows,
            "order_items": item_rows}


def populate(engine: Engine, seed: int = 0) -> None:
    """Create the four tables in ``engine``'s database (dropping old ones) and fill them."""
    metadata.drop_all(engine)
    metadata.create_all(engine)
    rows = sales_rows(seed)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:  # parents before children: foreign keys hold
            conn.execute(insert(table), rows[table.name])


def create_sqlite_db(path: str | Path, seed: int = 0) -> Path:
    """Write the sales database to a new SQLite file at ``path`` (replacing one there)."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    try:
        populate(engine, seed)
    finally:
        engine.dispose()
    return path


def open_database(target: str | Path, *, readonly: bool = True) -> Engine:
    """An engine for a SQLAlchemy URL (``postgresql+psycopg://...``) or a SQLite file path.

    ``readonly=True`` makes the database itself refuse writes, whatever SQL arrives: SQLite
    files are opened with ``mode=ro``; PostgreSQL sessions start with
    ``default_transaction_read_only=on``. (``execute_readonly`` enforces it again per query.)
    """
    text = str(target)
    if "://" in text:
        options = {"connect_args": {"options": "-c default_transaction_read_only=on"}} \
            if readonly and text.startswith("postgresql") else {}
        return create_engine(text, **options)
    path = Path(text).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"no SQLite database at {path}: create one with create_sqlite_db(path)")
    if readonly:
        return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    return create_engine(f"sqlite:///{path}")


@contextlib.contextmanager
def sales_engine(db: str | None, *, sqlite_path: str | Path, postgres: bool = False,
                 load_sales: bool = False, seed: int = 0) -> Iterator[Engine]:
    """The read-only engine the command lines use, disposed (and a local PostgreSQL stopped) after.

    ``postgres``: a throwaway local PostgreSQL filled with the sales data; else ``db`` (a SQLite
    path or URL; filled first when ``load_sales``); else a new SQLite file at ``sqlite_path``.
    """
    with contextlib.ExitStack() as stack:
        if postgres:
            target, load_sales = stack.enter_context(local_postgres()), True
        elif db:
            target = db
        else:
            target, load_sales = str(create_sqlite_db(sqlite_path, seed)), False
        if load_sales:
            writer = open_database(target, readonly=False)
            try:
                populate(writer, seed)
            finally:
                writer.dispose()
        engine = open_database(target)
        stack.callback(engine.dispose)
        yield engine
