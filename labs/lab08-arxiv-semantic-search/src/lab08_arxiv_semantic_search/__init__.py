"""Lab 08: semantic search over paper abstracts."""
