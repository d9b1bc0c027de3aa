"""Bad input gives a TypeError or ValueError that names the operation or argument,
shows what was given, and says what is accepted."""

from __future__ import annotations

import pytest

from retrograd.engine import Value
from retrograd.nn import MLP, Layer, Neuron

NUMBERS = r"an int, a float, a fractions\.Fraction or a numpy array"
OPERANDS = r"a Value, an int, a float, a fractions\.Fraction or a numpy array"


@pytest.mark.parametrize("make, error, message", [
    (lambda: Value("abc"), TypeError,
     rf"^Value\(data\): got 'abc' of type str; expected {NUMBERS}$"),
    (lambda: Value(None), TypeError,
     rf"^Value\(data\): got None of type NoneType; expected {NUMBERS}$"),
    (lambda: Value(Value(1)), TypeError,
     rf"^Value\(data\): got Value\(data=1, grad=0\) of type Value; expected {NUMBERS}$"),
    (lambda: Value(1 + 2j), TypeError, rf"got \(1\+2j\) of type complex; expected {NUMBERS}"),
    (lambda: Value(1) ** "x", TypeError,
     rf"^Value \*\* exponent: got 'x' of type str; expected {OPERANDS}$"),
    (lambda: Value(1) + [1], TypeError,
     rf"^Value \+ list: cannot combine a Value with \[1\]; the other operand must be {OPERANDS}$"),
    (lambda: [1] * Value(1), TypeError,
     rf"^Value \* list: cannot combine a Value with \[1\]; the other operand must be {OPERANDS}$"),
    (lambda: Value(1) - "s", TypeError,
     rf"^Value - str: cannot combine a Value with 's'; the other operand must be {OPERANDS}$"),
    (lambda: "s" - Value(1), TypeError, r"^Value - str: cannot combine a Value with 's'"),
    (lambda: [1] - Value(1), TypeError, r"^Value - list: cannot combine a Value with \[1\]"),
    (lambda: Value(1) / None, TypeError,
     rf"^Value / NoneType: cannot combine a Value with None; the other operand must be "
     rf"{OPERANDS}$"),
    (lambda: "s" / Value(1), TypeError, r"^Value / str: cannot combine a Value with 's'"),
    (lambda: "x" ** Value(1), TypeError, r"^Value \*\* str: cannot combine a Value with 'x'"),
    (lambda: Value(1) * "3", TypeError, r"^Value \* str: cannot combine a Value with '3'"),
    (lambda: Value(1, (1, 2)), ValueError,
     r"^Value\(data, _children\): _children must hold at most two Values .*got \(1, 2\)$"),
])
def test_engine_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


SIZE = r"must be a whole number of units >= 1, got"


@pytest.mark.parametrize("make, message", [
    (lambda: MLP(0, [2]), rf"^MLP: nin {SIZE} 0$"),
    (lambda: MLP(2, []), r"^MLP\(nin, nouts\): nouts must be a non-empty list of layer sizes "
                         r"such as \[16, 16, 1\], got \[\]$"),
    (lambda: MLP(2, 3), r"^MLP\(nin, nouts\): nouts must be a non-empty list .*, got 3$"),
    (lambda: MLP(2, [4, 0]), rf"^MLP: each layer size in nouts {SIZE} 0$"),
    (lambda: MLP(2.0, [4]), rf"^MLP: nin {SIZE} 2\.0$"),
    (lambda: MLP(2, [4], activation="gelu"),
     r"^MLP: activation must be one of relu, tanh, sigmoid, linear; got 'gelu'$"),
    (lambda: MLP(2, [4], output_activation="softmax"),
     r"^MLP: output_activation must be one of relu, tanh, sigmoid, linear; got 'softmax'$"),
    (lambda: Layer(2, -1), rf"^Layer: nout {SIZE} -1$"),
    (lambda: Layer(True, 2), rf"^Layer: nin {SIZE} True$"),
    (lambda: Neuron(2, activation="gelu"),
     r"^Neuron: activation must be one of relu, tanh, sigmoid, linear; got 'gelu'$"),
    (lambda: Layer(2, 2, activation="Tanh"),
     r"^Neuron: activation must be one of relu, tanh, sigmoid, linear; got 'Tanh'$"),
    (lambda: Neuron(3)([1.0, 2.0]),
     r"^ReLUNeuron\(3\) expects 3 inputs, got 2: give one number or Value per input$"),
    (lambda: MLP(2, [3, 1])([1.0]), r"^ReLUNeuron\(2\) expects 2 inputs, got 1"),
])
def test_network_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_bad_input_leaves_the_model_unchanged():
    model = MLP(2, [3, 1])
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError):
        model([1.0, 2.0, 3.0])
    with pytest.raises(TypeError):
        model([1.0, "2"])
    assert [p.data for p in model.parameters()] == before
    assert all(p.grad == 0 for p in model.parameters())


def test_backward_checks_its_gradient():
    with pytest.raises(TypeError, match=rf"^backward\(gradient\): got 'x' of type str; expected {NUMBERS}$"):
        Value(1.0).backward("x")
