"""Lab 17: RoPE vs ALiBi. How a transformer knows positions, and whether that survives longer inputs."""

from lab17_rope_vs_alibi.alibi import alibi_bias, alibi_slopes
from lab17_rope_vs_alibi.evaluate import evaluate_lengths, scored_tokens
from lab17_rope_vs_alibi.experiment import Config, compare, train
from lab17_rope_vs_alibi.model import (
    POSITIONS,
    Decoder,
    ModelConfig,
    causal_attention,
    sinusoidal_positions,
)
from lab17_rope_vs_alibi.rope import apply_rope, rope_frequencies

__all__ = [
    "POSITIONS",
    "Config",
    "Decoder",
    "ModelConfig",
    "alibi_bias",
    "alibi_slopes",
    "apply_rope",
    "causal_attention",
    "compare",
    "evaluate_lengths",
    "rope_frequencies",
    "scored_tokens",
    "sinusoidal_positions",
    "train",
]
