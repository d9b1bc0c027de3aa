"""Save and load models as JSON: the architecture and every weight, exactly.

A model file is plain JSON that any text editor shows::

    {"format": "retrograd-model", "version": 1,
     "architecture": {"type": "MLP", "nin": 2, "nouts": [16, 16, 1],
                      "activations": ["relu", "relu", "linear"]},
     "parameters": [0.23, -0.71, ..., 0],
     "checksum": "sha256:...",
     "metadata": {...}}

The ``type`` is ``"MLP"`` or ``"DenseMLP"``, and ``load`` returns the form that
was saved. Both list their ``parameters`` in ``MLP.parameters()`` order (each
neuron's weights, then its bias; for a ``DenseMLP``, row after row of each
layer's weight, each followed by its bias), so the two files of one network
differ only by their type: ``DenseMLP.from_mlp`` or ``to_mlp`` turns the
loaded model into the other form with the same numbers. A ``DenseMLP`` file is
format version 2 (an older retrograd, which reads version 1, says to upgrade);
an ``MLP`` file is still written as version 1, which every version reads.
Floats are
written with ``repr``, the shortest text that reads back as the same double,
so a save/load round trip is bit for bit; ints stay ints, fractions are
written as ``"p/q"`` strings and the IEEE specials as ``"inf"``, ``"-inf"``,
``"nan"`` (JSON has no numbers for them).

``checksum`` is the SHA-256 of the architecture and parameters (in a fixed
JSON form), so a changed digit is caught rather than loaded as a different
model; a file edited by hand on purpose loads once its checksum line is
removed. Loading only parses JSON and builds the model: nothing in the file
is ever executed (no pickle). A file that is not valid, complete and consistent raises
``ModelFileError`` naming the file and what is wrong with it. Saving writes a
temporary file in the same folder, flushes it to disk and renames it over the
target, so an interrupted save leaves the old file (or none), never half a file.

>>> import random, tempfile, os; random.seed(0)
>>> from retrograd import MLP
>>> model = MLP(2, [3, 1])
>>> path = os.path.join(tempfile.mkdtemp(), "model.json")
>>> _ = save(model, path)
>>> [p.data for p in load(path).parameters()] == [p.data for p in model.parameters()]
True
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from fractions import Fraction
from pathlib import Path

from .files import atomic_write
from .models import architecture, parameter_count, parameter_values
from .nn import ACTIVATIONS, MLP, DenseMLP

FORMAT = "retrograd-model"
VERSION = 2
"""The newest format version this retrograd reads (2 added the ``DenseMLP`` type)."""
MAX_FILE_BYTES = 2**28
"""Model files larger than this (256 MB, about ten million parameters) are refused unread."""
MAX_DIGITS = 400
"""A number written with more characters than this is refused: no double needs them."""


class ModelFileError(ValueError):
    """A model file that cannot be loaded: not JSON, truncated, not a retrograd model,
    written by a newer version, or inconsistent with itself."""


# -- the model <-> JSON ---------------------------------------------------------------


def dumps(model: MLP | DenseMLP, metadata: dict | None = None) -> str:
    """The JSON text of a model file (see the module's docstring).

    >>> text = dumps(MLP.from_parameters(1, [1], [0.1, float("inf")]))
    >>> print(text[:text.index(', "checksum"')])
    {"format": "retrograd-model", "version": 1, "architecture": {"type": "MLP", "nin": 1, "nouts": [1], "activations": ["linear"]}, "parameters": [0.1, "inf"]
    """
    arch = architecture(model, "save")
    listed = _listed([_encode(x) for x in parameter_values(model)])  # the slow part: done once
    version = 1 if arch["type"] == "MLP" else 2  # the oldest format that holds this model
    doc = {"format": FORMAT, "version": version, "architecture": arch, "parameters": [],
           "checksum": _checksum(arch, listed), "metadata": {} if metadata is None else metadata}
    try:
        text = json.dumps(doc, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise ValueError(f"save: the metadata must hold only JSON values (no NaN): {e}") from None
    # The list already written for the checksum goes in, with json.dumps's usual spaces
    # (no parameter's text holds a comma).
    return text.replace('"parameters": []', '"parameters": ' + listed.replace(",", ", "), 1)


def save(model: MLP | DenseMLP, path: str | os.PathLike, *, metadata: dict | None = None) -> Path:
    """Write ``model`` (and an optional ``metadata`` dict of JSON values) to ``path``,
    atomically. Returns the path."""
    return atomic_write(path, dumps(model, metadata) + "\n")


def loads(text: str | bytes, source: str = "<string>") -> tuple[MLP | DenseMLP, dict]:
    """The model and metadata of a model file's text; ``source`` names it in errors.

    >>> model, meta = loads(dumps(MLP.from_parameters(1, [1], [2.0, 0])))
    >>> [p.data for p in model.parameters()], meta
    ([2.0, 0], {})
    >>> loads('{"format": "retrograd-model", "version": 1')
    Traceback (most recent call last):
    ...
    retrograd.modelfile.ModelFileError: <string>: not a complete JSON document (the file may be truncated or corrupt): Expecting ',' delimiter at line 1 column 43
    """
    if len(text) > MAX_FILE_BYTES:
        raise ModelFileError(f"{source}: larger than {MAX_FILE_BYTES:,} bytes, more than any "
                             f"model file; not loaded")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ModelFileError(f"{source}: not a text file (invalid UTF-8 at byte {e.start}); "
                                 f"the file is corrupt or not a model file") from None
    try:
        doc = json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int,
                         parse_float=_parse_float, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as e:
        what = "empty" if not text.strip() else "not a complete JSON document"
        raise ModelFileError(f"{source}: {what} (the file may be truncated or corrupt): "
                             f"{e.msg} at line {e.lineno} column {e.colno}") from None
    except ValueError as e:
        raise ModelFileError(f"{source}: {e}") from None
    except RecursionError:
        raise ModelFileError(f"{source}: JSON nested too deeply; not a model file") from None
    return _from_doc(doc, source)


def load(path: str | os.PathLike) -> MLP | DenseMLP:
    """The model saved in ``path``, an ``MLP`` or a ``DenseMLP`` as it was saved;
    ``ModelFileError`` if the file is not a valid model file."""
    return read_model_file(path)[0]


def read_model_file(path: str | os.PathLike) -> tuple[MLP | DenseMLP, dict]:
    """The model saved in ``path`` and the metadata saved with it."""
    path = Path(path)
    with open(path, "rb") as f:  # a missing file raises FileNotFoundError, as open() does
        data = f.read(MAX_FILE_BYTES + 1)  # never more: a huge file is refused unread
    return loads(data, source=str(path))


# -- checking a document ----------------------------------------------------------------


def _listed(values: list) -> str:
    """The parameters' list in the fixed JSON form that the checksum reads."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _checksum(arch, listed: str) -> str:
    """The SHA-256 of ``{"architecture": arch, "parameters": ...}`` in a fixed JSON form
    (sorted keys, no spaces); ``listed`` is ``_listed(parameters)``."""
    canonical = ('{"architecture":' + json.dumps(arch, sort_keys=True, separators=(",", ":"),
                                                 allow_nan=False)
                 + ',"parameters":' + listed + "}")
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON (non-finite numbers are written as strings)")


def _parse_int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise ValueError(f"a number of {len(text):,} digits ({_cut(text)}) is beyond any "
                         f"parameter's range")
    return int(text)


def _parse_float(text: str) -> float:
    x = float(text) if len(text) <= MAX_DIGITS else math.nan
    if not math.isfinite(x):
        raise ValueError(f"the number {_cut(text)} is out of a float's range (non-finite "
                         f"numbers are written as strings: \"inf\", \"-inf\", \"nan\")")
    return x


def _no_duplicate_keys(pairs: list) -> dict:
    doc = dict(pairs)
    if len(doc) != len(pairs):
        seen: set = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise ValueError(f"the key {_cut(twice)} appears twice in one object; a file edited "
                         f"by hand must keep one of them")
    return doc


def _cut(x, width: int = 60) -> str:
    """``repr(x)`` cut to about ``width`` characters, for messages about huge values."""
    text = repr(x) if not isinstance(x, str) or len(x) <= width else repr(x[:width])
    return text if len(text) <= width + 2 else text[:width] + "..."


_FRACTION = re.compile(r"-?\d+/\d+")


def _encode(x):
    if type(x) is float and math.isfinite(x):  # nearly every parameter: no other test
        return x
    if isinstance(x, bool):
        raise TypeError(f"save: a parameter holds a bool ({x!r}), not a number")
    if isinstance(x, int):
        return x
    if isinstance(x, Fraction):
        return f"{x.numerator}/{x.denominator}"
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _decode(x, i: int, source: str):
    if type(x) is float:  # nearly every parameter; finite, as _parse_float made sure
        return x
    if isinstance(x, bool) or not isinstance(x, (int, float, str)):
        raise ModelFileError(f"{source}: parameter {i} is {_cut(x)}, not a number")
    if isinstance(x, str):
        if x in ("inf", "-inf", "nan"):
            return float(x)
        if _FRACTION.fullmatch(x) and len(x) <= 2 * MAX_DIGITS:
            numerator, denominator = (int(part) for part in x.split("/"))
            if denominator != 0 and _in_float_range(Fraction(numerator, denominator)):
                return Fraction(numerator, denominator)
        raise ModelFileError(f"{source}: parameter {i} is the string {_cut(x)}; expected a "
                             f"number, 'inf', '-inf', 'nan' or a fraction 'p/q' within a "
                             f"float's range")
    if isinstance(x, int) and not _in_float_range(x):
        raise ModelFileError(f"{source}: parameter {i} is an integer of {len(str(abs(x)))} "
                             f"digits, beyond a float's range")
    return x


def _in_float_range(x) -> bool:
    try:
        float(x)
    except OverflowError:
        return False
    return True


def _from_doc(doc, source: str) -> tuple[MLP | DenseMLP, dict]:
    def fail(problem: str):
        raise ModelFileError(f"{source}: {problem}")

    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        fail(f"not a retrograd model file (no \"format\": \"{FORMAT}\" field)")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        fail(f"bad format version {_cut(version)}")
    if version > VERSION:
        fail(f"written in format version {version} by a newer retrograd; this one reads "
             f"version {VERSION}: upgrade retrograd to load it")
    arch = doc.get("architecture")
    if not isinstance(arch, dict) or arch.get("type") not in ("MLP", "DenseMLP"):
        fail("the architecture is missing or is not an MLP or a DenseMLP")
    nin, nouts, activations = arch.get("nin"), arch.get("nouts"), arch.get("activations")
    if isinstance(nin, bool) or not isinstance(nin, int) or nin < 1:
        fail(f"architecture.nin must be a positive integer, got {_cut(nin)}")
    if (not isinstance(nouts, list) or not nouts
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in nouts)):
        fail(f"architecture.nouts must be a list of positive layer sizes, got {_cut(nouts)}")
    if (not isinstance(activations, list) or len(activations) != len(nouts)
            or not all(a in ACTIVATIONS for a in activations)):
        fail(f"architecture.activations must name one of {', '.join(ACTIVATIONS)} for each of "
             f"the {len(nouts)} layers, got {_cut(activations)}")
    values = doc.get("parameters")
    if not isinstance(values, list):
        fail("the parameters list is missing")
    expected = parameter_count(nin, nouts)
    if len(values) != expected:
        fail(f"the architecture {arch['type']}({nin}, {_cut(nouts)}) has {expected} parameters "
             f"but the file holds {len(values)}: the file does not match its architecture")
    checksum = doc.get("checksum")
    if checksum is not None and checksum != _checksum(arch, _listed(values)):
        fail("the checksum does not match the architecture and parameters: the file is "
             "corrupt (if you edited the weights on purpose, delete the \"checksum\" line)")
    metadata = doc.get("metadata", {})
    if not isinstance(metadata, dict):
        fail(f"metadata must be a JSON object, got {type(metadata).__name__}")
    params = [_decode(x, i, source) for i, x in enumerate(values)]
    kind = MLP if arch["type"] == "MLP" else DenseMLP
    return kind.from_parameters(nin, nouts, params, activations), metadata


__all__ = ["ModelFileError", "FORMAT", "VERSION", "save", "load", "read_model_file", "dumps",
           "loads", "atomic_write", "architecture", "parameter_count"]
# architecture and parameter_count live in retrograd.models; they stay importable from here.
