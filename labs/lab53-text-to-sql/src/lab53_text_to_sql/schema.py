"""The schema as text, for the prompt: what tables and columns the model may use."""

from __future__ import annotations

from sqlalchemy import Engine, inspect


def describe_schema(engine: Engine) -> str:
    """``CREATE TABLE`` statements for every table of ``engine``'s database, read by reflection.

    Tables in name order, separated by one blank line; each is::

        CREATE TABLE orders (
          order_id INTEGER PRIMARY KEY,
          customer_id INTEGER NOT NULL,
          note VARCHAR(200),
          FOREIGN KEY (customer_id) REFERENCES customers(customer_id)
        );

    Columns in their table's order as ``  <name> <type>``, the type as ``str()`` of the reflected
    type; `` PRIMARY KEY`` when the column alone is the primary key, else `` NOT NULL`` when it
    is not nullable. A primary key of several columns is a line ``  PRIMARY KEY (a, b)`` after
    the columns; then one ``  FOREIGN KEY (...) REFERENCES table(...)`` line per foreign key,
    sorted by its columns. Lines inside the parentheses are joined by ``",\\n"``.
    """
    # BEGIN SOLUTION
    inspector = inspect(engine)
    blocks = []
    for table in sorted(inspector.get_table_names()):
        key = inspector.get_pk_constraint(table).get("constrained_columns") or []
        lines = []
        for column in inspector.get_columns(table):
            line = f"  {column['name']} {column['type']}"
            if key == [column["name"]]:
                line += " PRIMARY KEY"
            elif not column.get("nullable", True):
                line += " NOT NULL"
            lines.append(line)
        if len(key) > 1:
            lines.append(f"  PRIMARY KEY ({', '.join(key)})")
        for fk in sorted(inspector.get_foreign_keys(table), key=lambda f: f["constrained_columns"]):
            lines.append(f"  FOREIGN KEY ({', '.join(fk['constrained_columns'])}) REFERENCES "
                         f"{fk['referred_table']}({', '.join(fk['referred_columns'])})")
        blocks.append(f"CREATE TABLE {table} (\n" + ",\n".join(lines) + "\n);")
    return "\n\n".join(blocks)
    # END SOLUTION
