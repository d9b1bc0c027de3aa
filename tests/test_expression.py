"""The expression reader: variable order, numbers in exponents, chains and nesting."""

from __future__ import annotations

import pytest

from retrograd import Value
from retrograd.engine import topological_order
from retrograd.expression import MAX_DEPTH, ExpressionError, evaluate, parse, variable_names


def test_variables_come_in_order_of_first_appearance_in_the_text():
    # 'a' appears first, inside a call; its later, shallower use must not move it back
    assert variable_names(parse("tanh(a) + b + a")) == ["a", "b"]
    assert variable_names(parse("exp(log(c)) * b + a * c")) == ["c", "b", "a"]
    _, leaves = evaluate("tanh(a) + b + a", {"a": 1.0, "b": 2.0})
    assert list(leaves) == ["a", "b"]


def test_a_negative_number_in_an_exponent_stays_a_plain_number():
    # as x**2 gives micrograd's '**2' node, x**-2 gives '**-2' (not a '**' with a constant leaf)
    out, leaves = evaluate("x**-2", {"x": 2.0})
    assert out._op == "**-2" and out.operands == (leaves["x"],)
    out.backward()
    assert (out.data, leaves["x"].grad) == (0.25, -0.25)
    assert evaluate("x ** +3", {"x": 2.0})[0]._op == "**3"


def _shape(root: Value) -> list:
    """The graph as (op, data, operand positions) in topological order, to compare two graphs."""
    order = topological_order(root)
    index = {id(v): i for i, v in enumerate(order)}
    return [(v._op, v.data, [index[id(p)] for p in v.operands]) for v in order]


def test_a_long_flat_chain_is_not_deep_nesting():
    # 999 terms: the limit on nesting (200) does not apply to a + a + ... + a
    out, leaves = evaluate("+".join(["a"] * 999), {"a": 1.5})
    out.backward()
    assert (out.data, leaves["a"].grad) == (1.5 * 999, 999)
    a = Value(1.5)
    expected = a
    for _ in range(998):
        expected = expected + a
    assert _shape(out) == _shape(expected)


def test_a_mixed_chain_builds_the_graph_python_builds():
    text = "a - b*a + 3/a - b**2 - a**b + tanh(b) * -a"
    out, leaves = evaluate(text, {"a": 2.0, "b": -0.5})
    a, b = Value(2.0), Value(-0.5)
    expected = a - b*a + Value(3.0)/a - b**2 - a**b + b.tanh() * -a
    assert out.data == expected.data
    assert _shape(out) == _shape(expected)


@pytest.mark.parametrize("text", ["-" * (MAX_DEPTH + 1) + "x",
                                  "**".join(["x"] * (MAX_DEPTH + 2)),
                                  "1 + " + "tanh(" * 99 + "-" * 102 + "x" + ")" * 99])
def test_real_nesting_is_limited_and_the_message_says_what_counts(text):
    message = (f"expression is nested more than {MAX_DEPTH} operations deep (a chain such as "
               f"a + b + c + ... counts as one level)")
    with pytest.raises(ExpressionError) as error:
        parse(text)
    assert str(error.value) == message


def test_nesting_up_to_the_limit_is_read():
    out, _ = evaluate("-" * MAX_DEPTH + "x", {"x": 2.0})
    assert out.data == 2.0
