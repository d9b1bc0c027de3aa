"""The course notebooks: each one runs from top to bottom in a Jupyter kernel, with
Graphviz drawing and matplotlib plotting, prints the course's numbers, and is
stored with the outputs a fresh run gives.

The code cells are the same in both languages (only the words the library prints
change), so each notebook runs once, in French: the French file must hold exactly
the outputs of that run, and the English file the same outputs but for the words:
the same kinds of output in each cell, the same numbers, the same pictures.

Notebooks with exercise cells also have a student version (``exercises/``), run
the same way: its unfinished cells keep their errors, and its check cells say
"not yet" where the full version says "done". That is what the student version
adds to the full run: the checks' verdicts on unfinished code, and the errors
the cells after them show.

The complete lab runs the way a teacher grades it (``retrograd lab grade``, with
its default limits): it must score 10/10, and the notebook as it ran, which the
grader writes for its student, is the run compared with the stored files. So
the lab runs once for both checks.

Slow tests: each run starts a kernel and takes 2 to 15 s (notebook 5's trainings
and the lab's are the longest).
"""

from __future__ import annotations

import base64
import copy
import difflib
import html
import math
import os
import re
import struct
import sys
from pathlib import Path

import nbformat
import pytest

from retrograd.course.grade import grade_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "notebooks"))

import build  # noqa: E402
from cells import LANGUAGES, VERBATIM, Text, french_spacing  # noqa: E402
from seed_numbers import (BIAS_FLOAT32, GRADS_OF_L, L_VALUE, NEURON_TANH,  # noqa: E402
                          NEURON_TANH_FLOAT32, NEURON_TANH_TORCH, PERCEPTRON_WEIGHTS, SLOPE_AT_3,
                          SLOPE_AT_MINUS_3, SLOPES_OF_D, TASK3_GRADS, TASK3_LOSS, TASK3_OUTPUT,
                          TASK9)

SPECS = build.notebooks()
CASES = [pytest.param(spec, lang, exercise,
                      id=f"{spec.number:02d}-{lang}" + ("-exercises" if exercise else ""))
         for spec in SPECS for lang in LANGUAGES for exercise in build.versions(spec)]
# The language the notebooks run in; the other language's files are compared with that run.
RUN_IN = "fr"
RUNS = [pytest.param(spec, exercise, id=f"{spec.number:02d}" + ("-exercises" if exercise else ""))
        for spec in SPECS for exercise in build.versions(spec)]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")

