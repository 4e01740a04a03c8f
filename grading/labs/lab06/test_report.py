"""Hidden tests, task report: fertility_report."""

import pytest
from lab06_medical_sentencepiece import (
    byte_fallback_rate,
    fertility_report,
    load,
    tokens_per_word,
    unk_rate,
)
from llmlab.corpora.medical import medical_symbols
from llmlab_grading import points


def small(corpus, langs):
    train = {lang: corpus["train"][lang][:600] for lang in langs}
    held_out = {lang: corpus["held_out"][lang][:200] for lang in ("en", "de")}
    return train, held_out


@points(10, "fertility_report must return {'rows': [...]}, one row per (language, model type, "
            "vocab size) in that loop order, with the model saved at out_dir/<lang>-<type>-<size> "
            "and tokens_per_word, unk_rate, byte_fallback_rate of that model on every held-out "
            "language.", task="report", timeout=120)
def test_report_rows_and_values(corpus, tmp_path):
    train, held_out = small(corpus, ["de"])
    report = fertility_report(train, held_out, [450, 550], tmp_path / "out",
                              {"de": medical_symbols("de")}, model_types=("bpe", "unigram"))
    rows = report["rows"]
    assert [(r["lang"], r["model_type"], r["vocab_size"]) for r in rows] == [
        ("de", "bpe", 450), ("de", "bpe", 550), ("de", "unigram", 450), ("de", "unigram", 550)]
    for row in rows:
        expected_path = tmp_path / "out" / f"de-{row['model_type']}-{row['vocab_size']}.model"
        assert str(row["model"]) == str(expected_path)
        sp = load(expected_path)
        assert sp.get_piece_size() == row["vocab_size"]
        assert sp.piece_to_id("mg/dL") != sp.unk_id()  # the language's symbols were declared
        assert list(row["eval"]) == ["en", "de"]
        for lang, texts in held_out.items():
            got = row["eval"][lang]
            assert got["tokens_per_word"] == pytest.approx(tokens_per_word(sp, texts), rel=1e-12)
            assert got["unk_rate"] == pytest.approx(unk_rate(sp, texts), abs=1e-15)
            assert got["byte_fallback_rate"] == pytest.approx(byte_fallback_rate(sp, texts), rel=1e-12)


@points(5, "German held-out text should need more tokens per word than English under its own "
            "models, for unigram and BPE alike (long compounds); check the report's numbers.",
        task="report", timeout=120)
def test_report_german_fertility_is_higher(corpus, tmp_path):
    train, held_out = small(corpus, ["en", "de"])
    symbols = {lang: medical_symbols(lang) for lang in ("en", "de")}
    report = fertility_report(train, held_out, [600], tmp_path, symbols)
    own = {(r["lang"], r["model_type"]): r["eval"][r["lang"]] for r in report["rows"]}
    assert set(own) == {(lang, t) for lang in ("en", "de") for t in ("unigram", "bpe")}
    for model_type in ("unigram", "bpe"):
        assert own["de", model_type]["tokens_per_word"] > own["en", model_type]["tokens_per_word"] + 0.2
        assert own["de", model_type]["unk_rate"] == 0.0 and own["en", model_type]["unk_rate"] == 0.0


@points(5, "Across languages: the English models should spell German text partly in byte pieces "
           "(ä, ö, ü, ß, „ “ are not in their vocabulary) yet produce no <unk>.",
        task="report", timeout=120)
def test_report_cross_language_bytes(corpus, tmp_path):
    train, held_out = small(corpus, ["en"])
    report = fertility_report(train, held_out, [600], tmp_path, {"en": medical_symbols("en")})
    assert len(report["rows"]) == 2
    for row in report["rows"]:
        assert row["eval"]["de"]["byte_fallback_rate"] > 0.02
        assert row["eval"]["de"]["unk_rate"] == 0.0
        assert row["eval"]["en"]["byte_fallback_rate"] == 0.0
        assert row["eval"]["de"]["tokens_per_word"] > row["eval"]["en"]["tokens_per_word"] + 1.0
