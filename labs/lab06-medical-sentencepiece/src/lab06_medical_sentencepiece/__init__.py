"""Lab 06: SentencePiece unigram and BPE tokenizers for English and German medical text."""

from lab06_medical_sentencepiece.byte_fallback import (
    byte_fallback_rate,
    byte_pieces,
    unseen_characters,
)
from lab06_medical_sentencepiece.data import (
    LANGS,
    abstract_lines,
    default_symbols,
    read_lines,
    to_lines,
)
from lab06_medical_sentencepiece.metrics import tokens_per_word, unk_rate
from lab06_medical_sentencepiece.report import fertility_report, format_report, plot_report
from lab06_medical_sentencepiece.symbols import BOUNDARY, split_symbols, symbol_pieces
from lab06_medical_sentencepiece.training import (
    MODEL_TYPES,
    load,
    save_model,
    train_tokenizer,
    trainer_options,
)

__all__ = [
    "BOUNDARY", "LANGS", "MODEL_TYPES", "abstract_lines", "byte_fallback_rate", "byte_pieces",
    "default_symbols", "fertility_report", "format_report", "load", "plot_report", "read_lines",
    "save_model", "split_symbols", "symbol_pieces", "to_lines", "tokens_per_word",
    "train_tokenizer", "trainer_options", "unk_rate", "unseen_characters",
]
