"""Price series: a generated one with market regimes (the offline default), a predictable control
series, a CSV loader for real prices, log returns, and the chronological split.

Every series here is a 1-D float64 NumPy array of daily closing prices, oldest first.
"""

from __future__ import annotations

import csv
import math
from datetime import datetime
from pathlib import Path

import numpy as np

# (daily drift, daily volatility) of each market regime. The drift is tiny next to the
# volatility, as in real markets: knowing the regime barely helps to predict tomorrow.
REGIMES = (
    (0.0006, 0.008),  # calm bull
    (0.0000, 0.015),  # choppy sideways
    (-0.0010, 0.028),  # volatile bear
)
SWITCH_PROB = 1 / 120  # a regime lasts about 120 trading days (six months) on average


def generate_prices(n: int, seed: int = 0, start: float = 100.0) -> np.ndarray:
    """``n`` daily prices of a geometric random walk whose drift and volatility switch regime.

    Each day the regime (one of ``REGIMES``) changes with probability ``SWITCH_PROB``; the log
    price then moves by ``drift - vol**2 / 2 + vol * N(0, 1)``. The same ``seed`` always gives
    the same series. Returns float64, shape ``(n,)``, ``prices[0] == start``.
    """
    if n < 2:
        raise ValueError(f"n must be >= 2 (a series needs at least one step), got {n}")
    if start <= 0:
        raise ValueError(f"start must be a positive price, got {start}")
    rng = np.random.default_rng(seed)
    regime = np.empty(n - 1, dtype=np.int64)
    state = int(rng.integers(len(REGIMES)))
    switches = rng.random(n - 1) < SWITCH_PROB
    jumps = rng.integers(1, len(REGIMES), size=n - 1)  # to any *other* regime
    for t in range(n - 1):
        if switches[t]:
            state = (state + int(jumps[t])) % len(REGIMES)
        regime[t] = state
    drift, vol = np.asarray(REGIMES, dtype=np.float64)[regime].T
    steps = drift - 0.5 * vol**2 + vol * rng.standard_normal(n - 1)
    return start * np.exp(np.concatenate([[0.0], np.cumsum(steps)]))


def sine_prices(n: int, seed: int = 0, period: float = 40.0, noise: float = 0.3) -> np.ndarray:
    """A control series that *is* predictable: ``100 + 10 sin(2 pi t / period + phase)`` plus
    Gaussian noise of std ``noise``. A working pipeline beats persistence here by far, so a
    ratio near 1 on the random walk is the data, not a bug. Float64, shape ``(n,)``."""
    if n < 2:
        raise ValueError(f"n must be >= 2, got {n}")
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=np.float64)
    phase = rng.uniform(0, 2 * math.pi)
    return 100.0 + 10.0 * np.sin(2 * math.pi * t / period + phase) + noise * rng.standard_normal(n)


def load_prices_csv(path: str | Path, min_rows: int = 2) -> np.ndarray:
    """Closing prices from a CSV file with a header row holding ``Date`` and ``Close`` columns.

    Dates are ISO (``2024-01-31``); rows are sorted by date, so files listed newest first work.
    Raises ``ValueError`` naming the line when a column is missing, a date or price does not
    parse, a date repeats, or the file has fewer than ``min_rows`` prices.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no CSV file at {path}: pass a file with Date and Close columns to --csv")
    with path.open(newline="", encoding="utf-8-sig") as handle:  # -sig: Excel's byte-order mark
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [name for name in ("Date", "Close") if name not in header]
        if missing:
            raise ValueError(f"{path} has no {' or '.join(missing)} column (its header: "
                             f"{', '.join(header) or 'empty'}): the first row must name the Date "
                             "and Close columns, e.g. 'Date,Open,High,Low,Close,Volume'")
        reader.fieldnames = header
        rows: list[tuple[datetime, float]] = []
        for row in reader:
            line = reader.line_num
            date_text = (row["Date"] or "").strip()
            close_text = (row["Close"] or "").strip()
            try:
                day = datetime.fromisoformat(date_text)
            except ValueError:
                raise ValueError(f"{path} line {line}: Date {date_text!r} is not an ISO date "
                                 "like 2024-01-31") from None
            try:
                close = float(close_text)
            except ValueError:
                raise ValueError(f"{path} line {line}: Close {close_text!r} is not a number: "
                                 "remove or fill rows with missing prices") from None
            if not math.isfinite(close) or close <= 0:
                raise ValueError(f"{path} line {line}: Close {close_text!r} is not a positive price")
            rows.append((day, close))
    rows.sort(key=lambda pair: pair[0])
    for (day, _), (next_day, _) in zip(rows, rows[1:], strict=False):
        if day == next_day:
            raise ValueError(f"{path}: the date {day.date()} appears twice: keep one row per day")
    if len(rows) < min_rows:
        raise ValueError(f"{path} has {len(rows)} price rows, but this run needs at least {min_rows}: "
                         "use a longer price history, or a smaller --lookback")
    return np.array([close for _, close in rows], dtype=np.float64)


def log_returns(prices: np.ndarray) -> np.ndarray:
    """Daily log returns ``log(prices[t + 1] / prices[t])``: float64, shape ``(n - 1,)``.

    Returns, unlike prices, look alike in every period, so a model trained on the past sees
    inputs of the same kind in the future; a price level it never saw in training it cannot read.
    """
    prices = np.asarray(prices, dtype=np.float64)
    if prices.ndim != 1 or len(prices) < 2:
        raise ValueError(f"prices must be 1-D with at least 2 values, got shape {prices.shape}")
    if np.any(prices <= 0):
        raise ValueError("prices must be positive to take log returns")
    return np.diff(np.log(prices))


def chronological_split(
    series: np.ndarray, train_frac: float = 0.7, val_frac: float = 0.15
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut ``series`` into train, validation and test pieces, in time order, without shuffling.

    ``n_train = round(n * train_frac)``, ``n_val = round(n * val_frac)``, the test split is the
    rest; the pieces are consecutive, so ``np.concatenate`` of them gives ``series`` back.
    """
    if not (0 < train_frac < 1 and 0 < val_frac < 1 and train_frac + val_frac < 1):
        raise ValueError(f"need 0 < train_frac, 0 < val_frac and train_frac + val_frac < 1, got "
                         f"train_frac={train_frac}, val_frac={val_frac}")
    # BEGIN SOLUTION
    n = len(series)
    n_train = round(n * train_frac)
    n_val = round(n * val_frac)
    if min(n_train, n_val, n - n_train - n_val) < 1:
        raise ValueError(f"a series of {n} values leaves an empty split with train_frac={train_frac}, "
                         f"val_frac={val_frac}: use a longer series")
    return series[:n_train], series[n_train : n_train + n_val], series[n_train + n_val :]
    # END SOLUTION
