"""The expression reader: variable order and numbers in exponents."""

from __future__ import annotations

from retrograd.expression import evaluate, parse, variable_names


def test_variables_come_in_order_of_first_appearance_in_the_text():
    # 'a' appears first, inside a call; its later, shallower use must not move it back
    assert variable_names(parse("tanh(a) + b + a")) == ["a", "b"]
    assert variable_names(parse("exp(log(c)) * b + a * c")) == ["c", "b", "a"]
    _, leaves = evaluate("tanh(a) + b + a", {"a": 1.0, "b": 2.0})
    assert list(leaves) == ["a", "b"]


def test_a_negative_number_in_an_exponent_stays_a_plain_number():
    # as x**2 gives micrograd's '**2' node, x**-2 gives '**-2' (not a '**' with a constant leaf)
    out, leaves = evaluate("x**-2", {"x": 2.0})
    assert out._op == "**-2" and out._prev == (leaves["x"],)
    out.backward()
    assert (out.data, leaves["x"].grad) == (0.25, -0.25)
    assert evaluate("x ** +3", {"x": 2.0})[0]._op == "**3"
