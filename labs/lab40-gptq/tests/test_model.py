import pytest
import torch
from lab40_gptq import QuantConfig, QuantLinear, perplexity, quantize_model


def test_quantize_model_replaces_every_linear(tiny_llama):
    g = torch.Generator().manual_seed(0)
    batches = [torch.randint(0, 32, (4, 16), generator=g) for _ in range(2)]
    held_out = torch.randint(0, 32, (200,), generator=g)
    before = perplexity(tiny_llama, held_out, 16)
    rows = quantize_model(tiny_llama, batches, QuantConfig("gptq", group_size=32))
    assert sum(isinstance(m, QuantLinear) for m in tiny_llama.modules()) == len(rows) == 14
    assert sum(r["error"] for r in rows) < sum(r["rtn_error"] for r in rows)
    assert perplexity(tiny_llama, held_out, 16) == pytest.approx(before, rel=0.05)


@pytest.mark.gpu
def test_gptqmodel_on_the_zoo_model(tmp_path):
    """gptqmodel quantises the zoo model on a GPU; its perplexity stays near the fp model's."""
    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA GPU")
    pytest.importorskip("gptqmodel", reason="needs the gpu extra: --extra gpu")
    from lab40_gptq.gpu import gptqmodel_run
    from lab40_gptq.model import load_model, story_ids
    from llmlab.corpora import generate_stories
    from llmlab.zoo import zoo_path

    model, tokenizer = load_model(None)
    ids = story_ids(tokenizer, 60, seed=0)
    fp = perplexity(model, ids, 128)
    row = gptqmodel_run(str(zoo_path("stories-lm-large")), generate_stories(64, seed=3), ids,
                        tmp_path / "q")
    assert row["perplexity"] < 1.2 * fp
