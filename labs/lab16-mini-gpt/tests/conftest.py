import os

# Set before torch loads: busy-waiting OpenMP threads crawl on a shared CPU (see the package).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")
