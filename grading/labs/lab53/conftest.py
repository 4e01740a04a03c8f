"""Shared databases for the hidden tests: the sales data in SQLite and in a throwaway PostgreSQL
(started once per session, stopped and deleted at the end even when tests fail)."""

import pytest
from lab53_text_to_sql import create_sqlite_db, local_postgres, open_database, populate


@pytest.fixture(scope="session")
def sales_path(tmp_path_factory):
    return create_sqlite_db(tmp_path_factory.mktemp("sales") / "sales.db", seed=0)


@pytest.fixture(scope="session")
def pg_url():
    """Fails (never skips) with a message naming the Debian package when PostgreSQL is missing."""
    with local_postgres() as url:
        engine = open_database(url, readonly=False)
        populate(engine, seed=0)
        engine.dispose()
        yield url


@pytest.fixture
def pg_writable(pg_url):
    """A PostgreSQL engine that could write: only execute_readonly stands in the way."""
    engine = open_database(pg_url, readonly=False)
    yield engine
    engine.dispose()
