import json

import numpy as np
import torch
from lab10_finance_sentiment_embeddings.data import grouped_split, load_headlines
from lab10_finance_sentiment_embeddings.encoder import embed_batch, encode, load_encoder
from lab10_finance_sentiment_embeddings.evaluation import probe
from lab10_finance_sentiment_embeddings.experiment import ExperimentConfig, run_experiment
from lab10_finance_sentiment_embeddings.training import finetune, train_step
from llmlab_grading import points

TEXTS = ["Acme Robotics beats Q3 estimates as revenue rises 12% to $1.2 billion",
         "Cobalt Mining fails to beat Q2 estimates",
         "Orion Telecom has not set a date for its investor day"]


@points(5, "embed_batch must return model(model.preprocess(texts))['sentence_embedding']: float32 "
           "(len(texts), 128), differentiable, equal to encode() once L2-normalised.",
        task="finetune")
def test_embed_batch_is_differentiable_mean_pooling():
    torch.manual_seed(0)
    model = load_encoder()
    model.eval()
    emb = embed_batch(model, TEXTS)
    assert emb.shape == (3, 128) and emb.dtype == torch.float32
    assert emb.requires_grad
    normalised = torch.nn.functional.normalize(emb.detach(), dim=-1).numpy()
    assert np.abs(normalised - encode(model, TEXTS)).max() < 1e-4


@points(10, "train_step must embed both sides with embed_batch, take cosine_similarity_loss, zero "
            "the gradients, backpropagate, step the optimiser and return the loss as a float: "
            "repeated steps on one batch must drive its loss down.", task="finetune")
def test_train_step_lowers_the_loss_of_a_batch():
    torch.manual_seed(0)
    model = load_encoder()
    model.eval()  # no dropout: the loss falls monotonically on a fixed batch
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    anchors = [TEXTS[0], TEXTS[0], TEXTS[1], TEXTS[2]]
    partners = [TEXTS[1], TEXTS[2], TEXTS[2], TEXTS[0]]
    targets = torch.zeros(4)
    before = [p.detach().clone() for p in model.parameters()]
    losses = [train_step(model, optimizer, anchors, partners, targets) for _ in range(6)]
    assert all(isinstance(x, float) for x in losses)
    assert losses[-1] < 0.5 * losses[0]
    assert any(not torch.equal(b, p) for b, p in zip(before, model.parameters(), strict=True))


@points(15, "Fine-tuning on SetFit pairs must make the embeddings better features for sentiment: "
            "40 steps at lr 5e-4 on 630 headlines must raise the probe's macro-F1 on unseen "
            "templates by at least 0.015 over the base encoder (the reference gains 0.031). Check "
            "sample_pairs, cosine_similarity_loss and train_step.",
        task="finetune", timeout=150)
def test_finetuned_embeddings_beat_the_base_encoder():
    examples = load_headlines(900, seed=0)
    train, test = grouped_split([e.group for e in examples], 0.3, seed=0)
    y = np.array([e.label for e in examples])
    texts = [e.text for e in examples]
    model = load_encoder()
    base = probe(encode(model, texts)[train], y[train].tolist(), encode(model, texts)[test],
                 y[test].tolist())
    finetune(model, [texts[i] for i in train], y[train].tolist(), pairs_per_example=2,
             max_steps=40, lr=5e-4, seed=0)
    tuned_x = encode(model, texts)
    tuned = probe(tuned_x[train], y[train].tolist(), tuned_x[test], y[test].tolist())
    assert tuned["macro_f1"] >= base["macro_f1"] + 0.015, (base["macro_f1"], tuned["macro_f1"])


@points(5, "run_experiment must write report.json with the split (no straddling groups), the "
           "TF-IDF, base and fine-tuned scores and margin = fine-tuned minus base macro-F1.",
        task="evaluation")
def test_report_json(tmp_path):
    config = ExperimentConfig(n_headlines=300, max_steps=3, out=tmp_path, save_model=False)
    report = run_experiment(config)
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved == report
    assert saved["split"]["straddling_groups"] == []
    assert saved["split"]["n_train"] + saved["split"]["n_test"] == 300
    for key in ("tfidf", "base", "finetuned"):
        assert 0.0 <= saved[key]["macro_f1"] <= 1.0
        assert set(saved[key]["per_style_macro_f1"]) == {"plain", "negation", "confounder"}
    assert abs(saved["margin"] - (saved["finetuned"]["macro_f1"] - saved["base"]["macro_f1"])) < 2e-4
    assert saved["random_split"]["straddling_groups"] > 0
    assert saved["random_split"]["tfidf_macro_f1"] > saved["tfidf"]["macro_f1"]
    assert saved["finetune"]["steps"] == 3
    assert (tmp_path / "loss_curve.png").stat().st_size > 1000
