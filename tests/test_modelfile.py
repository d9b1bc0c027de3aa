"""Model files: bit-exact round trips, atomic writes, and clear errors for bad files."""

from __future__ import annotations

import json
import math
import os
import random
import struct
from fractions import Fraction

import numpy as np
import pytest

from retrograd import MLP, DenseMLP
from retrograd.modelfile import ModelFileError, atomic_write, dumps, load, loads, read_model_file, save

ODD_FLOATS = [0.1, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1 / 3,
              -2.718281828459045, 1e-300, 123456789.12345679]


def bits(x) -> tuple:
    """A parameter value's exact identity: its type and, for floats, its 64 bits."""
    if isinstance(x, float):
        return ("float", struct.pack("<d", x))
    return (type(x).__name__, x)


def test_round_trip_is_bit_exact(tmp_path):
    random.seed(0)
    model = MLP(3, [5, 4, 2], activation="tanh")
    params = model.parameters()
    specials = ODD_FLOATS + [math.inf, -math.inf, math.nan, 0, 7, Fraction(1, 3)]
    for p, x in zip(params, specials):
        p.data = x
    for p in params[len(specials):]:
        p.data = random.gauss(0, 1) * 10 ** random.randint(-20, 20)
    path = save(model, tmp_path / "m.json")
    loaded = load(path)
    assert [bits(p.data) for p in loaded.parameters()] == [bits(p.data) for p in params]
    assert repr(loaded) == repr(model)
    x = [0.3, -0.2, 0.9]
    assert [bits(v.data) for v in loaded(x)] == [bits(v.data) for v in model(x)]


def test_trained_model_outputs_are_identical(tmp_path):
    from retrograd.data import make_moons
    from retrograd.train import fit, scores

    X, y = make_moons(30, random_state=0, labels="sign")
    random.seed(1)
    model = MLP(2, [8, 8, 1], output_activation="sigmoid")
    fit(model, X, y, loss="mse", optimizer="adam", lr=0.05, steps=5)
    loaded = load(save(model, tmp_path / "m.json", metadata={"note": "five steps"}))
    assert scores(loaded, X).tolist() == scores(model, X).tolist()
    assert loaded.layers[-1].neurons[0].activation == "sigmoid"
    assert read_model_file(tmp_path / "m.json")[1] == {"note": "five steps"}


def test_file_is_standard_versioned_json(tmp_path):
    random.seed(0)
    model = MLP(2, [2, 1])
    model.parameters()[0].data = math.nan
    text = (save(model, tmp_path / "m.json")).read_text()
    doc = json.loads(text, parse_constant=lambda name: pytest.fail(f"non-standard {name}"))
    assert doc["format"] == "retrograd-model" and doc["version"] == 1
    assert doc["architecture"] == {"type": "MLP", "nin": 2, "nouts": [2, 1],
                                   "activations": ["relu", "linear"]}
    assert doc["parameters"][0] == "nan" and len(doc["parameters"]) == 9
    assert doc["checksum"].startswith("sha256:")


def test_loading_leaves_the_random_generator_alone(tmp_path):
    random.seed(0)
    path = save(MLP(4, [8, 1]), tmp_path / "m.json")
    random.seed(5)
    expected = [random.random() for _ in range(3)]
    random.seed(5)
    load(path)
    assert [random.random() for _ in range(3)] == expected


def test_save_replaces_atomically_and_cleans_up(tmp_path, monkeypatch):
    random.seed(0)
    path = save(MLP(2, [2, 1]), tmp_path / "m.json")
    original = path.read_bytes()

    def broken_fsync(fd):
        raise KeyboardInterrupt  # Ctrl-C in the middle of writing

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(KeyboardInterrupt):
        save(MLP(2, [3, 1]), path)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert sorted(os.listdir(tmp_path)) == ["m.json"]  # no temporary file left behind

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save(MLP(2, [3, 1]), path)
    monkeypatch.undo()
    assert path.read_bytes() == original and os.listdir(tmp_path) == ["m.json"]


