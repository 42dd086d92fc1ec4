"""The deviation audit log: append-only, hash-chained, on SQLite (default) or PostgreSQL."""
