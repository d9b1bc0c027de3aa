"""What a network is made of, as model files, PyTorch and reports need to know it.

``architecture(model)`` is the shape of an ``MLP`` or a ``DenseMLP`` (inputs,
layer sizes, one activation per layer), checked to be one that a file or a
PyTorch ``Sequential`` can hold. ``parameter_count(nin, nouts)`` counts the
numbers of such a network before it exists. ``parameter_values(model)`` lists
them in ``MLP.parameters()`` order (each neuron's weights, then its bias), the
same list for a ``DenseMLP`` and for the ``MLP`` holding the same numbers.

>>> import random; random.seed(0)
>>> from retrograd.nn import DenseMLP
>>> dense = DenseMLP(2, [3, 1])
>>> architecture(dense)
{'type': 'DenseMLP', 'nin': 2, 'nouts': [3, 1], 'activations': ['relu', 'linear']}
>>> parameter_values(dense) == [p.data for p in dense.to_mlp().parameters()]
True
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .nn import MLP, DenseMLP


def architecture(model: MLP | DenseMLP, where: str = "architecture") -> dict[str, Any]:
    """The shape of ``model``, as the model keeps it: its type, inputs, layer sizes and
    each layer's activation.

    Errors name ``where``, the function the user called (``save``, ``to_torch``,
    ``write_report``...).

    >>> import random; random.seed(0)
    >>> architecture(MLP(2, [4, 1]))
    {'type': 'MLP', 'nin': 2, 'nouts': [4, 1], 'activations': ['relu', 'linear']}
    >>> architecture(MLP(2, [4, 1]).layers[0], "to_torch")
    Traceback (most recent call last):
    ...
    TypeError: to_torch: expected an MLP or a DenseMLP, got Layer
    """
    if not isinstance(model, (MLP, DenseMLP)):
        raise TypeError(f"{where}: expected an MLP or a DenseMLP, got {type(model).__name__}")
    sizes = [model.nin] + model.nouts
    for i, (layer, activation) in enumerate(zip(model.layers, model.activations)):
        if isinstance(model, MLP):
            kinds = {n.activation for n in layer.neurons} | {activation}
        else:
            kinds = {layer.activation, activation}
            shapes = (np.shape(layer.weight.data), np.shape(layer.bias.data))
            if shapes != ((sizes[i + 1], sizes[i]), (sizes[i + 1],)):
                raise ValueError(f"{where}: layer {i} holds a weight of shape {shapes[0]} and a "
                                 f"bias of shape {shapes[1]}; a layer of {sizes[i + 1]} neurons "
                                 f"with {sizes[i]} inputs needs {(sizes[i + 1], sizes[i])} and "
                                 f"{(sizes[i + 1],)}")
        if len(kinds) != 1:  # changed by hand after the model was made
            raise ValueError(f"{where}: layer {i} mixes activations {sorted(kinds)}; model "
                             f"files and PyTorch conversion need one activation per layer")
    return {"type": type(model).__name__, "nin": model.nin, "nouts": list(model.nouts),
            "activations": list(model.activations)}


def parameter_count(nin: int, nouts: Sequence[int]) -> int:
    """The number of weights and biases of ``MLP(nin, nouts)`` (or ``DenseMLP(nin, nouts)``).

    >>> parameter_count(2, [16, 16, 1])
    337
    """
    sizes = [nin] + list(nouts)
    return sum((sizes[i] + 1) * sizes[i + 1] for i in range(len(nouts)))


def parameter_values(model: MLP | DenseMLP) -> list:
    """The numbers of ``model`` in ``MLP.parameters()`` order: for each neuron (a row of a
    ``Linear``'s weight), its weights then its bias. A dense model's are Python floats.
    """
    if isinstance(model, DenseMLP):
        rows = [np.column_stack([layer.weight.data, layer.bias.data]).ravel()
                for layer in model.layers]
        return np.concatenate(rows).tolist()
    return [p.data for p in model.parameters()]


__all__ = ["architecture", "parameter_count", "parameter_values"]
