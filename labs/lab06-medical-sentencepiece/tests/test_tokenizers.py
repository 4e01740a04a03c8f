"""Public tests: small, fast checks of each task. Run them after each task."""

from __future__ import annotations

import json

import pytest
from lab06_medical_sentencepiece import (
    abstract_lines,
    byte_fallback_rate,
    byte_pieces,
    default_symbols,
    fertility_report,
    format_report,
    load,
    plot_report,
    read_lines,
    split_symbols,
    symbol_pieces,
    tokens_per_word,
    train_tokenizer,
    trainer_options,
    unk_rate,
    unseen_characters,
)
from lab06_medical_sentencepiece.cli import main

EN = abstract_lines(150, "en", seed=0)
DE = abstract_lines(150, "de", seed=0)
EN_HELD_OUT = abstract_lines(20, "en", seed=1)
DE_HELD_OUT = abstract_lines(20, "de", seed=1)


@pytest.fixture(scope="module")
def en_model(tmp_path_factory):
    path = train_tokenizer(EN, "unigram", 600, default_symbols("en"),
                           tmp_path_factory.mktemp("models") / "en")
    return load(path)


# --- given code: corpus, symbols, files ---------------------------------------------------------

def test_corpus_lines_and_symbols(tmp_path):
    assert len(EN) == 4 * 150 and EN[0].startswith("Background:") and EN[1].startswith("Methods:")
    assert DE[0].startswith("Hintergrund:") and not any("\n" in line for line in DE)
    assert {"mg/dL", "µg", "±", "≥", "β"} <= set(default_symbols("en"))
    assert "ä" not in default_symbols("de") and "„" in default_symbols("de")
    with pytest.raises(FileNotFoundError, match="no text file"):
        read_lines(tmp_path / "missing.txt")
    (tmp_path / "blank.txt").write_text("\n  \n")
    with pytest.raises(ValueError, match="empty"):
        read_lines(tmp_path / "blank.txt")


# --- training -----------------------------------------------------------------------------------

def test_trainer_options_are_explicit():
    options = trainer_options("bpe", 800, ["mg/dL"])
    assert options["model_type"] == "bpe" and options["vocab_size"] == 800
    assert options["byte_fallback"] is True and options["user_defined_symbols"] == ["mg/dL"]
    assert options["num_threads"] == 1 and options["input_sentence_size"] == 0
    assert options["normalization_rule_name"] == "identity"


def test_train_tokenizer_is_exact_and_deterministic(tmp_path, en_model):
    assert en_model.get_piece_size() == 600
    assert sum(en_model.is_byte(i) for i in range(600)) == 256
    first = train_tokenizer(DE, "bpe", 500, ["mg/dL"], tmp_path / "a" / "de")
    second = train_tokenizer(DE, "bpe", 500, ["mg/dL"], tmp_path / "b" / "again")
    assert first == tmp_path / "a" / "de.model" and (tmp_path / "a" / "de.vocab").is_file()
    assert first.read_bytes() == second.read_bytes()
    for text in EN_HELD_OUT[:20] + ["  two  spaces ", "5 µmol/L in kg/m²\tok"]:
        assert en_model.decode(en_model.encode(text)) == text
    with pytest.raises(ValueError, match="model_type"):
        train_tokenizer(EN, "wordpiece", 500, [], tmp_path / "x")


# --- metrics ------------------------------------------------------------------------------------

def test_metrics(en_model):
    # "▁", "mg/dL": two pieces for one word; "▁", "1", "3", "0": four for one
    assert tokens_per_word(en_model, ["mg/dL"]) == pytest.approx(2.0)
    assert tokens_per_word(en_model, ["130", "mg/dL"]) == pytest.approx(3.0)
    assert unk_rate(en_model, EN_HELD_OUT) == 0.0
    fertility = tokens_per_word(en_model, EN_HELD_OUT)
    assert 2.5 < fertility < 3.5
    with pytest.raises(ValueError):
        tokens_per_word(en_model, [])


# --- byte fallback ------------------------------------------------------------------------------

def test_byte_fallback(en_model):
    assert byte_pieces("é") == ["<0xC3>", "<0xA9>"]
    assert byte_pieces("😷") == ["<0xF0>", "<0x9F>", "<0x98>", "<0xB7>"]
    text = "Rash 😷 (Übelkeit)"
    assert unseen_characters(en_model, text) == ["😷", "Ü"]
    pieces = en_model.encode(text, out_type=str)
    assert pieces[pieces.index("<0xF0>"):pieces.index("<0xF0>") + 4] == byte_pieces("😷")
    assert en_model.decode(en_model.encode(text)) == text
    assert byte_fallback_rate(en_model, ["😷"]) == pytest.approx(4 / 5)  # "▁" + 4 bytes
    assert byte_fallback_rate(en_model, EN_HELD_OUT) == 0.0
    assert byte_fallback_rate(en_model, DE_HELD_OUT) > 0.02


# --- symbols ------------------------------------------------------------------------------------

def test_symbols(en_model, tmp_path):
    assert symbol_pieces(en_model, "mg/dL") == ["mg/dL"]
    assert split_symbols(en_model, default_symbols("en")) == []
    plain = load(train_tokenizer(EN, "unigram", 600, [], tmp_path / "plain"))
    assert "".join(symbol_pieces(plain, "mg/dL")) == "mg/dL"
    assert "mg/dL" in split_symbols(plain, ["≥", "mg/dL"])


# --- report -------------------------------------------------------------------------------------

def test_report_table_and_plot(tmp_path):
    train = {"en": EN[:300], "de": DE[:300]}
    held_out = {"en": EN_HELD_OUT, "de": DE_HELD_OUT}
    symbols = {lang: default_symbols(lang) for lang in train}
    report = fertility_report(train, held_out, [600], tmp_path / "models", symbols)
    assert [(r["lang"], r["model_type"]) for r in report["rows"]] == [
        ("en", "unigram"), ("en", "bpe"), ("de", "unigram"), ("de", "bpe")]
    own = {(r["lang"], r["model_type"]): r["eval"][r["lang"]]["tokens_per_word"] for r in report["rows"]}
    assert own["de", "unigram"] > own["en", "unigram"] and own["de", "bpe"] > own["en", "bpe"]
    assert format_report(report).count("\n") == 5  # header, rule, 4 models
    assert plot_report(report, tmp_path / "plot.png").stat().st_size > 0
    json.dumps(report)  # the report is plain JSON


def test_cli(tmp_path, capsys):
    main(["--n-train", "60", "--n-held-out", "10", "--vocab-sizes", "500,600", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "held-out fertility" in out and "decodes exactly: True" in out
    report = json.loads((tmp_path / "report.json").read_text())
    assert len(report["rows"]) == 8 and (tmp_path / "fertility.png").stat().st_size > 0
    with pytest.raises(SystemExit, match="no text file"):
        main(["--data-en", str(tmp_path / "missing.txt"), "--out", str(tmp_path)])
    with pytest.raises(SystemExit, match="Vocabulary size too high"):
        main(["--n-train", "20", "--n-held-out", "5", "--vocab-sizes", "5000", "--out", str(tmp_path)])
