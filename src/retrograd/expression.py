"""Small arithmetic expressions, read safely into a graph of Values.

``evaluate("a*b + c", {"a": 2, "b": -3, "c": 10})`` builds the Values of the
expression, as the same Python code would with Values for ``a``, ``b``, ``c``.
The text is parsed with Python's ``ast`` module and walked with a whitelist:
numbers, variable names, ``+ - * / **``, unary minus and plus, parentheses,
and calls of the engine's one-operand functions (``engine.FUNCTIONS``:
``exp``, ``log``, ``tanh``, ``sigmoid``, ``relu``, ``sin``, ``cos``, ``abs``)
with one argument. Anything else (attribute access, subscripts, other names or calls,
keywords, strings, lambdas, comparisons...) raises ``ExpressionError``; nothing
is ever passed to ``eval``.

>>> out, leaves = evaluate("a*b + c", {"a": 2.0, "b": -3.0, "c": 10.0})
>>> out.backward()
>>> out.data, [(name, v.grad) for name, v in leaves.items()]
(4.0, [('a', -3.0), ('b', 2.0), ('c', 1.0)])
"""

from __future__ import annotations

import ast
import keyword
import numbers
import unicodedata
from typing import Mapping

from .engine import FUNCTIONS, Number, Value

MAX_LENGTH = 2000
MAX_DEPTH = 200
"""How deeply operations may sit inside one another, as in ``a*(b*(c*...))``,
``tanh(tanh(...))``, ``-(-(...))`` or ``a**b**c...``. A chain such as
``a + b - c + ...`` counts as one level: only ``MAX_LENGTH`` bounds it."""

SPECIAL_NUMBERS = ("inf", "nan")
"""Names read as the IEEE numbers ``float('inf')`` and ``float('nan')``, never as variables."""

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_ALLOWED = ("numbers, variables, + - * / **, unary minus, parentheses and the functions "
            + ", ".join(FUNCTIONS))


class ExpressionError(ValueError):
    """An expression outside the small language ``evaluate`` reads, or a missing variable."""


