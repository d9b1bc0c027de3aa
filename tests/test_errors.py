"""Bad input gives a TypeError or ValueError that names the operation or argument,
shows what was given, and says what is accepted."""

from __future__ import annotations

import re

import pytest

from retrograd.engine import Value
from retrograd.nn import MLP, Layer, Neuron

# Each case names key phrases, not the whole sentence, so a message can be reworded
# without breaking the test: the first phrase ties the operation or argument to the
# value it got, any others are a distinctive word of the fix.
ACCEPTED = r"\bFraction\b"  # the accepted types: "an int, a float, a fractions.Fraction or ..."
SIZE = r">= 1"  # layer sizes: "a whole number of units >= 1"
CHOICES = r"\bsigmoid\b"  # the activations: "one of relu, tanh, sigmoid, linear"


def assert_names(excinfo, phrases):
    message = str(excinfo.value)
    for phrase in phrases:
        assert re.search(phrase, message), f"{phrase!r} not in {message!r}"


@pytest.mark.parametrize("make, error, phrases", [
    (lambda: Value("abc"), TypeError, (r"Value\(data\).*'abc'", ACCEPTED)),
    (lambda: Value(None), TypeError, (r"Value\(data\).*\bNone\b", ACCEPTED)),
    (lambda: Value(Value(1)), TypeError,
     (r"Value\(data\).*" + re.escape("Value(data=1, grad=0)"), ACCEPTED)),
    (lambda: Value(1 + 2j), TypeError, (re.escape("(1+2j)"), ACCEPTED)),
    (lambda: Value(1) ** "x", TypeError, (r"exponent.*'x'", ACCEPTED)),
    (lambda: Value(1) + [1], TypeError, (r"Value \+ list.*\[1\]", ACCEPTED)),
    (lambda: [1] * Value(1), TypeError, (r"Value \* list.*\[1\]", ACCEPTED)),
    (lambda: Value(1) - "s", TypeError, (r"Value - str.*'s'", ACCEPTED)),
    (lambda: "s" - Value(1), TypeError, (r"Value - str.*'s'",)),
    (lambda: [1] - Value(1), TypeError, (r"Value - list.*\[1\]",)),
    (lambda: Value(1) / None, TypeError, (r"Value / NoneType.*\bNone\b", ACCEPTED)),
    (lambda: "s" / Value(1), TypeError, (r"Value / str.*'s'",)),
    (lambda: "x" ** Value(1), TypeError, (r"Value \*\* str.*'x'",)),
    (lambda: Value(1) * "3", TypeError, (r"Value \* str.*'3'",)),
    (lambda: Value(1, (1, 2)), ValueError, (r"_children.*\(1, 2\)", r"at most two")),
])
def test_engine_errors(make, error, phrases):
    with pytest.raises(error) as excinfo:
        make()
    assert_names(excinfo, phrases)


@pytest.mark.parametrize("make, phrases", [
    (lambda: MLP(0, [2]), (r"\bnin\b.*\b0\b", SIZE)),
    (lambda: MLP(2, []), (r"nouts.*\[\]", r"non-empty")),
    (lambda: MLP(2, 3), (r"nouts.*\b3\b", r"non-empty")),
    (lambda: MLP(2, [4, 0]), (r"nouts.*\b0\b", SIZE)),
    (lambda: MLP(2.0, [4]), (r"\bnin\b.*\b2\.0\b", SIZE)),
    (lambda: MLP(2, [4], activation="gelu"), (r"\bactivation\b.*'gelu'", CHOICES)),
    (lambda: MLP(2, [4], output_activation="softmax"),
     (r"output_activation.*'softmax'", CHOICES)),
    (lambda: Layer(2, -1), (r"\bnout\b.*-1\b", SIZE)),
    (lambda: Layer(True, 2), (r"\bnin\b.*\bTrue\b", SIZE)),
    (lambda: Neuron(2, activation="gelu"), (r"\bactivation\b.*'gelu'", CHOICES)),
    (lambda: Layer(2, 2, activation="Tanh"), (r"\bactivation\b.*'Tanh'", CHOICES)),
    (lambda: Neuron(3)([1.0, 2.0]), (r"ReLUNeuron\(3\).*\b2\b", r"per input")),
    (lambda: MLP(2, [3, 1])([1.0]), (r"ReLUNeuron\(2\).*\b1\b",)),
])
def test_network_errors(make, phrases):
    with pytest.raises(ValueError) as excinfo:
        make()
    assert_names(excinfo, phrases)


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
    with pytest.raises(TypeError) as excinfo:
        Value(1.0).backward("x")
    assert_names(excinfo, (r"gradient.*'x'", ACCEPTED))
