"""Lab 15: looking inside attention heads."""