# What each notebook must print. The numbers are the course's: the seeds' printed values
# and the lab's expected output. A string is printed alike in both languages; a pair is
# (French, English), for a line whose words are in the notebook's language.
KEY_OUTPUTS = {
    1: [
        f"(f(x + h) - f(x)) / h = {SLOPE_AT_3}",
        f"(f(x + h) - f(x)) / h = {SLOPE_AT_MINUS_3}",
        "f(x) = 3.666666666666667\nf(x + h) = 3.666666666666667\nf(x + h) - f(x) = 0.0\n"
        "(f(x + h) - f(x)) / h = 0.0",
        (f"a + h: d = 3.999699999999999, pente = {SLOPES_OF_D['a']}",
         f"a + h: d = 3.999699999999999, slope = {SLOPES_OF_D['a']}"),
        (f"b + h: d = 4.0002, pente = {SLOPES_OF_D['b']}",
         f"b + h: d = 4.0002, slope = {SLOPES_OF_D['b']}"),
        (f"c + h: d = 4.0001, pente = {SLOPES_OF_D['c']}",
         f"c + h: d = 4.0001, slope = {SLOPES_OF_D['c']}"),
        "Value(data=-8.0, grad=0.0)",  # the student's Value: gradients are floats from the start
        ("dL/da: à la main 6.0, mesuré 6.000000000000227",
         "dL/da: by hand 6.0, measured 6.000000000000227"),
        ("dL/dd: à la main -2.0, mesuré -2.000000000000668",  # an intermediate node, as in
         "dL/dd: by hand -2.0, measured -2.000000000000668"),  # the Julia seed's try_grad
        ("après : -7.286496", "after:  -7.286496"),
        "o = 0.7071067811865476   1/sqrt(2) = 0.7071067811865475",
        "x1: -1.4999999999999996  w1: 0.9999999999999998  x2: 0.4999999999999999  w2: 0.0",
        f"L = {L_VALUE}\n" + "  ".join(f"dL/d{leaf} = {grad}" for leaf, grad in GRADS_OF_L.items()),
        ("leçon 1\u00a0: votre Value et celle de retrograd\u00a0: réussi",
         "lesson 1: your Value and retrograd's: done"),
    ],
    2: [
        "db/da = 1.0",  # the assigning version's wrong answers
        "df/da = 3.0  df/db = -2.0",
        "db/da = 2.0\ndf/da = -3.0  df/db = -8.0",
        "dq/da = 1/b = 0.25   dq/db = -a/b**2 = -0.125",
        f"o = {NEURON_TANH}\nx1: -1.5  w1: 1.0  x2: 0.5  w2: 0.0",  # tanh from exp
        f"o = {NEURON_TANH_TORCH}\nx1: -1.4999999999999998  w1: 0.9999999999999999  "
        "x2: 0.49999999999999994  w2: 0.0",  # PyTorch float64
        (f"biais passé par float32 : {BIAS_FLOAT32}\no = {NEURON_TANH_FLOAT32}",
         f"bias through float32: {BIAS_FLOAT32}\no = {NEURON_TANH_FLOAT32}"),  # the seed's torch value
        ("leçon 2\u00a0: votre Value et celle de retrograd\u00a0: réussi",
         "lesson 2: your Value and retrograd's: done"),
        ("pas 49: perte 0.006018", "step 49: loss 0.006018"),
        ("prédictions : [0.967, -0.9744, -0.9492, 0.9604]",
         "predictions: [0.967, -0.9744, -0.9492, 0.9604]"),
    ],
    3: [
        "MLP of [Layer of [LinearNeuron(2)]]\nModel has: 3 parameters\nModel parameters are: [\n"
        f"Value(data={PERCEPTRON_WEIGHTS[0]}, grad=0),\nValue(data={PERCEPTRON_WEIGHTS[1]}, grad=0),\n"
        "Value(data=0, grad=0)\n]",
        (f"sortie : {TASK3_OUTPUT}  perte : {TASK3_LOSS}",
         f"output: {TASK3_OUTPUT}  loss: {TASK3_LOSS}"),
        (f"gradient de b       = {TASK3_GRADS[2]}", f"grad of b        = {TASK3_GRADS[2]}"),
        ("pas 2 : sortie 0.5171, prédiction 1", "step 2: output 0.5171, prediction 1"),
        "[step 9] loss 0.10970825565014705, accuracy 87.0%",
        "[step 99] loss 0.026562880909627933, accuracy 96.0%",
    ],
    4: [
        "dL/da                    6  (int)",
        "100 * 2**99 = 63382530011411470074835160268800",
        "x = 2/3: f(x) = 11/3, f'(x) = 0 (6x - 4 = 0)",
        ("en flottants : -2.000000000000668\nen fractions : -2",
         "in floats:    -2.000000000000668\nin fractions: -2"),  # Julia's try_grad
        "q = 5/6   dq/da = 5/2   dq/db = -25/12",
        "o       -0.8232006455858831  (float)",
        "Value(np.float32(pi))   3.1415927410125732  (float)",
        "Value(Fraction) + float                      1.0  (float)",
    ],
    5: [
        "dL/dd = -2.0000",
        "dL/da = dL/de · de/da = -2.0000 · -3.0000 = 6.0000",
        ("stepthrough_L.html : 7 pas", "stepthrough_L.html: 7 steps"),
        (" sgd (lr 0.5): perte 0.5639 -> 0.2105, exactitude 91%",
         " sgd (lr 0.5): loss 0.5639 -> 0.2105, accuracy 91%"),
        ("adam (lr 0.05): perte 0.5639 -> 0.0107, exactitude 100%",
         "adam (lr 0.05): loss 0.5639 -> 0.0107, accuracy 100%"),
        ("100 pas sur des lots de 20 : perte du dernier lot 0.0348, exactitude sur les 100 "
         "points 99%",
         "100 steps on batches of 20: last batch loss 0.0348, accuracy on all 100 points 99%"),
        ("un point à la fois : perte 0.680330556062, 15268 nœuds\n"
         "tout le lot :        perte 0.680330556062, 187 nœuds\n"
         "mêmes gradients (à 1e-12 près) : True",
         "one point at a time: loss 0.680330556062, 15268 nodes\n"
         "the whole batch:     loss 0.680330556062, 187 nodes\nsame gradients (to 1e-12): True"),
        ("pas 99: perte 0.0000, exactitude 100%", "step 99: loss 0.0000, accuracy 100%"),
        ("mêmes poids : True ; exactitude du modèle relu : 100%",
         "same weights: True; accuracy of the loaded model: 100%"),
        ("mêmes sorties que retrograd (à 1e-12 près) : True",
         "same outputs as retrograd (to 1e-12): True"),
        ("après 50 pas de plus dans PyTorch : perte 0.0326, exactitude dans retrograd 100%",
         "after 50 more steps in PyTorch: loss 0.0326, accuracy in retrograd 100%"),
    ],
    6: [
        ("égales à 1e-12 près : True", "equal to 1e-12: True"),
        ("aller et retour, les mêmes nombres exactement : True",
         "there and back, exactly the same numbers: True"),
        ("un graphe par image   perte 6.687588396743, 112205 nœuds",
         "one graph per image   loss 6.687588396743, 112205 nodes"),
        ("des matrices          perte 6.687588396743,     20 nœuds",
         "matrices              loss 6.687588396743,     20 nodes"),
        ("mêmes gradients (à 1e-12 près) : True", "same gradients (to 1e-12): True"),
        ("plus grand écart, dL/dW : 0.0", "largest difference, dL/dW: 0.0"),
        ("gradcheck\u00a0: les 6 gradients concordent", "gradcheck: all 6 gradients agree"),
        ("époque 20, perte 0.0421, exactitude en test 97.8%",
         "epoch 20, loss 0.0421, test accuracy 97.8%"),
    ],
}