def parse(text: str) -> ast.Expression:
    """The checked syntax tree of ``text``; raises ``ExpressionError`` for anything
    outside the whitelist.

    >>> parse("a.b")
    Traceback (most recent call last):
    ...
    retrograd.expression.ExpressionError: 'a.b': attribute access is not allowed; an expression may use only numbers, variables, + - * / **, unary minus, parentheses and the functions exp, log, tanh, sigmoid, relu, sin, cos, abs
    """
    if not isinstance(text, str):
        raise TypeError(f"expression must be a string, got {text!r}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text)} characters long; the limit is "
                              f"{MAX_LENGTH}")
    if not text.strip():
        raise ExpressionError("expression is empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        raise ExpressionError(f"{text.strip()!r} is not a valid expression: {e.msg}") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("expression is nested too deeply") from None
    except ValueError as e:  # e.g. an integer literal with too many digits
        raise ExpressionError(f"cannot read the expression: {e}") from None
    _check(tree.body, text.strip(), 0)
    return tree


def _left_chain(node: ast.AST) -> tuple[ast.AST, list[ast.BinOp]]:
    """A chain ``x op y op z ...`` is parsed as ``((x op y) op z) ...``: its first
    operand and its operations, first one first. Walking it in a loop keeps long
    flat sums from counting as deep nesting (or recursing deeply)."""
    chain = []
    while isinstance(node, ast.BinOp):
        chain.append(node)
        node = node.left
    chain.reverse()
    return node, chain


def _check(node: ast.AST, text: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ExpressionError(f"expression is nested more than {MAX_DEPTH} operations deep (a "
                              f"chain such as a + b + c + ... counts as one level)")

    def refuse(what: str, at: ast.AST = node):
        snippet = ast.get_source_segment(text, at) or text
        raise ExpressionError(f"{snippet!r}: {what} is not allowed; an expression may use "
                              f"only {_ALLOWED}")

    if isinstance(node, ast.BinOp):
        first, chain = _left_chain(node)
        for binop in reversed(chain):  # the outermost operation first, as it reads
            if type(binop.op) not in _BINARY:
                refuse(f"the operator {type(binop.op).__name__}", binop)
        _check(first, text, depth + 1)
        for binop in chain:
            _check(binop.right, text, depth + 1)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            refuse(f"the operator {type(node.op).__name__}")
        _check(node.operand, text, depth + 1)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            refuse(f"the constant {node.value!r}")
    elif isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            refuse(f"the function name {node.id!r} without a call")
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            _check(node.func, text, depth + 1)  # names what is wrong inside first (a.b, lambda)
            refuse("calling anything but " + ", ".join(FUNCTIONS))
        if node.func.id not in FUNCTIONS:
            snippet = ast.get_source_segment(text, node) or text
            raise ExpressionError(f"{snippet!r}: unknown function {node.func.id!r}; the "
                                  f"functions are {', '.join(FUNCTIONS)}")
        if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            refuse(f"calling {node.func.id} with anything but one argument")
        _check(node.args[0], text, depth + 1)
    elif isinstance(node, ast.Attribute):
        refuse("attribute access")
    elif isinstance(node, ast.Subscript):
        refuse("subscripting")
    else:
        refuse(f"the {type(node).__name__} construct")


def variable_names(tree: ast.Expression) -> list[str]:
    """The variables of a checked tree, in order of first appearance.

    >>> variable_names(parse("b*a + tanh(b)"))
    ['b', 'a']
    """
    # ast.walk is breadth-first, not in text order: keep each name's earliest position
    first: dict[str, tuple[int, int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS + SPECIAL_NUMBERS:
            where = (node.lineno, node.col_offset)
            first[node.id] = min(where, first.get(node.id, where))
    return sorted(first, key=first.__getitem__)


def evaluate(text: str, variables: Mapping[str, Number]) -> tuple[Value, dict[str, Value]]:
    """The Value of ``text``, and the leaf Value of each variable (labelled by its
    name, in order of first appearance) for reading gradients after ``backward()``.

    Every variable of the expression needs a value, and every value given must
    be used. A number in an exponent, as in ``x**2``, stays a plain number (the
    graph shows ``**2``); the other numbers become constant leaves.

    >>> evaluate("-x**2 + 3*x", {"x": 2.0})[0].data
    2.0
    >>> evaluate("x + y", {"x": 1.0})
    Traceback (most recent call last):
    ...
    retrograd.expression.ExpressionError: no value for variable 'y': give it as y=NUMBER
    """
    tree = parse(text)
    names = variable_names(tree)
    for name in names:
        if name not in variables:
            raise ExpressionError(f"no value for variable {name!r}: give it as {name}=NUMBER")
    for name, value in variables.items():
        if name not in names:
            raise ExpressionError(f"variable {name!r} is given but the expression does not "
                                  f"use it")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ExpressionError(f"variable {name!r} must be a number, got {value!r}")
    leaves = {name: Value(variables[name], label=name) for name in names}
    return _build(tree.body, leaves), leaves


def _number(x: int | float) -> float:
    try:
        return float(x)
    except OverflowError:  # an integer literal beyond the float range
        return float("inf")


def _signed_constant(node: ast.AST) -> int | float | None:
    """The number written as ``2``, ``-2`` or ``+2`` (Python reads -2 as minus 2), else None."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        return -node.operand.value if isinstance(node.op, ast.USub) else node.operand.value
    return None


def _build(node: ast.AST, leaves: dict[str, Value]) -> Value:
    if isinstance(node, ast.BinOp):
        first, chain = _left_chain(node)
        out = _build(first, leaves)
        for binop in chain:
            out = _binary(binop, out, leaves)
        return out
    if isinstance(node, ast.Constant):
        return Value(_number(node.value))
    if isinstance(node, ast.Name):
        return Value(float(node.id)) if node.id in SPECIAL_NUMBERS else leaves[node.id]
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.operand, ast.Constant):  # -2 is a number, not 2 * -1
            value = _number(node.operand.value)
            return Value(-value if isinstance(node.op, ast.USub) else value)
        x = _build(node.operand, leaves)
        return -x if isinstance(node.op, ast.USub) else x
    return getattr(_build(node.args[0], leaves), node.func.id)()  # a call


def _binary(node: ast.BinOp, left: Value, leaves: dict[str, Value]) -> Value:
    """``left`` (the Value of ``node.left``) combined with ``node.right`` by ``node.op``;
    a plain number as exponent keeps micrograd's '**k' node."""
    if isinstance(node.op, ast.Pow) and (exponent := _signed_constant(node.right)) is not None:
        return left**exponent
    right = _build(node.right, leaves)
    op = type(node.op)
    if op is ast.Add:
        return left + right
    if op is ast.Sub:
        return left - right
    if op is ast.Mult:
        return left * right
    if op is ast.Div:
        return left / right
    return left**right


def parse_assignment(text: str) -> tuple[str, float]:
    """``"a=2.5"`` as ``("a", 2.5)``, for the command line.

    >>> parse_assignment("b=-3")
    ('b', -3.0)
    """
    name, sep, value = text.partition("=")
    name = unicodedata.normalize("NFKC", name.strip())  # as Python reads the expression's names
    if not sep or not name:
        raise ExpressionError(f"{text!r}: give each variable as name=NUMBER, e.g. a=2")
    if (not name.isidentifier() or keyword.iskeyword(name)
            or name in FUNCTIONS + SPECIAL_NUMBERS):
        raise ExpressionError(f"{text!r}: {name!r} cannot be a variable name")
    try:
        number = float(value)
    except ValueError:
        raise ExpressionError(f"{text!r}: {value.strip()!r} is not a number") from None
    return name, number


def parse_assignments(texts: list[str]) -> dict[str, float]:
    """``["a=2", "b=-3"]`` as ``{"a": 2.0, "b": -3.0}``; a variable given twice is refused.

    >>> parse_assignments(["a=1", "a=2"])
    Traceback (most recent call last):
    ...
    retrograd.expression.ExpressionError: 'a=2': variable 'a' is given twice
    """
    values: dict[str, float] = {}
    for text in texts:
        name, value = parse_assignment(text)
        if name in values:
            raise ExpressionError(f"{text!r}: variable {name!r} is given twice")
        values[name] = value
    return values


__all__ = ["evaluate", "parse", "variable_names", "parse_assignment", "parse_assignments",
           "ExpressionError", "FUNCTIONS"]
