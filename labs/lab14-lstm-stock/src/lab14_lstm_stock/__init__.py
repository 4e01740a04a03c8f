"""Lab 14: LSTM price prediction, honestly evaluated."""

from lab14_lstm_stock.data import (
    chronological_split,
    generate_prices,
    load_prices_csv,
    log_returns,
    sine_prices,
)
from lab14_lstm_stock.dataset import Prepared, Windows, build_windows, prepare_data
from lab14_lstm_stock.evaluate import evaluate, predict_prices, rmse
from lab14_lstm_stock.fit import TrainConfig, fit_model
from lab14_lstm_stock.model import LSTMForecaster
from lab14_lstm_stock.scaling import Scaler, fit_scaler
from lab14_lstm_stock.train import train
from lab14_lstm_stock.walk_forward import walk_forward, walk_forward_folds
from lab14_lstm_stock.windows import make_windows, persistence_forecast

__all__ = [
    "LSTMForecaster",
    "Prepared",
    "Scaler",
    "TrainConfig",
    "Windows",
    "build_windows",
    "chronological_split",
    "evaluate",
    "fit_model",
    "fit_scaler",
    "generate_prices",
    "load_prices_csv",
    "log_returns",
    "make_windows",
    "persistence_forecast",
    "predict_prices",
    "prepare_data",
    "rmse",
    "sine_prices",
    "train",
    "walk_forward",
    "walk_forward_folds",
]
