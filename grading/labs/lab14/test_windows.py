"""Hidden tests: leak-free windows and the persistence forecast aligned with them."""

import numpy as np
from lab14_lstm_stock import generate_prices, make_windows, persistence_forecast
from llmlab_grading import points


@points(5, "make_windows(series, lookback): row i of X must hold the lookback values from "
           "index i on, y the value at index i + lookback; shapes (N, lookback) and (N,).", task="windows", timeout=30)
def test_make_windows_values():
    x, y = make_windows(np.arange(10.0), lookback=3)
    assert x.shape == (7, 3) and y.shape == (7,)
    np.testing.assert_array_equal(x[0], [0, 1, 2])
    np.testing.assert_array_equal(x[-1], [6, 7, 8])
    np.testing.assert_array_equal(y, np.arange(3.0, 10.0))


@points(6, "A planted future value leaked into a window's input: every input value must come "
           "strictly before the target (each window ends horizon steps before its target).",
        task="windows", timeout=30)
def test_planted_target_never_in_inputs():
    rng = np.random.default_rng(11)
    base = rng.normal(size=120)
    for spike_at in (20, 57, 119):
        series = base.copy()
        series[spike_at] = 1e6  # the future value a leaky window would expose
        for lookback in (1, 4, 9):
            for horizon in (1, 2, 5):
                x, y = make_windows(series, lookback, horizon)
                assert x.shape == (len(series) - lookback - horizon + 1, lookback)
                for i in range(len(y)):
                    seen = x[i] == 1e6
                    if y[i] == 1e6:
                        assert not seen.any(), "the target is visible in its own window"
                    if seen.any():
                        assert i + lookback - 1 >= spike_at  # the spike is in the window's past
                        assert i + lookback + horizon - 1 > spike_at
                target_row = spike_at - lookback - horizon + 1
                if target_row >= 0:
                    assert y[target_row] == 1e6


@points(4, "With horizon h, target i must be the value at index i + lookback + h - 1, and "
           "N = n - lookback - h + 1.",
        task="windows", timeout=30)
def test_make_windows_horizon():
    series = np.arange(50.0) ** 2
    x, y = make_windows(series, lookback=6, horizon=3)
    assert x.shape == (42, 6) and y.shape == (42,)
    np.testing.assert_array_equal(y, series[8:])
    np.testing.assert_array_equal(x[5], series[5:11])


@points(5, "persistence_forecast(series, lookback, horizon) must be the last input value of each "
           "window of make_windows (tomorrow = today), aligned with y.", task="windows", timeout=30)
def test_persistence_forecast_alignment():
    prices = generate_prices(200, seed=9)
    for lookback, horizon in ((1, 1), (7, 1), (5, 3)):
        x, y = make_windows(prices, lookback, horizon)
        forecast = persistence_forecast(prices, lookback, horizon)
        assert forecast.shape == y.shape
        np.testing.assert_array_equal(forecast, x[:, -1])
    np.testing.assert_array_equal(persistence_forecast(prices, 4), prices[3:-1])