# Pictures each notebook shows at least: Graphviz drawings (SVG) and plots (PNG).
MIN_PICTURES = {1: (8, 3), 2: (5, 1), 3: (3, 5), 4: (1, 0), 5: (0, 2), 6: (1, 4)}

# The widest drawing a notebook may show, in points. An output area is about 900 CSS
# pixels wide in JupyterLab or on GitHub, and a wider SVG is shrunk to fit: at 800 pt
# (1067 px) Graphviz's 14 pt labels keep about 16 px, while the 3,283 pt graph lesson 2
# used to draw shrank them to 4 px. The lab draws its graphs top to bottom, with stacked
# boxes, and task 8's network with one box per neuron.
MAX_WIDTH_PT = 800
LESSONS = (1, 2, 3, 4, 5, 6)  # the notebooks held to the width and language checks below

# The first line of a check cell's verdict (retrograd.course.feedback.verdict).
VERDICT = re.compile(r"^(.+?)\u00a0?: (done|réussi|not yet|pas encore)$", re.M)


@pytest.fixture(scope="session")
def jupyter_env(tmp_path_factory):
    """Jupyter, IPython and matplotlib folders of our own for every kernel started here."""
    env = build.hermetic_environment(tmp_path_factory.mktemp("jupyter"))
    with pytest.MonkeyPatch.context() as mp:
        for var, value in env.items():
            mp.setenv(var, value)
        mp.delenv("MPLBACKEND", raising=False)
        yield env


def _text_outputs(cell) -> list[tuple[str, str]]:
    """A code cell's outputs as (kind, text): streams joined as a reader sees them,
    and the text form of results; memory addresses blanked."""
    out: list[tuple[str, str]] = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            kind, text = o.name, o.text
            if out and out[-1][0] == kind:  # the kernel may split one print into chunks
                out[-1] = (kind, out[-1][1] + text)
                continue
        elif o.output_type in ("execute_result", "display_data"):
            kind, text = "result", o.data.get("text/plain", "")
        else:
            kind, text = o.output_type, f"{o.get('ename')}: {o.get('evalue')}"
        out.append((kind, text))
    return [(kind, re.sub(r"0x[0-9a-fA-F]+", "0x…", text)) for kind, text in out]


def _pictures(nb) -> tuple[int, int]:
    svg = png = 0
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            svg += "<svg" in data.get("image/svg+xml", "")
            png += "image/png" in data
    return svg, png


