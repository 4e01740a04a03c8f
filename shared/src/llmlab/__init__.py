"""Shared utilities for the course's labs. Heavy libraries are imported lazily, inside functions."""

__version__ = "0.1.0"
