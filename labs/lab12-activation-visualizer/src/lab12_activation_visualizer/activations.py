"""Activation functions, their analytic derivatives, and the numeric derivative that checks them.

Every function takes a float64 array of any shape and returns a float64 array of the same
shape, elementwise. They must stay finite and warning-free for any finite input: ``exp(1000)``
overflows, so the stable forms below only ever exponentiate non-positive numbers.

At a kink (ReLU, leaky ReLU and ELU at 0) the derivative is not defined; the convention here,
as in PyTorch, is the left-hand branch: ``x > 0`` takes the right branch, ``x <= 0`` the left.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
GELU_TANH_COEF = 0.044715  # the cubic coefficient of Hendrycks & Gimpel's tanh approximation

_erf = np.frompyfunc(math.erf, 1, 1)


def erf(x: Array) -> Array:
    """The error function, elementwise (NumPy has none; this wraps ``math.erf``)."""
    return np.asarray(_erf(x), dtype=np.float64)


def central_difference(f: Callable[[Array], Array], x: Array, h: float = 1e-5) -> Array:
    """Numeric derivative of an elementwise ``f`` at every point of ``x``: ``(f(x+h) - f(x-h)) / 2h``.

    Its error is O(h^2) from truncation plus O(eps * |f| / h) from rounding; ``h = 1e-5`` balances
    the two in float64. Near a kink it straddles both branches and is meaningless.
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x - h)) / (2.0 * h)
    # END SOLUTION


# --- sigmoid-family ------------------------------------------------------------------------


def sigmoid(x: Array) -> Array:
    """``1 / (1 + exp(-x))``, computed without overflow for any |x|."""
    # BEGIN SOLUTION
    # exp(-|x|) never overflows; the two branches are the same function rearranged
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    # END SOLUTION


def sigmoid_grad(x: Array) -> Array:
    """``sigmoid'(x) = sigmoid(x) * sigmoid(-x)``, accurate (relatively) in both tails."""
    # BEGIN SOLUTION
    # s * (1 - s) rounds to 0 for x > 37 because 1 - s cancels; s(-x) does not
    return sigmoid(x) * sigmoid(-x)
    # END SOLUTION


def tanh(x: Array) -> Array:
    """The hyperbolic tangent."""
    return np.tanh(x)  # SOLUTION


def tanh_grad(x: Array) -> Array:
    """``tanh'(x) = 1 - tanh(x)^2``."""
    # BEGIN SOLUTION
    t = np.tanh(x)
    return 1.0 - t * t
    # END SOLUTION


def softplus(x: Array) -> Array:
    """``log(1 + exp(x))``, computed without overflow for large x and without losing small values."""
    # BEGIN SOLUTION
    # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|); log1p keeps e^-|x| when it is tiny
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    # END SOLUTION


def softplus_grad(x: Array) -> Array:
    """``softplus'(x) = sigmoid(x)``."""
    return sigmoid(x)  # SOLUTION


def silu(x: Array) -> Array:
    """SiLU / Swish-1: ``x * sigmoid(x)``."""
    return x * sigmoid(x)  # SOLUTION


def silu_grad(x: Array) -> Array:
    """``silu'(x) = sigmoid(x) * (1 + x * sigmoid(-x))``."""
    # BEGIN SOLUTION
    return sigmoid(x) * (1.0 + x * sigmoid(-x))
    # END SOLUTION


# --- piecewise ---------------------------------------------------------------------------------


def relu(x: Array) -> Array:
    """``max(x, 0)``."""
    return np.maximum(x, 0.0)  # SOLUTION


def relu_grad(x: Array) -> Array:
    """1 where ``x > 0``, else 0 (0 at the kink)."""
    return np.where(x > 0, 1.0, 0.0)  # SOLUTION


def leaky_relu(x: Array, alpha: float = 0.01) -> Array:
    """``x`` where ``x > 0``, else ``alpha * x``."""
    return np.where(x > 0, x, alpha * x)  # SOLUTION


def leaky_relu_grad(x: Array, alpha: float = 0.01) -> Array:
    """1 where ``x > 0``, else ``alpha`` (``alpha`` at the kink)."""
    return np.where(x > 0, 1.0, alpha)  # SOLUTION


def elu(x: Array, alpha: float = 1.0) -> Array:
    """``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``; no overflow for large x."""
    # BEGIN SOLUTION
    # np.where evaluates both branches: clip before exp so large x cannot overflow
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))
    # END SOLUTION


def elu_grad(x: Array, alpha: float = 1.0) -> Array:
    """1 where ``x > 0``, else ``alpha * exp(x)`` (``alpha`` at the kink)."""
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))  # SOLUTION


# --- GELU --------------------------------------------------------------------------------------


def gelu(x: Array) -> Array:
    """Exact GELU: ``x * Phi(x)`` with ``Phi(x) = (1 + erf(x / sqrt(2))) / 2`` (use :func:`erf`)."""
    # BEGIN SOLUTION
    return x * 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
    # END SOLUTION


def gelu_grad(x: Array) -> Array:
    """``gelu'(x) = Phi(x) + x * phi(x)``, with ``phi`` the standard normal density."""
    # BEGIN SOLUTION
    cdf = 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
    return cdf + x * pdf
    # END SOLUTION


def gelu_tanh(x: Array) -> Array:
    """GELU's tanh approximation: ``x/2 * (1 + tanh(u))``, ``u = sqrt(2/pi) (x + 0.044715 x^3)``.

    ``(1 + tanh(u)) / 2`` equals ``sigmoid(2u)``, which does not cancel for very negative x.
    """
    # BEGIN SOLUTION
    u = SQRT_2_OVER_PI * (x + GELU_TANH_COEF * x * x * x)
    return x * sigmoid(2.0 * u)
    # END SOLUTION


def gelu_tanh_grad(x: Array) -> Array:
    """The analytic derivative of :func:`gelu_tanh` (product and chain rule through ``u``)."""
    # BEGIN SOLUTION
    u = SQRT_2_OVER_PI * (x + GELU_TANH_COEF * x * x * x)
    du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_COEF * x * x)
    s, s_neg = sigmoid(2.0 * u), sigmoid(-2.0 * u)
    # d/dx sigmoid(2u) = 2 sigmoid(2u) sigmoid(-2u) du
    return s + x * 2.0 * s * s_neg * du
    # END SOLUTION


# --- the registry the notebook and the gradient-flow experiment use ---------------------------


@dataclass(frozen=True)
class Activation:
    """An activation, its analytic derivative, and the points where that derivative jumps."""

    name: str
    fn: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    kinks: tuple[float, ...] = ()


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_grad),
        Activation("tanh", tanh, tanh_grad),
        Activation("relu", relu, relu_grad, kinks=(0.0,)),
        Activation("leaky_relu", leaky_relu, leaky_relu_grad, kinks=(0.0,)),
        # ELU(alpha=1) is C1 at 0 but not C2, so central differences there are only O(h) accurate
        Activation("elu", elu, elu_grad, kinks=(0.0,)),
        Activation("silu", silu, silu_grad),
        Activation("softplus", softplus, softplus_grad),
        Activation("gelu", gelu, gelu_grad),
        Activation("gelu_tanh", gelu_tanh, gelu_tanh_grad),
    )
}


def get_activation(name: str) -> Activation:
    """The registered activation called ``name`` (a key of :data:`ACTIVATIONS`)."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise KeyError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}") from None
