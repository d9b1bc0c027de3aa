"""The expression reader: variable order and numbers in exponents."""

from __future__ import annotations

from retrograd.expression import evaluate, parse, variable_names


def test_variables_come_in_order_of_first_appearance_in_the_text():
    # 'a' appears first, inside a call; its later, shallower use must not move it back
    assert variable_names(parse("tanh(a) + b + a")) == ["a", "b"]
    assert variable_names(parse("exp(log(c)) * b + a * c")) == ["c", "b", "a"]
    _, leaves = evaluate("tanh(a) + b + a", {"a": 1.0, "b": 2.0})
    assert list(leaves) == ["a", "b"]
