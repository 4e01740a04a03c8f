"""Hidden tests, task schema: describe_schema's exact text on SQLite, and on a real PostgreSQL."""

import sqlalchemy as sa
from lab53_text_to_sql import describe_schema, open_database
from llmlab_grading import points

EXPECTED = """CREATE TABLE albums (
  album_id INTEGER PRIMARY KEY,
  title VARCHAR(80) NOT NULL,
  artist_id INTEGER NOT NULL,
  note TEXT,
  FOREIGN KEY (artist_id) REFERENCES artists(artist_id)
);

CREATE TABLE artists (
  artist_id INTEGER PRIMARY KEY,
  name VARCHAR(50) NOT NULL
);

CREATE TABLE plays (
  user_id INTEGER NOT NULL,
  track_id INTEGER NOT NULL,
  played_at DATE,
  PRIMARY KEY (user_id, track_id),
  FOREIGN KEY (track_id) REFERENCES tracks(track_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
);

CREATE TABLE tracks (
  track_id INTEGER PRIMARY KEY,
  album_id INTEGER,
  seconds NUMERIC(6, 1) NOT NULL,
  FOREIGN KEY (album_id) REFERENCES albums(album_id)
);

CREATE TABLE users (
  user_id INTEGER PRIMARY KEY,
  email VARCHAR(120)
);"""


def music_db(path):
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE users (user_id INTEGER PRIMARY KEY, email VARCHAR(120))")
        conn.exec_driver_sql("CREATE TABLE artists (artist_id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)")
        conn.exec_driver_sql("CREATE TABLE albums (album_id INTEGER PRIMARY KEY, title VARCHAR(80) NOT NULL, "
                             "artist_id INTEGER NOT NULL REFERENCES artists(artist_id), note TEXT)")
        conn.exec_driver_sql("CREATE TABLE tracks (track_id INTEGER PRIMARY KEY, album_id INTEGER "
                             "REFERENCES albums(album_id), seconds NUMERIC(6, 1) NOT NULL)")
        conn.exec_driver_sql("CREATE TABLE plays (user_id INTEGER NOT NULL REFERENCES users(user_id), "
                             "track_id INTEGER NOT NULL REFERENCES tracks(track_id), played_at DATE, "
                             "PRIMARY KEY (user_id, track_id))")
    engine.dispose()


@points(14, "describe_schema must give tables in name order, columns in table order with their types, "
        "PRIMARY KEY / NOT NULL, a composite PRIMARY KEY line and FOREIGN KEY lines sorted by column, "
        "exactly as the README shows.", task="schema", timeout=30)
def test_schema_text_exact_on_sqlite(tmp_path):
    music_db(tmp_path / "music.db")
    engine = open_database(tmp_path / "music.db")
    try:
        assert describe_schema(engine) == EXPECTED
    finally:
        engine.dispose()


@points(6, "describe_schema must work on PostgreSQL too (reflection through SQLAlchemy's inspector): "
        "the sales tables with their keys.", task="schema", timeout=60)
def test_schema_on_postgres(pg_url):
    engine = open_database(pg_url)
    try:
        text = describe_schema(engine)
    finally:
        engine.dispose()
    blocks = text.split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        "CREATE TABLE customers (", "CREATE TABLE order_items (", "CREATE TABLE orders (",
        "CREATE TABLE products ("]
    assert "  customer_id INTEGER PRIMARY KEY," in blocks[0]
    assert "  PRIMARY KEY (order_id, product_id)," in blocks[1]
    assert "  FOREIGN KEY (customer_id) REFERENCES customers(customer_id)\n);" in blocks[2]
    assert "  unit_price NUMERIC(10, 2) NOT NULL\n);" in blocks[3]
    assert sum(line.startswith("  ") for line in text.splitlines()) == 5 + 7 + 5 + 4
