"""retrograd: backpropagation you can read, check and draw.

>>> from retrograd import Value
>>> x = Value(3.0)
>>> y = 3 * x**2 - 4 * x + 5
>>> y.backward()
>>> y.data, x.grad
(20.0, 14.0)
"""

from .engine import Value, topological_order
from .nn import MLP, DenseMLP, Layer, Linear, Module, Neuron

__version__ = "0.1.0"

__all__ = ["Value", "topological_order", "Module", "Neuron", "Layer", "MLP", "Linear", "DenseMLP",
           "__version__"]


# Pictures need graphviz and matplotlib: imported on first use, so that
# `import retrograd` stays light.
_LAZY = {"draw_dot": "graph", "draw_collapsed": "graph"}


def __getattr__(name: str):
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    if name in ("graph", "plot"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'retrograd' has no attribute {name!r}")
