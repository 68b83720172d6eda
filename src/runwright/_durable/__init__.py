"""Durable runs: the checkpoint store port and its SQLite, PostgreSQL and in-memory stores."""
