"""The ``retrograd`` command: train a network and show the result, or draw an expression.

    retrograd demo                      micrograd's demo, with a report folder
    retrograd train --data spiral ...   any data set, network, loss and optimizer
    retrograd graph "a*b + c" a=2 b=-3 c=10 -o graph.svg
    retrograd lab grade FOLDER --csv marks.csv   score handed-in lab notebooks

Exit status: 0 done, 1 could not finish (e.g. Graphviz missing, a file not
writable, training diverged), 2 bad arguments (one line on stderr), 130
interrupted with Ctrl-C.
"""

from __future__ import annotations

import argparse
import dataclasses
import shlex
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .engine import FUNCTIONS
from .nn import ACTIVATIONS

LOSS_CHOICES = ("hinge", "mse", "bce", "cross-entropy")
HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a != "linear")


class UsageError(Exception):
    """Arguments that parse but do not make sense together: exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line: ``retrograd: error: ...``, status 2."""

    def error(self, message: str):
        self.exit(2, f"retrograd: error: {message} (see '{self.prog} --help')\n")


def _parsed(text: str, kind: type, ok, must: str):
    """``text`` read as ``kind`` (int or float), or argparse's one-line error: not a
    number, or not ``ok`` (``must`` says what it must be)."""
    try:
        x = kind(text)
    except ValueError:
        name = "whole number" if kind is int else "number"
        raise argparse.ArgumentTypeError(f"{text!r} is not a {name}") from None
    if not ok(x):
        raise argparse.ArgumentTypeError(f"{text!r} must be {must}")
    return x


def _positive_int(text: str) -> int:
    return _parsed(text, int, lambda n: n >= 1, "at least 1")


def _non_negative(text: str) -> float:
    return _parsed(text, float, lambda x: 0 <= x < float("inf"), "a finite number >= 0")


def _seed(text: str) -> int:
    return _parsed(text, int, lambda n: 0 <= n < 2**32, f"from 0 to {2**32 - 1}")


