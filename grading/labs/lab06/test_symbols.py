"""Hidden tests, task symbols: symbol_pieces, split_symbols, and symbols declared in training."""

from lab06_medical_sentencepiece import load, split_symbols, symbol_pieces, train_tokenizer
from llmlab.corpora.medical import medical_symbols
from llmlab_grading import points

EXTRA = ["mg/dL", "µg", "±", "≥", "β", "kg/m²"]


@points(5, "symbol_pieces must drop the word-boundary mark: a lone first '▁' piece, or the '▁' "
           "at the front of the first piece, and keep every other piece as encoded.",
        task="symbols", timeout=30)
def test_symbol_pieces_drops_the_boundary(en_model_without_symbols, en_model):
    sp = en_model_without_symbols
    assert sp.encode("mg/dL", out_type=str)[0] == "▁mg"
    assert symbol_pieces(sp, "mg/dL") == ["mg"] + sp.encode("mg/dL", out_type=str)[1:]
    assert sp.encode("kg/m²", out_type=str)[0] == "▁"
    assert symbol_pieces(sp, "kg/m²") == sp.encode("kg/m²", out_type=str)[1:]
    assert symbol_pieces(sp, "β") == ["β"]
    assert symbol_pieces(en_model, "µmol/L") == ["µmol/L"]
    assert symbol_pieces(en_model, "😷") == ["<0xF0>", "<0x9F>", "<0x98>", "<0xB7>"]


@points(5, "split_symbols must return, in the given order, the symbols that are not one piece.",
        task="symbols", timeout=30)
def test_split_symbols(en_model_without_symbols, en_model):
    symbols = ["≥", "mg/dL", "±", "µmol/L", "β", "µg", "kg/m²"]
    assert split_symbols(en_model_without_symbols, symbols) == ["mg/dL", "µmol/L", "µg", "kg/m²"]
    # "β" only occurs inside the symbol "β-blocker": declared alone, it would be a piece
    assert split_symbols(en_model, symbols) == ["β"]
    assert split_symbols(en_model, ["😷", "mg", "NT"]) == ["😷", "NT"]


@points(5, "Every user symbol given to train_tokenizer (units, signs, 'mg/dL', 'µg', '±', '≥', "
           "'β') must come out as one piece in both languages: pass user_defined_symbols.",
        task="symbols", timeout=90)
def test_trained_symbols_are_single_pieces(corpus, tmp_path):
    for lang in ("en", "de"):
        symbols = sorted(set(medical_symbols(lang)) | set(EXTRA))
        sp = load(train_tokenizer(corpus["train"][lang], "bpe", 600, symbols, tmp_path / lang))
        assert split_symbols(sp, symbols) == [], lang
        assert "mg/dL" in sp.encode("LDL 130 mg/dL (≥ 3 µg)", out_type=str)
