"""The zoo's small Llama, converted once for the whole test session."""

import pytest
from lab41_llama_cpp import load_hf_llama, load_llm, write_gguf


@pytest.fixture(scope="session")
def small():
    return load_hf_llama("stories-lm-small")


@pytest.fixture(scope="session")
def small_f32(tmp_path_factory, small):
    return write_gguf(small, tmp_path_factory.mktemp("gguf") / "small-f32.gguf", "f32")


@pytest.fixture(scope="session")
def small_llm(small_f32):
    return load_llm(small_f32, n_threads=1)