def _fraction(text: str) -> float:
    return _parsed(text, float, lambda x: 0 <= x < 1, "a fraction from 0 to below 1")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="retrograd",
        description="Backpropagation you can read, check and draw: train a small network "
                    "on a toy data set and get a report folder, or draw the graph of an "
                    "expression with its gradients.",
        epilog="Run 'retrograd COMMAND --help' for the options of each command.")
    parser.add_argument("--version", action="version", version=f"retrograd {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser(
        "demo", help="train micrograd's demo network on moons and write a report",
        description="Train MLP(2, [16, 16, 1]) on 100 moons points as micrograd's demo does "
                    "(hinge loss + L2 1e-4, SGD with the learning rate going from 1.0 down to "
                    "0.1, 100 full-batch steps, seeds 1337), print the final loss and "
                    "accuracy, and write a report folder: decision boundary, training curves, "
                    "one neuron's graph with gradients, the model, and index.html. The network "
                    "is a DenseMLP, one matrix per layer, and each step computes the 100 "
                    "samples at once; --scalar trains the MLP of one Value per weight one "
                    "sample at a time, as micrograd does, and gives its numbers to the last "
                    "digit.")
    _training_options(demo, "retrograd-demo", _run_demo)

    train = commands.add_parser(
        "train", help="train a network of your choice and write a report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Train an MLP on a toy data set and write the same report as 'retrograd\n"
                    "demo'. Without options this is the demo's network with 20% of the points\n"
                    "kept for testing. The network is a DenseMLP (one matrix per layer) and\n"
                    "each step computes its batch of samples at once; --scalar trains the MLP\n"
                    "of one Value per weight, one sample at a time (micrograd's way, much\n"
                    "slower).",
        epilog="examples:\n"
               "  retrograd train --data spiral --classes 3 --hidden 32 32 --optimizer adam \\\n"
               "      --steps 300 --batch-size 32 --out spiral-report\n"
               "  retrograd train --data digits --hidden 32 --optimizer adam --lr 0.01 \\\n"
               "      --epochs 20 --batch-size 64 --l2 0 --out digits-report")
    g = train.add_argument_group("data")
    g.add_argument("--data", choices=("moons", "circles", "blobs", "spiral", "xor", "digits"),
                   default="moons", help="data set (default: %(default)s)")
    g.add_argument("--samples", type=_positive_int, default=None, metavar="N",
                   help="number of samples (default: 100; digits: all the images of its "
                        "classes, 1797 for ten)")
    g.add_argument("--noise", type=_non_negative, default=None,
                   help="noise of the generated data sets (default: each set's own)")
    g.add_argument("--classes", type=_positive_int, default=None, metavar="K",
                   help="classes of blobs and spiral (default 2, blobs 3), digits (default 10)")
    g.add_argument("--test-size", type=_fraction, default=0.2, metavar="FRACTION",
                   help="fraction of samples kept for testing, 0 for none (default: %(default)s)")
    g = train.add_argument_group("model")
    g.add_argument("--hidden", type=_positive_int, nargs="+", default=[16, 16], metavar="N",
                   help="hidden layer sizes (default: 16 16)")
    g.add_argument("--activation", choices=HIDDEN_ACTIVATIONS, default="relu",
                   help="activation of the hidden layers (default: %(default)s)")
    g = train.add_argument_group("training")
    g.add_argument("--loss", choices=LOSS_CHOICES, default=None,
                   type=lambda text: text.replace("_", "-"),  # cross_entropy, as in Python
                   help="hinge (labels -1/+1), mse (sigmoid output, labels 0/1, the lab's), "
                        "bce (logits, labels 0/1), cross-entropy (one output per class); "
                        "default: hinge for two classes, cross-entropy for more")
    g.add_argument("--l2", type=_non_negative, default=1e-4, metavar="ALPHA",
                   help="weight of the L2 penalty on the parameters (default: %(default)s)")
    g.add_argument("--optimizer", choices=("sgd", "adam", "adamw"), default="sgd",
                   help="(default: %(default)s)")
    g.add_argument("--lr", type=_non_negative, default=None,
                   help="learning rate (default: sgd 1.0, adam and adamw 0.05)")
    g.add_argument("--momentum", type=_non_negative, default=0.0,
                   help="SGD momentum (default: %(default)s)")
    g.add_argument("--schedule", choices=("constant", "linear", "exponential", "step"),
                   default=None, help="learning-rate schedule: linear goes down to lr/10 over "
                                      "the training (micrograd's), exponential multiplies by "
                                      "gamma each step (the lab's, gamma 0.9), step by gamma "
                                      "every third of the training (default: linear for sgd, "
                                      "constant for adam)")
    g.add_argument("--gamma", type=_non_negative, default=None,
                   help="factor of the exponential and step schedules")
    length = g.add_mutually_exclusive_group()
    length.add_argument("--steps", type=_positive_int, default=None,
                        help="number of updates (default: 100)")
    length.add_argument("--epochs", type=_positive_int, default=None,
                        help="number of passes over the data, instead of --steps")
    g.add_argument("--batch-size", type=_positive_int, default=None, metavar="N",
                   help="samples per step (default: all of them, as micrograd's demo)")
    g.add_argument("--seed", type=_seed, default=1337,
                   help="seed of the data, the initial weights and the batches "
                        "(default: %(default)s, micrograd's)")
    _training_options(train, "retrograd-train", _run_train)

    graph = commands.add_parser(
        "graph", help="draw an expression's computation graph with its gradients",
        description="Read an arithmetic expression (numbers, variables, + - * / **, unary "
                    f"minus, parentheses, and {', '.join(FUNCTIONS)} of one argument), "
                    "give each variable its value, run backward() and draw the graph with "
                    "data and grad in every node. The expression is parsed with a whitelist, "
                    "never evaluated as Python.",
        epilog="example: retrograd graph \"(a*b + c) * f\" a=2 b=-3 c=10 f=-2 -o L.svg  "
               "(put -- before an expression that starts with a minus sign)")
    graph.add_argument("expression", nargs="?", help="the expression, quoted")
    graph.add_argument("values", nargs="*", metavar="NAME=VALUE",
                       help="the value of each variable")
    graph.add_argument("-o", "--output", default="graph.svg", metavar="FILE",
                       help="picture to write, format from the suffix: .svg, .png, .pdf or "
                            ".dot (default: %(default)s)")
    graph.add_argument("--rankdir", choices=("LR", "TB", "RL", "BT"), default="LR",
                       help="direction of the drawing (default: left to right)")
    graph.set_defaults(run=_run_graph, parser=graph)
    _lab_parser(commands)
    return parser