def _numbers(text: str, lang: str) -> list[float]:
    """The numbers a text shows, in order; a French text writes 0,5 where English writes 0.5."""
    if lang == "fr":
        text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    return [float(n) for n in NUMBER.findall(text)]


def _picture_heights(cell) -> list[tuple[str, float]]:
    """(kind, height) of each picture a cell shows: PNG in pixels, SVG in points. The widths
    are left out: they follow the labels, whose words are the notebook's language."""
    heights = []
    for o in cell.get("outputs", []):
        data = o.get("data", {})
        if "image/png" in data:
            header = base64.b64decode(data["image/png"])[:24]  # the IHDR chunk: width, height
            heights.append(("png", struct.unpack(">I", header[20:24])[0]))
        if "image/svg+xml" in data:
            match = re.search(r'<svg width="[\d.]+pt" height="([\d.]+)pt"', data["image/svg+xml"])
            heights.append(("svg", float(match.group(1)) if match else 0.0))
    return heights


def _shape(cell) -> list:
    """A code cell's outputs as a list of kinds: the stream's name, the formats of a result
    or display, the name of an error."""
    return [o.name if o.output_type == "stream" else o.get("ename") if o.output_type == "error"
            else sorted(o.get("data", {})) for o in cell.get("outputs", [])]


def _assert_same_run(fresh, fresh_lang: str, stored, stored_lang: str, name: str) -> None:
    """The notebook ``stored``, in the other language, shows what the run ``fresh`` shows:
    the same kinds of output in each cell, the same numbers, the same pictures (heights to
    3%: a label in the other language may add or take a pixel). Its words are its own."""
    fresh_cells = [c for c in fresh.cells if c.cell_type == "code"]
    stored_cells = [c for c in stored.cells if c.cell_type == "code"]
    assert len(fresh_cells) == len(stored_cells), name
    for k, (now, other) in enumerate(zip(fresh_cells, stored_cells)):
        where = f"{name}, code cell {k} (rebuild with .venv/bin/python notebooks/build.py)"
        assert _shape(other) == _shape(now), where
        texts = [" ".join(text for _, text in _text_outputs(c)) for c in (now, other)]
        assert _numbers(texts[1], stored_lang) == _numbers(texts[0], fresh_lang), \
            f"{where}: the numbers differ\n{texts[0]}\n---\n{texts[1]}"
        pictures = _picture_heights(now), _picture_heights(other)
        assert [kind for kind, _ in pictures[1]] == [kind for kind, _ in pictures[0]], where
        for (_, h_now), (_, h_other) in zip(*pictures):
            assert h_other == pytest.approx(h_now, rel=0.03), where


def _check_printed(spec, lang: str, exercise: bool, nb) -> None:
    """What a notebook in ``lang`` must show, from its outputs: no stderr (and no error in
    a full notebook), a verdict at each check cell, saying "done" in the full notebook and
    "not yet" in the student's, the course's numbers and enough pictures."""
    code_cells = [(k, c) for k, c in enumerate(nb.cells) if c.cell_type == "code"]
    refused = ("stderr",) if exercise else ("error", "stderr")  # a student cell may fail
    for k, cell in code_cells:
        for kind, text in _text_outputs(cell):
            assert kind not in refused, f"{spec.number:02d}-{lang}: cell {k} printed {kind}: {text}"

    printed = "\n".join(text for _, c in code_cells for kind, text in _text_outputs(c)
                        if kind != "error")
    verdicts = VERDICT.findall(printed)
    assert bool(verdicts) == spec.has_exercises, verdicts
    expected = (("not yet", "pas encore") if exercise else ("done", "réussi"))[lang == "fr"]
    assert [state for _, state in verdicts] == [expected] * len(verdicts), verdicts
    if exercise:
        return

    for key in KEY_OUTPUTS.get(spec.number, []):
        key = key if isinstance(key, str) else key[lang == "en"]
        assert key in printed, f"notebook {spec.number} ({lang}) should print {key!r}"

    svg, png = _pictures(nb)
    min_svg, min_png = MIN_PICTURES.get(spec.number, (0, 0))
    assert svg >= min_svg and png >= min_png, (svg, png)

    if spec.number == 3:
        _check_lab_task9(printed)


