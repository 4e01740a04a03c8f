"""Lab 13: character n-gram language models, from counts to Kneser-Ney."""

from lab13_char_ngram.counts import count_ngrams
from lab13_char_ngram.data import load_text, read_text_file, split_text
from lab13_char_ngram.interpolation import InterpolatedModel, tune_lambdas
from lab13_char_ngram.kneser_ney import KneserNeyModel, continuation_counts
from lab13_char_ngram.laplace import LaplaceModel
from lab13_char_ngram.model import LanguageModel
from lab13_char_ngram.perplexity import perplexity
from lab13_char_ngram.report import ComparisonRow, compare_smoothing, format_table, save_plot
from lab13_char_ngram.sampling import generate, sample_next
from lab13_char_ngram.vocab import BOS, UNK, Vocab, pad_context

__all__ = [
    "BOS", "UNK", "ComparisonRow", "InterpolatedModel", "KneserNeyModel", "LanguageModel",
    "LaplaceModel", "Vocab", "compare_smoothing", "continuation_counts", "count_ngrams",
    "format_table", "generate", "load_text", "pad_context", "perplexity", "read_text_file",
    "sample_next", "save_plot", "split_text", "tune_lambdas",
]
