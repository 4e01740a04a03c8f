"""Hidden tests: the chronological split and train-only scaling."""

import math

import numpy as np
import pytest
from lab14_lstm_stock import (
    chronological_split,
    fit_scaler,
    generate_prices,
    log_returns,
    prepare_data,
)
from llmlab_grading import points


@points(6, "chronological_split must return consecutive pieces in time order (no shuffling) of "
           "round(n * train_frac) and round(n * val_frac) values, the test split the rest.",
        task="splits", timeout=30)
def test_split_sizes_and_order():
    series = np.arange(100.0)
    train, val, test = chronological_split(series, 0.7, 0.15)
    assert (len(train), len(val), len(test)) == (70, 15, 15)
    np.testing.assert_array_equal(np.concatenate([train, val, test]), series)
    assert train[-1] < val[0] and val[-1] < test[0]


@points(4, "chronological_split must round n * fraction: 37 values at 0.6 / 0.2 give 22, 7 and 8.",
        task="splits", timeout=30)
def test_split_rounds():
    train, val, test = chronological_split(np.arange(37.0), 0.6, 0.2)
    assert (len(train), len(val), len(test)) == (22, 7, 8)
    assert (train[0], val[0], test[0], test[-1]) == (0.0, 22.0, 29.0, 36.0)


@points(5, "chronological_split must keep the prices exactly, and raise ValueError when a split "
           "would be empty.", task="splits", timeout=30)
def test_split_prices_and_empty_split():
    prices = generate_prices(500, seed=3)
    train, val, test = chronological_split(prices, 0.5, 0.3)
    np.testing.assert_array_equal(train, prices[:250])
    np.testing.assert_array_equal(val, prices[250:400])
    np.testing.assert_array_equal(test, prices[400:])
    with pytest.raises(ValueError):
        chronological_split(np.arange(3.0), 0.7, 0.15)


@points(5, "fit_scaler must store the mean and the population standard deviation (ddof=0) of "
           "its input, as floats.", task="scaling", timeout=30)
def test_fit_scaler_statistics():
    data = np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    scaler = fit_scaler(data)
    assert isinstance(scaler.mean, float) and isinstance(scaler.std, float)
    assert scaler.mean == 5.0 and scaler.std == 2.0


@points(4, "Scaler.transform must compute (x - mean) / std and inverse_transform must undo it, "
           "for arrays of any shape.", task="scaling", timeout=30)
def test_transform_and_inverse():
    rng = np.random.default_rng(0)
    train = rng.normal(3.0, 0.5, size=400)
    scaler = fit_scaler(train)
    z = scaler.transform(train)
    assert abs(z.mean()) < 1e-12 and abs(z.std() - 1.0) < 1e-12
    grid = rng.normal(size=(3, 4))
    np.testing.assert_allclose(scaler.transform(grid), (grid - scaler.mean) / scaler.std)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(grid)), grid)


def _calm_then_wild() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Calm training period, violent test period: full-series statistics differ a lot from train's.
    rng = np.random.default_rng(7)
    steps = np.concatenate([rng.normal(0.001, 0.005, 299), rng.normal(-0.004, 0.05, 200)])
    prices = 50.0 * np.exp(np.concatenate([[0.0], np.cumsum(steps)]))
    return prices[:300], prices[300:400], prices[400:]


@points(6, "prepare_data must fit its scaler on the log returns of the train prices only: its "
           "statistics must equal those of the train split, not of the whole series.",
        task="scaling", timeout=30)
def test_prepare_data_scaler_is_train_only():
    train, val, test = _calm_then_wild()
    prepared = prepare_data(train, val, test, lookback=10)
    returns = log_returns(train)
    assert math.isclose(prepared.scaler.mean, returns.mean(), rel_tol=1e-9, abs_tol=1e-15)
    assert math.isclose(prepared.scaler.std, returns.std(), rel_tol=1e-9)
    everything = log_returns(np.concatenate([train, val, test]))
    assert prepared.scaler.std < 0.5 * everything.std()  # the leak would be far off


@points(5, "Changing the val/test prices must not change the scaler or the training windows, and "
           "val/test windows must be scaled with the train statistics.", task="scaling", timeout=30)
def test_future_cannot_change_past():
    train, val, test = _calm_then_wild()
    a = prepare_data(train, val, test, lookback=10)
    b = prepare_data(train, val * 3.0 + np.linspace(0, 40, len(val)), test[::-1].copy(), lookback=10)
    assert (a.scaler.mean, a.scaler.std) == (b.scaler.mean, b.scaler.std)
    np.testing.assert_array_equal(a.train.x, b.train.x)
    np.testing.assert_array_equal(a.train.y, b.train.y)
    expected = (log_returns(val) - a.scaler.mean) / a.scaler.std
    np.testing.assert_allclose(a.val.x[0], expected[:10], rtol=1e-5)
    np.testing.assert_allclose(a.val.y, expected[10:], rtol=1e-5)
    assert a.val.x.dtype == np.float32 and a.test.x.shape == (len(test) - 11, 10)
