import os

# Before torch loads: OpenMP threads that busy-wait for each other crawl on a shared CPU.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
