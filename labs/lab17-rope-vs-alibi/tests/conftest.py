"""One torch thread: these models are tiny, and a busy machine's cores are shared."""

import torch

torch.set_num_threads(1)
