"""Grading engine for the course's labs.

Hidden tests use :func:`points` to say what a test is worth and what a student should read
when it fails. Everything else here runs in the grader's own process.
"""

from llmlab_grading.points import points

__all__ = ["points"]
__version__ = "0.1.0"
