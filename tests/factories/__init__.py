"""Factories, one module per content area (tests/factories/<area>.py)."""
