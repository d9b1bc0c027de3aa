"""retrograd: backpropagation you can read, check and draw.

>>> from retrograd import Value
>>> x = Value(3.0)
>>> y = 3 * x**2 - 4 * x + 5
>>> y.backward()
>>> y.data, x.grad
(20.0, 14.0)
"""

from .engine import Value, topological_order
from .nn import MLP, Layer, Module, Neuron

__version__ = "0.1.0"

__all__ = ["Value", "topological_order", "Module", "Neuron", "Layer", "MLP", "__version__"]
