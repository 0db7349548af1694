"""Factories and helpers for tests of every app (real database, no mocks)."""