def _training_options(parser: argparse.ArgumentParser, out: str, run) -> None:
    """The options `demo` and `train` share: the report folder, --scalar, --progress."""
    parser.add_argument("--out", metavar="DIR", default=out,
                        help="report folder (default: %(default)s)")
    parser.add_argument("--scalar", action="store_true",
                        help="train the MLP of one Value per weight, one graph per sample "
                             "(micrograd's way, the reference; much slower). By default the "
                             "network is a DenseMLP, one matrix per layer, and each step "
                             "computes its whole batch of samples at once.")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar (default: only when stderr is a terminal)")
    parser.set_defaults(run=run, parser=parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (``sys.argv[1:]`` by default); returns the exit status."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    protected, expression = _protect_expression(argv)
    try:
        args, unknown = parser.parse_known_args(protected)
        if unknown:  # said by the command's own parser, which points to its own --help
            getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as e:  # --help, --version, or a usage error already printed
        return e.code if isinstance(e.code, int) else 2
    if expression is not None:
        args.expression = expression
    args.argv = argv
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("retrograd: error: choose a command: demo, train, graph or lab "
              "(see 'retrograd --help')", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except UsageError as e:
        print(f"retrograd: error: {e} (see '{args.parser.prog} --help')", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nretrograd: interrupted; no file was left half-written", file=sys.stderr)
        return 130
    except Exception as e:  # a failure we can explain: say it, no traceback
        from .graph import GraphvizNotFound
        from .modelfile import ModelFileError
        from .rendering import GraphvizFailed

        if isinstance(e, OSError) and e.filename and e.strerror:  # the user's path, one line
            print(f"retrograd: {e.filename}: {e.strerror}", file=sys.stderr)
            return 1
        if isinstance(e, (GraphvizNotFound, GraphvizFailed, ModelFileError, OSError)):
            print(f"retrograd: {e}", file=sys.stderr)
            return 1
        raise


def _protect_expression(argv: list[str]) -> tuple[list[str], str | None]:
    """``graph -- -x x=1 -o g.svg``: ``--`` protects the expression only, the options after it
    stay options. The arguments with a placeholder for the expression, and the expression."""
    if argv[:1] == ["graph"] and "--" in argv[:-1]:
        i = argv.index("--")
        return argv[:i] + ["0"] + argv[i + 2:], argv[i + 1]
    return argv, None


# -- demo and train -----------------------------------------------------------------------


def _run_demo(args: argparse.Namespace) -> int:
    from . import experiment

    demo = dataclasses.replace(experiment.DEMO, scalar=args.scalar)
    return _train_and_report(demo, args.out, args.progress, "demo",
                             "retrograd demo", title="retrograd demo: micrograd's moons network")


def _run_train(args: argparse.Namespace) -> int:
    from .experiment import Experiment

    fields = {f.name for f in dataclasses.fields(Experiment)}
    e = Experiment(**{key: value for key, value in vars(args).items() if key in fields})
    command = "retrograd " + shlex.join(args.argv)
    return _train_and_report(e, args.out, args.progress, "train", command,
                             title=f"retrograd: {e.data}")


def _train_and_report(e, out: str, progress: bool | None, name: str, command: str,
                      title: str) -> int:
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window; before pyplot is imported
    from .experiment import ExperimentError, prepare, run
    from .report import ReportFolderError, format_accuracy, format_loss, plural

    try:
        plan = prepare(e, out)  # every check before the work, so that the work is never lost
    except ExperimentError as err:
        raise UsageError(f"--{err.setting.replace('_', '-')} {err.value}: {err.problem}") from None
    except ReportFolderError as err:
        raise UsageError(f"--out {out}: {err}") from None
    except ValueError as err:
        raise UsageError(str(err)) from None
    print(plan.describe(name), flush=True)
    history, report = run(plan, out, title=title, command=command, progress=progress)
    if history.interrupted:
        print(f"retrograd: interrupted after {history.steps} of {history.total_steps} steps; "
              f"writing the report of the model as it is now", file=sys.stderr)
    line = (f"final loss {format_loss(report.final_loss)}, "
            f"accuracy {format_accuracy(report.train_accuracy)}")
    if report.test_accuracy is not None:
        line += f", test accuracy {format_accuracy(report.test_accuracy)}"
    print(line + f" ({plural(history.steps, 'step')} in {history.seconds:.1f} s)")
    for note in report.notes:
        print(f"note: {note}")
    names = ", ".join(p.name for key, p in report.files.items() if p != report.index)
    print(f"report: {_shown(report.index)} (with {names})")
    if history.diverged:
        print(f"retrograd: training diverged: the loss of step {history.steps} was "
              f"{format_loss(history.final_loss)}, so it stopped there; try a smaller --lr",
              file=sys.stderr)
        return 1
    return 130 if history.interrupted else 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# -- graph ---------------------------------------------------------------------------------


def _run_graph(args: argparse.Namespace) -> int:
    from .engine import topological_order
    from .expression import ExpressionError, evaluate, parse_assignments
    from .files import writable_problem
    from .graph import MAX_NODES, draw_dot, render

    if args.expression is None:
        raise UsageError('give an expression to draw, e.g. retrograd graph "a*b + c" a=2 b=-3 '
                         'c=10')
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".svg", ".png", ".pdf", ".dot", ".gv"):
        raise UsageError(f"-o {args.output}: end the file name with .svg, .png, .pdf or .dot")
    problem = writable_problem(args.output)
    if problem:
        raise UsageError(f"-o {args.output}: {problem}")
    text = args.expression.strip()
    try:
        out, leaves = evaluate(text, parse_assignments(args.values))
        out.backward()
        lines = [f"{text} = {float(out.data)!r}"] + [f"  d/d{name} = {float(leaf.grad)!r}"
                                                     for name, leaf in leaves.items()]
    except ExpressionError as e:
        raise UsageError(str(e)) from None
    except (ArithmeticError, ValueError) as e:  # numbers beyond what floats hold
        raise UsageError(f"cannot compute {text[:40]!r}{'...' * (len(text) > 40)}: {e}") from None
    size = len(topological_order(out))
    if size > MAX_NODES:
        raise UsageError(f"the expression makes {size} Values; a drawing shows at most "
                         f"{MAX_NODES}: draw a shorter expression")
    print(*lines, sep="\n")
    path = render(draw_dot(out, format=suffix.lstrip(".") if suffix in (".svg", ".png", ".pdf")
                           else "svg", rankdir=args.rankdir), args.output)
    print(f"wrote {path}")
    return 0


# -- lab -----------------------------------------------------------------------------------


def _lab_parser(commands) -> None:
    from .course.grade import DEFAULT_MEMORY, DEFAULT_TIMEOUT

    lab = commands.add_parser("lab", help="the course's lab: grade handed-in notebooks",
                              description="The course's lab (notebook 3).")
    actions = lab.add_subparsers(dest="lab_command", metavar="ACTION", required=True,
                                 parser_class=_Parser)
    grade = actions.add_parser(
        "grade", help="run every lab notebook of a folder and write their scores to a CSV file",
        description="Run every .ipynb file of FOLDER (and its subfolders) from top to bottom, "
                    "each in its own Jupyter kernel with a time and a memory limit, and write "
                    "one row per notebook: task1..task10 (1 when the task's check cell "
                    "passed), total, and error (why the notebook did not run cleanly). The "
                    "students' code runs with your rights: grade in an account or a container "
                    "that holds nothing it could harm.")
    grade.add_argument("folder", metavar="FOLDER", help="folder of the handed-in notebooks")
    grade.add_argument("--csv", required=True, metavar="FILE", help="the CSV file to write")
    grade.add_argument("--timeout", type=_positive_int, default=DEFAULT_TIMEOUT,
                       metavar="SECONDS",
                       help="time limit for each notebook (default: %(default)s)")
    grade.add_argument("--memory", type=_positive_int, default=DEFAULT_MEMORY, metavar="MB",
                       help="memory limit (address space) of each process that runs a "
                            "notebook (default: %(default)s)")
    grade.add_argument("--feedback", metavar="FOLDER",
                       help="also write each notebook as it ran (its outputs, errors and the "
                            "checks' verdicts) into FOLDER, under the same name, to hand back "
                            "to its student")
    grade.set_defaults(run=_run_lab_grade, parser=grade)


def _run_lab_grade(args: argparse.Namespace) -> int:
    from .course.grade import check_csv_target, grade_folder, write_csv

    try:
        graded = grade_folder(args.folder, args.timeout, args.memory, args.feedback)
        check_csv_target(args.csv)
    except ValueError as e:
        raise UsageError(str(e)) from None
    if args.feedback is not None and Path(args.feedback).resolve() == Path(args.csv).resolve():
        raise UsageError(f"--csv {args.csv!r} is also the --feedback folder; give each its own")
    rows = []
    for row in graded:
        rows.append(row)
        print(f"{row['notebook']}: {row['total']}/10" + (f" ({row['error']})" if row["error"]
                                                         else ""))
    print(f"wrote {_shown(write_csv(rows, args.csv))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
