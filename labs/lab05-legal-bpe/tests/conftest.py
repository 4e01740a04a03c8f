import os

os.environ.setdefault("LLMLAB_PROGRESS", "0")
