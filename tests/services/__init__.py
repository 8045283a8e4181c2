"""Services the tests start for themselves (a PostgreSQL server)."""
