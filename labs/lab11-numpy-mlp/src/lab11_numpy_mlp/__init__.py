"""Lab 11: a multilayer perceptron in NumPy, from layers and backprop to a trained digit classifier."""

from lab11_numpy_mlp.data import Split, load_digits_split, load_idx_split, read_idx
from lab11_numpy_mlp.gradcheck import gradient_check, numerical_gradient, relative_error
from lab11_numpy_mlp.layers import Linear, ReLU
from lab11_numpy_mlp.loss import softmax_cross_entropy
from lab11_numpy_mlp.model import MLP
from lab11_numpy_mlp.optim import SGD, Adam
from lab11_numpy_mlp.train import TrainConfig, evaluate, train, train_epoch

__all__ = [
    "MLP", "SGD", "Adam", "Linear", "ReLU", "Split", "TrainConfig", "evaluate", "gradient_check",
    "load_digits_split", "load_idx_split", "numerical_gradient", "read_idx", "relative_error",
    "softmax_cross_entropy", "train", "train_epoch",
]