@pytest.mark.slow
@pytest.mark.parametrize("spec, exercise", RUNS)
def test_notebook_runs_and_matches_its_stored_outputs(spec, exercise, jupyter_env, tmp_path):
    """Each notebook runs once, in French (the course's language): its French file holds
    the outputs of that run, and its English file the same numbers and pictures."""
    path = build.path_of(spec, RUN_IN, exercise)
    stored = nbformat.read(path, as_version=4)
    fresh = copy.deepcopy(stored)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    if spec.number == 3 and not exercise:
        fresh = _graded_lab(fresh, tmp_path)
    else:
        build.tidy(build.run(fresh, tmp_path, allow_errors=exercise))

    code_cells = [(k, c) for k, c in enumerate(fresh.cells) if c.cell_type == "code"]
    for (k, cell), old in zip(code_cells, [c for c in stored.cells if c.cell_type == "code"]):
        now, before = _text_outputs(cell), _text_outputs(old)
        if now != before:
            diff = "\n".join(difflib.unified_diff(
                [f"{kind}: {line}" for kind, text in before for line in text.splitlines()],
                [f"{kind}: {line}" for kind, text in now for line in text.splitlines()],
                "stored", "fresh run", lineterm=""))
            pytest.fail(f"{path.name}, cell {k}: the stored outputs are "
                        f"not those of a fresh run; rebuild with "
                        f".venv/bin/python notebooks/build.py --only {spec.number}\n{diff}")
    assert _pictures(fresh) == _pictures(stored)
    _check_printed(spec, RUN_IN, exercise, fresh)

    for lang in LANGUAGES:
        if lang != RUN_IN:
            other = nbformat.read(build.path_of(spec, lang, exercise), as_version=4)
            _assert_same_run(fresh, RUN_IN, other, lang, build.path_of(spec, lang, exercise).name)
            _check_printed(spec, lang, exercise, other)


def _graded_lab(nb, tmp_path: Path):
    """The complete lab, run as a teacher grades it (``retrograd lab grade`` with its
    default time and memory limits): every task scores, and the notebook as it ran,
    from the feedback folder, is the run to compare with the stored files."""
    handed_in = tmp_path / "handed-in" / "lab.ipynb"
    handed_in.parent.mkdir()
    nbformat.write(nb, handed_in)
    feedback = tmp_path / "feedback" / "lab.ipynb"
    row = grade_notebook(handed_in, feedback=feedback)
    assert (row["total"], row["error"]) == (10, ""), row
    return build.tidy(nbformat.read(feedback, as_version=4))


def _check_lab_task9(printed: str) -> None:
    """retrograd's Task 9 printout against the assignment's: the same accuracies, and
    losses equal to the last digit or two (micrograd's own runs differ there, as it
    sums gradient contributions in the order of a set)."""
    lines = re.findall(r"\[step (\d+)\] loss ([0-9.e-]+), accuracy ([0-9.]+)%", printed)[:10]
    assert [int(k) for k, _, _ in lines] == list(range(10))
    for (k, loss, accuracy), (lab_loss, lab_accuracy) in zip(lines, TASK9):
        assert float(accuracy) == lab_accuracy, f"step {k}"
        assert math.isclose(float(loss), lab_loss, rel_tol=1e-14, abs_tol=0), f"step {k}"
    exact = sum(float(loss) == lab for (_, loss, _), (lab, _) in zip(lines, TASK9))
    assert exact >= 7  # steps 0, 1, 2, 4, 5, 7 and 8 are equal to the last digit


@pytest.mark.parametrize("spec, lang, exercise", CASES)
def test_stored_notebook_has_the_cells_of_its_source(spec, lang, exercise):
    """notebooks/source/ is the one source: the stored files are built from it, so the
    French and English notebooks run the same code, and a student version differs from
    its full notebook only in the cells to complete."""
    stored = nbformat.read(build.path_of(spec, lang, exercise), as_version=4)
    nbformat.validate(stored)
    expected = build.make(spec, lang, exercise)
    assert [(c.cell_type, c.source) for c in stored.cells] == \
        [(c.cell_type, c.source) for c in expected.cells], \
        f"rebuild with .venv/bin/python notebooks/build.py --only {spec.number}"
    assert stored.metadata["kernelspec"]["name"] == "python3"
    for cell in stored.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None, "stored without running"