def test_new_files_get_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = atomic_write(tmp_path / "x.txt", "data")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_every_truncation_raises_a_clear_error(tmp_path):
    random.seed(0)
    text = dumps(MLP(2, [2, 1]), {"title": "small"})
    path = tmp_path / "m.json"
    for n in range(len(text)):
        path.write_text(text[:n])
        with pytest.raises(ModelFileError) as info:
            load(path)
        assert str(info.value).startswith(f"{path}: ")
    path.write_text(text[: len(text) // 2])
    with pytest.raises(ModelFileError, match="truncated or corrupt"):
        load(path)
    path.write_text("")
    with pytest.raises(ModelFileError, match="empty"):
        load(path)


def test_a_changed_digit_is_caught_by_the_checksum():
    random.seed(0)
    doc = json.loads(dumps(MLP(2, [2, 1])))
    doc["parameters"][3] = doc["parameters"][3] + 1e-9
    with pytest.raises(ModelFileError, match="checksum does not match.*corrupt"):
        loads(json.dumps(doc))
    del doc["checksum"]  # edited on purpose: loads without a checksum
    model, _ = loads(json.dumps(doc))
    assert model.parameters()[3].data == doc["parameters"][3]


@pytest.mark.parametrize("text,problem", [
    ("[1, 2]", "not a retrograd model file"),
    ('{"format": "something-else", "version": 1}', "not a retrograd model file"),
    ('{"format": "retrograd-model", "version": 3}', "format version 3 by a newer retrograd"),
    ('{"format": "retrograd-model", "version": "1"}', "bad format version"),
    ('{"format": "retrograd-model", "version": 1, "architecture": {"type": "CNN"}}',
     "not an MLP or a DenseMLP"),
    ('{"format": "retrograd-model", "version": 1, "architecture": {"type": "MLP", "nin": 2, '
     '"nouts": [1], "activations": ["relu"]}, "parameters": [1.0, 2.0]}',
     "has 3 parameters but the file holds 2"),
    ('{"format": "retrograd-model", "version": 1, "architecture": {"type": "MLP", "nin": 1, '
     '"nouts": [1], "activations": ["gelu"]}, "parameters": [1.0, 2.0]}',
     "activations must name one of"),
    ('{"format": "retrograd-model", "version": 1, "architecture": {"type": "MLP", "nin": 1, '
     '"nouts": [1], "activations": ["linear"]}, "parameters": [1.0, "__import__(\'os\')"]}',
     "parameter 1 is the string"),
    ('{"format": "retrograd-model", "version": 1, "architecture": {"type": "MLP", "nin": 1, '
     '"nouts": [1], "activations": ["linear"]}, "parameters": [NaN, 1]}', "NaN is not valid JSON"),
    ('{"format": "retrograd-model", "version": 1, "architecture": {"type": "MLP", "nin": 1, '
     '"nouts": [1000000000], "activations": ["linear"]}, "parameters": []}',
     "has 2000000000 parameters but the file holds 0"),
    ('{"format": "retrograd-model", "version": 2, "architecture": {"type": "DenseMLP", "nin": 2, '
     '"nouts": [1], "activations": ["relu"]}, "parameters": [1.0, 2.0]}',
     r"DenseMLP\(2, \[1\]\) has 3 parameters but the file holds 2"),
    ('{"format": "retrograd-model", "version": 2, "architecture": {"type": "DenseMLP", "nin": 1, '
     '"nouts": [1], "activations": ["linear"]}, "parameters": [1.0, "eval(1)"]}',
     "parameter 1 is the string"),
])
def test_bad_documents(text, problem):
    with pytest.raises(ModelFileError, match=problem):
        loads(text, source="bad.json")


def test_binary_and_pickle_files_are_refused(tmp_path):
    import pickle

    path = tmp_path / "m.json"
    path.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(ModelFileError, match="not a text file|truncated or corrupt"):
        load(path)
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ModelFileError, match="not a text file"):
        load(path)
    assert issubclass(ModelFileError, ValueError)
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.json")


def test_mlp_from_parameters_checks_its_arguments():
    with pytest.raises(ValueError, match="MLP\\(2, \\[1\\]\\) has 3 parameters, got 2 values"):
        MLP.from_parameters(2, [1], [1.0, 2.0])
    with pytest.raises(ValueError, match="2 layers need 2 activations"):
        MLP.from_parameters(1, [1, 1], [1.0] * 4, ["relu"])


def _mixed_model() -> MLP:
    random.seed(0)
    model = MLP(2, [2, 1])
    model.layers[0].neurons[1].activation = "tanh"
    return model


def test_architecture_errors_name_the_function_that_asked(tmp_path):
    from retrograd.modelfile import architecture

    mixed = _mixed_model()
    message = (r"layer 0 mixes activations \['relu', 'tanh'\]; model files and PyTorch "
               r"conversion need one activation per layer$")
    with pytest.raises(ValueError, match="^save: " + message):
        save(mixed, tmp_path / "m.json")
    with pytest.raises(ValueError, match="^report: " + message):
        architecture(mixed, "report")
    with pytest.raises(TypeError, match=r"^save: expected an MLP or a DenseMLP, got Layer$"):
        dumps(mixed.layers[0])
    assert not os.listdir(tmp_path)


def test_to_torch_names_itself():
    pytest.importorskip("torch")
    from retrograd.torch_bridge import to_torch

    with pytest.raises(ValueError, match=r"^to_torch: layer 0 mixes activations"):
        to_torch(_mixed_model())


def test_write_report_names_itself_and_writes_nothing(tmp_path):
    from retrograd.report import write_report
    from retrograd.train import History

    folder = tmp_path / "run"
    with pytest.raises(ValueError, match=r"^write_report: layer 0 mixes activations"):
        write_report(folder, model=_mixed_model(), history=History(loss=[0.5]),
                     X_train=[[0.0, 1.0]], y_train=[1])
    assert not folder.exists()


# -- dense models ------------------------------------------------------------------------


def test_dense_round_trip_is_bit_exact_with_inf_and_nan(tmp_path):
    random.seed(0)
    model = DenseMLP(3, [5, 4, 2], activation="tanh")
    weight = model.layers[0].weight.data
    weight.flat[:len(ODD_FLOATS)] = ODD_FLOATS
    weight[-1, :] = [math.inf, -math.inf, math.nan]
    model.layers[1].bias.data[:] = [random.gauss(0, 1) * 10 ** random.randint(-20, 20)
                                    for _ in range(4)]
    loaded = load(save(model, tmp_path / "m.json"))
    assert type(loaded) is DenseMLP and repr(loaded) == repr(model)
    for ours, theirs in zip(loaded.parameters(), model.parameters()):
        assert ours.data.dtype == np.float64 and ours.data.shape == theirs.data.shape
        assert ours.data.tobytes() == theirs.data.tobytes()  # bit for bit, nan and -0.0 too
    x = np.array([[0.3, -0.2, 0.9], [1.0, 2.0, -3.0]])
    with np.errstate(over="ignore", invalid="ignore"):  # inf and nan weights
        assert loaded(x).data.tobytes() == model(x).data.tobytes()


def test_dense_and_scalar_files_of_one_network_differ_only_by_their_type():
    random.seed(1)
    dense = DenseMLP(2, [4, 3, 1])
    scalar = dense.to_mlp()
    dense_doc, scalar_doc = json.loads(dumps(dense)), json.loads(dumps(scalar))
    assert dense_doc["architecture"] == {**scalar_doc["architecture"], "type": "DenseMLP"}
    assert dense_doc["parameters"] == scalar_doc["parameters"]
    assert (dense_doc["version"], scalar_doc["version"]) == (2, 1)  # an MLP file stays version 1
    # Each file loads as the form it holds, and converts to the other one exactly.
    back_scalar, _ = loads(json.dumps(scalar_doc))
    back_dense, _ = loads(json.dumps(dense_doc))
    assert type(back_scalar) is MLP and type(back_dense) is DenseMLP
    values = [p.data for p in scalar.parameters()]
    assert [p.data for p in back_dense.to_mlp().parameters()] == values
    assert [p.data for p in DenseMLP.from_mlp(back_scalar).to_mlp().parameters()] == values


def test_a_version_1_file_still_loads():
    # Written by retrograd before dense models existed (format version 1).
    text = ('{"format": "retrograd-model", "version": 1, "architecture": {"type": "MLP", "nin": 2, '
            '"nouts": [1], "activations": ["linear"]}, "parameters": [0.5, -2.0, 0.25], '
            '"checksum": "sha256:ecc5b6d3e8535ebb838214f10984964af162bfc7b47f6bcc1d46ad92dfe68cc3", '
            '"metadata": {"note": "old"}}')
    model, metadata = loads(text)
    assert type(model) is MLP and metadata == {"note": "old"}
    assert [p.data for p in model.parameters()] == [0.5, -2.0, 0.25]
    assert dumps(model, metadata) == text  # and an MLP is written the same way as before


def test_a_dense_model_that_does_not_match_its_shape_is_not_saved(tmp_path):
    random.seed(0)
    path = save(DenseMLP(2, [3, 1]), tmp_path / "m.json")
    original = path.read_bytes()
    broken = DenseMLP(2, [3, 1])
    broken.layers[0].weight.data = np.zeros((3, 3))
    with pytest.raises(ValueError, match=r"^save: layer 0 holds a weight of shape \(3, 3\)"):
        save(broken, path)
    broken = DenseMLP(2, [3, 1])
    broken.layers[1].activation = "tanh"
    with pytest.raises(ValueError, match=r"^save: layer 1 mixes activations \['linear', 'tanh'\]"):
        save(broken, path)
    assert path.read_bytes() == original and os.listdir(tmp_path) == ["m.json"]


def test_a_dense_file_of_a_fraction_holds_the_nearest_float():
    doc = json.loads(dumps(MLP.from_parameters(1, [1], [Fraction(1, 3), 0])))
    doc["architecture"]["type"] = "DenseMLP"
    with pytest.raises(ModelFileError, match="checksum does not match"):  # the type counts
        loads(json.dumps(doc))
    del doc["checksum"]
    model, _ = loads(json.dumps(doc))
    assert model.layers[0].weight.data.tolist() == [[1 / 3]]
    assert model.layers[0].bias.data.tolist() == [0.0]
