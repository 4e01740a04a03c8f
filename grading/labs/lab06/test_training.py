"""Hidden tests, task training: trainer_options and train_tokenizer."""

from lab06_medical_sentencepiece import load, train_tokenizer, trainer_options
from llmlab_grading import points

ROUND_TRIP = ["  two  leading, double  and trailing spaces  ", "tab\tseparated", "5 µmol/L, 30 kg/m²",
              "ﬁnal ligature, zero\u200bwidth, Ω ≥ 3"]


@points(5, "trainer_options must return exactly the option table of the README (character_coverage "
           "1.0, byte_fallback, user_defined_symbols as a list, split_digits, identity "
           "normalization, remove_extra_whitespaces False, num_threads 1, input_sentence_size 0, "
           "shuffle_input_sentence False, minloglevel 2).", task="training", timeout=30)
def test_trainer_options_table():
    options = trainer_options("bpe", 700, ("mg/dL", "±"))
    assert options == {
        "model_type": "bpe", "vocab_size": 700, "character_coverage": 1.0, "byte_fallback": True,
        "user_defined_symbols": ["mg/dL", "±"], "split_digits": True,
        "normalization_rule_name": "identity", "remove_extra_whitespaces": False, "num_threads": 1,
        "input_sentence_size": 0, "shuffle_input_sentence": False, "minloglevel": 2,
    }
    options = trainer_options("unigram", 500, [], byte_fallback=False, normalization="nmt_nfkc")
    assert options["byte_fallback"] is False and options["normalization_rule_name"] == "nmt_nfkc"
    assert options["model_type"] == "unigram" and options["user_defined_symbols"] == []


@points(5, "train_tokenizer must write <out_prefix>.model (and .vocab) with exactly vocab_size "
           "pieces, the 256 byte pieces and the user symbols, and return the .model path.",
        task="training", timeout=60)
def test_model_file_vocab_size_and_pieces(corpus, tmp_path):
    path = train_tokenizer(corpus["train"]["en"], "unigram", 600, ["mg/dL", "±"],
                           tmp_path / "models" / "en")
    assert path == tmp_path / "models" / "en.model"
    assert (tmp_path / "models" / "en.vocab").is_file()
    sp = load(path)
    assert sp.get_piece_size() == 600
    assert sum(sp.is_byte(i) for i in range(600)) == 256
    assert sp.piece_to_id("<0xF0>") != sp.unk_id()
    assert sp.piece_to_id("mg/dL") != sp.unk_id() and sp.piece_to_id("±") != sp.unk_id()


@points(5, "Training twice on the same texts with the same arguments must give byte-identical "
           "model files, whatever out_prefix is: one thread, no sampling, and the model written "
           "through model_writer (model_prefix would store the path in the file).",
        task="training", timeout=60)
def test_training_is_deterministic(corpus, tmp_path):
    for model_type in ("unigram", "bpe"):
        first = train_tokenizer(corpus["train"]["de"], model_type, 600, ["mg/dL"], tmp_path / "a" / "x")
        second = train_tokenizer(corpus["train"]["de"], model_type, 600, ["mg/dL"],
                                 tmp_path / "b" / "other_name")
        assert first.read_bytes() == second.read_bytes(), model_type


@points(5, "model_type must reach the trainer: a BPE model scores its pieces by merge rank "
           "(whole numbers), a unigram model by log-probabilities.", task="training", timeout=60)
def test_model_type_reaches_the_trainer(corpus, tmp_path):
    def normal_scores(sp):
        return [sp.get_score(i) for i in range(sp.get_piece_size())
                if not (sp.is_byte(i) or sp.is_control(i) or sp.is_unknown(i)) and sp.get_score(i) != 0]

    bpe = normal_scores(load(train_tokenizer(corpus["train"]["en"], "bpe", 500, [], tmp_path / "b")))
    uni = normal_scores(load(train_tokenizer(corpus["train"]["en"], "unigram", 500, [], tmp_path / "u")))
    assert len(bpe) > 100 and all(float(s).is_integer() for s in bpe)
    assert len(uni) > 100 and sum(not float(s).is_integer() for s in uni) > 100


@points(5, "Digits must be split one per piece (split_digits) and decode(encode(x)) must give x "
           "back exactly: identity normalization, remove_extra_whitespaces=False, byte fallback.",
        task="training", timeout=60)
def test_digits_split_and_exact_round_trip(corpus, tmp_path):
    sp = load(train_tokenizer(corpus["train"]["en"], "unigram", 600, ["mg/dL"], tmp_path / "en"))
    pieces = [p.lstrip("▁") for p in sp.encode("4800 patients 2024", out_type=str)]
    assert [p for p in pieces if any(c.isdigit() for c in p)] == list("48002024")
    for text in corpus["held_out"]["en"][:200] + ROUND_TRIP:
        assert sp.decode(sp.encode(text)) == text, text
