"""Public tests: the generated series, the CSV loader and the chronological split."""

from __future__ import annotations

import numpy as np
import pytest
from lab14_lstm_stock import chronological_split, generate_prices, load_prices_csv, log_returns


def test_generate_prices_is_seeded_and_positive():
    a, b = generate_prices(300, seed=1), generate_prices(300, seed=1)
    assert a.shape == (300,) and a.dtype == np.float64
    np.testing.assert_array_equal(a, b)
    assert a[0] == 100.0 and np.all(a > 0)
    assert not np.array_equal(a, generate_prices(300, seed=2))


def test_log_returns():
    np.testing.assert_allclose(log_returns(np.array([100.0, 110.0, 99.0])),
                               [np.log(1.1), np.log(0.9)])


def test_split_sizes_and_order():
    series = np.arange(20.0)
    train, val, test = chronological_split(series, 0.6, 0.2)
    assert (len(train), len(val), len(test)) == (12, 4, 4)
    np.testing.assert_array_equal(np.concatenate([train, val, test]), series)


def test_split_rejects_bad_fractions():
    with pytest.raises(ValueError):
        chronological_split(np.arange(20.0), 0.8, 0.3)


def _write(path, text):
    path.write_text(text)
    return path


def test_csv_loads_and_sorts_by_date(tmp_path):
    path = _write(tmp_path / "p.csv", "Date,Open,Close\n2024-01-03,1,12.5\n2024-01-02,1,11\n2024-01-04,1,13\n")
    np.testing.assert_array_equal(load_prices_csv(path), [11.0, 12.5, 13.0])


def test_csv_missing_column_says_which(tmp_path):
    path = _write(tmp_path / "p.csv", "Date,Price\n2024-01-02,11\n2024-01-03,12\n")
    with pytest.raises(ValueError, match="Close"):
        load_prices_csv(path)


def test_csv_non_numeric_names_the_line(tmp_path):
    path = _write(tmp_path / "p.csv", "Date,Close\n2024-01-02,11\n2024-01-03,null\n")
    with pytest.raises(ValueError, match="line 3"):
        load_prices_csv(path)


def test_csv_too_few_rows(tmp_path):
    path = _write(tmp_path / "p.csv", "Date,Close\n2024-01-02,11\n2024-01-03,12\n")
    with pytest.raises(ValueError, match="at least 50"):
        load_prices_csv(path, min_rows=50)
