"""Create the PostgreSQL database named in DATABASE_URL if it does not exist yet.

Used by ``make run-prod``; connects to the server's ``postgres`` database to do it.
"""

from __future__ import annotations

import os
import sys

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def main() -> int:
    url = make_url(os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://",
                                                       1))
    if not url.drivername.startswith("postgresql"):
        print("DATABASE_URL is not PostgreSQL: nothing to create.")
        return 0
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": url.database})
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
            print(f"Created database {url.database}.")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
