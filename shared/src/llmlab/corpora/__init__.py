"""Course corpora, generated deterministically from a seed so every lab runs offline."""

from llmlab.corpora.stories import generate_stories, stories_text

__all__ = ["generate_stories", "stories_text"]