@pytest.mark.parametrize("spec, lang, exercise", CASES)
def test_saving_writes_the_bytes_nbformat_writes_and_leaves_no_temporary_file(spec, lang,
                                                                             exercise, tmp_path):
    stored_path = build.path_of(spec, lang, exercise)
    nb = nbformat.read(stored_path, as_version=4)
    target = tmp_path / "out" / stored_path.name
    assert build.save(nb, target) == target
    assert target.read_bytes() == stored_path.read_bytes()
    assert os.listdir(target.parent) == [stored_path.name]
    with pytest.raises(nbformat.ValidationError):
        broken = copy.deepcopy(nb)
        broken.cells[0]["cell_type"] = "nonsense"
        build.save(broken, target)
    assert target.read_bytes() == stored_path.read_bytes()  # untouched by the failed save


def _svg_widths(nb) -> list[tuple[int, float]]:
    """(cell number, width in points) of every SVG a notebook shows, drawn directly or
    inside an HTML output (the step-through page, embedded in an iframe's srcdoc)."""
    widths = []
    for k, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            text = data.get("image/svg+xml", "") + html.unescape(data.get("text/html", ""))
            widths += [(k, float(w)) for w in re.findall(r'<svg width="([\d.]+)pt"', text)]
    return widths


@pytest.mark.parametrize("spec, lang, exercise",
                         [case for case in CASES if case.values[0].number in LESSONS])
def test_no_drawing_is_wider_than_the_page(spec, lang, exercise):
    widths = _svg_widths(nbformat.read(build.path_of(spec, lang, exercise), as_version=4))
    # The student versions of the lab and of notebook 5 draw nothing until they are completed.
    assert widths or exercise and spec.number in (3, 5), "no drawing found: the pattern is stale"
    too_wide = [(k, w) for k, w in widths if w > MAX_WIDTH_PT]
    assert not too_wide, f"cells {too_wide} draw wider than {MAX_WIDTH_PT} pt"


def test_the_step_through_page_is_inside_notebook_5():
    """Its iframe used to point at a file written next to the notebook, which the
    repository does not hold: the page now travels in the output itself."""
    for lang in LANGUAGES:
        nb = nbformat.read(build.path_of(build.notebooks([5])[0], lang), as_version=4)
        frames = [o.data["text/html"] for c in nb.cells for o in c.get("outputs", [])
                  if "text/html" in o.get("data", {}) and "<iframe" in o.data["text/html"]]
        assert len(frames) == 1 and 'srcdoc="' in frames[0] and " src=" not in frames[0]
        page = html.unescape(frames[0].split('srcdoc="', 1)[1].split('"', 1)[0])
        assert "<svg" in page and 'id="next"' in page


def test_every_text_cell_is_written_in_both_languages():
    for spec in SPECS:
        for k, cell in enumerate(spec.cells):
            if isinstance(cell, Text):
                assert cell.fr.strip() and cell.en.strip() and cell.fr != cell.en, \
                    f"notebook {spec.number}, cell {k}"


def test_french_texts_have_non_breaking_spaces_before_double_signs_and_inside_quotes():
    """French typography: no line of a French text starts with : ; ? ! or », wherever the
    reader's window breaks it; code and formulas keep their own spaces."""
    for spec in SPECS:
        for k, cell in enumerate(spec.cells):
            if isinstance(cell, Text):
                prose = VERBATIM.split(cell.fr)[::2]
                assert not any(re.search(r" [:;?!»]|« ", p) for p in prose), \
                    f"notebook {spec.number}, cell {k}"
    assert french_spacing("Pourquoi ? « `x : y` » et $]0 ; 1[$ : voilà") == \
        "Pourquoi\u00a0? «\u00a0`x : y`\u00a0» et $]0 ; 1[$\u00a0: voilà"


def test_every_notebook_starts_in_its_own_language():
    """The first code cell switches the library's language to the notebook's."""
    for spec in build.notebooks(list(LESSONS)):
        for lang in LANGUAGES:
            first = next(c for c in build.make(spec, lang).cells if c.cell_type == "code")
            assert f'set_language("{lang}")' in first.source, f"notebook {spec.number}"


def test_notebooks_are_numbered_alike_in_both_languages():
    for lang in LANGUAGES:
        names = sorted(p.name for p in (ROOT / "notebooks" / lang).glob("*.ipynb"))
        assert [n[:3] for n in names] == [f"{s.number:02d}_" for s in SPECS], lang

