"""Train a SentencePiece model with every option spelled out, deterministically.

The trainer writes the model into memory (``model_writer``) instead of ``model_prefix``:
a model file records the options it was trained with, and ``model_prefix`` would put the
output path into the file, so the same corpus trained into two folders would differ by bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import sentencepiece as spm

from lab06_medical_sentencepiece.data import to_lines

MODEL_TYPES = ("unigram", "bpe")
NORMALIZATIONS = ("identity", "nmt_nfkc", "nfkc")


def trainer_options(model_type: str, vocab_size: int, user_symbols: Sequence[str], *,
                    byte_fallback: bool = True, normalization: str = "identity") -> dict[str, object]:
    """Every option given to ``SentencePieceTrainer.train``, as keyword arguments.

    The table in the README lists each option, its value and why: ``model_type``,
    ``vocab_size``, ``character_coverage``, ``byte_fallback``, ``user_defined_symbols``
    (a list), ``split_digits``, ``normalization_rule_name``, ``remove_extra_whitespaces``,
    ``num_threads``, ``input_sentence_size``, ``shuffle_input_sentence`` and ``minloglevel``.
    """
    # BEGIN SOLUTION
    return {
        "model_type": model_type,
        "vocab_size": vocab_size,
        # small alphabets: every character seen in training gets a piece of its own
        "character_coverage": 1.0,
        # a character without a piece becomes its UTF-8 bytes, never <unk>
        "byte_fallback": byte_fallback,
        # always one piece, never split, never normalised
        "user_defined_symbols": list(user_symbols),
        # numbers are an open set: one piece per digit keeps "2024" and "2025" alike
        "split_digits": True,
        # NFKC would turn "µ" into "μ" and "²" into "2": decode(encode(x)) would differ from x
        "normalization_rule_name": normalization,
        # keep double, leading and trailing spaces, again for an exact round trip
        "remove_extra_whitespaces": False,
        # one thread: the EM sums run in one fixed order, so every run gives the same model
        "num_threads": 1,
        # train on every sentence: no random sample, nothing to shuffle
        "input_sentence_size": 0,
        "shuffle_input_sentence": False,
        # warnings and errors only
        "minloglevel": 2,
    }
    # END SOLUTION


def save_model(model_bytes: bytes, out_prefix: str | Path) -> Path:
    """Write ``<out_prefix>.model`` and a readable ``<out_prefix>.vocab`` (piece TAB score per
    line, as ``spm_train`` writes it); return the ``.model`` path."""
    model_path = Path(f"{out_prefix}.model")
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_path.write_bytes(model_bytes)
    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    vocab = "".join(f"{sp.id_to_piece(i)}\t{sp.get_score(i):g}\n" for i in range(sp.get_piece_size()))
    Path(f"{out_prefix}.vocab").write_text(vocab, encoding="utf-8")
    return model_path


def load(path: str | Path) -> spm.SentencePieceProcessor:
    """The SentencePiece model saved at ``path`` (a ``.model`` file)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no SentencePiece model at {path}: train one with train_tokenizer "
                                "(or `medical-spm`) and pass the .model path it returns")
    return spm.SentencePieceProcessor(model_file=str(path))


def train_tokenizer(texts: Sequence[str], model_type: str, vocab_size: int,
                    user_symbols: Sequence[str], out_prefix: str | Path, *,
                    byte_fallback: bool = True, normalization: str = "identity") -> Path:
    """Train a ``model_type`` ("unigram" or "bpe") model of exactly ``vocab_size`` pieces on the
    lines of ``texts`` and save it with :func:`save_model`; return the ``.model`` path.

    Train from an iterator over ``to_lines(texts)`` (``sentence_iterator=``) into an
    ``io.BytesIO`` (``model_writer=``), with ``trainer_options(...)``. The same texts and
    arguments give a byte-identical file, whatever ``out_prefix`` is.
    """
    if model_type not in MODEL_TYPES:
        raise ValueError(f"model_type must be one of {', '.join(MODEL_TYPES)}, got {model_type!r}")
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}, got {normalization!r}")
    if not to_lines(list(texts)):
        raise ValueError("no text to train on: texts has no non-empty line")
    # BEGIN SOLUTION
    writer = io.BytesIO()
    options = trainer_options(model_type, vocab_size, user_symbols,
                              byte_fallback=byte_fallback, normalization=normalization)
    spm.SentencePieceTrainer.train(sentence_iterator=iter(to_lines(list(texts))),
                                   model_writer=writer, **options)
    return save_model(writer.getvalue(), out_prefix)
    # END SOLUTION
